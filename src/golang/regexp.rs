//! Go's `regexp` package on top of the `regex` crate.
//!
//! Why the `regex` crate fits: both are RE2-style engines (finite automata, no backtracking, no
//! back-references or look-around) with the same leftmost-first ("Perl") match and submatch
//! semantics, so once a Go pattern is translated, matches, submatch positions and the iteration
//! of successive matches agree.
//!
//! What differs is the syntax and a few defaults, so patterns are parsed here with Go's own rules
//! (`regexp/syntax` in Perl mode) — giving Go's exact error texts — and re-emitted in `regex` syntax:
//! - `\d \w \s \b \B` and the POSIX classes are ASCII-only in Go (`\s` is `[\t\n\f\r ]`, without
//!   `\v`); they are spelled out as explicit ASCII classes (`\b` becomes `(?-u:\b)`).
//! - Go accepts what `regex` rejects or reads differently: octal escapes, `\Q…\E`, `(?)`, repeated
//!   flags, repetition of empty-width assertions, duplicate group names, `[a&&b]`/`[a~~b]`
//!   (literal in Go, set operations in `regex`). Everything is emitted canonically: literals as
//!   `\x{…}`, flags as explicit scoped groups, repetitions over `(?:…)`.
//! - Go rejects what `regex` accepts: `(?x)`, `\p{Alphabetic}` (only general categories, their
//!   aliases and single-word script names resolve, after Go's name canonicalisation), nested
//!   repetition `a**`, counts above 1000 (also as a product of nested counts), `\C`, `\Z`, …
//!
//! On top: `FindString`, `FindAllString(n)`, `ReplaceAllString` (with `Expand`'s `$1x`-is-group-
//! `1x` rules), `ReplaceAllLiteralString`, `Split(n)`, `QuoteMeta`, `MatchString`, and the
//! `MustCompile` panic text.

use std::fmt::Write as _;

use regex::Regex;

use crate::golang::strconv::quote as strconv_quote;

/// A Go regexp syntax error (`*syntax.Error`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: &'static str,
    pub expr: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error parsing regexp: {}: `{}`", self.code, self.expr)
    }
}

impl std::error::Error for Error {}

const ERR_INVALID_CHAR_RANGE: &str = "invalid character class range";
const ERR_INVALID_ESCAPE: &str = "invalid escape sequence";
const ERR_INVALID_NAMED_CAPTURE: &str = "invalid named capture";
const ERR_INVALID_PERL_OP: &str = "invalid or unsupported Perl syntax";
const ERR_INVALID_REPEAT_OP: &str = "invalid nested repetition operator";
const ERR_INVALID_REPEAT_SIZE: &str = "invalid repeat count";
const ERR_MISSING_BRACKET: &str = "missing closing ]";
const ERR_MISSING_PAREN: &str = "missing closing )";
const ERR_MISSING_REPEAT_ARGUMENT: &str = "missing argument to repetition operator";
const ERR_TRAILING_BACKSLASH: &str = "trailing backslash at end of expression";
const ERR_UNEXPECTED_PAREN: &str = "unexpected )";
const ERR_LARGE: &str = "expression too large";

fn err(code: &'static str, expr: &str) -> Error {
    Error { code, expr: expr.to_string() }
}

// ---- flags ----

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Flags {
    fold_case: bool,
    /// `(?m)` clears Go's OneLine.
    multi_line: bool,
    dot_nl: bool,
    non_greedy: bool,
}

impl Flags {
    fn prefix(self) -> String {
        let mut on = String::new();
        let mut off = String::new();
        for (set, c) in [(self.fold_case, 'i'), (self.multi_line, 'm'), (self.dot_nl, 's')] {
            if set {
                on.push(c);
            } else {
                off.push(c);
            }
        }
        if off.is_empty() {
            format!("(?{on}:")
        } else {
            format!("(?{on}-{off}:")
        }
    }
}

// ---- AST ----

#[derive(Debug, Clone)]
enum Node {
    /// Rust syntax for one atom (literal, class, dot, anchor), with the flags it was parsed under.
    Atom(String, Flags),
    Empty,
    Concat(Vec<Node>),
    Alternate(Vec<Node>),
    Capture(Box<Node>),
    Repeat {
        sub: Box<Node>,
        min: i64,
        max: i64,
        greedy: bool,
    },
}

impl Node {
    fn emit(&self, out: &mut String) {
        match self {
            Node::Atom(s, flags) => {
                out.push_str(&flags.prefix());
                out.push_str(s);
                out.push(')');
            }
            Node::Empty => out.push_str("(?:)"),
            Node::Concat(v) => {
                out.push_str("(?:");
                for n in v {
                    n.emit(out);
                }
                out.push(')');
            }
            Node::Alternate(v) => {
                out.push_str("(?:");
                for (i, n) in v.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    n.emit(out);
                }
                out.push(')');
            }
            Node::Capture(sub) => {
                // Names stay on the Go side (Go allows duplicates and leading digits); groups are
                // numbered by their opening parenthesis in both engines.
                out.push('(');
                sub.emit(out);
                out.push(')');
            }
            Node::Repeat { sub, min, max, greedy } => {
                out.push_str("(?:");
                sub.emit(out);
                out.push(')');
                match (*min, *max) {
                    (0, -1) => out.push('*'),
                    (1, -1) => out.push('+'),
                    (0, 1) => out.push('?'),
                    (m, -1) => {
                        let _ = write!(out, "{{{m},}}");
                    }
                    (m, n) if m == n => {
                        let _ = write!(out, "{{{m}}}");
                    }
                    (m, n) => {
                        let _ = write!(out, "{{{m},{n}}}");
                    }
                }
                if !greedy {
                    out.push('?');
                }
            }
        }
    }

    /// Go's `repeatIsValid`.
    fn repeat_is_valid(&self, mut n: i64) -> bool {
        if let Node::Repeat { max, min, .. } = self {
            let mut m = *max;
            if m == 0 {
                return true;
            }
            if m < 0 {
                m = *min;
            }
            if m > n {
                return false;
            }
            if m > 0 {
                n /= m;
            }
        }
        match self {
            Node::Concat(v) | Node::Alternate(v) => v.iter().all(|s| s.repeat_is_valid(n)),
            Node::Capture(s) | Node::Repeat { sub: s, .. } => s.repeat_is_valid(n),
            _ => true,
        }
    }
}

fn hex(c: u32) -> String {
    format!("\\x{{{c:X}}}")
}

/// Rust class body for a rune range.
fn range_text(lo: u32, hi: u32) -> String {
    if lo == hi {
        hex(lo)
    } else {
        format!("{}-{}", hex(lo), hex(hi))
    }
}

/// Go's Perl classes (`\d \s \w` and negations) as Rust class bodies.
fn perl_class(c: u8) -> Option<(&'static str, bool)> {
    Some(match c {
        b'd' => ("0-9", false),
        b'D' => ("0-9", true),
        b's' => ("\\t\\n\\x0C\\r ", false),
        b'S' => ("\\t\\n\\x0C\\r ", true),
        b'w' => ("0-9A-Za-z_", false),
        b'W' => ("0-9A-Za-z_", true),
        _ => return None,
    })
}

/// Go's POSIX classes `[:name:]` (ASCII) as Rust class bodies.
fn posix_class(name: &str) -> Option<(&'static str, bool)> {
    let (neg, base) = match name.strip_prefix("[:^") {
        Some(rest) => (true, rest.strip_suffix(":]")?),
        None => (false, name.strip_prefix("[:")?.strip_suffix(":]")?),
    };
    let body = match base {
        "alnum" => "0-9A-Za-z",
        "alpha" => "A-Za-z",
        "ascii" => "\\x00-\\x7F",
        "blank" => "\\t ",
        "cntrl" => "\\x00-\\x1F\\x7F",
        "digit" => "0-9",
        "graph" => "!-~",
        "lower" => "a-z",
        "print" => " -~",
        "punct" => "!-/:-@\\[-`{-~",
        "space" => "\\t\\n\\x0B\\x0C\\r ",
        "upper" => "A-Z",
        "word" => "0-9A-Za-z_",
        "xdigit" => "0-9A-Fa-f",
        _ => return None,
    };
    Some((body, neg))
}

/// Go's `canonicalName` for `\p{…}` names.
fn canonical_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut first = true;
    for &b in name.as_bytes() {
        let c = match b {
            b'_' | b'-' | b' ' => continue,
            _ if first => {
                first = false;
                b.to_ascii_uppercase()
            }
            _ => b.to_ascii_lowercase(),
        };
        out.push(c as char);
    }
    out
}

const CATEGORIES: &[&str] = &[
    "C", "Cc", "Cf", "Cn", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
    "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
];

/// General category aliases (Unicode PropertyValueAliases, as Go's `unicode.CategoryAliases`).
const CATEGORY_ALIASES: &[(&str, &str)] = &[
    ("Cased_Letter", "LC"),
    ("Close_Punctuation", "Pe"),
    ("Combining_Mark", "M"),
    ("Connector_Punctuation", "Pc"),
    ("Control", "Cc"),
    ("cntrl", "Cc"),
    ("Currency_Symbol", "Sc"),
    ("Dash_Punctuation", "Pd"),
    ("Decimal_Number", "Nd"),
    ("digit", "Nd"),
    ("Enclosing_Mark", "Me"),
    ("Final_Punctuation", "Pf"),
    ("Format", "Cf"),
    ("Initial_Punctuation", "Pi"),
    ("Letter", "L"),
    ("Letter_Number", "Nl"),
    ("Line_Separator", "Zl"),
    ("Lowercase_Letter", "Ll"),
    ("Mark", "M"),
    ("Math_Symbol", "Sm"),
    ("Modifier_Letter", "Lm"),
    ("Modifier_Symbol", "Sk"),
    ("Nonspacing_Mark", "Mn"),
    ("Number", "N"),
    ("Open_Punctuation", "Ps"),
    ("Other", "C"),
    ("Other_Letter", "Lo"),
    ("Other_Number", "No"),
    ("Other_Punctuation", "Po"),
    ("Other_Symbol", "So"),
    ("Paragraph_Separator", "Zp"),
    ("Private_Use", "Co"),
    ("Punctuation", "P"),
    ("punct", "P"),
    ("Separator", "Z"),
    ("Space_Separator", "Zs"),
    ("Spacing_Mark", "Mc"),
    ("Surrogate", "Cs"),
    ("Symbol", "S"),
    ("Titlecase_Letter", "Lt"),
    ("Unassigned", "Cn"),
    ("Uppercase_Letter", "Lu"),
];

/// Unicode 15.0 script names (Go's `unicode.Scripts` keys). Go looks them up by canonical name, so
/// only those already in canonical form (one capitalised word) can ever be found.
const SCRIPTS: &[&str] = &[
    "Adlam",
    "Ahom",
    "Anatolian_Hieroglyphs",
    "Arabic",
    "Armenian",
    "Avestan",
    "Balinese",
    "Bamum",
    "Bassa_Vah",
    "Batak",
    "Bengali",
    "Bhaiksuki",
    "Bopomofo",
    "Brahmi",
    "Braille",
    "Buginese",
    "Buhid",
    "Canadian_Aboriginal",
    "Carian",
    "Caucasian_Albanian",
    "Chakma",
    "Cham",
    "Cherokee",
    "Chorasmian",
    "Common",
    "Coptic",
    "Cuneiform",
    "Cypriot",
    "Cypro_Minoan",
    "Cyrillic",
    "Deseret",
    "Devanagari",
    "Dives_Akuru",
    "Dogra",
    "Duployan",
    "Egyptian_Hieroglyphs",
    "Elbasan",
    "Elymaic",
    "Ethiopic",
    "Georgian",
    "Glagolitic",
    "Gothic",
    "Grantha",
    "Greek",
    "Gujarati",
    "Gunjala_Gondi",
    "Gurmukhi",
    "Han",
    "Hangul",
    "Hanifi_Rohingya",
    "Hanunoo",
    "Hatran",
    "Hebrew",
    "Hiragana",
    "Imperial_Aramaic",
    "Inherited",
    "Inscriptional_Pahlavi",
    "Inscriptional_Parthian",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Kawi",
    "Katakana",
    "Kayah_Li",
    "Kharoshthi",
    "Khitan_Small_Script",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "Lao",
    "Latin",
    "Lepcha",
    "Limbu",
    "Linear_A",
    "Linear_B",
    "Lisu",
    "Lycian",
    "Lydian",
    "Mahajani",
    "Makasar",
    "Malayalam",
    "Mandaic",
    "Manichaean",
    "Marchen",
    "Masaram_Gondi",
    "Medefaidrin",
    "Meetei_Mayek",
    "Mende_Kikakui",
    "Meroitic_Cursive",
    "Meroitic_Hieroglyphs",
    "Miao",
    "Modi",
    "Mongolian",
    "Mro",
    "Multani",
    "Myanmar",
    "Nabataean",
    "Nag_Mundari",
    "Nandinagari",
    "New_Tai_Lue",
    "Newa",
    "Nko",
    "Nushu",
    "Nyiakeng_Puachue_Hmong",
    "Ogham",
    "Ol_Chiki",
    "Old_Hungarian",
    "Old_Italic",
    "Old_North_Arabian",
    "Old_Permic",
    "Old_Persian",
    "Old_Sogdian",
    "Old_South_Arabian",
    "Old_Turkic",
    "Old_Uyghur",
    "Oriya",
    "Osage",
    "Osmanya",
    "Pahawh_Hmong",
    "Palmyrene",
    "Pau_Cin_Hau",
    "Phags_Pa",
    "Phoenician",
    "Psalter_Pahlavi",
    "Rejang",
    "Runic",
    "Samaritan",
    "Saurashtra",
    "Sharada",
    "Shavian",
    "Siddham",
    "SignWriting",
    "Sinhala",
    "Sogdian",
    "Sora_Sompeng",
    "Soyombo",
    "Sundanese",
    "Syloti_Nagri",
    "Syriac",
    "Tagalog",
    "Tagbanwa",
    "Tai_Le",
    "Tai_Tham",
    "Tai_Viet",
    "Takri",
    "Tamil",
    "Tangsa",
    "Tangut",
    "Telugu",
    "Thaana",
    "Thai",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
    "Toto",
    "Ugaritic",
    "Vai",
    "Vithkuqi",
    "Wancho",
    "Warang_Citi",
    "Yezidi",
    "Yi",
    "Zanabazar_Square",
];

/// Go's `unicodeTable`: the Rust class body for a `\p` name, and whether Go inverts it.
fn unicode_table(name: &str) -> Option<(String, bool)> {
    let name = canonical_name(name);
    match name.as_str() {
        "Any" => return Some(("\\x00-\\x{10FFFF}".into(), false)),
        "Assigned" => return Some(("\\p{Cn}".into(), true)),
        "Ascii" => return Some(("\\x00-\\x7F".into(), false)),
        "Lc" => return Some(("\\p{LC}".into(), false)),
        _ => {}
    }
    if CATEGORIES.contains(&name.as_str()) || SCRIPTS.contains(&name.as_str()) {
        return Some((format!("\\p{{{name}}}"), false));
    }
    CATEGORY_ALIASES
        .iter()
        .find(|(alias, _)| canonical_name(alias) == name)
        .map(|(_, actual)| (format!("\\p{{{actual}}}"), false))
}

// ---- parser ----

struct Frame {
    /// Capture index (0 for a non-capturing group or the root).
    cap: usize,
    is_root: bool,
    saved_flags: Flags,
    alts: Vec<Node>,
    cur: Vec<Node>,
}

fn collapse_concat(mut v: Vec<Node>) -> Node {
    match v.len() {
        0 => Node::Empty,
        1 => v.pop().expect("one node"),
        _ => Node::Concat(v),
    }
}

struct Parser<'a> {
    whole: &'a str,
    flags: Flags,
    frames: Vec<Frame>,
    names: Vec<String>,
}

/// One rune off the front of `s` (Go's `nextRune`; the input is valid UTF-8).
fn next_rune(s: &str) -> (char, &str) {
    let c = s.chars().next().expect("non-empty");
    (c, &s[c.len_utf8()..])
}

fn unhex(c: char) -> Option<u32> {
    c.to_digit(16)
}

impl<'a> Parser<'a> {
    fn push(&mut self, n: Node) {
        self.frames.last_mut().expect("root frame").cur.push(n);
    }

    fn atom(&mut self, s: String) {
        let f = self.flags;
        self.push(Node::Atom(s, f));
    }

    fn literal(&mut self, c: char) {
        self.atom(hex(c as u32));
    }

    /// Go's `parseEscape`: the rune an escape stands for.
    fn parse_escape(s: &'a str) -> Result<(char, &'a str), Error> {
        let t = &s[1..];
        if t.is_empty() {
            return Err(err(ERR_TRAILING_BACKSLASH, ""));
        }
        let (c, mut t) = next_rune(t);
        let bad = |t: &str| Err(err(ERR_INVALID_ESCAPE, &s[..s.len() - t.len()]));
        match c {
            '1'..='7' if t.is_empty() || !(b'0'..=b'7').contains(&t.as_bytes()[0]) => bad(t),
            '0'..='7' => {
                let mut r = c as u32 - '0' as u32;
                for _ in 1..3 {
                    match t.as_bytes().first() {
                        Some(&d) if (b'0'..=b'7').contains(&d) => {
                            r = r * 8 + (d - b'0') as u32;
                            t = &t[1..];
                        }
                        _ => break,
                    }
                }
                Ok((char::from_u32(r).expect("octal below 0x200"), t))
            }
            'x' => {
                if t.is_empty() {
                    return bad(t);
                }
                let (c, rest) = next_rune(t);
                t = rest;
                if c == '{' {
                    let mut nhex = 0;
                    let mut r: u32 = 0;
                    loop {
                        if t.is_empty() {
                            return bad(t);
                        }
                        let (c, rest) = next_rune(t);
                        t = rest;
                        if c == '}' {
                            break;
                        }
                        match unhex(c) {
                            Some(v) => r = r * 16 + v,
                            None => return bad(t),
                        }
                        if r > 0x10FFFF {
                            return bad(t);
                        }
                        nhex += 1;
                    }
                    if nhex == 0 {
                        return bad(t);
                    }
                    // Surrogates are runes in Go; as chars they cannot exist, so they match nothing.
                    return Ok((char::from_u32(r).unwrap_or('\u{FFFD}'), t));
                }
                let x = unhex(c);
                if t.is_empty() {
                    return bad(t);
                }
                let (c2, rest) = next_rune(t);
                t = rest;
                match (x, unhex(c2)) {
                    (Some(x), Some(y)) => Ok((char::from_u32(x * 16 + y).expect("byte"), t)),
                    _ => bad(t),
                }
            }
            'a' => Ok(('\u{07}', t)),
            'f' => Ok(('\u{0C}', t)),
            'n' => Ok(('\n', t)),
            'r' => Ok(('\r', t)),
            't' => Ok(('\t', t)),
            'v' => Ok(('\u{0B}', t)),
            _ if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok((c, t)),
            _ => bad(t),
        }
    }

    /// Go's `parseUnicodeClass` (`s` starts with `\p` or `\P`): (class body, negated, rest).
    fn parse_unicode_class(s: &'a str) -> Result<Option<(String, bool, &'a str)>, Error> {
        let b = s.as_bytes();
        if b.len() < 2 || b[0] != b'\\' || (b[1] != b'p' && b[1] != b'P') {
            return Ok(None);
        }
        let mut negated = b[1] == b'P';
        let t = &s[2..];
        let (seq, mut name, rest): (&str, &str, &str);
        if t.is_empty() {
            seq = &s[..2];
            name = "";
            rest = t;
        } else {
            let (c, after) = next_rune(t);
            if c != '{' {
                seq = &s[..s.len() - after.len()];
                name = &seq[2..];
                rest = after;
            } else {
                let end = s.find('}').ok_or_else(|| err(ERR_INVALID_CHAR_RANGE, s))?;
                seq = &s[..end + 1];
                rest = &s[end + 1..];
                name = &s[3..end];
            }
        }
        if let Some(n) = name.strip_prefix('^') {
            negated = !negated;
            name = n;
        }
        let (body, inverted) = unicode_table(name).ok_or_else(|| err(ERR_INVALID_CHAR_RANGE, seq))?;
        Ok(Some((body, negated != inverted, rest)))
    }

    /// Go's `parseClass`.
    fn parse_class(&mut self, s: &'a str) -> Result<&'a str, Error> {
        let mut t = &s[1..];
        let mut negated = false;
        if t.starts_with('^') {
            negated = true;
            t = &t[1..];
        }
        let mut items: Vec<String> = Vec::new();
        let mut first = true;
        while t.is_empty() || !t.starts_with(']') || first {
            first = false;
            // POSIX [:alnum:] and friends.
            if t.len() > 2 && t.starts_with("[:") {
                if let Some(i) = t[2..].find(":]") {
                    let name = &t[..i + 4];
                    let (body, neg) = posix_class(name).ok_or_else(|| err(ERR_INVALID_CHAR_RANGE, name))?;
                    items.push(if neg { format!("[^{body}]") } else { body.to_string() });
                    t = &t[i + 4..];
                    continue;
                }
            }
            if let Some((body, neg, rest)) = Self::parse_unicode_class(t)? {
                items.push(if neg { format!("[^{body}]") } else { body });
                t = rest;
                continue;
            }
            if t.len() >= 2 && t.as_bytes()[0] == b'\\' {
                if let Some((body, neg)) = perl_class(t.as_bytes()[1]) {
                    items.push(if neg { format!("[^{body}]") } else { body.to_string() });
                    t = &t[2..];
                    continue;
                }
            }
            // A single character or a range.
            let rng = t;
            let (lo, rest) = Self::parse_class_char(t, s)?;
            t = rest;
            let mut hi = lo;
            if t.len() >= 2 && t.starts_with('-') && !t[1..].starts_with(']') {
                let (h, rest) = Self::parse_class_char(&t[1..], s)?;
                t = rest;
                hi = h;
                if hi < lo {
                    return Err(err(ERR_INVALID_CHAR_RANGE, &rng[..rng.len() - t.len()]));
                }
            }
            items.push(range_text(lo as u32, hi as u32));
        }
        t = &t[1..];
        let body: String = items.concat();
        // `[^…]` of an empty set is every rune; `[…]` of it is nothing.
        let class = match (negated, body.is_empty()) {
            (false, true) => "[^\\x00-\\x{10FFFF}]".to_string(),
            (true, true) => "[\\x00-\\x{10FFFF}]".to_string(),
            (false, false) => format!("[{body}]"),
            (true, false) => format!("[^{body}]"),
        };
        self.atom(class);
        Ok(t)
    }

    fn parse_class_char(s: &'a str, whole_class: &str) -> Result<(char, &'a str), Error> {
        if s.is_empty() {
            return Err(err(ERR_MISSING_BRACKET, whole_class));
        }
        if s.starts_with('\\') {
            return Self::parse_escape(s);
        }
        Ok(next_rune(s))
    }

    /// Go's `parseRepeat`: `{n}`, `{n,}`, `{n,m}`; `None` when `s` is not of that form (then `{`
    /// is a literal). Numbers too large come back as -1.
    fn parse_repeat(s: &str) -> Option<(i64, i64, &str)> {
        fn parse_int(s: &str) -> Option<(i64, &str)> {
            let b = s.as_bytes();
            if b.is_empty() || !b[0].is_ascii_digit() {
                return None;
            }
            if b.len() >= 2 && b[0] == b'0' && b[1].is_ascii_digit() {
                return None;
            }
            let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
            let mut v: i64 = 0;
            for &d in &b[..n] {
                if v >= 100_000_000 {
                    v = -1;
                    break;
                }
                v = v * 10 + (d - b'0') as i64;
            }
            Some((v, &s[n..]))
        }
        let s = s.strip_prefix('{')?;
        let (mut min, mut s) = parse_int(s)?;
        let max;
        if s.is_empty() {
            return None;
        }
        if !s.starts_with(',') {
            max = min;
        } else {
            s = &s[1..];
            if s.is_empty() {
                return None;
            }
            if s.starts_with('}') {
                max = -1;
            } else {
                let (m, rest) = parse_int(s)?;
                max = m;
                s = rest;
                if max < 0 {
                    min = -1;
                }
            }
        }
        let rest = s.strip_prefix('}')?;
        Some((min, max, rest))
    }

    /// Go's `repeat`: wrap the last node; `before` starts at the operator, `after` follows it.
    fn repeat(
        &mut self,
        min: i64,
        max: i64,
        before: &'a str,
        after: &'a str,
        last_repeat: &str,
    ) -> Result<&'a str, Error> {
        let mut after = after;
        let mut greedy = !self.flags.non_greedy;
        if after.starts_with('?') {
            after = &after[1..];
            greedy = !greedy;
        }
        if !last_repeat.is_empty() {
            return Err(err(ERR_INVALID_REPEAT_OP, &last_repeat[..last_repeat.len() - after.len()]));
        }
        let op_text = &before[..before.len() - after.len()];
        let frame = self.frames.last_mut().expect("root frame");
        let sub = frame.cur.pop().ok_or_else(|| err(ERR_MISSING_REPEAT_ARGUMENT, op_text))?;
        let node = Node::Repeat { sub: Box::new(sub), min, max, greedy };
        let is_counted = before.starts_with('{');
        if is_counted && (min >= 2 || max >= 2) && !node.repeat_is_valid(1000) {
            return Err(err(ERR_INVALID_REPEAT_SIZE, op_text));
        }
        frame.cur.push(node);
        Ok(after)
    }

    /// Go's `parsePerlFlags` (`s` starts with "(?").
    fn parse_perl_flags(&mut self, s: &'a str) -> Result<&'a str, Error> {
        let b = s.as_bytes();
        let starts_with_p = b.len() > 4 && b[2] == b'P' && b[3] == b'<';
        let starts_with_name = b.len() > 3 && b[2] == b'<';
        if starts_with_p || starts_with_name {
            let expr_start = if starts_with_name { 3 } else { 4 };
            let end = s.find('>').ok_or_else(|| err(ERR_INVALID_NAMED_CAPTURE, s))?;
            let capture = &s[..end + 1];
            let name = &s[expr_start..end];
            if name.is_empty() || !name.bytes().all(|c| c == b'_' || c.is_ascii_alphanumeric()) {
                return Err(err(ERR_INVALID_NAMED_CAPTURE, capture));
            }
            self.open_group(Some(name.to_string()));
            return Ok(&s[end + 1..]);
        }
        let mut t = &s[2..];
        let mut flags = self.flags;
        let mut negate = false;
        let mut saw_flag = false;
        while !t.is_empty() {
            let (c, rest) = next_rune(t);
            t = rest;
            let v = !negate;
            match c {
                'i' => {
                    flags.fold_case = v;
                    saw_flag = true;
                }
                'm' => {
                    flags.multi_line = v;
                    saw_flag = true;
                }
                's' => {
                    flags.dot_nl = v;
                    saw_flag = true;
                }
                'U' => {
                    flags.non_greedy = v;
                    saw_flag = true;
                }
                '-' => {
                    if negate {
                        break;
                    }
                    negate = true;
                    saw_flag = false;
                }
                ':' | ')' => {
                    if negate && !saw_flag {
                        break;
                    }
                    if c == ':' {
                        let saved = self.flags;
                        self.frames.push(Frame {
                            cap: 0,
                            is_root: false,
                            saved_flags: saved,
                            alts: vec![],
                            cur: vec![],
                        });
                    }
                    self.flags = flags;
                    return Ok(t);
                }
                _ => break,
            }
        }
        Err(err(ERR_INVALID_PERL_OP, &s[..s.len() - t.len()]))
    }

    fn open_group(&mut self, name: Option<String>) {
        self.names.push(name.unwrap_or_default());
        let cap = self.names.len() - 1;
        let saved = self.flags;
        self.frames.push(Frame { cap, is_root: false, saved_flags: saved, alts: vec![], cur: vec![] });
    }

    fn close_frame(frame: Frame) -> Node {
        let mut alts = frame.alts;
        let last = collapse_concat(frame.cur);
        if alts.is_empty() {
            return last;
        }
        alts.push(last);
        Node::Alternate(alts)
    }

    fn right_paren(&mut self) -> Result<(), Error> {
        if self.frames.last().expect("root").is_root {
            return Err(err(ERR_UNEXPECTED_PAREN, self.whole));
        }
        let frame = self.frames.pop().expect("group frame");
        self.flags = frame.saved_flags;
        let cap = frame.cap;
        let body = Self::close_frame(frame);
        let node = if cap == 0 { body } else { Node::Capture(Box::new(body)) };
        self.push(node);
        Ok(())
    }

    fn vertical_bar(&mut self) {
        let frame = self.frames.last_mut().expect("frame");
        let cur = std::mem::take(&mut frame.cur);
        frame.alts.push(collapse_concat(cur));
    }

    fn parse(whole: &'a str) -> Result<(Node, Vec<String>), Error> {
        let mut p = Parser {
            whole,
            flags: Flags { fold_case: false, multi_line: false, dot_nl: false, non_greedy: false },
            frames: vec![Frame {
                cap: 0,
                is_root: true,
                saved_flags: Flags { fold_case: false, multi_line: false, dot_nl: false, non_greedy: false },
                alts: vec![],
                cur: vec![],
            }],
            names: vec![String::new()],
        };
        let mut t = whole;
        let mut last_repeat: &str = "";
        while !t.is_empty() {
            let mut repeat: &str = "";
            let c = t.as_bytes()[0];
            match c {
                b'(' => {
                    if t.len() >= 2 && t.as_bytes()[1] == b'?' {
                        t = p.parse_perl_flags(t)?;
                    } else {
                        p.open_group(None);
                        t = &t[1..];
                    }
                }
                b'|' => {
                    p.vertical_bar();
                    t = &t[1..];
                }
                b')' => {
                    p.right_paren()?;
                    t = &t[1..];
                }
                b'^' => {
                    let a = if p.flags.multi_line { "(?m:^)" } else { "\\A" };
                    p.atom(a.into());
                    t = &t[1..];
                }
                b'$' => {
                    let a = if p.flags.multi_line { "(?m:$)" } else { "\\z" };
                    p.atom(a.into());
                    t = &t[1..];
                }
                b'.' => {
                    p.atom(if p.flags.dot_nl { "(?s:.)".into() } else { "(?-s:.)".into() });
                    t = &t[1..];
                }
                b'[' => t = p.parse_class(t)?,
                b'*' | b'+' | b'?' => {
                    let (min, max) = match c {
                        b'*' => (0, -1),
                        b'+' => (1, -1),
                        _ => (0, 1),
                    };
                    let before = t;
                    t = p.repeat(min, max, before, &t[1..], last_repeat)?;
                    repeat = before;
                }
                b'{' => {
                    let before = t;
                    match Self::parse_repeat(t) {
                        None => {
                            p.literal('{');
                            t = &t[1..];
                        }
                        Some((min, max, after)) => {
                            if !(0..=1000).contains(&min) || max > 1000 || max >= 0 && min > max {
                                return Err(err(ERR_INVALID_REPEAT_SIZE, &before[..before.len() - after.len()]));
                            }
                            t = p.repeat(min, max, before, after, last_repeat)?;
                            repeat = before;
                        }
                    }
                }
                b'\\' => {
                    let b = t.as_bytes();
                    let mut done = true;
                    if b.len() >= 2 {
                        match b[1] {
                            b'A' => p.atom("\\A".into()),
                            b'b' => p.atom("(?-u:\\b)".into()),
                            b'B' => p.atom("(?-u:\\B)".into()),
                            b'C' => return Err(err(ERR_INVALID_ESCAPE, &t[..2])),
                            b'Q' => {
                                let body = &t[2..];
                                let (lit, rest) = match body.find("\\E") {
                                    Some(i) => (&body[..i], &body[i + 2..]),
                                    None => (body, ""),
                                };
                                for ch in lit.chars() {
                                    p.literal(ch);
                                }
                                t = rest;
                                last_repeat = repeat;
                                continue;
                            }
                            b'z' => p.atom("\\z".into()),
                            _ => done = false,
                        }
                    } else {
                        done = false;
                    }
                    if done {
                        t = &t[2..];
                    } else if let Some((body, neg, rest)) = Self::parse_unicode_class(t)? {
                        p.atom(if neg { format!("[^{body}]") } else { format!("[{body}]") });
                        t = rest;
                    } else if let Some((body, neg)) = b.get(1).and_then(|&c| perl_class(c)) {
                        p.atom(if neg { format!("[^{body}]") } else { format!("[{body}]") });
                        t = &t[2..];
                    } else {
                        let (ch, rest) = Self::parse_escape(t)?;
                        p.literal(ch);
                        t = rest;
                    }
                }
                _ => {
                    let (ch, rest) = next_rune(t);
                    p.literal(ch);
                    t = rest;
                }
            }
            last_repeat = repeat;
        }
        if p.frames.len() != 1 {
            return Err(err(ERR_MISSING_PAREN, whole));
        }
        let root = p.frames.pop().expect("root");
        Ok((Self::close_frame(root), p.names))
    }
}

// ---- compiled regexp ----

/// A compiled Go regexp.
#[derive(Debug, Clone)]
pub struct GoRegexp {
    re: Regex,
    expr: String,
    /// Go's `SubexpNames()`: index 0 is the whole match ("").
    names: Vec<String>,
}

/// Go's `regexp.MustCompile` panic text for a failed compile.
pub fn must_compile_message(expr: &str, e: &Error) -> String {
    format!("regexp: Compile({}): {}", quote_for_compile(expr), e)
}

/// regexp's `quote`: backquoted when `strconv.CanBackquote`, else `strconv.Quote`.
fn quote_for_compile(s: &str) -> String {
    let can_backquote = s.chars().all(|c| c != '`' && c != '\u{FEFF}' && (c == '\t' || !(c < ' ' || c == '\u{7F}')));
    if can_backquote {
        format!("`{s}`")
    } else {
        strconv_quote(s)
    }
}

impl GoRegexp {
    /// `regexp.Compile`.
    pub fn compile(expr: &str) -> Result<GoRegexp, Error> {
        let (node, names) = Parser::parse(expr)?;
        let mut pattern = String::with_capacity(expr.len() * 4);
        node.emit(&mut pattern);
        let re = regex::RegexBuilder::new(&pattern)
            .size_limit(256 << 20)
            .nest_limit(2000)
            .build()
            .map_err(|_| err(ERR_LARGE, expr))?;
        Ok(GoRegexp { re, expr: expr.to_string(), names })
    }

    /// The source text.
    pub fn as_str(&self) -> &str {
        &self.expr
    }

    /// `SubexpNames()`.
    pub fn subexp_names(&self) -> &[String] {
        &self.names
    }

    /// `MatchString`.
    pub fn is_match(&self, s: &str) -> bool {
        self.re.is_match(s)
    }

    /// `FindString`: the leftmost match, or "".
    pub fn find_string<'s>(&self, s: &'s str) -> &'s str {
        self.re.find(s).map_or("", |m| m.as_str())
    }

    /// Go's `allMatches` iteration: (start, end) of successive matches, at most `n` (all when
    /// negative); an empty match right after the previous match is skipped.
    pub fn find_all_index(&self, s: &str, n: i64) -> Vec<(usize, usize)> {
        let n = if n < 0 { s.len() as i64 + 1 } else { n };
        let mut out = Vec::new();
        let (mut pos, mut prev_end): (usize, Option<usize>) = (0, None);
        while (out.len() as i64) < n && pos <= s.len() {
            let Some(m) = self.re.find_at(s, pos) else { break };
            let mut accept = true;
            if m.end() == pos {
                if Some(m.start()) == prev_end {
                    accept = false;
                }
                pos += s[pos..].chars().next().map_or(1, char::len_utf8);
            } else {
                pos = m.end();
            }
            prev_end = Some(m.end());
            if accept {
                out.push((m.start(), m.end()));
            }
        }
        out
    }

    /// `FindAllString(s, n)`; Go returns nil (an empty list) when nothing matches.
    pub fn find_all_string<'s>(&self, s: &'s str, n: i64) -> Vec<&'s str> {
        self.find_all_index(s, n).into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    /// Go's `replaceAll` loop; `repl` writes the replacement for one match.
    fn replace_all_with(&self, src: &str, mut repl: impl FnMut(&mut String, &regex::Captures)) -> String {
        let mut buf = String::with_capacity(src.len());
        let (mut last_match_end, mut search_pos) = (0usize, 0usize);
        while search_pos <= src.len() {
            let Some(caps) = self.re.captures_at(src, search_pos) else { break };
            let m = caps.get(0).expect("group 0");
            buf.push_str(&src[last_match_end..m.start()]);
            if m.end() > last_match_end || m.start() == 0 {
                repl(&mut buf, &caps);
            }
            last_match_end = m.end();
            let width = src[search_pos..].chars().next().map_or(0, char::len_utf8);
            if search_pos + width > m.end() {
                search_pos += width;
            } else if search_pos + 1 > m.end() {
                search_pos += 1;
            } else {
                search_pos = m.end();
            }
        }
        buf.push_str(&src[last_match_end..]);
        buf
    }

    /// `ReplaceAllString`: `$n`, `${n}`, `$name`, `${name}` expanded, `$$` is `$`.
    pub fn replace_all_string(&self, src: &str, template: &str) -> String {
        self.replace_all_with(src, |buf, caps| self.expand(buf, template, caps))
    }

    /// `ReplaceAllLiteralString`.
    pub fn replace_all_literal_string(&self, src: &str, repl: &str) -> String {
        self.replace_all_with(src, |buf, _| buf.push_str(repl))
    }

    /// Go's `Regexp.expand`.
    fn expand(&self, dst: &mut String, mut template: &str, caps: &regex::Captures) {
        while let Some(i) = template.find('$') {
            dst.push_str(&template[..i]);
            template = &template[i + 1..];
            if let Some(rest) = template.strip_prefix('$') {
                dst.push('$');
                template = rest;
                continue;
            }
            let Some((name, num, rest)) = extract(template) else {
                dst.push('$');
                continue;
            };
            template = rest;
            if let Some(num) = num {
                if let Some(m) = caps.get(num) {
                    dst.push_str(m.as_str());
                }
            } else {
                for (i, namei) in self.names.iter().enumerate() {
                    if name == namei {
                        if let Some(m) = caps.get(i) {
                            dst.push_str(m.as_str());
                            break;
                        }
                    }
                }
            }
        }
        dst.push_str(template);
    }

    /// `Split(s, n)`.
    pub fn split<'s>(&self, s: &'s str, n: i64) -> Vec<&'s str> {
        if n == 0 {
            return Vec::new();
        }
        if !self.expr.is_empty() && s.is_empty() {
            return vec![""];
        }
        let matches = self.find_all_index(s, n);
        let mut out = Vec::with_capacity(matches.len() + 1);
        let (mut beg, mut end) = (0usize, 0usize);
        for (a, b) in matches {
            if n > 0 && out.len() as i64 == n - 1 {
                break;
            }
            end = a;
            if b != 0 {
                out.push(&s[beg..end]);
            }
            beg = b;
        }
        if end != s.len() {
            out.push(&s[beg..]);
        }
        out
    }
}

/// Go's `extract`: a leading `name` or `{name}` of a template after `$`; (name, number, rest).
fn extract(s: &str) -> Option<(&str, Option<usize>, &str)> {
    if s.is_empty() {
        return None;
    }
    let (brace, body) = match s.strip_prefix('{') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let mut i = 0;
    for c in body.chars() {
        if !crate::golang::unicode::is_letter(c) && !crate::golang::unicode::is_digit(c) && c != '_' {
            break;
        }
        i += c.len_utf8();
    }
    if i == 0 {
        return None;
    }
    let name = &body[..i];
    let mut end = i;
    if brace {
        if !body[i..].starts_with('}') {
            return None;
        }
        end += 1;
    }
    let mut num: Option<usize> = Some(0);
    for &b in name.as_bytes() {
        match num {
            Some(v) if b.is_ascii_digit() && v < 100_000_000 => num = Some(v * 10 + (b - b'0') as usize),
            _ => {
                num = None;
                break;
            }
        }
    }
    if name.len() > 1 && name.starts_with('0') {
        num = None;
    }
    Some((name, num, &body[end..]))
}

/// `regexp.QuoteMeta`.
pub fn quote_meta(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `regexp.MatchString(pattern, s)`.
pub fn match_string(pattern: &str, s: &str) -> Result<bool, Error> {
    Ok(GoRegexp::compile(pattern)?.is_match(s))
}

#[cfg(test)]
#[path = "regexp_tests.rs"]
mod tests;
