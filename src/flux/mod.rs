//! Flux's kustomize-controller: `postBuild` variable substitution ([`postbuild`]) with its
//! bash-style substitution engine ([`envsubst`]).

pub mod envsubst;
pub mod postbuild;
