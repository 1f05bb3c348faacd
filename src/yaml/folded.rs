//! What a folded (`>`) scalar's text becomes when kustomize prints it. kyaml's
//! `RNode.MarshalJSON` encodes the node with go-yaml v3 (`sigs.k8s.io/yaml/goyaml.v3`, no line
//! width limit) and decodes the text again, and v3's folded-scalar writer looks ahead from the
//! start of the text instead of from the current line break: when the text does not start with a
//! blank, every line break after a line that does not start with a blank is written twice. Between
//! two ordinary lines that is right (one break folds into a space), but before a more-indented
//! line the second break survives the decoding as an extra empty line; when the text starts with
//! a blank, ordinary lines are folded into one. The other scalar styles survive the round trip.

use super::node::Node;

/// The text a folded scalar has after go-yaml v3 writes and reads it.
pub fn v3_round_trip(value: &str) -> String {
    if !block_allowed(value) {
        // v3 writes it double-quoted, which reads back unchanged.
        return value.to_string();
    }
    let mut text = String::from("k: >");
    text.push_str(&hints(value));
    text.push('\n');
    // `yaml_emitter_write_folded_scalar`'s look-ahead, taken at index 0
    let first = value.bytes().find(|&b| b != b'\n');
    let doubled = !matches!(first, None | Some(b' ' | b'\t'));
    let (mut breaks, mut leading_spaces) = (true, true);
    for c in value.chars() {
        if c == '\n' {
            if !breaks && !leading_spaces && doubled {
                text.push('\n');
            }
            text.push('\n');
            breaks = true;
        } else {
            if breaks {
                text.push_str("  ");
                leading_spaces = c == ' ' || c == '\t';
            }
            text.push(c);
            breaks = false;
        }
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    match super::read::parse_one(text.as_bytes()) {
        Ok(Node::Map(m)) => match m.entries().first() {
            Some((_, Node::Scalar(s))) => s.value.clone(),
            _ => value.to_string(),
        },
        _ => value.to_string(),
    }
}

/// The block-scalar header after `>`: an indentation indicator when the text starts with a
/// blank or a break, then the chomping indicator.
fn hints(value: &str) -> String {
    let mut h = String::new();
    if value.starts_with([' ', '\n']) {
        h.push('2');
    }
    let b = value.as_bytes();
    match b.len() {
        0 => h.push('-'),
        _ if b[b.len() - 1] != b'\n' => h.push('-'),
        1 => h.push('+'),
        n if b[n - 2] == b'\n' => h.push('+'),
        _ => {}
    }
    h
}

/// go-yaml v3's `block_allowed` (unicode output on): not empty, no trailing space, no space
/// before a line break, no special characters. Texts with breaks other than `\n` (CR and NEL
/// are special; LS and PS are not) are left alone here, as v3 writes them differently.
fn block_allowed(value: &str) -> bool {
    if value.is_empty() || value.ends_with(' ') || value.contains(" \n") {
        return false;
    }
    value.chars().all(|c| c == '\t' || c == '\n' || (printable(c) && c != '\u{2028}' && c != '\u{2029}'))
}

/// go-yaml's `is_printable` for one character (its UTF-8 lead-byte test, as code points).
fn printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}') && c != '\u{FEFF}'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected texts read from `kustomize build` (kubectl v1.32, Kustomize v5.5.0) output; the
    /// same cases are in `fixtures/kustomize/folded_scalars`.
    #[test]
    fn texts_as_kustomize_prints_them() {
        let cases = [
            ("l1 l2\n", "l1 l2\n"),
            ("l1\n  l2\nl3\n", "l1\n\n  l2\nl3\n"),
            ("l1\n\n  l2\n", "l1\n\n\n  l2\n"),
            ("a\n  b", "a\n\n  b"),
            ("a\n  b\n\n", "a\n\n  b\n\n"),
            ("  indented first\nthen normal again\n", "  indented first\nthen normal again\n"),
            ("a\n\tb\nc\n", "a\n\n\tb\nc\n"),
            ("a \nb", "a \nb"),
            ("é line\n  ü more\n", "é line\n\n  ü more\n"),
            ("", ""),
        ];
        for (value, want) in cases {
            assert_eq!(v3_round_trip(value), want, "{value:?}");
        }
    }

    #[test]
    fn leading_blank_text_folds_ordinary_lines() {
        // v3 writes " a\nb\nc" with single breaks, which read back folded (the fixture's
        // `leading_blank_paragraphs`).
        assert_eq!(v3_round_trip(" a\nb\nc\n"), " a\nb c\n");
    }
}
