//! Go's `unicode` package predicates and simple case mappings (Unicode 15.0, as in Go 1.26).
//!
//! Go maps case rune by rune with the *simple* mappings of UnicodeData.txt (`ToUpper('ß')` is
//! `'ß'`, never "SS"). The case-mapping crate gives full mappings; where a full mapping has more
//! than one rune, the simple one is taken from the few exceptions listed in [`simple_special`].

use unicode_general_category::{get_general_category, GeneralCategory as G};

fn category(r: char) -> G {
    get_general_category(r)
}

/// `unicode.IsUpper` (category Lu).
pub fn is_upper(r: char) -> bool {
    if r.is_ascii() {
        return r.is_ascii_uppercase();
    }
    category(r) == G::UppercaseLetter
}

/// `unicode.IsLower` (category Ll).
pub fn is_lower(r: char) -> bool {
    if r.is_ascii() {
        return r.is_ascii_lowercase();
    }
    category(r) == G::LowercaseLetter
}

/// `unicode.IsTitle` (category Lt).
pub fn is_title(r: char) -> bool {
    !r.is_ascii() && category(r) == G::TitlecaseLetter
}

/// `unicode.IsLetter` (category L).
pub fn is_letter(r: char) -> bool {
    if r.is_ascii() {
        return r.is_ascii_alphabetic();
    }
    matches!(
        category(r),
        G::UppercaseLetter | G::LowercaseLetter | G::TitlecaseLetter | G::ModifierLetter | G::OtherLetter
    )
}

/// `unicode.IsDigit` (category Nd).
pub fn is_digit(r: char) -> bool {
    if r.is_ascii() {
        return r.is_ascii_digit();
    }
    category(r) == G::DecimalNumber
}

/// `unicode.IsNumber` (category N).
pub fn is_number(r: char) -> bool {
    matches!(category(r), G::DecimalNumber | G::LetterNumber | G::OtherNumber)
}

/// `unicode.IsPunct` (category P).
pub fn is_punct(r: char) -> bool {
    matches!(
        category(r),
        G::ConnectorPunctuation
            | G::DashPunctuation
            | G::OpenPunctuation
            | G::ClosePunctuation
            | G::InitialPunctuation
            | G::FinalPunctuation
            | G::OtherPunctuation
    )
}

/// `unicode.IsSpace`: the White_Space property.
pub fn is_space(r: char) -> bool {
    matches!(
        r,
        '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// `unicode.IsPrint` / `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the
/// ASCII space.
pub fn is_print(r: char) -> bool {
    if r == ' ' {
        return true;
    }
    !matches!(
        category(r),
        G::Control
            | G::Format
            | G::Surrogate
            | G::PrivateUse
            | G::Unassigned
            | G::SpaceSeparator
            | G::LineSeparator
            | G::ParagraphSeparator
    )
}

/// Simple mappings for the runes whose full mapping has several runes (SpecialCasing.txt):
/// (rune, lower, upper, title); `None` keeps the rune.
fn simple_special(r: char) -> (Option<char>, Option<char>, Option<char>) {
    let c = r as u32;
    let shift = |d: i32| char::from_u32((c as i32 + d) as u32);
    match c {
        0x0130 => (Some('i'), None, None),
        // Greek with ypogegrammeni: lower-case forms map up to the title-case forms, and back.
        0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => (None, shift(8), shift(8)),
        0x1F88..=0x1F8F | 0x1F98..=0x1F9F | 0x1FA8..=0x1FAF => (shift(-8), None, None),
        0x1FB3 | 0x1FC3 | 0x1FF3 => (None, shift(9), shift(9)),
        0x1FBC | 0x1FCC | 0x1FFC => (shift(-9), None, None),
        _ => (None, None, None),
    }
}

fn single(m: &[u32]) -> Option<Option<char>> {
    match m {
        [0, ..] => Some(None),
        [c] => Some(char::from_u32(*c)),
        [c, 0, ..] => Some(char::from_u32(*c)),
        _ => None,
    }
}

/// `unicode.ToLower`.
pub fn to_lower(r: char) -> char {
    if r.is_ascii() {
        return r.to_ascii_lowercase();
    }
    match single(&unicode_case_mapping::to_lowercase(r)) {
        Some(m) => m.unwrap_or(r),
        None => simple_special(r).0.unwrap_or(r),
    }
}

/// `unicode.ToUpper`.
pub fn to_upper(r: char) -> char {
    if r.is_ascii() {
        return r.to_ascii_uppercase();
    }
    match single(&unicode_case_mapping::to_uppercase(r)) {
        Some(m) => m.unwrap_or(r),
        None => simple_special(r).1.unwrap_or(r),
    }
}

/// `unicode.ToTitle`.
pub fn to_title(r: char) -> char {
    if r.is_ascii() {
        return r.to_ascii_uppercase();
    }
    match single(&unicode_case_mapping::to_titlecase(r)) {
        Some(m) => m.unwrap_or(r),
        None => simple_special(r).2.unwrap_or(r),
    }
}

/// `strings.ToUpper`.
pub fn str_to_upper(s: &str) -> String {
    s.chars().map(to_upper).collect()
}

/// `strings.ToLower`.
pub fn str_to_lower(s: &str) -> String {
    s.chars().map(to_lower).collect()
}
