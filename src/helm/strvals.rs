//! Helm's `pkg/strvals`: the `--set` family of expressions (`a.b[0].c=v,d={x,y}`) applied into a
//! values map, with Helm's value typing and error texts.
//!
//! - `--set`: `true`/`false`/`null` (any case), integers as `int64` (not with a leading `0`),
//!   everything else a string; `{a,b}` is a list; `\` escapes the next character;
//! - `--set-string`: every value a string; `--set-file`: every value read from a file;
//! - `--set-json`: every value a JSON document (an empty value is `null`);
//! - `--set-literal`: one key, the whole rest of the expression is the string value.
//!
//! The expression changes the map in place, as Helm's parser does: on an error the keys set
//! before it stay set. Go's panics on a key of the wrong kind (`a.b=1` where `a` is a string)
//! become `unable to parse key: interface conversion: ...`.

use crate::gotmpl::{Map, Type, Value};
use std::rc::Rc;

/// The largest list index an expression may use.
pub const MAX_INDEX: i64 = 65536;
/// The deepest `a.b.c…` nesting an expression may use.
pub const MAX_NESTED_NAME_LEVEL: usize = 30;

/// Which flag the expression came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `--set` (`ParseInto`).
    Set,
    /// `--set-string` (`ParseIntoString`).
    String,
    /// `--set-json` in `key=json` form (`ParseJSON`).
    Json,
    /// `--set-file` (`ParseIntoFile`).
    File,
    /// `--set-literal` (`ParseLiteralInto`).
    Literal,
}

/// Reads the file a `--set-file` value names (Helm's `readFile`): its text, or Go's error.
pub type FileReader<'a> = &'a dyn Fn(&str) -> Result<String, String>;

enum E {
    /// `io.EOF`, wrapped or not: the parser stops without an error.
    Eof,
    Msg(String),
    /// A Go panic (failed type assertion), recovered by the innermost `key` call.
    Panic(String),
    /// `ErrNotList` from `valList`.
    NotList,
}

type R<T> = Result<T, E>;

/// Applies `expr` into `data` as the flag `mode` does; `Err` carries Helm's message.
pub fn parse_into(expr: &str, data: &Map, mode: Mode, files: Option<FileReader>) -> Result<(), String> {
    let mut p = Parser { s: expr.chars().collect(), i: 0, mode, files };
    loop {
        let r = if mode == Mode::Literal { p.lkey(data, 0) } else { p.key(data, 0) };
        match r {
            Ok(()) => continue,
            Err(E::Eof) => return Ok(()),
            Err(E::Msg(m)) | Err(E::Panic(m)) => return Err(m),
            Err(E::NotList) => return Err("not a list".into()),
        }
    }
}

/// `strvals.Parse*` into a fresh map (what `--set` gives on its own).
pub fn parse(expr: &str, mode: Mode, files: Option<FileReader>) -> Result<Value, String> {
    let m = Rc::new(Map::new(Type::AnyMap, Default::default()));
    parse_into(expr, &m, mode, files)?;
    Ok(Value::Map(m))
}

struct Parser<'a> {
    s: Vec<char>,
    i: usize,
    mode: Mode,
    files: Option<FileReader<'a>>,
}

/// `strconv.Atoi`, with Go's error text.
fn atoi(s: &str) -> Result<i64, String> {
    crate::golang::strconv::atoi(s).map_err(|e| e.to_string())
}

/// `strings.EqualFold(s, word)` for the lower-case ASCII words `typedVal` checks (the only
/// non-ASCII rune folding to one of their letters is `ſ`, U+017F, to `s`).
fn equal_fold(s: &str, word: &str) -> bool {
    let mut a = s.chars();
    for w in word.chars() {
        match a.next() {
            Some(c) if c.to_ascii_lowercase() == w => {}
            Some('\u{17f}') if w == 's' => {}
            _ => return false,
        }
    }
    a.next().is_none()
}

/// `typedVal`: Helm's typing of a `--set` value.
pub fn typed_val(v: &str, as_string: bool) -> Value {
    if as_string {
        return Value::from(v);
    }
    if equal_fold(v, "true") {
        return Value::Bool(true);
    }
    if equal_fold(v, "false") {
        return Value::Bool(false);
    }
    if equal_fold(v, "null") {
        return Value::Nil;
    }
    if v == "0" {
        return Value::int64(0);
    }
    if !v.is_empty() && !v.starts_with('0') {
        if let Ok(i) = crate::golang::strconv::parse_int(v, 10, 64) {
            return Value::int64(i);
        }
    }
    Value::from(v)
}

/// Go's `%q` of a `[]rune`.
fn quote_runes(rs: &[char]) -> String {
    let items: Vec<String> = rs.iter().map(|&c| crate::gotmpl::quote::quote_rune(c as i128, false)).collect();
    format!("[{}]", items.join(" "))
}

fn set(data: &Map, key: &str, val: Value) {
    if !key.is_empty() {
        data.insert(key, val);
    }
}

/// Go's panic text for `x.(T)` on a value of another type.
fn conversion_panic(v: &Value, want: &str) -> E {
    let got = match v {
        Value::Nil => "nil",
        v => v.type_name(),
    };
    E::Panic(format!("interface conversion: interface {{}} is {got}, not {want}"))
}

fn assert_map(v: &Value) -> R<Rc<Map>> {
    match v {
        Value::Map(m) if m.ty == Type::AnyMap && !m.nil => Ok(m.clone()),
        v => Err(conversion_panic(v, "map[string]interface {}")),
    }
}

fn assert_list(v: &Value) -> R<Vec<Value>> {
    match v {
        Value::List(l) if l.ty == Type::AnyList => Ok(l.items.clone()),
        v => Err(conversion_panic(v, "[]interface {}")),
    }
}

fn new_map() -> Rc<Map> {
    Rc::new(Map::new(Type::AnyMap, Default::default()))
}

/// `setIndex`: the list with `list[index] = val` (grown with nils), or the unchanged list and
/// an error.
fn set_index(mut list: Vec<Value>, index: i64, val: Value) -> (Vec<Value>, R<()>) {
    if index < 0 {
        return (list, Err(E::Msg(format!("negative {index} index not allowed"))));
    }
    if index > MAX_INDEX {
        return (list, Err(E::Msg(format!("index of {index} is greater than maximum supported index of {MAX_INDEX}"))));
    }
    let index = index as usize;
    if list.len() <= index {
        list.resize(index + 1, Value::Nil);
    }
    list[index] = val;
    (list, Ok(()))
}

fn wrap_index(e: E) -> E {
    match e {
        E::Msg(m) => E::Msg(format!("error parsing index: {m}")),
        other => other,
    }
}

impl Parser<'_> {
    fn read(&mut self) -> Option<char> {
        let c = self.s.get(self.i).copied();
        if c.is_some() {
            self.i += 1;
        }
        c
    }

    fn unread(&mut self) {
        self.i -= 1;
    }

    /// `runesUntil` (`literal`: `runesUntilLiteral`, no `\` escapes): the runes before a stop
    /// rune, the stop rune (`None` at the end of input).
    fn until(&mut self, stop: &[char], literal: bool) -> (Vec<char>, Option<char>) {
        let mut v = Vec::new();
        loop {
            let Some(r) = self.read() else { return (v, None) };
            if stop.contains(&r) {
                return (v, Some(r));
            }
            if r == '\\' && !literal {
                match self.read() {
                    Some(next) => v.push(next),
                    None => return (v, None),
                }
            } else {
                v.push(r);
            }
        }
    }

    fn reader(&self, rs: &[char]) -> Result<Value, String> {
        let text: String = rs.iter().collect();
        match (self.mode, self.files) {
            (Mode::File, Some(read)) => read(&text).map(Value::from),
            (Mode::File, None) => Err(format!("open {text}: no such file or directory")),
            (mode, _) => Ok(typed_val(&text, mode == Mode::String)),
        }
    }

    fn key(&mut self, data: &Map, level: usize) -> R<()> {
        match self.key_inner(data, level) {
            Err(E::Panic(m)) => Err(E::Msg(format!("unable to parse key: {m}"))),
            r => r,
        }
    }

    fn key_inner(&mut self, data: &Map, level: usize) -> R<()> {
        let (k, last) = self.until(&['=', '[', ',', '.'], false);
        let k: String = k.into_iter().collect();
        let Some(last) = last else {
            if k.is_empty() {
                return Err(E::Eof);
            }
            return Err(E::Msg(format!("key {} has no value", crate::gotmpl::quote::quote(&k))));
        };
        match last {
            '[' => {
                let i = self.key_index(false).map_err(wrap_index)?;
                let list = match data.get(&k) {
                    Some(v) => assert_list(&v)?,
                    None => Vec::new(),
                };
                let (list, r) = self.list_item(list, i, level)?;
                set(data, &k, Value::list(list));
                r
            }
            '=' => {
                if self.mode == Mode::Json {
                    if self.empty_val() {
                        set(data, &k, Value::Nil);
                        return Ok(());
                    }
                    let v = self.json_value()?;
                    set(data, &k, v);
                    self.empty_val();
                    return Ok(());
                }
                match self.val_list() {
                    Ok(vl) => {
                        set(data, &k, Value::list(vl));
                        Ok(())
                    }
                    Err(E::Eof) => {
                        set(data, &k, Value::from(""));
                        Err(E::Eof)
                    }
                    Err(E::NotList) => {
                        let rs = self.val();
                        match self.reader(&rs) {
                            Ok(v) => {
                                set(data, &k, v);
                                Ok(())
                            }
                            Err(e) => {
                                set(data, &k, Value::Nil);
                                Err(E::Msg(e))
                            }
                        }
                    }
                    Err(e) => Err(e),
                }
            }
            ',' => {
                set(data, &k, Value::from(""));
                Err(E::Msg(format!("key {} has no value (cannot end with ,)", crate::gotmpl::quote::quote(&k))))
            }
            _ => self.nested(data, &k, level, false),
        }
    }

    /// The `.` case of `key`: into (or creating) the table `k`.
    fn nested(&mut self, data: &Map, k: &str, level: usize, literal: bool) -> R<()> {
        let level = level + 1;
        if level > MAX_NESTED_NAME_LEVEL {
            return Err(E::Msg(format!("value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}")));
        }
        let inner = match data.get(k) {
            Some(v) => assert_map(&v)?,
            None => new_map(),
        };
        let e = if literal { self.lkey(&inner, level) } else { self.key(&inner, level) };
        if e.is_ok() && inner.is_empty() {
            return Err(E::Msg(format!("key map {} has no value", crate::gotmpl::quote::quote(k))));
        }
        if !inner.is_empty() {
            set(data, k, Value::Map(inner));
        }
        e
    }

    fn key_index(&mut self, literal: bool) -> R<i64> {
        let (v, last) = self.until(&[']'], literal);
        if last.is_none() {
            return Err(E::Eof);
        }
        let v: String = v.into_iter().collect();
        atoi(&v).map_err(E::Msg)
    }

    /// `json.Decoder.Decode` of the rest of the input.
    fn json_value(&mut self) -> R<Value> {
        let rest: String = self.s[self.i..].iter().collect();
        // A stream decoder reports a value cut short as io.ErrUnexpectedEOF.
        let (j, off) = crate::sprig::jsonread::parse_prefix(&rest)
            .map_err(|e| E::Msg(if e == "unexpected end of JSON input" { "unexpected EOF".into() } else { e }))?;
        self.i += rest[..off].chars().count();
        Ok(crate::sprig::json::from_json_value(&j))
    }

    /// `listItem`: the list after setting index `i` from the rest of the expression. A panic
    /// propagates (`Err`); otherwise the list is returned with the expression's result.
    fn list_item(&mut self, list: Vec<Value>, i: i64, level: usize) -> R<(Vec<Value>, R<()>)> {
        if i < 0 {
            return Ok((list, Err(E::Msg(format!("negative {i} index not allowed")))));
        }
        let literal = self.mode == Mode::Literal;
        let (k, last) = self.until(&['[', '.', '='], literal);
        if !k.is_empty() {
            return Ok((list, Err(E::Msg(format!("unexpected data at end of array index: {}", quote_runes(&k))))));
        }
        let Some(last) = last else { return Ok((list, Err(E::Eof))) };
        match last {
            '=' => {
                if literal {
                    let value: String = self.until(&[], true).0.into_iter().collect();
                    return Ok(set_index(list, i, Value::from(value)));
                }
                if self.mode == Mode::Json {
                    if self.empty_val() {
                        return Ok(set_index(list, i, Value::Nil));
                    }
                    let v = match self.json_value() {
                        Ok(v) => v,
                        Err(e) => return Ok((list, Err(e))),
                    };
                    let (list, r) = set_index(list, i, v);
                    if r.is_err() {
                        return Ok((list, r));
                    }
                    self.empty_val();
                    return Ok((list, Ok(())));
                }
                match self.val_list() {
                    Ok(vl) => Ok(set_index(list, i, Value::list(vl))),
                    Err(E::Eof) => Ok(set_index(list, i, Value::from(""))),
                    Err(E::NotList) => {
                        let rs = self.val();
                        match self.reader(&rs) {
                            Ok(v) => Ok(set_index(list, i, v)),
                            Err(e) => Ok((list, Err(E::Msg(e)))),
                        }
                    }
                    Err(e) => Ok((list, Err(e))),
                }
            }
            '[' => {
                let next = match self.key_index(literal) {
                    Ok(n) => n,
                    Err(e) => return Ok((list, Err(wrap_index(e)))),
                };
                let mut crt = Vec::new();
                if (list.len() as i64) > i {
                    let existed = &list[i as usize];
                    if !existed.is_nil() {
                        crt = assert_list(existed)?;
                    }
                }
                let (list2, r) = self.list_item(crt, next, level)?;
                if r.is_err() {
                    return Ok((list, r));
                }
                Ok(set_index(list, i, Value::list(list2)))
            }
            _ => {
                let mut list = list;
                let inner = if (list.len() as i64) > i {
                    match &list[i as usize] {
                        Value::Map(m) if m.ty == Type::AnyMap && !m.nil => m.clone(),
                        _ => {
                            let m = new_map();
                            list[i as usize] = Value::Map(m.clone());
                            m
                        }
                    }
                } else {
                    new_map()
                };
                let e = if literal { self.lkey(&inner, level) } else { self.key(&inner, level) };
                if e.is_err() {
                    return Ok((list, e));
                }
                Ok(set_index(list, i, Value::Map(inner)))
            }
        }
    }

    /// `emptyVal`: skips spaces; true at the end of input or after a `,`.
    fn empty_val(&mut self) -> bool {
        loop {
            match self.read() {
                None | Some(',') => return true,
                Some(c) if c.is_whitespace() => {}
                Some(_) => {
                    self.unread();
                    return false;
                }
            }
        }
    }

    fn val(&mut self) -> Vec<char> {
        self.until(&[','], false).0
    }

    /// `valList`: `{a,b}` as a list; `NotList` when the value does not start with `{`.
    fn val_list(&mut self) -> R<Vec<Value>> {
        let Some(r) = self.read() else { return Err(E::Eof) };
        if r != '{' {
            self.unread();
            return Err(E::NotList);
        }
        let mut list = Vec::new();
        loop {
            let (rs, last) = self.until(&[',', '}'], false);
            match last {
                None => return Err(E::Msg("list must terminate with '}'".into())),
                Some('}') => {
                    if let Some(r) = self.read() {
                        if r != ',' {
                            self.unread();
                        }
                    }
                    let v = self.reader(&rs).map_err(E::Msg)?;
                    list.push(v);
                    return Ok(list);
                }
                Some(_) => list.push(self.reader(&rs).map_err(E::Msg)?),
            }
        }
    }

    /// `literalParser.key`.
    fn lkey(&mut self, data: &Map, level: usize) -> R<()> {
        match self.lkey_inner(data, level) {
            Err(E::Panic(m)) => Err(E::Msg(format!("unable to parse key: {m}"))),
            r => r,
        }
    }

    fn lkey_inner(&mut self, data: &Map, level: usize) -> R<()> {
        let (k, last) = self.until(&['=', '[', '.'], true);
        let k: String = k.into_iter().collect();
        let Some(last) = last else {
            if k.is_empty() {
                return Err(E::Eof);
            }
            return Err(E::Msg(format!("key {} has no value", crate::gotmpl::quote::quote(&k))));
        };
        match last {
            '=' => {
                let value: String = self.until(&[], true).0.into_iter().collect();
                set(data, &k, Value::from(value));
                Ok(())
            }
            '.' => self.nested(data, &k, level, true),
            _ => {
                let i = self.key_index(true).map_err(wrap_index)?;
                let list = match data.get(&k) {
                    Some(v) => assert_list(&v)?,
                    None => Vec::new(),
                };
                let (list, r) = self.list_item(list, i, level)?;
                set(data, &k, Value::list(list));
                r
            }
        }
    }
}

#[cfg(test)]
#[path = "strvals_tests.rs"]
mod tests;
