//! Bash-style variable substitution exactly as `github.com/fluxcd/pkg/envsubst` (a fork of
//! drone/envsubst) scans, parses and evaluates it: `${var}`, `${var:=default}` (and `=`, `:-`,
//! `-`, `:?`, `?`, `:+`, `+`, all of which only default), `${var:pos:len}`, `${#var}`,
//! `${var,}` `${var,,}` `${var^}` `${var^^}`, `${var#pat}` `${var##pat}` `${var%pat}`
//! `${var%%pat}`, `${var/a/b}` `${var//a/b}` `${var/#a/b}` `${var/%a/b}`; `$${…}` is a literal
//! `${…}`; a plain `$var` is left alone. In strict mode a variable without a value and without a
//! default operator is an error.
//!
//! The scanner edits its buffer as upstream's does (an escaping `$` is removed in place), so the
//! port keeps that shape.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    BadSubstitution,
    MissingClosingBrace,
    ParseVariableName,
    ParseFuncSubstitution,
    ParseDefaultFunction,
    /// Strict mode: `variable not set (strict mode): "NAME"`.
    NotSet(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BadSubstitution => write!(f, "bad substitution"),
            Error::MissingClosingBrace => write!(f, "missing closing brace"),
            Error::ParseVariableName => write!(f, "unable to parse variable name"),
            Error::ParseFuncSubstitution => write!(f, "unable to parse substitution within function"),
            Error::ParseDefaultFunction => write!(f, "unable to parse default function"),
            Error::NotSet(name) => write!(f, "variable not set (strict mode): {}", crate::golang::strconv::quote(name)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Func { param: String, name: String, args: Vec<Node> },
    List(Vec<Node>),
    Empty,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Token {
    Illegal,
    Eof,
    Ident,
    Lbrack,
    Rbrack,
}

const SCAN_IDENT: u8 = 1;
const SCAN_LBRACK: u8 = 2;
const SCAN_RBRACK: u8 = 4;
const SCAN_ESCAPE: u8 = 8;
const ESC_DOLLAR: u8 = 1;
const ESC_BACKSLASH: u8 = 2;
const ESC_ALL: u8 = 3;

#[derive(Clone, Copy)]
enum Accept {
    Rune,
    Ident,
    Colon,
    OneHash,
    NotClosing,
    HashFunc,
    PercentFunc,
    DefaultFunc,
    ReplaceFunc,
    OneEqual,
    OneColon,
    RejectColonClose,
    Slash,
    NotSlash,
    CasingFunc,
}

fn accepts(a: Accept, r: char, i: usize) -> bool {
    match a {
        Accept::Rune => true,
        Accept::Ident => crate::golang::unicode::is_letter(r) || crate::golang::unicode::is_digit(r) || r == '_',
        Accept::Colon => r == ':',
        Accept::OneHash => r == '#' && i == 1,
        Accept::NotClosing => r != '}',
        Accept::HashFunc => r == '#' && i < 3,
        Accept::PercentFunc => r == '%' && i < 3,
        Accept::DefaultFunc => (i == 1 && r == ':') || (i == 2 && matches!(r, '=' | '-' | '?' | '+')),
        Accept::ReplaceFunc => (i == 1 && r == '/') || (i == 2 && matches!(r, '/' | '#' | '%')),
        Accept::OneEqual => i == 1 && r == '=',
        Accept::OneColon => i == 1 && r == ':',
        Accept::RejectColonClose => r != ':' && r != '}',
        Accept::Slash => r == '/',
        Accept::NotSlash => r != '/',
        Accept::CasingFunc => (r == ',' || r == '^') && i < 3,
    }
}

const EOF: char = '\0';

struct Scanner {
    buf: String,
    pos: usize,
    start: usize,
    width: usize,
    mode: u8,
    escape: u8,
    accept: Accept,
}

impl Scanner {
    fn read(&mut self) -> char {
        if self.pos >= self.buf.len() {
            self.width = 0;
            return EOF;
        }
        // Go decodes invalid UTF-8 as U+FFFD of width 1; a String is valid UTF-8.
        let c = self.buf[self.pos..].chars().next().unwrap_or(EOF);
        self.width = c.len_utf8();
        self.pos += self.width;
        c
    }

    fn unread(&mut self) {
        self.pos -= self.width;
    }

    fn peek(&mut self) -> char {
        let r = self.read();
        self.unread();
        r
    }

    fn string(&self) -> String {
        self.buf[self.start..self.pos].to_string()
    }

    fn scan(&mut self) -> Token {
        self.start = self.pos;
        let r = self.read();
        // As upstream: a NUL character reads as the end of input.
        if r == EOF {
            return Token::Eof;
        }
        if self.scan_lbrack(r) {
            return Token::Lbrack;
        }
        if self.scan_rbrack(r) {
            return Token::Rbrack;
        }
        if self.scan_ident(r) {
            return Token::Ident;
        }
        Token::Illegal
    }

    fn scan_ident(&mut self, r: char) -> bool {
        if self.mode & SCAN_IDENT == 0 {
            return false;
        }
        if self.scan_escaped(r) {
            self.skip_escape();
        } else if !accepts(self.accept, r, self.pos - self.start) {
            return false;
        }
        loop {
            let r = self.read();
            if r == EOF {
                self.unread();
                break;
            }
            if self.scan_lbrack(r) {
                self.unread();
                self.unread_one('$');
                break;
            }
            if self.scan_escaped(r) {
                self.skip_escape();
                continue;
            }
            if !accepts(self.accept, r, self.pos - self.start) {
                self.unread();
                break;
            }
        }
        true
    }

    /// Go's `skip`: the escaping character (just read) is cut out of the buffer while `pos`
    /// stays, so the character after it counts as read.
    fn skip_escape(&mut self) {
        let w = self.width;
        let at = self.pos - w;
        self.buf.replace_range(at..self.pos, "");
        // `pos` unchanged in Go: now just past the escaped character.
        let next = self.buf[at..].chars().next().map(char::len_utf8).unwrap_or(0);
        self.pos = at + next;
        self.width = next;
    }

    /// The second `unread` after `${`: back over the `$`.
    fn unread_one(&mut self, c: char) {
        self.pos -= c.len_utf8();
    }

    fn scan_lbrack(&mut self, r: char) -> bool {
        if self.mode & SCAN_LBRACK == 0 {
            return false;
        }
        if r == '$' {
            if self.read() == '{' {
                return true;
            }
            self.unread();
        }
        false
    }

    fn scan_rbrack(&self, r: char) -> bool {
        self.mode & SCAN_RBRACK != 0 && r == '}'
    }

    fn scan_escaped(&mut self, r: char) -> bool {
        if self.mode & SCAN_ESCAPE == 0 {
            return false;
        }
        if r == '$' && self.escape & ESC_DOLLAR != 0 && self.peek() == '$' {
            return true;
        }
        if r == '\\' && self.escape & ESC_BACKSLASH != 0 {
            return matches!(self.peek(), '/' | '\\');
        }
        false
    }
}

struct Parser {
    s: Scanner,
}

impl Parser {
    fn parse_any(&mut self) -> Result<Node, Error> {
        self.s.accept = Accept::Rune;
        self.s.mode = SCAN_IDENT | SCAN_LBRACK | SCAN_ESCAPE;
        self.s.escape = ESC_DOLLAR;
        match self.s.scan() {
            Token::Ident => {
                let left = Node::Text(self.s.string());
                let right = self.parse_any()?;
                Ok(if right == Node::Empty { left } else { Node::List(vec![left, right]) })
            }
            Token::Eof => Ok(Node::Empty),
            Token::Lbrack => {
                let left = self.parse_func()?;
                let right = self.parse_any()?;
                Ok(if right == Node::Empty { left } else { Node::List(vec![left, right]) })
            }
            _ => Err(Error::BadSubstitution),
        }
    }

    fn parse_func(&mut self) -> Result<Node, Error> {
        self.s.escape = ESC_ALL;
        if self.s.peek() == '#' {
            return self.parse_len_func();
        }
        self.s.accept = Accept::Ident;
        self.s.mode = SCAN_IDENT;
        let name = match self.s.scan() {
            Token::Ident => self.s.string(),
            _ => return Err(Error::ParseVariableName),
        };
        match self.s.peek() {
            ':' => return self.parse_default_or_substr(name),
            '=' => return self.parse_default_func(name),
            ',' | '^' => return self.parse_casing_func(name),
            '/' => return self.parse_replace_func(name),
            '#' => return self.parse_remove_func(name, Accept::HashFunc),
            '%' => return self.parse_remove_func(name, Accept::PercentFunc),
            _ => {}
        }
        self.s.accept = Accept::Ident;
        self.s.mode = SCAN_RBRACK;
        match self.s.scan() {
            Token::Rbrack => Ok(Node::Func { param: name, name: String::new(), args: Vec::new() }),
            _ => Err(Error::MissingClosingBrace),
        }
    }

    fn parse_param(&mut self, accept: Accept, mode: u8) -> Result<Node, Error> {
        self.s.accept = accept;
        self.s.mode = mode | SCAN_LBRACK;
        match self.s.scan() {
            Token::Lbrack => self.parse_func(),
            Token::Ident | Token::Rbrack => Ok(Node::Text(self.s.string())),
            _ => Err(Error::ParseFuncSubstitution),
        }
    }

    fn parse_default_or_substr(&mut self, name: String) -> Result<Node, Error> {
        self.s.read();
        let r = self.s.peek();
        self.s.unread();
        if matches!(r, '=' | '-' | '?' | '+') {
            self.parse_default_func(name)
        } else {
            self.parse_substr_func(name)
        }
    }

    fn scan_name(&mut self, accept: Accept) -> Result<String, Error> {
        self.s.accept = accept;
        self.s.mode = SCAN_IDENT;
        match self.s.scan() {
            Token::Ident => Ok(self.s.string()),
            _ => Err(Error::BadSubstitution),
        }
    }

    fn parse_substr_func(&mut self, param: String) -> Result<Node, Error> {
        let name = self.scan_name(Accept::OneColon)?;
        let mut args = vec![self.parse_param(Accept::RejectColonClose, SCAN_IDENT)?];
        self.s.accept = Accept::Colon;
        self.s.mode = SCAN_IDENT | SCAN_RBRACK;
        match self.s.scan() {
            Token::Rbrack => return Ok(Node::Func { param, name, args }),
            Token::Ident => {}
            _ => return Err(Error::BadSubstitution),
        }
        args.push(self.parse_param(Accept::NotClosing, SCAN_IDENT)?);
        self.consume_rbrack()?;
        Ok(Node::Func { param, name, args })
    }

    fn parse_remove_func(&mut self, param: String, accept: Accept) -> Result<Node, Error> {
        let name = self.scan_name(accept)?;
        let args = vec![self.parse_param(Accept::NotClosing, SCAN_IDENT)?];
        self.consume_rbrack()?;
        Ok(Node::Func { param, name, args })
    }

    fn parse_replace_func(&mut self, param: String) -> Result<Node, Error> {
        let name = self.scan_name(Accept::ReplaceFunc)?;
        let mut args = vec![self.parse_param(Accept::NotSlash, SCAN_IDENT | SCAN_ESCAPE)?];
        self.s.accept = Accept::Slash;
        self.s.mode = SCAN_IDENT;
        if self.s.scan() != Token::Ident {
            return Err(Error::BadSubstitution);
        }
        if self.s.peek() == '}' {
            self.consume_rbrack()?;
            return Ok(Node::Func { param, name, args });
        }
        args.push(self.parse_param(Accept::NotClosing, SCAN_IDENT | SCAN_ESCAPE)?);
        self.consume_rbrack()?;
        Ok(Node::Func { param, name, args })
    }

    fn parse_default_func(&mut self, param: String) -> Result<Node, Error> {
        self.s.accept = if self.s.peek() == '=' { Accept::OneEqual } else { Accept::DefaultFunc };
        self.s.mode = SCAN_IDENT;
        let name = match self.s.scan() {
            Token::Ident => self.s.string(),
            _ => return Err(Error::ParseDefaultFunction),
        };
        let mut args = Vec::new();
        loop {
            if self.s.peek() == '}' {
                self.consume_rbrack()?;
                return Ok(Node::Func { param, name, args });
            }
            args.push(self.parse_param(Accept::NotClosing, SCAN_IDENT)?);
        }
    }

    fn parse_casing_func(&mut self, param: String) -> Result<Node, Error> {
        let name = self.scan_name(Accept::CasingFunc)?;
        self.consume_rbrack()?;
        Ok(Node::Func { param, name, args: Vec::new() })
    }

    fn parse_len_func(&mut self) -> Result<Node, Error> {
        let name = self.scan_name(Accept::OneHash)?;
        let param = self.scan_name(Accept::Ident)?;
        self.consume_rbrack()?;
        Ok(Node::Func { param, name, args: Vec::new() })
    }

    fn consume_rbrack(&mut self) -> Result<(), Error> {
        self.s.mode = SCAN_RBRACK;
        if self.s.scan() != Token::Rbrack {
            return Err(Error::BadSubstitution);
        }
        Ok(())
    }
}

fn parse(text: &str) -> Result<Node, Error> {
    let mut p = Parser { s: Scanner { buf: text.to_string(), pos: 0, start: 0, width: 0, mode: 0, escape: 0, accept: Accept::Rune } };
    p.parse_any()
}

fn is_default_op(name: &str) -> bool {
    matches!(name, "-" | "+" | "=" | "?" | ":-" | ":+" | ":=" | ":?")
}

/// Go's `strconv.Atoi`.
fn atoi(s: &str) -> Option<i64> {
    crate::golang::strconv::parse_int(s, 10, 64).ok()
}

fn substr(s: &str, args: &[String]) -> String {
    let Some(first) = args.first() else { return s.to_string() };
    let Some(mut pos) = atoi(first) else { return s.to_string() };
    let len = s.len() as i64;
    if pos < 0 {
        pos = (len + pos).max(0);
    }
    let tail = |p: i64| if p < len { String::from_utf8_lossy(&s.as_bytes()[p as usize..]).into_owned() } else { String::new() };
    if args.len() == 1 {
        return tail(pos);
    }
    let Some(length) = atoi(&args[1]) else { return s.to_string() };
    if pos + length >= len {
        return tail(pos);
    }
    if length < 0 {
        // Go would panic on a slice with end < start; kustomize-controller would crash.
        return String::new();
    }
    String::from_utf8_lossy(&s.as_bytes()[pos as usize..(pos + length) as usize]).into_owned()
}

fn path_match(pattern: &str, name: &str) -> Result<bool, ()> {
    crate::golang::filepath::matches(pattern, name).map_err(|_| ())
}

fn trim_shortest(s: &str, arg: &str) -> String {
    let mut shortest: Option<&str> = None;
    for i in 0..s.len() {
        let Some(cand) = s.get(..s.len() - i) else { continue };
        match path_match(arg, cand) {
            Err(_) => return s.to_string(),
            Ok(true) => shortest = Some(cand),
            Ok(false) => {}
        }
    }
    match shortest {
        Some(m) if !m.is_empty() => s[m.len()..].to_string(),
        _ => s.to_string(),
    }
}

fn trim_longest(s: &str, arg: &str) -> String {
    for i in 0..s.len() {
        let Some(cand) = s.get(..s.len() - i) else { continue };
        match path_match(arg, cand) {
            Err(_) => return s.to_string(),
            Ok(true) => return s[cand.len()..].to_string(),
            Ok(false) => {}
        }
    }
    s.to_string()
}

fn reverse(s: &str) -> String {
    s.chars().rev().collect()
}

fn first_char_mapped(s: &str, f: impl Fn(char) -> char) -> String {
    let mut it = s.chars();
    match it.next() {
        None => String::new(),
        Some(c) => f(c).to_string() + it.as_str(),
    }
}

fn apply(name: &str, v: &str, args: &[String]) -> String {
    let a0 = || args.first().map(String::as_str).unwrap_or("");
    match name {
        "," => first_char_mapped(v, crate::golang::unicode::to_lower),
        ",," => crate::golang::unicode::str_to_lower(v),
        "^" => first_char_mapped(v, crate::golang::unicode::to_upper),
        "^^" => crate::golang::unicode::str_to_upper(v),
        "#" if args.is_empty() => v.len().to_string(),
        "#" => trim_shortest(v, a0()),
        "##" => trim_longest(v, a0()),
        "%" => reverse(&trim_shortest(&reverse(v), &reverse(a0()))),
        "%%" => reverse(&trim_longest(&reverse(v), &reverse(a0()))),
        ":" => substr(v, args),
        "/#" => {
            if args.len() == 2 && v.starts_with(args[0].as_str()) {
                v.replacen(args[0].as_str(), &args[1], 1)
            } else {
                v.to_string()
            }
        }
        "/%" => {
            if args.len() == 2 && v.ends_with(args[0].as_str()) {
                format!("{}{}", &v[..v.len() - args[0].len()], args[1])
            } else {
                v.to_string()
            }
        }
        "/" => match args.len() {
            0 => v.to_string(),
            1 => go_replace(v, &args[0], "", 1),
            _ => go_replace(v, &args[0], &args[1], 1),
        },
        "//" => match args.len() {
            0 => v.to_string(),
            1 => go_replace(v, &args[0], "", usize::MAX),
            _ => go_replace(v, &args[0], &args[1], usize::MAX),
        },
        _ => {
            if v.is_empty() && !args.is_empty() {
                args.concat()
            } else {
                v.to_string()
            }
        }
    }
}

/// Go's `strings.Replace(s, old, new, n)` (an empty `old` inserts `new` between characters).
fn go_replace(s: &str, old: &str, new: &str, n: usize) -> String {
    if old.is_empty() {
        let mut out = String::new();
        let mut count = 0;
        for c in s.chars() {
            if count < n {
                out.push_str(new);
                count += 1;
            }
            out.push(c);
        }
        if count < n {
            out.push_str(new);
        }
        return out;
    }
    s.replacen(old, new, n)
}

fn eval(node: &Node, mapping: &dyn Fn(&str) -> (String, bool), out: &mut String) -> Result<(), Error> {
    match node {
        Node::Empty => Ok(()),
        Node::Text(t) => {
            out.push_str(t);
            Ok(())
        }
        Node::List(nodes) => nodes.iter().try_for_each(|n| eval(n, mapping, out)),
        Node::Func { param, name, args } => {
            let mut values = Vec::with_capacity(args.len());
            for a in args {
                let mut b = String::new();
                eval(a, mapping, &mut b)?;
                values.push(b);
            }
            let (v, exists) = mapping(param);
            if !exists && !is_default_op(name) {
                return Err(Error::NotSet(param.clone()));
            }
            out.push_str(&apply(name, &v, &values));
            Ok(())
        }
    }
}

/// `envsubst.Eval(s, mapping)`: `mapping` answers a variable's value and whether it exists.
pub fn eval_str(s: &str, mapping: &dyn Fn(&str) -> (String, bool)) -> Result<String, Error> {
    let tree = parse(s)?;
    let mut out = String::with_capacity(s.len());
    eval(&tree, mapping, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str, strict: bool) -> Result<String, String> {
        let vars = [("NAME", "podinfo"), ("EMPTY", ""), ("REV", "abcdef123"), ("PATH_V", "/usr/local/bin")];
        let map = move |k: &str| match vars.iter().find(|(n, _)| *n == k) {
            Some((_, v)) => (v.to_string(), true),
            None => (String::new(), !strict),
        };
        eval_str(s, &map).map_err(|e| e.to_string())
    }

    #[test]
    fn substitutions() {
        // Expected values follow fluxcd/pkg envsubst's tests and funcs.
        let cases = [
            ("${NAME}", "podinfo"),
            ("x-${NAME}-y", "x-podinfo-y"),
            ("$NAME", "$NAME"),
            ("$${NAME}", "${NAME}"),
            ("$$", "$"),
            ("${MISSING:=def}", "def"),
            ("${EMPTY:=def}", "def"),
            ("${NAME:=def}", "podinfo"),
            ("${MISSING}", ""),
            ("${REV:0:7}", "abcdef1"),
            ("${REV:3}", "def123"),
            // `:-` is the default operator; " -3" is no integer for Atoi (the value is kept).
            ("${REV:-3}", "abcdef123"),
            ("${REV: -3}", "abcdef123"),
            ("${REV:2:3}", "cde"),
            ("${#NAME}", "7"),
            ("${NAME^}", "Podinfo"),
            ("${NAME^^}", "PODINFO"),
            ("${NAME/o/0}", "p0dinfo"),
            ("${NAME//o/0}", "p0dinf0"),
            ("${NAME/#pod/POD}", "PODinfo"),
            ("${NAME/%info/INFO}", "podINFO"),
            ("${PATH_V#*/}", "usr/local/bin"),
            // path.Match: `*` never matches `/`, so `##*/` cannot reach past the first slash.
            ("${PATH_V##*/}", "usr/local/bin"),
            ("${PATH_V%/*}", "/usr/local"),
            ("${PATH_V%%/*}", "/usr/local"),
            ("${NAME##p*i}", "nfo"),
            ("${NAME#p*i}", "nfo"),
            ("${MISSING:=${NAME}}", "podinfo"),
        ];
        for (input, want) in cases {
            assert_eq!(run(input, false).unwrap(), want, "{input}");
        }
    }

    #[test]
    fn strict_and_errors() {
        assert_eq!(run("${MISSING}", true).unwrap_err(), "variable not set (strict mode): \"MISSING\"");
        assert_eq!(run("${MISSING:=x}", true).unwrap(), "x");
        assert_eq!(run("${NAME", false).unwrap_err(), "missing closing brace");
        assert_eq!(run("${}", false).unwrap_err(), "unable to parse variable name");
    }
}
