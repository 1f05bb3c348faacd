//! Helm: charts rendered through the [`crate::gotmpl`] engine with Sprig's and Helm's functions.
//!
//! - [`chart`]: loading a chart directory;
//! - [`values`]: values files and coalescing;
//! - [`engine`]: rendering every template as Helm's engine does;
//! - [`funcs`]: Helm's template functions (`include`, `tpl`, `toYaml`…);
//! - [`files`], [`capabilities`]: the `.Files` and `.Capabilities` objects;
//! - [`errors`]: Helm's rewriting of template errors; [`glob`]: `.Files.Glob` patterns;
//! - [`template`]: the `helm template` command: [`strvals`] (`--set`), [`loader`] ([`archive`],
//!   [`helmignore`], [`metadata`]), [`deps`], [`coalesce`], [`schema`], [`kubeversion`],
//!   [`release`], [`manifest`] (splitting, hooks, kind order), [`log`] (Helm's stderr lines).

pub mod archive;
pub mod capabilities;
pub mod chart;
pub mod coalesce;
pub mod deps;
pub mod engine;
pub mod errors;
pub mod filepath;
pub mod files;
pub mod funcs;
pub mod glob;
pub mod helmignore;
pub mod kubeversion;
pub mod loader;
pub mod log;
pub mod manifest;
pub mod metadata;
pub mod release;
pub mod schema;
pub mod strvals;
pub mod template;
pub mod tomlread;
pub mod values;
pub mod yamlv3;

pub use chart::Chart;
pub use engine::{render, ReleaseOptions, RenderOptions};
