//! GitOps sources as Argo CD's repo-server and Flux's kustomize-controller render them.
//!
//! - [`decode`], [`gojson`]: manifests read as Kubernetes' `YAMLOrJSONDecoder` and
//!   `unstructured` read them;
//! - [`env`]: the build environment (`ARGOCD_APP_*`) and its `$VAR` substitution;
//! - [`paths`]: path resolution confined to the repository;
//! - [`jsonnet`]: Jsonnet files of Directory sources.

pub mod app;
pub mod decode;
pub mod env;
pub mod gojson;
pub mod jsonnet;
pub mod overrides;
pub mod paths;
