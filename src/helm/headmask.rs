//! A cheaper input for the manifest-head decode: Helm parses every rendered manifest in full
//! just to read its `apiVersion`, `kind` and `metadata` (`releaseutil.SortManifests`), and most
//! of a chart's output bytes sit in block scalars (`key: |` with dashboards, scripts, configs).
//! The content of a block scalar cannot change the document's structure, so it is blanked
//! (each line kept, emptied) before the parse, when it is certain that the lines are such
//! content and that they hold nothing the scanner would refuse. Anything unusual — a quoted or
//! flow scalar left open at a line's end, tabs in indentation, carriage returns, explicit
//! indentation indicators, characters YAML does not allow — leaves the text as it is.
//!
//! The caller parses the masked text and, should that fail, the original, so error messages
//! always come from the real text; masking only has to be right about valid documents.

/// The document with block scalar contents blanked, or `None` when nothing is blanked.
pub fn mask_block_scalars(doc: &str) -> Option<String> {
    // without `|` or `>` there is no block scalar header (see `is_indicator`), so nothing to blank
    if doc.contains('\r') || memchr::memchr2(b'|', b'>', doc.as_bytes()).is_none() {
        return None;
    }
    let lines: Vec<&str> = doc.split('\n').collect();
    let mut blank = vec![false; lines.len()];
    let mut any = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if !closes_its_scalars(line) {
            return None;
        }
        let Some(key_col) = block_header(line) else {
            i += 1;
            continue;
        };
        // The first line with content sets the indentation; whitespace-only lines before it
        // must be no longer than it (the scanner takes their longest as the indentation).
        let mut j = i + 1;
        let mut longest_blank = 0;
        while j < lines.len() && is_blank(lines[j]) {
            longest_blank = longest_blank.max(lines[j].len());
            j += 1;
        }
        let Some(first) = lines.get(j) else { break };
        let indent = leading_spaces(first);
        if indent <= key_col || longest_blank > indent {
            i += 1;
            continue;
        }
        let mut k = i + 1;
        while k < lines.len() && (is_blank(lines[k]) || leading_spaces(lines[k]) >= indent) {
            if !printable_content(lines[k]) {
                return None;
            }
            blank[k] = true;
            any = true;
            k += 1;
        }
        i = k;
    }
    if !any {
        return None;
    }
    let mut out = String::with_capacity(doc.len() / 2);
    for (n, line) in lines.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if !blank[n] {
            out.push_str(line);
        }
    }
    Some(out)
}

fn leading_spaces(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Only spaces (tabs make the scanner's indentation checks matter, so they count as content).
fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ')
}

/// The column of the key (or of the `- ` entry) whose value is a block scalar starting on this
/// line: `  key: |`, `- key: >-`, `- |+`, with a plain or simply quoted key, no tag, anchor or
/// indentation indicator, and only a comment after the indicator.
fn block_header(line: &str) -> Option<usize> {
    let mut col = leading_spaces(line);
    let mut rest = &line[col..];
    if let Some(after) = rest.strip_prefix('-') {
        let spaces = after.len() - after.trim_start_matches(' ').len();
        if spaces == 0 {
            return None;
        }
        let value = &after[spaces..];
        if is_indicator(value) {
            return Some(col);
        }
        col += 1 + spaces;
        rest = value;
    }
    let key_len = simple_key_len(rest)?;
    // the values the head is made of stay as they are
    if HEAD_KEYS.contains(&rest[..key_len].trim_matches(['"', '\''])) {
        return None;
    }
    let after = rest[key_len..].strip_prefix(':')?;
    let spaces = after.len() - after.trim_start_matches(' ').len();
    if spaces == 0 {
        return None;
    }
    is_indicator(&after[spaces..]).then_some(col)
}

/// Keys whose values the head decode reads (`helm.sh/hook` among the annotations).
const HEAD_KEYS: &[&str] = &["apiVersion", "kind", "name", "helm.sh/hook"];

/// `|` or `>`, an optional chomping indicator, then nothing but spaces and a comment.
fn is_indicator(s: &str) -> bool {
    let Some(rest) = s.strip_prefix(['|', '>']) else { return false };
    let rest = rest.strip_prefix(['-', '+']).unwrap_or(rest);
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.len() < rest.len() && trimmed.starts_with('#'))
}

/// The length of a key made of name characters, or quoted without escapes, colons or spaces.
fn simple_key_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    match b.first()? {
        q @ (b'"' | b'\'') => {
            let end = b[1..].iter().position(|c| c == q)? + 1;
            b[1..end].iter().all(|c| is_name_byte(*c)).then_some(end + 1)
        }
        _ => {
            let n = b.iter().take_while(|c| is_name_byte(**c)).count();
            (n > 0).then_some(n)
        }
    }
}

fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-' | b'/')
}

/// Whether every quoted or flow scalar a line may open is closed on it. Over-cautious: a quote
/// at the start of the line or after a space or one of `:-[{,?` counts as opening one (a
/// plain scalar with an apostrophe also stops the masking, which is only slower), and any
/// `[` or `{` must be matched on the line.
fn closes_its_scalars(line: &str) -> bool {
    let b = line.as_bytes();
    let mut depth = 0i32;
    let mut i = 0;
    let mut prev = b' ';
    while i < b.len() {
        let c = b[i];
        match c {
            b'#' if prev == b' ' => return depth == 0,
            b'"' | b'\'' if matches!(prev, b' ' | b':' | b'-' | b'[' | b'{' | b',' | b'?') => {
                let mut j = i + 1;
                loop {
                    match b.get(j) {
                        None => return false,
                        Some(b'\\') if c == b'"' => j += 2,
                        Some(&q) if q == c => {
                            if c == b'\'' && b.get(j + 1) == Some(&b'\'') {
                                j += 2;
                                continue;
                            }
                            break;
                        }
                        Some(_) => j += 1,
                    }
                }
                i = j + 1;
                prev = c;
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth -= 1,
            _ => {}
        }
        prev = c;
        i += 1;
    }
    depth == 0
}

/// Block scalar content the scanner accepts as such: no tab in the indentation, and only
/// characters YAML allows in a stream (printable, tab, the BMP above the surrogates but not
/// U+FEFF, and the planes above) that are not line breaks.
fn printable_content(line: &str) -> bool {
    if line.trim_start_matches(' ').starts_with('\t') {
        return false;
    }
    if line.bytes().all(|b| matches!(b, b'\t' | 0x20..=0x7E)) {
        return true;
    }
    // NEL, LS and PS are line breaks to the scanner, so the text after one is a line of its own
    // whose indentation could end the scalar: such lines are left alone as well.
    line.chars().all(|c| {
        matches!(c, '\t' | '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
            && !matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_block_contents_only() {
        let doc = "kind: ConfigMap\ndata:\n  a.json: |\n    {\"x\": [1,\n    2]}\n\n  b: >-\n      folded\n  c: 1\n";
        assert_eq!(mask_block_scalars(doc).unwrap(), "kind: ConfigMap\ndata:\n  a.json: |\n\n\n\n  b: >-\n\n  c: 1\n");
        let seq = "items:\n- |\n  text\n- key: |\n    more\n  other: 2\n";
        assert_eq!(mask_block_scalars(seq).unwrap(), "items:\n- |\n\n- key: |\n\n  other: 2\n");
    }

    #[test]
    fn leaves_unusual_text_alone() {
        // content not indented past the key: an empty scalar, the next line is structure
        assert_eq!(mask_block_scalars("- key: |\n  x: 1\n"), None);
        // a multi-line quoted scalar, a flow collection across lines, tabs, CR, indicators
        assert_eq!(mask_block_scalars("a: \"x\n  b: |\n    c\"\n"), None);
        assert_eq!(mask_block_scalars("a: [1,\n  2]\nb: |\n  c\n"), None);
        assert_eq!(mask_block_scalars("b: |\n \tc\n"), None);
        assert_eq!(mask_block_scalars("b: |\r\n  c\r\n"), None);
        assert_eq!(mask_block_scalars("b: |2\n   c\n"), None);
        assert_eq!(mask_block_scalars("b: !!binary |\n  c\n"), None);
        assert_eq!(mask_block_scalars("b: |\n  c\u{1}\n"), None);
        assert_eq!(mask_block_scalars("b: |\n  c\u{2028}d: 1\n"), None);
        assert_eq!(mask_block_scalars("b: |\n  c\u{85}d\n"), None);
        // longer blank lines before the first content line
        assert_eq!(mask_block_scalars("b: |\n      \n  c\n"), None);
        // the head's own values
        assert_eq!(mask_block_scalars("kind: |\n  Pod\n"), None);
        assert_eq!(mask_block_scalars("metadata:\n  annotations:\n    \"helm.sh/hook\": |\n      pre-install\n"), None);
    }

    #[test]
    fn quotes_and_comments() {
        assert!(closes_its_scalars("a: 'it''s' # \"open"));
        assert!(closes_its_scalars("a: it's plain"));
        assert!(!closes_its_scalars("a: 'open"));
        assert!(!closes_its_scalars("- \"open\\\""));
        assert!(closes_its_scalars("a: {b: [1, 2]}"));
    }
}
