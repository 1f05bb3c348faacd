//! kustomize's two patch formats: strategic merge ([`smp`]) and RFC 6902 JSON patch
//! ([`json6902`]).

pub mod apply;
pub mod json6902;
pub mod smp;
