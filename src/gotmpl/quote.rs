//! Go's `strconv` quoting: `Quote`, `QuoteToASCII`, `QuoteRune`, `Unquote`, `UnquoteChar`, and
//! `unicode.IsPrint` (approximated without Unicode category tables: controls, separators other
//! than U+0020, format characters, private-use and non-characters are not printable).

/// Go's `unicode.IsPrint`.
pub fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = c as u32;
    let format_char = matches!(u,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2 | 0x180E | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD
        | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F);
    let private = matches!(u, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD);
    let nonchar = (u & 0xFFFE) == 0xFFFE || (0xFDD0..=0xFDEF).contains(&u);
    !(format_char || private || nonchar)
}

fn push_escaped(out: &mut String, c: char, quote: char, ascii_only: bool) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if ascii_only {
        if (c as u32) < 0x80 && is_print(c) {
            out.push(c);
            return;
        }
    } else if is_print(c) {
        out.push(c);
        return;
    }
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// `strconv.Quote`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c, '"', false);
    }
    out.push('"');
    out
}

/// `strconv.QuoteToASCII` (`%+q`).
pub fn quote_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c, '"', true);
    }
    out.push('"');
    out
}

/// `strconv.QuoteRune` (`%q` of an integer); invalid code points print as U+FFFD.
pub fn quote_rune(r: i128, ascii_only: bool) -> String {
    let c = u32::try_from(r).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
    let mut out = String::from("'");
    push_escaped(&mut out, c, '\'', ascii_only);
    out.push('\'');
    out
}

/// `strconv.Quote` for byte strings that may not be UTF-8: invalid bytes print as `\xNN`.
pub fn quote_bytes(b: &[u8]) -> String {
    let mut out = String::from("\"");
    let mut rest = b;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                for c in s.chars() {
                    push_escaped(&mut out, c, '"', false);
                }
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                for c in std::str::from_utf8(good).unwrap_or("").chars() {
                    push_escaped(&mut out, c, '"', false);
                }
                out.push_str(&format!("\\x{:02x}", bad[0]));
                rest = &bad[1..];
            }
        }
    }
    out.push('"');
    out
}

/// One character of an escape sequence, as `strconv.UnquoteChar`: the decoded value (a rune, or
/// a raw byte for `\x`/octal escapes) and the rest of the input.
pub enum Unquoted {
    Rune(char),
    Byte(u8),
}

/// `strconv.UnquoteChar(s, quote)`; `None` is Go's `ErrSyntax`.
pub fn unquote_char(s: &str, quote: char) -> Option<(Unquoted, &str)> {
    let mut chars = s.chars();
    let c = chars.next()?;
    if c == quote && (quote == '\'' || quote == '"') {
        return None;
    }
    if c != '\\' {
        return Some((Unquoted::Rune(c), chars.as_str()));
    }
    let c = chars.next()?;
    let rest = chars.as_str();
    let simple = match c {
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\u{b}'),
        '\\' => Some('\\'),
        '\'' | '"' => {
            if c != quote {
                return None;
            }
            Some(c)
        }
        _ => None,
    };
    if let Some(v) = simple {
        return Some((Unquoted::Rune(v), rest));
    }
    match c {
        'x' | 'u' | 'U' => {
            let n = match c {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let hex = rest.get(..n)?;
            let v = u32::from_str_radix(hex, 16).ok()?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            if c == 'x' {
                return Some((Unquoted::Byte(v as u8), &rest[n..]));
            }
            Some((Unquoted::Rune(char::from_u32(v)?), &rest[n..]))
        }
        '0'..='7' => {
            let oct = s.get(1..4)?;
            if !oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                return None;
            }
            let v = u32::from_str_radix(oct, 8).ok()?;
            if v > 255 {
                return None;
            }
            Some((Unquoted::Byte(v as u8), &s[4..]))
        }
        _ => None,
    }
}

/// `strconv.Unquote` of a double-quoted or back-quoted literal; `None` is `invalid syntax`.
pub fn unquote(s: &str) -> Option<String> {
    if s.len() < 2 {
        return None;
    }
    let q = s.as_bytes()[0];
    if q != s.as_bytes()[s.len() - 1] {
        return None;
    }
    let body = &s[1..s.len() - 1];
    match q {
        b'`' => {
            if body.contains('`') {
                return None;
            }
            Some(body.replace('\r', ""))
        }
        b'"' => {
            if body.contains('\n') {
                return None;
            }
            let mut out: Vec<u8> = Vec::with_capacity(body.len());
            let mut rest = body;
            while !rest.is_empty() {
                let (u, r) = unquote_char(rest, '"')?;
                match u {
                    Unquoted::Rune(c) => {
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    Unquoted::Byte(b) => out.push(b),
                }
                rest = r;
            }
            Some(String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_quoting() {
        assert_eq!(quote("a\"b\\\n\u{1}é😀"), "\"a\\\"b\\\\\\n\\x01é😀\"");
        assert_eq!(quote_ascii("é"), "\"\\u00e9\"");
        assert_eq!(quote_rune(65, false), "'A'");
        assert_eq!(quote_rune(39, false), "'\\''");
        assert_eq!(unquote("\"\\u00e9\\U0001F600\\x41\\101\"").unwrap(), "é😀AA");
        assert_eq!(unquote("`a\\nb`").unwrap(), "a\\nb");
        assert!(unquote("\"\\q\"").is_none());
        assert!(unquote("\"\\'\"").is_none());
    }
}
