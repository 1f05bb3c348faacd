//! Exact re-implementations of the small pieces of Go's standard library whose output krender must
//! reproduce byte for byte: number formatting and parsing (`strconv`) and time stamps (`time`).
//!
//! These are leaves: they know nothing of YAML, templates or Kubernetes.

pub mod sort;
pub mod strconv;
pub mod encoding;
pub mod filepath;
pub mod netip;
pub mod path;
pub mod regexp;
pub mod time;
pub mod url;
pub mod unicode;
