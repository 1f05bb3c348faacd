//! GitOps sources as Argo CD's repo-server and Flux's kustomize-controller render them.
//!
//! - [`decode`], [`gojson`]: manifests read as Kubernetes' `YAMLOrJSONDecoder` and
//!   `unstructured` read them;
//! - [`env`]: the build environment (`ARGOCD_APP_*`) and its `$VAR` substitution;
//! - [`paths`]: path resolution confined to the repository; [`doublestar`]: value-file globs;
//! - [`jsonnet`]: Jsonnet files of Directory sources;
//! - [`app`]: the `Application` model; [`overrides`]: `.argocd-source*.yaml`;
//! - [`detect`]: the source type; [`directory`], [`helm_source`] (over the single Helm call in
//!   [`helm`]), [`kustomize_source`]: each type rendered;
//! - [`render`]: the repo-server's `GenerateManifests` over all of them.

pub mod app;
pub mod decode;
pub mod detect;
pub mod directory;
pub mod doublestar;
pub mod env;
pub mod gojson;
pub mod helm;
pub mod helm_source;
pub mod jsonnet;
pub mod kustomize_source;
pub mod overrides;
pub mod paths;
pub mod render;
