//! The function registry (Go's `template.FuncMap`).
//!
//! A function is registered with its **Go signature**, because templates observe it: arguments
//! are checked against the parameter types (`wrong type for value; expected int; got float64`),
//! literal constants are converted to them (`repeat 2.0 "x"` passes `2` as an `int`), and the
//! number of arguments is checked (`wrong number of args for upper: want 1 got 2`). A result
//! declared `interface {}` behaves as Go's boxed values do (a nil result prints `<no value>`).
//!
//! Registering a function is one line:
//!
//! ```
//! use krender::gotmpl::{FuncMap, Value};
//! let mut f = FuncMap::new();
//! f.add("upper", "func(string) string", |a| Ok(Value::from(a[0].as_str().unwrap().to_uppercase())));
//! f.add("list", "func(...interface {}) []interface {}", |a| Ok(Value::list(a.to_vec())));
//! ```
//!
//! Arguments arrive already checked and converted: a `string` parameter is a `Value::String`, an
//! `int` parameter a `Value::Int(_, IntTy::Int)`, a `[]string` parameter a list of strings, an
//! `interface {}` parameter anything (`Value::Nil` for nil). Return `Err(Error::msg(...))` for
//! Go's `(T, error)` results and for panics (Go's template engine turns both into `error calling
//! NAME: MESSAGE`).
//!
//! Functions that need the engine (`include`, `tpl`) are registered with [`FuncMap::add_ctx`]
//! and receive a [`Ctx`] giving access to the executing template set.
//!
//! Supported type names: `interface {}` (or `any`), `bool`, `int`, `int8`…`int64`, `uint`…
//! `uint64`, `float64`, `complex128`, `string`, `[]byte`/`[]uint8`, `[]interface {}`,
//! `[]string`, `[]int`, `map[string]interface {}`, `map[string]string`, `reflect.Value`,
//! `error`; any other name is a host object type matched by its `%T` name (`time.Time`).

use super::error::Error;
use super::types::{IntTy, Type};
use super::value::Value;
use super::Template;
use std::collections::HashMap;
use std::rc::Rc;

/// A Go function signature.
#[derive(Clone, Debug)]
pub struct Sig {
    pub params: Vec<Type>,
    /// The element type of a final `...T` parameter.
    pub variadic: Option<Type>,
    pub ret: Type,
    /// Results text/template cannot call with (Go's `goodFunc`): their number and the second
    /// one's type, for methods such as `time.Time.Zone` (`func() (string, int)`).
    pub bad_results: Option<(usize, &'static str)>,
}

/// A type by its Go name (see the module documentation).
pub fn type_by_name(name: &'static str) -> Type {
    match name.trim() {
        "interface {}" | "interface{}" | "any" => Type::Any,
        "bool" => Type::Bool,
        "int" => Type::Int(IntTy::Int),
        "int8" => Type::Int(IntTy::Int8),
        "int16" => Type::Int(IntTy::Int16),
        "int32" | "rune" => Type::Int(IntTy::Int32),
        "int64" => Type::Int(IntTy::Int64),
        "uint" => Type::Int(IntTy::Uint),
        "uint8" | "byte" => Type::Int(IntTy::Uint8),
        "uint16" => Type::Int(IntTy::Uint16),
        "uint32" => Type::Int(IntTy::Uint32),
        "uint64" => Type::Int(IntTy::Uint64),
        "float64" => Type::Float64,
        "complex128" => Type::Complex128,
        "string" => Type::String,
        "[]byte" | "[]uint8" => Type::Bytes,
        "[]interface {}" | "[]interface{}" | "[]any" => Type::AnyList,
        "[]string" => Type::StringList,
        "[]int" => Type::IntList,
        "map[string]interface {}" | "map[string]interface{}" | "map[string]any" => Type::AnyMap,
        "map[string]string" => Type::StringMap,
        "map[string][]byte" | "map[string][]uint8" => Type::BytesMap,
        "reflect.Value" => Type::Reflect,
        "error" => Type::Error,
        _ => Type::Object(name.trim()),
    }
}

/// Splits at top-level commas (not inside brackets or braces).
fn split_top(s: &'static str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !s[start..].trim().is_empty() {
        out.push(&s[start..]);
    }
    out
}

impl Sig {
    /// Parses `func(int, string) string`, `func(...interface {}) (interface {}, error)`.
    /// Panics on malformed input (signatures are written in code).
    pub fn parse(sig: &'static str) -> Sig {
        let s = sig.trim().strip_prefix("func").unwrap_or(sig).trim();
        assert!(s.starts_with('('), "bad signature {sig:?}");
        let mut depth = 0;
        let mut close = 0;
        for (i, c) in s.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let params_s = &s[1..close];
        let mut params = Vec::new();
        let mut variadic = None;
        for p in split_top(params_s) {
            let p = p.trim();
            if let Some(elem) = p.strip_prefix("...") {
                variadic = Some(type_by_name(elem));
            } else {
                params.push(type_by_name(p));
            }
        }
        let ret_s = s[close + 1..].trim();
        let ret_s = ret_s.strip_prefix('(').and_then(|r| r.strip_suffix(')')).unwrap_or(ret_s);
        let results = split_top(ret_s);
        let ret = results.first().map(|r| type_by_name(r)).unwrap_or(Type::Any);
        let bad_results = match results.len() {
            0 | 1 => None,
            2 if results[1].trim() == "error" => None,
            n => Some((n, results[1].trim())),
        };
        Sig { params, variadic, ret, bad_results }
    }

    /// `reflect.Type.NumIn()`: the variadic slice counts as one parameter.
    pub fn num_in(&self) -> usize {
        self.params.len() + usize::from(self.variadic.is_some())
    }

    /// The type of parameter `i` (the variadic slice's element type past the fixed ones).
    /// Go's `goodFunc` error for a function or method with these results, if any.
    pub fn results_error(&self, name: &str) -> Option<String> {
        Some(match self.bad_results? {
            (2, second) => format!("invalid function signature for {name}: second return value should be error; is {second}"),
            (n, _) => format!("function {name} has {n} return values; should be 1 or 2"),
        })
    }

    pub fn param(&self, i: usize) -> Type {
        self.params.get(i).copied().or(self.variadic).unwrap_or(Type::Any)
    }
}

/// The engine as seen by context-aware functions.
pub struct Ctx<'a> {
    /// The template set being executed (a `tpl` clone while inside `tpl`).
    pub set: &'a Rc<Template>,
}

pub type PlainFn = dyn Fn(&[Value]) -> Result<Value, Error>;
pub type CtxFn = dyn Fn(&mut Ctx<'_>, &[Value]) -> Result<Value, Error>;

/// How a function is implemented.
#[derive(Clone)]
pub enum Imp {
    Plain(Rc<PlainFn>),
    Ctx(Rc<CtxFn>),
}

/// A registered function.
#[derive(Clone)]
pub struct Func {
    pub name: String,
    pub sig: Rc<Sig>,
    pub imp: Imp,
}

/// A hash for short names (function, field and template names; lookups of these run for
/// every identifier a template has): eight bytes per multiply, where SipHash's setup and
/// FNV's byte-at-a-time loop dominated the lookups.
#[derive(Clone, Copy, Default)]
pub struct NameHash(u64);

impl NameHash {
    /// The multiplier (2^64 divided by the golden ratio, odd).
    const K: u64 = 0x9e37_79b9_7f4a_7c15;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(23) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for NameHash {
    fn finish(&self) -> u64 {
        // the multiplies carry entropy up only: fold the high half into the low bits, which
        // pick the bucket
        self.0 ^ (self.0 >> 32)
    }
    fn write(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        let half = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as u64;
        if n >= 8 {
            let mut at = 0;
            while at + 8 < n {
                self.add(word(at));
                at += 8;
            }
            // the last eight bytes (overlapping the previous word when `n` is not a multiple)
            self.add(word(n - 8));
        } else if n >= 4 {
            self.add(half(0) | (half(n - 4) << 32));
        } else if n > 0 {
            self.add(bytes[0] as u64 | (bytes[n / 2] as u64) << 8 | (bytes[n - 1] as u64) << 16);
        }
        self.add(n as u64);
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
}

type NameMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<NameHash>>;

/// Named functions available to templates (in addition to Go's builtins, which they override).
#[derive(Clone, Default)]
pub struct FuncMap {
    map: NameMap<String, Rc<Func>>,
}

impl FuncMap {
    pub fn new() -> FuncMap {
        FuncMap::default()
    }

    /// Registers (or replaces) a plain function.
    pub fn add(&mut self, name: &str, sig: &'static str, f: impl Fn(&[Value]) -> Result<Value, Error> + 'static) {
        let func = Func { name: name.to_string(), sig: Rc::new(Sig::parse(sig)), imp: Imp::Plain(Rc::new(f)) };
        self.map.insert(name.to_string(), Rc::new(func));
    }

    /// Registers (or replaces) a function that calls back into the engine.
    pub fn add_ctx(&mut self, name: &str, sig: &'static str, f: impl Fn(&mut Ctx<'_>, &[Value]) -> Result<Value, Error> + 'static) {
        let func = Func { name: name.to_string(), sig: Rc::new(Sig::parse(sig)), imp: Imp::Ctx(Rc::new(f)) };
        self.map.insert(name.to_string(), Rc::new(func));
    }

    pub fn remove(&mut self, name: &str) {
        self.map.remove(name);
    }

    pub fn get(&self, name: &str) -> Option<&Rc<Func>> {
        self.map.get(name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// Adds every function of `other`, replacing same-named ones.
    pub fn extend(&mut self, other: &FuncMap) {
        for (k, v) in &other.map {
            self.map.insert(k.clone(), v.clone());
        }
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(|s| s.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_hash_spreads_names() {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let h = BuildHasherDefault::<NameHash>::default();
        let names: Vec<String> = (0..8192).flat_map(|i| [format!("n{i}"), format!("name{i}"), format!("a.long.prefix.of.a.name{i}")]).collect();
        // the low bits pick the bucket and the top seven are compared first (hashbrown)
        let mut low = vec![0u32; 4096];
        let mut top = [0u32; 128];
        for n in &names {
            let x = h.hash_one(n.as_str());
            low[(x & 4095) as usize] += 1;
            top[(x >> 57) as usize] += 1;
        }
        let (mean_low, mean_top) = (names.len() as u32 / 4096, names.len() as u32 / 128);
        assert!(low.iter().all(|&c| c <= 4 * mean_low + 8), "bucket bits: max {}", low.iter().max().unwrap());
        assert!(top.iter().all(|&c| c <= 2 * mean_top && c >= mean_top / 2), "top bits: {top:?}");
        assert_ne!(h.hash_one("abcdefgh1"), h.hash_one("abcdefgh2"));
        assert_ne!(h.hash_one("ab"), h.hash_one("ba"));
        assert_ne!(h.hash_one(""), h.hash_one("\0"));
    }

    #[test]
    fn signatures() {
        let s = Sig::parse("func(int, string) string");
        assert_eq!(s.params, vec![Type::Int(IntTy::Int), Type::String]);
        assert_eq!(s.ret, Type::String);
        let s = Sig::parse("func(string, ...interface {}) (interface {}, error)");
        assert_eq!(s.num_in(), 2);
        assert_eq!(s.variadic, Some(Type::Any));
        assert_eq!(s.ret, Type::Any);
        let s = Sig::parse("func(map[string]interface {}, string) bool");
        assert_eq!(s.params[0], Type::AnyMap);
    }
}
