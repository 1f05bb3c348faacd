//! Flux's kustomize-controller: `postBuild` variable substitution ([`postbuild`]) with its
//! bash-style substitution engine ([`envsubst`]); the kustomization the controller builds
//! from a Flux Kustomization's spec, and its `commonMetadata` ([`generator`]).

pub mod envsubst;
pub mod generator;
pub mod postbuild;
