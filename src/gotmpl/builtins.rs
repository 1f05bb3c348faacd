//! Go's predefined template functions (`funcs.go`): `and`, `or`, `not`, `len`, `index`, `slice`,
//! `print`, `printf`, `println`, `html`, `js`, `urlquery`, `call` and the comparisons, with their
//! error texts. Functions in a [`super::FuncMap`] with the same names take precedence.

use super::error::Error;
use super::exec::Rv;
use super::funcs::Sig;
use super::types::{IntTy, Kind, Type};
use super::value::{int_value, Value};
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    And,
    Or,
    Not,
    Len,
    Index,
    Slice,
    Print,
    Printf,
    Println,
    Html,
    Js,
    Urlquery,
    Call,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

const ALL: [(&str, Builtin, &str); 19] = [
    ("and", Builtin::And, "func(reflect.Value, ...reflect.Value) reflect.Value"),
    ("or", Builtin::Or, "func(reflect.Value, ...reflect.Value) reflect.Value"),
    ("not", Builtin::Not, "func(reflect.Value) bool"),
    ("len", Builtin::Len, "func(reflect.Value) (int, error)"),
    ("index", Builtin::Index, "func(reflect.Value, ...reflect.Value) (reflect.Value, error)"),
    ("slice", Builtin::Slice, "func(reflect.Value, ...reflect.Value) (reflect.Value, error)"),
    ("print", Builtin::Print, "func(...interface {}) string"),
    ("printf", Builtin::Printf, "func(string, ...interface {}) string"),
    ("println", Builtin::Println, "func(...interface {}) string"),
    ("html", Builtin::Html, "func(...interface {}) string"),
    ("js", Builtin::Js, "func(...interface {}) string"),
    ("urlquery", Builtin::Urlquery, "func(...interface {}) string"),
    ("call", Builtin::Call, "func(reflect.Value, ...reflect.Value) (reflect.Value, error)"),
    ("eq", Builtin::Eq, "func(reflect.Value, ...reflect.Value) (bool, error)"),
    ("ne", Builtin::Ne, "func(reflect.Value, reflect.Value) (bool, error)"),
    ("lt", Builtin::Lt, "func(reflect.Value, reflect.Value) (bool, error)"),
    ("le", Builtin::Le, "func(reflect.Value, reflect.Value) (bool, error)"),
    ("gt", Builtin::Gt, "func(reflect.Value, reflect.Value) (bool, error)"),
    ("ge", Builtin::Ge, "func(reflect.Value, reflect.Value) (bool, error)"),
];

fn sigs() -> &'static Vec<Sig> {
    static SIGS: OnceLock<Vec<Sig>> = OnceLock::new();
    SIGS.get_or_init(|| ALL.iter().map(|(_, _, s)| Sig::parse(s)).collect())
}

impl Builtin {
    pub fn by_name(name: &str) -> Option<Builtin> {
        ALL.iter().find(|(n, _, _)| *n == name).map(|(_, b, _)| *b)
    }

    pub fn sig(self) -> &'static Sig {
        let i = ALL.iter().position(|(_, b, _)| *b == self).unwrap_or(0);
        &sigs()[i]
    }

    /// Runs the function on checked arguments (`and`, `or` and `call` are handled by the caller).
    pub fn call(self, a: &[Rv]) -> Result<Rv, Error> {
        let vals = || a.iter().map(Rv::value).collect::<Vec<_>>();
        let s = |x: String| Ok(Rv::Val(Value::from(x)));
        match self {
            Builtin::And | Builtin::Or | Builtin::Call => Ok(Rv::Missing),
            Builtin::Not => Ok(Rv::Val(Value::Bool(!super::exec::truth(&a[0])))),
            Builtin::Len => length(&a[0]),
            Builtin::Index => index(&a[0], &a[1..]),
            Builtin::Slice => slice(&a[0], &a[1..]),
            Builtin::Print => s(super::fmt::sprint(&vals())),
            Builtin::Println => s(super::fmt::sprintln(&vals())),
            Builtin::Printf => {
                let v = vals();
                s(super::fmt::sprintf(v[0].as_str().unwrap_or(""), &v[1..]))
            }
            Builtin::Html => s(html_escape(&eval_args(&vals()))),
            Builtin::Js => s(js_escape(&eval_args(&vals()))),
            Builtin::Urlquery => s(query_escape(&eval_args(&vals()))),
            Builtin::Eq => eq(&a[0], &a[1..]).map(|b| Rv::Val(Value::Bool(b))),
            Builtin::Ne => eq(&a[0], &a[1..]).map(|b| Rv::Val(Value::Bool(!b))),
            Builtin::Lt => lt(&a[0], &a[1]).map(|b| Rv::Val(Value::Bool(b))),
            Builtin::Le => le(&a[0], &a[1]).map(|b| Rv::Val(Value::Bool(b))),
            Builtin::Gt => le(&a[0], &a[1]).map(|b| Rv::Val(Value::Bool(!b))),
            Builtin::Ge => lt(&a[0], &a[1]).map(|b| Rv::Val(Value::Bool(!b))),
        }
    }
}

/// `call`: Go templates can call function values; template data here never holds any.
pub(crate) fn call(callee_name: &str, a: &[Rv]) -> Result<Rv, Error> {
    match &a[0] {
        Rv::Missing | Rv::Iface(Value::Nil) | Rv::Val(Value::Nil) => Err(Error::msg("call of nil")),
        v => Err(Error::msg(format!("non-function {callee_name} of type {}", v.clone().unbox().type_name()))),
    }
}

/// `evalArgs`: one string argument as is, otherwise `fmt.Sprint`.
fn eval_args(args: &[Value]) -> String {
    if let [Value::String(s)] = args {
        return s.to_string();
    }
    super::fmt::sprint(args)
}

fn length(item: &Rv) -> Result<Rv, Error> {
    match item {
        Rv::Iface(Value::Nil) => Err(Error::msg("len of nil pointer")),
        Rv::Missing | Rv::Val(Value::Nil) => Err(Error::msg("reflect: call of reflect.Value.Type on zero Value")),
        Rv::Val(v) | Rv::Iface(v) => match v.len() {
            Some(n) => Ok(Rv::Val(Value::int(n as i64))),
            None => Err(Error::msg(format!("len of type {}", v.type_name()))),
        },
    }
}

fn index_arg(index: &Rv, cap: usize) -> Result<usize, Error> {
    let x: i128 = match index {
        Rv::Val(Value::Int(i, t)) | Rv::Iface(Value::Int(i, t)) => int_value(*i, *t),
        Rv::Missing | Rv::Iface(Value::Nil) | Rv::Val(Value::Nil) => return Err(Error::msg("cannot index slice/array with nil")),
        Rv::Val(v) | Rv::Iface(v) => return Err(Error::msg(format!("cannot index slice/array with type {}", v.type_name()))),
    };
    if x < 0 || x > cap as i128 {
        return Err(Error::msg(format!("index out of range: {x}")));
    }
    Ok(x as usize)
}

fn index(item: &Rv, indexes: &[Rv]) -> Result<Rv, Error> {
    let mut item = match item {
        Rv::Missing | Rv::Iface(Value::Nil) | Rv::Val(Value::Nil) => return Err(Error::msg("index of untyped nil")),
        Rv::Val(v) | Rv::Iface(v) => Rv::Val(v.clone()),
    };
    for idx in indexes {
        let v = match &item {
            Rv::Iface(Value::Nil) => return Err(Error::msg("index of nil pointer")),
            Rv::Val(v) | Rv::Iface(v) => v.clone(),
            Rv::Missing => return Err(Error::msg("index of untyped nil")),
        };
        item = match &v {
            Value::List(l) => {
                let x = index_arg(idx, l.items.len())?;
                let boxed = l.ty.elem() == Some(Type::Any);
                match l.items.get(x) {
                    Some(e) => Rv::of(e.clone(), boxed),
                    None => return Err(Error::msg("reflect: slice index out of range")),
                }
            }
            Value::Bytes(b) => {
                let x = index_arg(idx, b.len())?;
                match b.get(x) {
                    Some(c) => Rv::Val(Value::Int(*c as i64, IntTy::Uint8)),
                    None => return Err(Error::msg("reflect: slice index out of range")),
                }
            }
            Value::String(s) => {
                let x = index_arg(idx, s.len())?;
                match s.as_bytes().get(x) {
                    Some(c) => Rv::Val(Value::Int(*c as i64, IntTy::Uint8)),
                    None => return Err(Error::msg("reflect: string index out of range")),
                }
            }
            Value::Map(m) => {
                let key = match idx {
                    Rv::Val(Value::String(k)) | Rv::Iface(Value::String(k)) => k.clone(),
                    Rv::Missing | Rv::Iface(Value::Nil) | Rv::Val(Value::Nil) => {
                        return Err(Error::msg("value is nil; should be of type string"));
                    }
                    Rv::Val(k) | Rv::Iface(k) => {
                        return Err(Error::msg(format!("value has type {}; should be string", k.type_name())));
                    }
                };
                let elem = m.elem();
                let boxed = elem == Type::Any;
                match m.get(&key) {
                    Some(x) => Rv::of(x, boxed),
                    None if boxed => Rv::Iface(Value::Nil),
                    None => Rv::Val(elem.zero()),
                }
            }
            other => return Err(Error::msg(format!("can't index item of type {}", other.type_name()))),
        };
    }
    Ok(item)
}

fn slice(item: &Rv, indexes: &[Rv]) -> Result<Rv, Error> {
    let v = match item {
        Rv::Missing | Rv::Iface(Value::Nil) | Rv::Val(Value::Nil) => return Err(Error::msg("slice of untyped nil")),
        Rv::Val(v) | Rv::Iface(v) => v.clone(),
    };
    if indexes.len() > 3 {
        return Err(Error::msg(format!("too many slice indexes: {}", indexes.len())));
    }
    let len = match &v {
        Value::String(s) => {
            if indexes.len() == 3 {
                return Err(Error::msg("cannot 3-index slice a string"));
            }
            s.len()
        }
        Value::List(l) => l.items.len(),
        Value::Bytes(b) => b.len(),
        other => return Err(Error::msg(format!("can't slice item of type {}", other.type_name()))),
    };
    let mut idx = [0usize, len, len];
    for (i, x) in indexes.iter().enumerate() {
        idx[i] = index_arg(x, len)?;
    }
    if idx[0] > idx[1] {
        return Err(Error::msg(format!("invalid slice index: {} > {}", idx[0], idx[1])));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(Error::msg(format!("invalid slice index: {} > {}", idx[1], idx[2])));
    }
    let (a, b) = (idx[0], idx[1]);
    Ok(Rv::Val(match &v {
        Value::String(s) => match s.get(a..b) {
            Some(sub) => Value::from(sub),
            None => Value::from(String::from_utf8_lossy(&s.as_bytes()[a..b]).into_owned()),
        },
        Value::List(l) => Value::typed_list(l.ty, l.items[a..b].to_vec()),
        Value::Bytes(bs) => Value::Bytes(std::rc::Rc::new(bs[a..b].to_vec().into())),
        _ => Value::Nil,
    }))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BasicKind {
    Invalid,
    Bool,
    Complex,
    Int,
    Float,
    String,
    Uint,
}

fn basic_kind(v: &Value) -> BasicKind {
    match v.kind() {
        Kind::Bool => BasicKind::Bool,
        Kind::Int(t) if t.is_signed() => BasicKind::Int,
        Kind::Int(_) => BasicKind::Uint,
        Kind::Float64 => BasicKind::Float,
        Kind::Complex128 => BasicKind::Complex,
        Kind::String => BasicKind::String,
        _ => BasicKind::Invalid,
    }
}

/// `indirectInterface`: the value inside an interface, `None` for nil/missing.
fn concrete(v: &Rv) -> Option<Value> {
    match v {
        Rv::Missing | Rv::Iface(Value::Nil) | Rv::Val(Value::Nil) => None,
        Rv::Val(v) | Rv::Iface(v) => Some(v.clone()),
    }
}

fn type_name_or_nil(v: &Option<Value>) -> &'static str {
    match v {
        Some(v) => v.type_name(),
        None => "<nil>",
    }
}

fn eq(arg1: &Rv, rest: &[Rv]) -> Result<bool, Error> {
    if rest.is_empty() {
        return Err(Error::msg("missing argument for comparison"));
    }
    let a = concrete(arg1);
    let k1 = a.as_ref().map_or(BasicKind::Invalid, basic_kind);
    for arg in rest {
        let b = concrete(arg);
        let k2 = b.as_ref().map_or(BasicKind::Invalid, basic_kind);
        let truth = if k1 != k2 {
            match (k1, k2, &a, &b) {
                (BasicKind::Int, BasicKind::Uint, Some(x), Some(y)) | (BasicKind::Uint, BasicKind::Int, Some(x), Some(y)) => {
                    x.as_i128() == y.as_i128()
                }
                _ => {
                    if a.is_some() && b.is_some() {
                        return Err(Error::msg(format!(
                            "incompatible types for comparison: {} and {}",
                            type_name_or_nil(&a),
                            type_name_or_nil(&b)
                        )));
                    }
                    false
                }
            }
        } else {
            match (&a, &b) {
                (Some(Value::Bool(x)), Some(Value::Bool(y))) => x == y,
                (Some(Value::Complex(r1, i1)), Some(Value::Complex(r2, i2))) => r1 == r2 && i1 == i2,
                (Some(Value::Float(x)), Some(Value::Float(y))) => x == y,
                (Some(x @ Value::Int(..)), Some(y @ Value::Int(..))) => x.as_i128() == y.as_i128(),
                (Some(Value::String(x)), Some(Value::String(y))) => x == y,
                (None, None) => true,
                (None, Some(_)) | (Some(_), None) => {
                    // Comparing nil with a nillable value.
                    let other = a.as_ref().or(b.as_ref());
                    is_nil_value(other)
                }
                (Some(x), Some(y)) => {
                    if x.kind() != y.kind() {
                        return Err(Error::msg(format!(
                            "non-comparable types {}: {}, {}: {}",
                            super::fmt::format_value(x, 's'),
                            x.type_name(),
                            y.type_name(),
                            super::fmt::print_one(y)
                        )));
                    }
                    if matches!(x.kind(), Kind::Slice | Kind::Map | Kind::Func) {
                        if is_nil_value(Some(x)) || is_nil_value(Some(y)) {
                            is_nil_value(Some(x)) == is_nil_value(Some(y))
                        } else {
                            return Err(Error::msg(format!("non-comparable type {}: {}", super::fmt::format_value(y, 's'), y.type_name())));
                        }
                    } else {
                        x.same(y)
                    }
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

fn is_nil_value(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Nil) => true,
        Some(Value::List(l)) => l.nil,
        Some(Value::Map(m)) => m.nil,
        _ => false,
    }
}

fn lt(arg1: &Rv, arg2: &Rv) -> Result<bool, Error> {
    let bad = || Error::msg("invalid type for comparison");
    let a = concrete(arg1).ok_or_else(bad)?;
    let k1 = basic_kind(&a);
    if k1 == BasicKind::Invalid {
        return Err(bad());
    }
    let b = concrete(arg2).ok_or_else(bad)?;
    let k2 = basic_kind(&b);
    if k2 == BasicKind::Invalid {
        return Err(bad());
    }
    if k1 != k2 {
        return match (k1, k2) {
            (BasicKind::Int, BasicKind::Uint) | (BasicKind::Uint, BasicKind::Int) => Ok(a.as_i128() < b.as_i128()),
            _ => Err(Error::msg(format!("incompatible types for comparison: {} and {}", a.type_name(), b.type_name()))),
        };
    }
    Ok(match (&a, &b) {
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::Int(..), Value::Int(..)) => a.as_i128() < b.as_i128(),
        (Value::String(x), Value::String(y)) => x.as_bytes() < y.as_bytes(),
        _ => return Err(bad()),
    })
}

fn le(a: &Rv, b: &Rv) -> Result<bool, Error> {
    if lt(a, b)? {
        return Ok(true);
    }
    eq(a, std::slice::from_ref(b))
}

/// `template.HTMLEscapeString`.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// `template.JSEscapeString`.
pub fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if (c as u32) < 0x80 => out.push(c),
            c if super::quote::is_print(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out
}

/// `url.QueryEscape`.
pub fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
