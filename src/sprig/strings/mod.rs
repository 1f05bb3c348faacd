//! Sprig's string functions whose Go behaviour is not a Rust one-liner: goutils v1.1.1
//! (`wrap`, `wrapWith`, `abbrev`, `abbrevboth`, `initials`, `untitle`, `swapcase`, `nospace`),
//! xstrings v1.5.0 (`camelcase` = ToPascalCase, `snakecase`, `kebabcase`), Go's `strings.Title`,
//! `strings.Repeat` (and its panics), byte-indexed `trunc`/`substr`, `indent`/`nindent`, `quote`
//! (Go `%q`), `plural`.
//!
//! Several goutils functions walk the string *byte by byte* and write every byte back as a rune
//! (so non-ASCII text comes out as Latin-1 mojibake, and the bytes 0x85 and 0xA0 count as white
//! space); slicing functions may cut a UTF-8 sequence. Both are reproduced; a cut sequence becomes
//! U+FFFD, which is also how helm's output shows it.

pub mod funcs;

use crate::golang::unicode::{
    is_letter, is_lower, is_number, is_punct, is_space, is_title, is_upper, to_lower, to_title, to_upper,
};

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A byte taken as a rune (Latin-1), as goutils' `rune(str[i])` does.
fn byte_rune(b: u8) -> char {
    char::from(b)
}

/// goutils `WrapCustom(str, wrapLength, newLineStr, wrapLongWords)`: byte offsets, words split at
/// ' ' only.
pub fn wrap_custom(s: &str, wrap_length: i64, new_line: &str, wrap_long_words: bool) -> String {
    if s.is_empty() {
        return String::new();
    }
    let new_line = if new_line.is_empty() { "\n" } else { new_line };
    let wrap = wrap_length.max(1) as usize;
    let b = s.as_bytes();
    let len = b.len();
    let mut offset = 0usize;
    let mut out: Vec<u8> = Vec::with_capacity(len + 16);
    while len - offset > wrap {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = wrap + offset + 1;
        let space = b[offset..end].iter().rposition(|&c| c == b' ').map(|i| i + offset);
        if let Some(space) = space {
            out.extend_from_slice(&b[offset..space]);
            out.extend_from_slice(new_line.as_bytes());
            offset = space + 1;
        } else if wrap_long_words {
            let end = wrap + offset;
            out.extend_from_slice(&b[offset..end]);
            out.extend_from_slice(new_line.as_bytes());
            offset += wrap;
        } else {
            let end = wrap + offset;
            match b[end..].iter().position(|&c| c == b' ') {
                None => {
                    out.extend_from_slice(&b[offset..]);
                    offset = len;
                }
                Some(i) => {
                    let space = i + end;
                    out.extend_from_slice(&b[offset..space]);
                    out.extend_from_slice(new_line.as_bytes());
                    offset = space + 1;
                }
            }
        }
    }
    out.extend_from_slice(&b[offset..]);
    lossy(&out)
}

/// `wrap width s`.
pub fn wrap(width: i64, s: &str) -> String {
    wrap_custom(s, width, "", false)
}

/// `wrapWith width sep s` (long words are cut).
pub fn wrap_with(width: i64, sep: &str, s: &str) -> String {
    wrap_custom(s, width, sep, true)
}

/// goutils `AbbreviateFull(str, offset, maxWidth)` (byte-indexed); `Err` is goutils' message.
pub fn abbreviate_full(s: &str, offset: i64, max_width: i64) -> Result<String, String> {
    if s.is_empty() {
        return Ok(String::new());
    }
    if max_width < 4 {
        return Err("stringutils illegal argument: Minimum abbreviation width is 4".into());
    }
    let b = s.as_bytes();
    let len = b.len() as i64;
    if len <= max_width {
        return Ok(s.to_string());
    }
    let mut offset = offset.min(len);
    if len - offset < max_width - 3 {
        offset = len - (max_width - 3);
    }
    if offset <= 4 {
        let mut out = b[..(max_width - 3) as usize].to_vec();
        out.extend_from_slice(b"...");
        return Ok(lossy(&out));
    }
    if max_width < 7 {
        return Err("stringutils illegal argument: Minimum abbreviation width with offset is 7".into());
    }
    if offset + max_width - 3 < len {
        let rest = lossy(&b[offset as usize..]);
        let inner = abbreviate_full(&rest, 0, max_width - 3).unwrap_or_default();
        return Ok(format!("...{inner}"));
    }
    Ok(format!("...{}", lossy(&b[(len - (max_width - 3)) as usize..])))
}

/// `abbrev width s`.
pub fn abbrev(width: i64, s: &str) -> String {
    if width < 4 {
        return s.to_string();
    }
    abbreviate_full(s, 0, width).unwrap_or_default()
}

/// `abbrevboth left right s`.
pub fn abbrevboth(left: i64, right: i64, s: &str) -> String {
    if right < 4 || left > 0 && right < 7 {
        return s.to_string();
    }
    abbreviate_full(s, left, right).unwrap_or_default()
}

/// `initials s` (goutils `Initials`, byte-wise).
pub fn initials(s: &str) -> String {
    let mut out = String::new();
    let mut last_was_gap = true;
    for &b in s.as_bytes() {
        let ch = byte_rune(b);
        if is_space(ch) {
            last_was_gap = true;
        } else if last_was_gap {
            out.push(ch);
            last_was_gap = false;
        }
    }
    out
}

/// `nospace s` (goutils `DeleteWhiteSpace`, byte-wise; the input comes back untouched when it
/// holds no white space).
pub fn nospace(s: &str) -> String {
    if !s.bytes().any(|b| is_space(byte_rune(b))) {
        return s.to_string();
    }
    s.bytes().map(byte_rune).filter(|&c| !is_space(c)).collect()
}

/// Go's `strings.Title`: the first letter of every word (after a separator) to title case.
pub fn title(s: &str) -> String {
    fn is_separator(r: char) -> bool {
        if (r as u32) <= 0x7f {
            return !(r.is_ascii_alphanumeric() || r == '_');
        }
        if is_letter(r) || crate::golang::unicode::is_digit(r) {
            return false;
        }
        is_space(r)
    }
    let mut prev = ' ';
    s.chars()
        .map(|r| {
            let out = if is_separator(prev) { to_title(r) } else { r };
            prev = r;
            out
        })
        .collect()
}

/// `untitle s` (goutils `Uncapitalize`): the first rune of every white-space separated word to
/// lower case.
pub fn untitle(s: &str) -> String {
    let mut next = true;
    s.chars()
        .map(|ch| {
            if is_space(ch) {
                next = true;
                ch
            } else if next {
                next = false;
                to_lower(ch)
            } else {
                ch
            }
        })
        .collect()
}

/// `swapcase s` (goutils `SwapCase`): upper and title case go lower; a lower-case letter goes to
/// title case after white space (or at the start) and to upper case elsewhere.
pub fn swapcase(s: &str) -> String {
    let mut whitespace = true;
    s.chars()
        .map(|ch| {
            if is_upper(ch) || is_title(ch) {
                whitespace = false;
                to_lower(ch)
            } else if is_lower(ch) {
                if whitespace {
                    whitespace = false;
                    to_title(ch)
                } else {
                    to_upper(ch)
                }
            } else {
                whitespace = is_space(ch);
                ch
            }
        })
        .collect()
}

// ---- xstrings v1.5.0 ----

fn is_connector(r: char) -> bool {
    r == '-' || r == '_' || is_space(r)
}

/// xstrings `isAlphabet`: a letter outside the main CJK blocks.
fn is_alphabet(r: char) -> bool {
    if !is_letter(r) {
        return false;
    }
    let c = r as u32;
    !((0x4E00..=0x9FCC).contains(&c) || (0x3400..=0x4D85).contains(&c) || (0x20000..=0x2B81D).contains(&c))
}

/// `camelcase s` (xstrings `ToPascalCase`).
pub fn camelcase(s: &str) -> String {
    to_camel_case(s, true)
}

fn to_camel_case(s: &str, is_big: bool) -> String {
    if s.is_empty() {
        return String::new();
    }
    let mut buf = String::with_capacity(s.len());
    let mut chars = s.chars();
    let mut is_first_upper = false;
    let mut r0 = '\0';
    let mut decoded_any = false;
    for c in chars.by_ref() {
        decoded_any = true;
        r0 = c;
        if !is_connector(c) {
            is_first_upper = is_upper(c);
            r0 = if is_big { to_upper(c) } else { to_lower(c) };
            break;
        }
        buf.push(c);
    }
    let rest: Vec<char> = chars.collect();
    if rest.is_empty() {
        // A string of one rune (or of connectors only, whose last one Go writes twice).
        if decoded_any {
            buf.push(r0);
        }
        return buf;
    }
    for c in rest {
        let r1 = r0;
        r0 = c;
        if is_connector(r0) && is_connector(r1) {
            buf.push(r1);
            continue;
        }
        if is_connector(r1) {
            is_first_upper = is_upper(r0);
            r0 = to_upper(r0);
        } else {
            if is_first_upper {
                if is_upper(r0) {
                    r0 = to_lower(r0);
                } else {
                    is_first_upper = false;
                }
            }
            buf.push(r1);
        }
    }
    if is_first_upper && !is_big {
        r0 = to_lower(r0);
    }
    buf.push(r0);
    buf
}

/// `snakecase s` (xstrings `ToSnakeCase`).
pub fn snakecase(s: &str) -> String {
    camel_case_to_lower_case(s, '_')
}

/// `kebabcase s` (xstrings `ToKebabCase`).
pub fn kebabcase(s: &str) -> String {
    camel_case_to_lower_case(s, '-')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordType {
    Invalid,
    Number,
    UpperCase,
    Alphabet,
    Connector,
    Punct,
    Other,
}

const RUNE_ERROR: char = '\u{FFFD}';

/// xstrings `nextValidRune`: skip U+FFFD runes (Go's decoder error value); all of them consumed
/// and `prev` returned when nothing valid follows.
fn next_valid_rune(s: &str, prev: char) -> (char, usize) {
    let mut size = 0;
    for c in s.chars() {
        size += c.len_utf8();
        if c != RUNE_ERROR {
            return (c, size);
        }
    }
    (prev, size)
}

/// xstrings `nextWord`: (type, word, remaining).
fn next_word(s: &str) -> (WordType, &str, &str) {
    if s.is_empty() {
        return (WordType::Invalid, "", "");
    }
    let mut remaining = s;
    let (mut r, mut size) = next_valid_rune(remaining, RUNE_ERROR);
    let mut offset = size;
    if r == RUNE_ERROR {
        return (WordType::Invalid, &s[..offset], &s[offset..]);
    }
    // Extend while `keep` holds, from `remaining` on.
    fn run(remaining: &mut &str, r: &mut char, offset: &mut usize, keep: impl Fn(char, usize) -> bool) {
        while !remaining.is_empty() {
            let (nr, ns) = next_valid_rune(remaining, *r);
            *r = nr;
            if !keep(nr, ns) {
                break;
            }
            *offset += ns;
            *remaining = &remaining[ns..];
        }
    }
    let wt;
    if is_connector(r) {
        wt = WordType::Connector;
        remaining = &remaining[size..];
        run(&mut remaining, &mut r, &mut offset, |c, _| is_connector(c));
    } else if is_punct(r) {
        wt = WordType::Punct;
        remaining = &remaining[size..];
        run(&mut remaining, &mut r, &mut offset, |c, _| is_punct(c));
    } else if is_upper(r) {
        wt = WordType::UpperCase;
        remaining = &remaining[size..];
        if !remaining.is_empty() {
            let (nr, ns) = next_valid_rune(remaining, r);
            r = nr;
            size = ns;
            if is_upper(r) {
                let mut prev_size = size;
                offset += size;
                remaining = &remaining[size..];
                while !remaining.is_empty() {
                    let (nr, ns) = next_valid_rune(remaining, r);
                    r = nr;
                    if !is_upper(r) {
                        break;
                    }
                    prev_size = ns;
                    offset += ns;
                    remaining = &remaining[ns..];
                }
                // "HTTPStatus" splits into "HTTP" and "Status".
                if !remaining.is_empty() && is_alphabet(r) {
                    offset -= prev_size;
                    remaining = &s[offset..];
                }
            } else if is_alphabet(r) {
                offset += size;
                remaining = &remaining[size..];
                run(&mut remaining, &mut r, &mut offset, |c, _| is_alphabet(c) && !is_upper(c));
            }
        }
    } else if is_alphabet(r) {
        wt = WordType::Alphabet;
        remaining = &remaining[size..];
        run(&mut remaining, &mut r, &mut offset, |c, _| is_alphabet(c) && !is_upper(c));
    } else if is_number(r) {
        wt = WordType::Number;
        remaining = &remaining[size..];
        run(&mut remaining, &mut r, &mut offset, |c, _| is_number(c));
    } else {
        wt = WordType::Other;
        remaining = &remaining[size..];
        run(&mut remaining, &mut r, &mut offset, |c, ns| {
            !(ns == 0 || is_connector(c) || is_alphabet(c) || is_number(c) || is_punct(c))
        });
    }
    (wt, &s[..offset], remaining)
}

fn to_lower_word(buf: &mut String, wt: WordType, s: &str, connector: char) {
    if wt != WordType::UpperCase && wt != WordType::Connector {
        buf.push_str(s);
        return;
    }
    for r in s.chars() {
        if is_connector(r) {
            buf.push(connector);
        } else if is_upper(r) {
            buf.push(to_lower(r));
        } else {
            buf.push(r);
        }
    }
}

fn camel_case_to_lower_case(s: &str, connector: char) -> String {
    use WordType::*;
    if s.is_empty() {
        return String::new();
    }
    let mut buf = String::with_capacity(s.len() + 8);
    let (mut wt, mut word, mut remaining) = next_word(s);
    while !remaining.is_empty() {
        if wt != Connector {
            to_lower_word(&mut buf, wt, word, connector);
        }
        let prev = wt;
        let last = word;
        (wt, word, remaining) = next_word(remaining);
        match prev {
            Number => {
                while wt == Alphabet || wt == Number {
                    to_lower_word(&mut buf, wt, word, connector);
                    (wt, word, remaining) = next_word(remaining);
                }
                if wt != Invalid && wt != Punct && wt != Connector {
                    buf.push(connector);
                }
            }
            Connector => to_lower_word(&mut buf, prev, last, connector),
            Punct => {}
            _ => {
                if wt != Number {
                    if wt != Connector && wt != Punct {
                        buf.push(connector);
                    }
                    continue;
                }
                if remaining.is_empty() {
                    continue;
                }
                let last = word;
                (wt, word, remaining) = next_word(remaining);
                // A number followed by something other than letters belongs to the word before
                // ("Bld4Floor" → "bld4_floor").
                if wt != Alphabet {
                    to_lower_word(&mut buf, Number, last, connector);
                    if wt != Connector && wt != Punct {
                        buf.push(connector);
                    }
                    continue;
                }
                // Letters after a number: connector before the number ("HTTP2xx" → "http_2xx").
                buf.push(connector);
                to_lower_word(&mut buf, Number, last, connector);
                while wt == Alphabet || wt == Number {
                    to_lower_word(&mut buf, wt, word, connector);
                    (wt, word, remaining) = next_word(remaining);
                }
                if wt != Invalid && wt != Connector && wt != Punct {
                    buf.push(connector);
                }
            }
        }
    }
    to_lower_word(&mut buf, wt, word, connector);
    buf
}

// ---- Go stdlib-shaped helpers ----

/// Go's `strings.Repeat`, with its panics as `Err`.
pub fn repeat(count: i64, s: &str) -> Result<String, String> {
    match count {
        0 => return Ok(String::new()),
        1 => return Ok(s.to_string()),
        _ => {}
    }
    if count < 0 {
        return Err("strings: negative Repeat count".into());
    }
    match (s.len() as u128).checked_mul(count as u128) {
        Some(n) if n <= i64::MAX as u128 => Ok(s.repeat(count as usize)),
        _ => Err("strings: Repeat output length overflow".into()),
    }
}

/// Go's `strings.TrimSpace` (Unicode white space).
pub fn trim_space(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Go's `strings.Replace(s, old, new, -1)`: an empty `old` inserts `new` around every character.
pub fn replace(s: &str, old: &str, new: &str) -> String {
    if !old.is_empty() {
        return s.replace(old, new);
    }
    let mut out = String::from(new);
    for c in s.chars() {
        out.push(c);
        out.push_str(new);
    }
    out
}

/// Go's `strings.SplitN(s, sep, n)` (`n < 0`: all parts; an empty `sep` splits into characters).
pub fn split_n<'a>(s: &'a str, sep: &str, n: i64) -> Vec<&'a str> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        let mut out: Vec<&str> = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            if n > 0 && out.len() as i64 == n - 1 {
                out.push(rest);
                return out;
            }
            let c = rest.chars().next().map_or(1, char::len_utf8);
            out.push(&rest[..c]);
            rest = &rest[c..];
        }
        return out;
    }
    if n < 0 {
        return s.split(sep).collect();
    }
    s.splitn(n as usize, sep).collect()
}

/// `indent n s`: `n` spaces before every line.
pub fn indent(spaces: i64, s: &str) -> Result<String, String> {
    let pad = repeat(spaces, " ")?;
    let mut out = String::with_capacity(s.len() + pad.len() * 2);
    out.push_str(&pad);
    out.push_str(&s.replace('\n', &format!("\n{pad}")));
    Ok(out)
}

/// `nindent n s`: a newline, then `indent n s`.
pub fn nindent(spaces: i64, s: &str) -> Result<String, String> {
    Ok(format!("\n{}", indent(spaces, s)?))
}

/// `trunc n s`: the first `n` bytes, or for negative `n` the last `-n` bytes.
pub fn trunc(c: i64, s: &str) -> String {
    let len = s.len() as i64;
    let b = s.as_bytes();
    if c < 0 && len + c > 0 {
        return lossy(&b[(len + c) as usize..]);
    }
    if c >= 0 && len > c {
        return lossy(&b[..c as usize]);
    }
    s.to_string()
}

/// `substr start end s` (byte offsets): negative `start` means `s[:end]`; negative or too large
/// `end` means `s[start:]`. Out-of-range slices are Go's runtime panics, as `Err`.
pub fn substr(start: i64, end: i64, s: &str) -> Result<String, String> {
    let len = s.len() as i64;
    let b = s.as_bytes();
    let oob = |m: String| Err(format!("runtime error: slice bounds out of range {m}"));
    if start < 0 {
        if end < 0 {
            return oob(format!("[:{end}]"));
        }
        if end > len {
            return oob(format!("[:{end}] with length {len}"));
        }
        return Ok(lossy(&b[..end as usize]));
    }
    if end < 0 || end > len {
        if start > len {
            return oob(format!("[{start}:{len}]"));
        }
        return Ok(lossy(&b[start as usize..]));
    }
    if start > end {
        return oob(format!("[{start}:{end}]"));
    }
    Ok(lossy(&b[start as usize..end as usize]))
}

/// One operand of `quote`: Go's `%q` of the value's string form (`strconv.Quote`).
pub fn quote(s: &str) -> String {
    crate::golang::strconv::quote(s)
}

/// One operand of `squote`: `'%v'`.
pub fn squote(s: &str) -> String {
    format!("'{s}'")
}

/// `quote a b …`: each non-nil operand (given as its string form, `None` for nil) quoted, joined
/// by spaces.
pub fn quote_all(items: &[Option<&str>]) -> String {
    items.iter().flatten().map(|s| quote(s)).collect::<Vec<_>>().join(" ")
}

/// `squote a b …`.
pub fn squote_all(items: &[Option<&str>]) -> String {
    items.iter().flatten().map(|s| squote(s)).collect::<Vec<_>>().join(" ")
}

/// `cat a b …`: the non-nil operands' `%v` forms joined by single spaces.
pub fn cat(items: &[Option<&str>]) -> String {
    items.iter().flatten().copied().collect::<Vec<_>>().join(" ")
}

/// `plural one many count`.
pub fn plural<'a>(one: &'a str, many: &'a str, count: i64) -> &'a str {
    if count == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests;
