//! The scanner: template text → items, with the semantics of Go's `text/template/parse` lexer
//! (trim markers `{{- ` / ` -}}`, comments, multi-line actions, numbers as Go scans them) and its
//! error texts. Items carry their byte offset and line for error messages.
//!
//! It works on bytes: every character with a meaning to the scanner is ASCII, and UTF-8
//! continuation bytes never equal an ASCII byte, so a non-ASCII character is decoded only where
//! Go's rules look at it (identifiers, error messages). Items borrow their text from the input and
//! are `Copy`; an error item's message is kept by the lexer ([`Lexer::error`]).
//!
//! White space inside an action is not an item of its own (Go's lexer emits space items): the
//! parser only skips them, except between the arguments of a command, so the item after a run of
//! white space says so in [`Item::space`]. That saves a third of the items of a typical chart.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemType {
    Error,
    Bool,
    Char,
    CharConstant,
    Comment,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    String,
    Text,
    Variable,
    // Keywords follow.
    Keyword,
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

fn keyword(word: &[u8]) -> Option<ItemType> {
    Some(match word {
        b"block" => ItemType::Block,
        b"break" => ItemType::Break,
        b"continue" => ItemType::Continue,
        b"define" => ItemType::Define,
        b"else" => ItemType::Else,
        b"end" => ItemType::End,
        b"if" => ItemType::If,
        b"range" => ItemType::Range,
        b"nil" => ItemType::Nil,
        b"template" => ItemType::Template,
        b"with" => ItemType::With,
        _ => return None,
    })
}

/// A token.
#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    pub typ: ItemType,
    /// Byte offset in the input.
    pub pos: usize,
    /// The text (empty for errors: the message is [`Lexer::error`]).
    pub val: &'a str,
    /// 1-based line where the item starts.
    pub line: usize,
    /// Whether white space (Go's space item) comes right before it, inside an action.
    pub space: bool,
}

impl std::fmt::Display for Item<'_> {
    /// As Go's `item.String()`, used in "unexpected X in Y" messages (not for errors).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.typ {
            ItemType::Eof => f.write_str("EOF"),
            t if t > ItemType::Keyword => write!(f, "<{}>", self.val),
            _ if self.val.chars().count() > 10 => {
                let head: String = self.val.chars().take(10).collect();
                write!(f, "{}...", super::quote::quote(&head))
            }
            _ => f.write_str(&super::quote::quote(self.val)),
        }
    }
}

/// The scanner state.
pub struct Lexer<'a> {
    input: &'a str,
    /// Where the scan is.
    pos: usize,
    /// Where the pending item starts.
    start: usize,
    /// The line of `start`.
    line: usize,
    paren_depth: i32,
    break_ok: bool,
    continue_ok: bool,
    inside_action: bool,
    /// Whether white space was skipped since the last item.
    space: bool,
    done: bool,
    /// The message of the error item, once there was one.
    err: String,
}

/// The number of line feeds in `s`.
fn newlines(s: &[u8]) -> usize {
    s.iter().filter(|&&b| b == b'\n').count()
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

pub(crate) fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

fn is_ascii_word(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric()
}

/// The length of the white space (space, tab, CR, LF) that `s` starts with.
fn leading_space(s: &[u8]) -> usize {
    s.iter().position(|&b| !is_space(b)).unwrap_or(s.len())
}

/// `-` followed by a space: a left trim marker, when right after `{{`.
fn has_left_trim_marker(s: &[u8]) -> bool {
    s.len() >= 2 && s[0] == b'-' && is_space(s[1])
}

/// `{{` (two bytes) and a position in `b`: whether `b[i..]` starts with it.
fn at_pair(b: &[u8], i: usize, pair: &[u8; 2]) -> bool {
    b.get(i..i + 2) == Some(pair)
}

/// `%#U`: `U+002D '-'` (the quoted character only when printable).
pub(crate) fn fmt_sharp_u(c: char) -> String {
    if super::quote::is_print(c) {
        format!("U+{:04X} '{}'", c as u32, c)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

impl<'a> Lexer<'a> {
    /// A lexer over `input`; `break`/`continue` are keywords unless functions of those names exist.
    pub fn new(input: &'a str, break_ok: bool, continue_ok: bool) -> Lexer<'a> {
        Lexer { input, pos: 0, start: 0, line: 1, paren_depth: 0, break_ok, continue_ok, inside_action: false, space: false, done: false, err: String::new() }
    }

    /// The message of the error item the lexer returned.
    pub fn error(&self) -> &str {
        &self.err
    }

    fn bytes(&self) -> &'a [u8] {
        self.input.as_bytes()
    }

    /// The character at byte `i` (`None` at the end).
    fn char_at(&self, i: usize) -> Option<char> {
        match self.bytes().get(i) {
            None => None,
            Some(&b) if b < 0x80 => Some(b as char),
            Some(_) => self.input[i..].chars().next(),
        }
    }

    /// The item `start..pos`, which holds no line feed; the next one starts at `pos`.
    fn emit(&mut self, typ: ItemType) -> Item<'a> {
        let item = Item { typ, pos: self.start, val: &self.input[self.start..self.pos], line: self.line, space: self.space };
        self.start = self.pos;
        self.space = false;
        item
    }

    /// The same for an item that may span lines.
    fn emit_lines(&mut self, typ: ItemType) -> Item<'a> {
        let item = self.emit(typ);
        self.line += newlines(item.val.as_bytes());
        item
    }

    /// Skips `start..pos`.
    fn ignore(&mut self) {
        self.line += newlines(&self.bytes()[self.start..self.pos]);
        self.start = self.pos;
    }

    fn errorf(&mut self, msg: String) -> Item<'a> {
        self.err = msg;
        self.done = true;
        Item { typ: ItemType::Error, pos: self.start, val: "", line: self.line, space: std::mem::take(&mut self.space) }
    }

    /// The next item; `Eof` forever after the end or an error.
    pub fn next_item(&mut self) -> Item<'a> {
        if self.done {
            return Item { typ: ItemType::Eof, pos: self.pos, val: "", line: self.line, space: false };
        }
        if self.inside_action {
            self.lex_inside_action()
        } else {
            self.lex_text()
        }
    }

    /// Text up to the next `{{` (less the white space a `{{- ` trims), then the delimiter.
    fn lex_text(&mut self) -> Item<'a> {
        loop {
            let b = self.bytes();
            let Some(x) = find_pair(&b[self.pos..], b'{') else {
                self.pos = b.len();
                if self.pos > self.start {
                    return self.emit_lines(ItemType::Text);
                }
                self.done = true;
                return self.emit(ItemType::Eof);
            };
            let delim = self.pos + x;
            let mut end = delim;
            if has_left_trim_marker(&b[delim + 2..]) {
                while end > self.start && is_space(b[end - 1]) {
                    end -= 1;
                }
            }
            if end > self.start {
                self.pos = end;
                let item = self.emit_lines(ItemType::Text);
                self.pos = delim;
                self.ignore();
                return item;
            }
            self.pos = delim;
            self.ignore();
            if let Some(item) = self.lex_left_delim() {
                return item;
            }
        }
    }

    /// Whether `pos` is at `}}` or ` -}}` (the second answer).
    fn at_right_delim(&self) -> (bool, bool) {
        let b = &self.bytes()[self.pos..];
        if b.len() >= 4 && is_space(b[0]) && b[1] == b'-' && b[2] == b'}' && b[3] == b'}' {
            return (true, true);
        }
        (b.starts_with(b"}}"), false)
    }

    /// `{{` at `pos`: the delimiter item, or `None` after a comment (whose text follows).
    fn lex_left_delim(&mut self) -> Option<Item<'a>> {
        self.pos += 2;
        let b = self.bytes();
        let after = if has_left_trim_marker(&b[self.pos..]) { 2 } else { 0 };
        if at_pair(b, self.pos + after, b"/*") {
            self.pos += after;
            self.ignore();
            return self.lex_comment();
        }
        let item = self.emit(ItemType::LeftDelim);
        self.pos += after;
        self.ignore();
        self.paren_depth = 0;
        self.inside_action = true;
        Some(item)
    }

    /// `/*` at `pos`: skips the comment and its delimiter; `None`, or the error.
    fn lex_comment(&mut self) -> Option<Item<'a>> {
        self.pos += 2;
        let b = self.bytes();
        let Some(i) = memchr::memmem::find(&b[self.pos..], b"*/") else {
            return Some(self.errorf("unclosed comment".into()));
        };
        self.pos += i + 2;
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return Some(self.errorf("comment ends before closing delimiter".into()));
        }
        self.pos += if trim { 4 } else { 2 };
        if trim {
            self.pos += leading_space(&b[self.pos..]);
        }
        self.ignore();
        None
    }

    fn lex_right_delim(&mut self) -> Item<'a> {
        let b = self.bytes();
        let trim = is_space(b[self.pos]) && b[self.pos + 1] == b'-';
        if trim {
            self.pos += 2;
            self.ignore();
        }
        self.pos += 2;
        let item = self.emit(ItemType::RightDelim);
        if trim {
            self.pos += leading_space(&b[self.pos..]);
            self.ignore();
        }
        self.inside_action = false;
        item
    }

    fn lex_inside_action(&mut self) -> Item<'a> {
        if self.at_space() {
            self.skip_space();
        }
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return self.lex_right_delim();
            }
            return self.errorf("unclosed left paren".into());
        }
        let b = self.bytes();
        let Some(&c) = b.get(self.pos) else {
            return self.errorf("unclosed action".into());
        };
        if c >= 0x80 {
            let ch = self.char_at(self.pos).unwrap_or('\u{FFFD}');
            if is_alphanumeric(ch) {
                return self.lex_identifier();
            }
            self.pos += ch.len_utf8();
            return self.errorf(format!("unrecognized character in action: {}", fmt_sharp_u(ch)));
        }
        self.pos += 1;
        match c {
            b'=' => self.emit(ItemType::Assign),
            b':' => {
                if b.get(self.pos) != Some(&b'=') {
                    return self.errorf("expected :=".into());
                }
                self.pos += 1;
                self.emit(ItemType::Declare)
            }
            b'|' => self.emit(ItemType::Pipe),
            b'"' => self.lex_quote(b'"', ItemType::String, "unterminated quoted string"),
            b'`' => self.lex_raw_quote(),
            b'$' => self.lex_field_or_variable(ItemType::Variable),
            b'\'' => self.lex_quote(b'\'', ItemType::CharConstant, "unterminated character constant"),
            b'.' if b.get(self.pos).is_some_and(|b| !b.is_ascii_digit()) => self.lex_field_or_variable(ItemType::Field),
            b'.' | b'+' | b'-' | b'0'..=b'9' => {
                self.pos -= 1;
                self.lex_number()
            }
            c if is_ascii_word(c) => self.lex_identifier(),
            b'(' => {
                self.paren_depth += 1;
                self.emit(ItemType::LeftParen)
            }
            b')' => {
                let item = self.emit(ItemType::RightParen);
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    return self.errorf("unexpected right paren".into());
                }
                item
            }
            0x20..=0x7e => self.emit(ItemType::Char),
            c => self.errorf(format!("unrecognized character in action: {}", fmt_sharp_u(c as char))),
        }
    }

    /// Whether the scan is inside an action, at white space (then the next item has
    /// [`Item::space`]).
    pub fn at_space(&self) -> bool {
        self.inside_action && self.bytes().get(self.pos).is_some_and(|&b| is_space(b))
    }

    /// Skips a run of white space, as Go's space item, but for the space of a trim-marked right
    /// delimiter (` -}}`), which is left to lex_right_delim.
    fn skip_space(&mut self) {
        let b = self.bytes();
        let mut end = self.pos + leading_space(&b[self.pos..]);
        if b.get(end) == Some(&b'-') && at_pair(b, end + 1, b"}}") {
            end -= 1;
        }
        if end > self.pos {
            self.pos = end;
            self.ignore();
            self.space = true;
        }
    }

    /// Skips word characters (letters, digits, `_`) from `pos`.
    fn skip_word(&mut self) {
        let b = self.bytes();
        loop {
            match b.get(self.pos) {
                Some(&c) if is_ascii_word(c) => self.pos += 1,
                Some(&c) if c >= 0x80 => match self.char_at(self.pos) {
                    Some(ch) if is_alphanumeric(ch) => self.pos += ch.len_utf8(),
                    _ => return,
                },
                _ => return,
            }
        }
    }

    /// The error for a word that is not followed by a terminator.
    fn bad_character(&mut self) -> Item<'a> {
        let c = self.char_at(self.pos).unwrap_or('\u{FFFD}');
        self.errorf(format!("bad character {}", fmt_sharp_u(c)))
    }

    fn lex_identifier(&mut self) -> Item<'a> {
        self.skip_word();
        if !self.at_terminator() {
            return self.bad_character();
        }
        let word = &self.bytes()[self.start..self.pos];
        match keyword(word) {
            Some(ItemType::Break) if !self.break_ok => self.emit(ItemType::Identifier),
            Some(ItemType::Continue) if !self.continue_ok => self.emit(ItemType::Identifier),
            Some(k) => self.emit(k),
            None if word == b"true" || word == b"false" => self.emit(ItemType::Bool),
            None => self.emit(ItemType::Identifier),
        }
    }

    /// A field or variable, the `.` or `$` of which was read; alone, they are `.` and `$`.
    fn lex_field_or_variable(&mut self, typ: ItemType) -> Item<'a> {
        if self.at_terminator() {
            let t = if typ == ItemType::Variable { ItemType::Variable } else { ItemType::Dot };
            return self.emit(t);
        }
        self.skip_word();
        if !self.at_terminator() {
            return self.bad_character();
        }
        self.emit(typ)
    }

    fn at_terminator(&self) -> bool {
        match self.bytes().get(self.pos) {
            None => true,
            Some(&c) => is_space(c) || matches!(c, b'.' | b',' | b'|' | b':' | b')' | b'(' | b'}'),
        }
    }

    /// A quoted string or character constant, the opening quote of which was read. A backslash
    /// escapes the next character (checked by the parser), a line feed ends it in error.
    fn lex_quote(&mut self, quote: u8, typ: ItemType, unterminated: &str) -> Item<'a> {
        let b = self.bytes();
        loop {
            match b.get(self.pos) {
                Some(b'\\') => match b.get(self.pos + 1) {
                    Some(&c) if c != b'\n' => self.pos += 2,
                    _ => {
                        self.pos = (self.pos + 2).min(b.len());
                        return self.errorf(unterminated.into());
                    }
                },
                None | Some(b'\n') => return self.errorf(unterminated.into()),
                Some(&c) => {
                    self.pos += 1;
                    if c == quote {
                        return self.emit(typ);
                    }
                }
            }
        }
    }

    fn lex_number(&mut self) -> Item<'a> {
        if !self.scan_number() {
            return self.bad_number();
        }
        if let Some(b'+' | b'-') = self.bytes().get(self.pos) {
            if !self.scan_number() || self.bytes()[self.pos - 1] != b'i' {
                return self.bad_number();
            }
            return self.emit(ItemType::Complex);
        }
        self.emit(ItemType::Number)
    }

    fn bad_number(&mut self) -> Item<'a> {
        let text = super::quote::quote(&self.input[self.start..self.pos]);
        self.errorf(format!("bad number syntax: {text}"))
    }

    /// Consumes one byte of `valid` at `pos`.
    fn accept(&mut self, valid: &[u8]) -> bool {
        match self.bytes().get(self.pos) {
            Some(c) if valid.contains(c) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &[u8]) {
        while self.accept(valid) {}
    }

    fn scan_number(&mut self) -> bool {
        const DEC: &[u8] = b"0123456789_";
        const HEX: &[u8] = b"0123456789abcdefABCDEF_";
        self.accept(b"+-");
        let mut digits = DEC;
        if self.accept(b"0") {
            if self.accept(b"xX") {
                digits = HEX;
            } else if self.accept(b"oO") {
                digits = b"01234567_";
            } else if self.accept(b"bB") {
                digits = b"01_";
            }
        }
        self.accept_run(digits);
        if self.accept(b".") {
            self.accept_run(digits);
        }
        if digits.len() == DEC.len() && self.accept(b"eE") {
            self.accept(b"+-");
            self.accept_run(DEC);
        }
        if digits.len() == HEX.len() && self.accept(b"pP") {
            self.accept(b"+-");
            self.accept_run(DEC);
        }
        self.accept(b"i");
        if let Some(c) = self.char_at(self.pos).filter(|&c| is_alphanumeric(c)) {
            self.pos += c.len_utf8();
            return false;
        }
        true
    }

    /// A raw string: one search for the closing quote (Grafana dashboards embedded as raw
    /// strings are tens of kilobytes each).
    fn lex_raw_quote(&mut self) -> Item<'a> {
        let b = self.bytes();
        let Some(i) = memchr::memchr(b'`', &b[self.pos..]) else {
            self.pos = b.len();
            return self.errorf("unterminated raw quoted string".into());
        };
        self.pos += i + 1;
        self.emit_lines(ItemType::RawString)
    }
}

/// The offset of the first `cc` (a doubled byte, as `{{`) in `b`.
fn find_pair(b: &[u8], c: u8) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(c, &b[from..]) {
        let at = from + i;
        if b.get(at + 1) == Some(&c) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(s: &str) -> Vec<(ItemType, String)> {
        let mut l = Lexer::new(s, true, true);
        let mut out = Vec::new();
        loop {
            let it = l.next_item();
            let done = matches!(it.typ, ItemType::Eof | ItemType::Error);
            let val = if it.typ == ItemType::Error { l.error().to_string() } else { it.val.to_string() };
            // An item after white space shows it as Go's space item would be.
            out.push((it.typ, if it.space && it.typ != ItemType::Error { format!("␣{val}") } else { val }));
            if done {
                return out;
            }
        }
    }

    #[test]
    fn trims_and_tokens() {
        use ItemType::*;
        assert_eq!(
            items("a  {{- .X | f 1 -}}  b"),
            vec![
                (Text, "a".into()),
                (LeftDelim, "{{".into()),
                (Field, ".X".into()),
                (Pipe, "␣|".into()),
                (Identifier, "␣f".into()),
                (Number, "␣1".into()),
                (RightDelim, "}}".into()),
                (Text, "b".into()),
                (Eof, "".into())
            ]
        );
        assert_eq!(items("{{-3}}")[1], (Number, "-3".into()));
        assert_eq!(items("{{ 1-}}").last().unwrap(), &(Error, "bad number syntax: \"1-\"".into()));
        assert_eq!(items("{{ .a-b }}").last().unwrap(), &(Error, "bad character U+002D '-'".into()));
        assert_eq!(items("x{{/* c */}}y"), vec![(Text, "x".into()), (Text, "y".into()), (Eof, "".into())]);
        // The space of ` -}}` belongs to the delimiter; more space before it is skipped.
        assert_eq!(items("{{.a -}}")[2], (RightDelim, "}}".into()));
        assert_eq!(items("{{.a \n -}}")[2], (RightDelim, "␣}}".into()));
        assert_eq!(items("{{ .a.b .c }}")[1..5], [(Field, "␣.a".into()), (Field, ".b".into()), (Field, "␣.c".into()), (RightDelim, "␣}}".into())]);
    }
}
