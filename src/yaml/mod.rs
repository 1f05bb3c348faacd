//! The YAML layer: go-yaml-exact reading and writing.
//!
//! - [`read`]: bytes → [`Node`] trees (go-yaml v3 / kyaml semantics).
//! - [`value`]: [`Node`] → [`Value`], the Go `interface{}` model (what `json.Marshal` sees).
//! - [`write`]: [`Value`] → YAML text exactly as `sigs.k8s.io/yaml` (go-yaml v2) prints it.
//! - [`json`]: [`Value`] → JSON text exactly as Go's `encoding/json` prints it.

pub mod base64;
mod fast;
pub mod folded;
pub mod json;
pub mod node;
pub mod read;
pub mod resolve;
pub mod value;
pub mod write;

pub use node::{Mapping, Node, Scalar, Style, Tag};
pub use read::{parse_first, parse_one, parse_stream, ParseError};
pub use value::{to_json_value, DecodeError, Value};
pub use write::{to_yaml, WriteError};

/// Prints a node tree as kustomize prints a resource: through JSON, then go-yaml v2.
pub fn node_to_yaml(node: &Node) -> Result<String, NodeWriteError> {
    let v = to_json_value(node)?;
    Ok(to_yaml(&v)?)
}

/// Either half of [`node_to_yaml`] failing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NodeWriteError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(transparent)]
    Write(#[from] WriteError),
}
