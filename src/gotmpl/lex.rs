//! The scanner: template text → items, with the semantics of Go's `text/template/parse` lexer
//! (trim markers `{{- ` / ` -}}`, comments, multi-line actions, numbers as Go scans them) and its
//! error texts. Items carry their byte offset and line for error messages.

use std::borrow::Cow;

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
    Space,
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

fn keyword(word: &str) -> Option<ItemType> {
    Some(match word {
        "." => ItemType::Dot,
        "block" => ItemType::Block,
        "break" => ItemType::Break,
        "continue" => ItemType::Continue,
        "define" => ItemType::Define,
        "else" => ItemType::Else,
        "end" => ItemType::End,
        "if" => ItemType::If,
        "range" => ItemType::Range,
        "nil" => ItemType::Nil,
        "template" => ItemType::Template,
        "with" => ItemType::With,
        _ => return None,
    })
}

/// A token.
#[derive(Clone, Debug)]
pub struct Item<'a> {
    pub typ: ItemType,
    /// Byte offset in the input.
    pub pos: usize,
    /// The text (for errors: the message).
    pub val: Cow<'a, str>,
    /// 1-based line where the item starts.
    pub line: usize,
}

impl std::fmt::Display for Item<'_> {
    /// As Go's `item.String()`, used in "unexpected X in Y" messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.typ {
            ItemType::Eof => f.write_str("EOF"),
            ItemType::Error => f.write_str(&self.val),
            t if t > ItemType::Keyword => write!(f, "<{}>", self.val),
            _ if self.val.chars().count() > 10 => {
                let head: String = self.val.chars().take(10).collect();
                write!(f, "{}...", super::quote::quote(&head))
            }
            _ => f.write_str(&super::quote::quote(&self.val)),
        }
    }
}

const LEFT_DELIM: &str = "{{";
const RIGHT_DELIM: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";
const TRIM_MARKER_LEN: usize = 2;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Text,
    LeftDelim,
    Comment,
    RightDelim,
    InsideAction,
    Space,
    Identifier,
    Field,
    Variable,
    Char,
    Number,
    Quote,
    RawQuote,
    Done,
}

/// The scanner state.
pub struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    width: usize,
    paren_depth: i32,
    line: usize,
    start_line: usize,
    break_ok: bool,
    continue_ok: bool,
    state: State,
}

/// The number of line feeds in `s`.
fn newlines(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

pub(crate) fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

fn has_left_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(b[1] as char)
}

fn has_right_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(b[0] as char) && b[1] == b'-'
}

const SPACE_CHARS: &[char] = &[' ', '\t', '\r', '\n'];

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
        Lexer {
            input,
            pos: 0,
            start: 0,
            width: 0,
            paren_depth: 0,
            line: 1,
            start_line: 1,
            break_ok,
            continue_ok,
            state: State::Text,
        }
    }

    fn next(&mut self) -> Option<char> {
        match self.input.as_bytes().get(self.pos) {
            None => {
                self.width = 0;
                None
            }
            Some(&b) if b < 0x80 => {
                self.width = 1;
                self.pos += 1;
                if b == b'\n' {
                    self.line += 1;
                }
                Some(b as char)
            }
            Some(_) => {
                let c = self.input[self.pos..].chars().next()?;
                self.width = c.len_utf8();
                self.pos += self.width;
                Some(c)
            }
        }
    }

    fn peek(&mut self) -> Option<char> {
        let c = self.next();
        self.backup();
        c
    }

    fn backup(&mut self) {
        self.pos -= self.width;
        if self.width == 1 && self.input.as_bytes()[self.pos] == b'\n' {
            self.line -= 1;
        }
    }

    fn emit(&mut self, typ: ItemType) -> Item<'a> {
        let item = Item { typ, pos: self.start, val: Cow::Borrowed(&self.input[self.start..self.pos]), line: self.start_line };
        self.start = self.pos;
        self.start_line = self.line;
        item
    }

    fn ignore(&mut self) {
        self.line += newlines(&self.input[self.start..self.pos]);
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.next() {
            Some(c) if valid.contains(c) => true,
            _ => {
                self.backup();
                false
            }
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while let Some(c) = self.next() {
            if !valid.contains(c) {
                break;
            }
        }
        self.backup();
    }

    fn errorf(&mut self, msg: String) -> (Option<Item<'a>>, State) {
        (Some(Item { typ: ItemType::Error, pos: self.start, val: Cow::Owned(msg), line: self.start_line }), State::Done)
    }

    /// The next item; `Eof` forever after the end or an error.
    pub fn next_item(&mut self) -> Item<'a> {
        while self.state != State::Done {
            let (item, next) = self.step();
            self.state = next;
            if let Some(item) = item {
                return item;
            }
        }
        let pos = self.pos;
        Item { typ: ItemType::Eof, pos, val: Cow::Borrowed(""), line: self.start_line }
    }

    fn step(&mut self) -> (Option<Item<'a>>, State) {
        match self.state {
            State::Text => self.lex_text(),
            State::LeftDelim => self.lex_left_delim(),
            State::Comment => self.lex_comment(),
            State::RightDelim => self.lex_right_delim(),
            State::InsideAction => self.lex_inside_action(),
            State::Space => self.lex_space(),
            State::Identifier => self.lex_identifier(),
            State::Field => self.lex_field_or_variable(ItemType::Field),
            State::Variable => {
                if self.at_terminator() {
                    return (Some(self.emit(ItemType::Variable)), State::InsideAction);
                }
                self.lex_field_or_variable(ItemType::Variable)
            }
            State::Char => self.lex_char(),
            State::Number => self.lex_number(),
            State::Quote => self.lex_quote(),
            State::RawQuote => self.lex_raw_quote(),
            State::Done => (None, State::Done),
        }
    }

    fn lex_text(&mut self) -> (Option<Item<'a>>, State) {
        self.width = 0;
        if let Some(x) = self.input[self.pos..].find(LEFT_DELIM) {
            self.pos += x;
            let mut trim = 0;
            if has_left_trim_marker(&self.input[self.pos + LEFT_DELIM.len()..]) {
                let text = &self.input[self.start..self.pos];
                trim = text.len() - text.trim_end_matches(SPACE_CHARS).len();
            }
            self.pos -= trim;
            let mut item = None;
            if self.pos > self.start {
                self.line += newlines(&self.input[self.start..self.pos]);
                item = Some(self.emit(ItemType::Text));
            }
            self.pos += trim;
            self.ignore();
            return (item, State::LeftDelim);
        }
        self.pos = self.input.len();
        if self.pos > self.start {
            self.line += newlines(&self.input[self.start..self.pos]);
            return (Some(self.emit(ItemType::Text)), State::Text);
        }
        (Some(self.emit(ItemType::Eof)), State::Done)
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let rest = &self.input[self.pos..];
        if has_right_trim_marker(rest) && rest[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            return (true, true);
        }
        (rest.starts_with(RIGHT_DELIM), false)
    }

    fn lex_left_delim(&mut self) -> (Option<Item<'a>>, State) {
        self.pos += LEFT_DELIM.len();
        let trim = has_left_trim_marker(&self.input[self.pos..]);
        let after = if trim { TRIM_MARKER_LEN } else { 0 };
        if self.input[self.pos + after..].starts_with(LEFT_COMMENT) {
            self.pos += after;
            self.ignore();
            return (None, State::Comment);
        }
        let item = self.emit(ItemType::LeftDelim);
        self.pos += after;
        self.ignore();
        self.paren_depth = 0;
        (Some(item), State::InsideAction)
    }

    fn lex_comment(&mut self) -> (Option<Item<'a>>, State) {
        self.pos += LEFT_COMMENT.len();
        let Some(i) = self.input[self.pos..].find(RIGHT_COMMENT) else {
            return self.errorf("unclosed comment".into());
        };
        self.pos += i + RIGHT_COMMENT.len();
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.errorf("comment ends before closing delimiter".into());
        }
        if trim {
            self.pos += TRIM_MARKER_LEN;
        }
        self.pos += RIGHT_DELIM.len();
        if trim {
            let rest = &self.input[self.pos..];
            self.pos += rest.len() - rest.trim_start_matches(SPACE_CHARS).len();
        }
        self.ignore();
        (None, State::Text)
    }

    fn lex_right_delim(&mut self) -> (Option<Item<'a>>, State) {
        let trim = has_right_trim_marker(&self.input[self.pos..]);
        if trim {
            self.pos += TRIM_MARKER_LEN;
            self.ignore();
        }
        self.pos += RIGHT_DELIM.len();
        let item = self.emit(ItemType::RightDelim);
        if trim {
            let rest = &self.input[self.pos..];
            self.pos += rest.len() - rest.trim_start_matches(SPACE_CHARS).len();
            self.ignore();
        }
        (Some(item), State::Text)
    }

    fn lex_inside_action(&mut self) -> (Option<Item<'a>>, State) {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return (None, State::RightDelim);
            }
            return self.errorf("unclosed left paren".into());
        }
        let Some(c) = self.next() else {
            return self.errorf("unclosed action".into());
        };
        let item = match c {
            c if is_space(c) => {
                self.backup();
                return (None, State::Space);
            }
            '=' => self.emit(ItemType::Assign),
            ':' => {
                if self.next() != Some('=') {
                    return self.errorf("expected :=".into());
                }
                self.emit(ItemType::Declare)
            }
            '|' => self.emit(ItemType::Pipe),
            '"' => return (None, State::Quote),
            '`' => return (None, State::RawQuote),
            '$' => return (None, State::Variable),
            '\'' => return (None, State::Char),
            '.' if self.input.as_bytes().get(self.pos).is_some_and(|b| !b.is_ascii_digit()) => {
                return (None, State::Field);
            }
            '.' | '+' | '-' | '0'..='9' => {
                self.backup();
                return (None, State::Number);
            }
            c if is_alphanumeric(c) => {
                self.backup();
                return (None, State::Identifier);
            }
            '(' => {
                self.paren_depth += 1;
                self.emit(ItemType::LeftParen)
            }
            ')' => {
                let item = self.emit(ItemType::RightParen);
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    return self.errorf("unexpected right paren".into());
                }
                item
            }
            c if (c as u32) < 0x7f && (c as u32) >= 0x20 => self.emit(ItemType::Char),
            c => return self.errorf(format!("unrecognized character in action: {}", fmt_sharp_u(c))),
        };
        (Some(item), State::InsideAction)
    }

    fn lex_space(&mut self) -> (Option<Item<'a>>, State) {
        let mut n = 0;
        while self.peek().is_some_and(is_space) {
            self.next();
            n += 1;
        }
        // A trim-marked right delimiter starts with a space: leave it to lex_right_delim.
        let before = &self.input[self.pos - 1..];
        if has_right_trim_marker(before) && before[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            self.backup();
            if n == 1 {
                return (None, State::RightDelim);
            }
        }
        (Some(self.emit(ItemType::Space)), State::InsideAction)
    }

    fn lex_identifier(&mut self) -> (Option<Item<'a>>, State) {
        loop {
            match self.next() {
                Some(c) if is_alphanumeric(c) => {}
                c => {
                    if c.is_some() {
                        self.backup();
                    }
                    let word = &self.input[self.start..self.pos];
                    if !self.at_terminator() {
                        let c = c.unwrap_or('\u{FFFD}');
                        return self.errorf(format!("bad character {}", fmt_sharp_u(c)));
                    }
                    let item = match keyword(word) {
                        Some(ItemType::Break) if !self.break_ok => self.emit(ItemType::Identifier),
                        Some(ItemType::Continue) if !self.continue_ok => self.emit(ItemType::Identifier),
                        Some(k) => self.emit(k),
                        None if word.starts_with('.') => self.emit(ItemType::Field),
                        None if word == "true" || word == "false" => self.emit(ItemType::Bool),
                        None => self.emit(ItemType::Identifier),
                    };
                    return (Some(item), State::InsideAction);
                }
            }
        }
    }

    fn lex_field_or_variable(&mut self, typ: ItemType) -> (Option<Item<'a>>, State) {
        if self.at_terminator() {
            let t = if typ == ItemType::Variable { ItemType::Variable } else { ItemType::Dot };
            return (Some(self.emit(t)), State::InsideAction);
        }
        let last;
        loop {
            match self.next() {
                Some(c) if is_alphanumeric(c) => {}
                c => {
                    if c.is_some() {
                        self.backup();
                    }
                    last = c;
                    break;
                }
            }
        }
        if !self.at_terminator() {
            return self.errorf(format!("bad character {}", fmt_sharp_u(last.unwrap_or('\u{FFFD}'))));
        }
        (Some(self.emit(typ)), State::InsideAction)
    }

    fn at_terminator(&mut self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            Some(c) => RIGHT_DELIM.starts_with(c),
        }
    }

    fn lex_char(&mut self) -> (Option<Item<'a>>, State) {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    Some(c) if c != '\n' => {}
                    _ => return self.errorf("unterminated character constant".into()),
                },
                None | Some('\n') => return self.errorf("unterminated character constant".into()),
                Some('\'') => break,
                _ => {}
            }
        }
        (Some(self.emit(ItemType::CharConstant)), State::InsideAction)
    }

    fn lex_number(&mut self) -> (Option<Item<'a>>, State) {
        if !self.scan_number() {
            let text = super::quote::quote(&self.input[self.start..self.pos]);
            return self.errorf(format!("bad number syntax: {text}"));
        }
        if let Some('+' | '-') = self.peek() {
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let text = super::quote::quote(&self.input[self.start..self.pos]);
                return self.errorf(format!("bad number syntax: {text}"));
            }
            return (Some(self.emit(ItemType::Complex)), State::InsideAction);
        }
        (Some(self.emit(ItemType::Number)), State::InsideAction)
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek().is_some_and(is_alphanumeric) {
            self.next();
            return false;
        }
        true
    }

    fn lex_quote(&mut self) -> (Option<Item<'a>>, State) {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    Some(c) if c != '\n' => {}
                    _ => return self.errorf("unterminated quoted string".into()),
                },
                None | Some('\n') => return self.errorf("unterminated quoted string".into()),
                Some('"') => break,
                _ => {}
            }
        }
        (Some(self.emit(ItemType::String)), State::InsideAction)
    }

    /// A raw string: one search for the closing quote (Grafana dashboards embedded as raw
    /// strings are tens of kilobytes each).
    fn lex_raw_quote(&mut self) -> (Option<Item<'a>>, State) {
        let rest = &self.input[self.pos..];
        let Some(i) = rest.find('`') else {
            self.line += newlines(rest);
            self.pos = self.input.len();
            self.width = 0;
            return self.errorf("unterminated raw quoted string".into());
        };
        self.line += newlines(&rest[..i]);
        self.pos += i + 1;
        self.width = 1;
        (Some(self.emit(ItemType::RawString)), State::InsideAction)
    }
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
            out.push((it.typ, it.val.into_owned()));
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
                (Space, " ".into()),
                (Pipe, "|".into()),
                (Space, " ".into()),
                (Identifier, "f".into()),
                (Space, " ".into()),
                (Number, "1".into()),
                (RightDelim, "}}".into()),
                (Text, "b".into()),
                (Eof, "".into())
            ]
        );
        assert_eq!(items("{{-3}}")[1], (Number, "-3".into()));
        assert_eq!(items("{{ 1-}}").last().unwrap(), &(Error, "bad number syntax: \"1-\"".into()));
        assert_eq!(items("{{ .a-b }}").last().unwrap(), &(Error, "bad character U+002D '-'".into()));
        assert_eq!(items("x{{/* c */}}y"), vec![(Text, "x".into()), (Text, "y".into()), (Eof, "".into())]);
    }
}
