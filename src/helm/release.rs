//! The release `helm template` renders for: its name (given, `--name-template`, or
//! `release-name`), checked as `chartutil.ValidateReleaseName` checks it, and the `.Release`
//! flags of a client-only install (`IsInstall`, or `IsUpgrade` with `--is-upgrade`; revision 1).

use regex::Regex;
use std::sync::LazyLock;

/// The pattern release names must match (also quoted in the error).
pub const VALID_NAME: &str = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
/// The longest release name.
pub const MAX_RELEASE_NAME_LEN: usize = 53;

static NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(VALID_NAME).expect("valid regex"));

/// Compiles the release-name pattern ahead of the check (see [`super::early_parse::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&NAME);
}

/// `chartutil.ValidateReleaseName`.
pub fn validate_release_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("no name provided".into());
    }
    if name.len() > MAX_RELEASE_NAME_LEN || !NAME.is_match(name) {
        return Err(format!("invalid release name, must match regex {VALID_NAME} and the length must not be longer than {MAX_RELEASE_NAME_LEN}"));
    }
    Ok(())
}

/// The install action's name check: the error `helm template` reports, and the log line it
/// writes first (`level=ERROR msg="release name check failed" error=...`).
pub fn check_release_name(name: &str) -> Result<(), String> {
    validate_release_name(name).map_err(|e| {
        let inner = format!("release name {}: {e}", crate::gotmpl::quote::quote(name));
        super::log::log(super::log::Level::Error, "release name check failed", &[("error", &inner)]);
        format!("release name check failed: {inner}")
    })
}

/// `action.TemplateName`: `--name-template` executed as a Go template with Sprig's functions
/// and no data.
pub fn template_name(name_template: &str) -> Result<String, String> {
    if name_template.is_empty() {
        return Ok(String::new());
    }
    let t = crate::gotmpl::Template::new("name-template", crate::sprig::func_map());
    t.parse("name-template", name_template).map_err(|e| e.text.clone())?;
    t.execute("name-template", &crate::gotmpl::Value::Nil).map_err(|e| e.text.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(validate_release_name("my-release.v1").is_ok());
        assert_eq!(validate_release_name("").unwrap_err(), "no name provided");
        assert!(validate_release_name("Bad_Name").is_err());
        assert!(validate_release_name(&"a".repeat(54)).is_err());
        assert!(validate_release_name(&"a".repeat(53)).is_ok());
        let _ = crate::helm::log::take();
        // As the reference Helm reported it (corpus case jiralert__release-name-invalid).
        assert_eq!(
            check_release_name("Bad_Name").unwrap_err(),
            "release name check failed: release name \"Bad_Name\": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53"
        );
        assert_eq!(crate::helm::log::take().len(), 1);
        assert_eq!(template_name("rel-{{ \"x\" | upper }}").unwrap(), "rel-X");
    }
}
