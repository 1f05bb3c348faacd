//! krender: renders GitOps repositories (kustomize overlays, Helm charts, Argo CD and Flux
//! applications) to the exact bytes the reference tools print, in one fast process.
//!
//! The module tree follows the pipeline:
//! - [`golang`], [`yaml`]: exact leaves (Go number/time formatting, go-yaml reading and writing).
//! - [`resource`]: resources and the ordered, indexed resource map.
//! - [`kustomize`]: load → generate → transform → emit for `kustomize build`.

pub mod argocd;
pub mod diff;
pub mod flux;
pub mod golang;
pub mod gotmpl;
pub mod helm;
pub mod kustomize;
pub mod monorepo;
pub mod resource;
pub mod source;
pub mod sprig;
pub mod yaml;
