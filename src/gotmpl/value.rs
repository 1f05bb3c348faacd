//! Template data: Go's `interface{}` values with the type distinctions templates can observe.
//!
//! - numbers keep their Go type: `float64` (everything read from YAML or JSON), `int` (literals,
//!   `len`, `atoi`), `int64` (Sprig arithmetic), `uint8` (bytes of a string)…
//! - maps are `map[string]T` with keys kept sorted (Go prints and ranges over maps in key order);
//!   they are shared and mutable, as Go maps are (`set` changes the map every holder sees);
//! - slices carry their element type (`[]interface {}` vs `[]string`);
//! - named map/slice types (`common.Values`) and host objects (structs with fields and methods)
//!   keep their own type names.

use super::types::{IntTy, Kind, Method, Type};
use std::cell::{Ref, RefCell, RefMut};
use std::collections::BTreeMap;
use std::rc::Rc;

pub use super::gostr::Str;

/// A template value.
#[derive(Clone, Debug)]
pub enum Value {
    /// An untyped `nil` (a nil `interface{}`).
    Nil,
    Bool(bool),
    /// Any Go integer type; unsigned values are stored as their bit pattern.
    Int(i64, IntTy),
    /// `float64`.
    Float(f64),
    /// `complex128` (only literals such as `1i` produce these).
    Complex(f64, f64),
    String(Str),
    /// `[]byte`.
    Bytes(Rc<super::bytes::Bytes>),
    List(Rc<List>),
    Map(Rc<Map>),
    /// A host struct or pointer to struct.
    Object(Rc<dyn Object>),
}

/// A slice: its Go type and items.
#[derive(Debug)]
pub struct List {
    /// The slice type (`Type::AnyList`, `Type::StringList`, a named slice type…).
    pub ty: Type,
    pub items: Vec<Value>,
    /// A nil slice (`json.Marshal` writes `null`).
    pub nil: bool,
}

/// A map with string keys, shared and mutable like a Go map.
#[derive(Debug)]
pub struct Map {
    /// The map type (`Type::AnyMap`, `Type::StringMap`, a named map type…).
    pub ty: Type,
    entries: Rc<RefCell<BTreeMap<Str, Value>>>,
    /// A nil map (`json.Marshal` writes `null`; writing to it fails in Go).
    pub nil: bool,
}

impl Map {
    pub fn new(ty: Type, entries: BTreeMap<Str, Value>) -> Map {
        Map { ty, entries: Rc::new(RefCell::new(entries)), nil: false }
    }

    /// The same map seen with another (assignable) type: Go passes a `common.Values` to a
    /// `map[string]interface {}` parameter without copying it.
    pub fn retyped(&self, ty: Type) -> Map {
        Map { ty, entries: self.entries.clone(), nil: self.nil }
    }

    /// Whether two maps are the same Go map.
    pub fn same_map(&self, other: &Map) -> bool {
        Rc::ptr_eq(&self.entries, &other.entries)
    }

    pub fn entries(&self) -> Ref<'_, BTreeMap<Str, Value>> {
        self.entries.borrow()
    }

    pub fn entries_mut(&self) -> RefMut<'_, BTreeMap<Str, Value>> {
        self.entries.borrow_mut()
    }

    pub fn get(&self, key: &str) -> Option<Value> {
        self.entries.borrow().get(super::gostr::Key::new(key)).cloned()
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.entries.borrow().contains_key(super::gostr::Key::new(key))
    }

    pub fn insert(&self, key: impl Into<Str>, value: Value) {
        self.entries.borrow_mut().insert(key.into(), value);
    }

    pub fn remove(&self, key: &str) -> Option<Value> {
        self.entries.borrow_mut().remove(key)
    }

    pub fn len(&self) -> usize {
        self.entries.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.borrow().is_empty()
    }

    /// The map's value type (`interface {}` for `map[string]interface {}`).
    pub fn elem(&self) -> Type {
        self.ty.elem().unwrap_or(Type::Any)
    }
}

/// A host value with fields and methods (Go structs, pointers to structs): `.Capabilities`,
/// a `semver.Version`, a `time.Time`.
pub trait Object: std::fmt::Debug {
    /// The `%T` name: `*common.Capabilities`, `time.Time`.
    fn type_name(&self) -> &'static str;
    /// An exported field.
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    /// The methods (receiver first in `Method::call`).
    fn methods(&self) -> &'static [Method] {
        &[]
    }
    /// `String()` (or `Error()`) when the type implements `fmt.Stringer`: used by `%v`/`%s`.
    fn string(&self) -> Option<String> {
        None
    }
    /// `String()` of a pointer receiver: an action printing an addressable value (a struct
    /// field) uses it, `fmt` functions do not.
    fn addr_string(&self) -> Option<String> {
        self.string()
    }
    /// How `%v` prints the struct when it is not a Stringer (`{a b}`, `&{a b}`).
    fn fmt_struct(&self, plus: bool) -> String {
        let _ = plus;
        format!("{{{}}}", self.type_name())
    }
    /// The value of a named integer type (`time.Month`, `time.Duration`), which conversions such
    /// as spf13/cast treat as the integer.
    fn as_int(&self) -> Option<i64> {
        None
    }
    /// What `encoding/json` writes for it.
    fn to_json(&self) -> Result<crate::yaml::Value, String>;
    /// For downcasting in functions that take this type.
    fn as_any(&self) -> &dyn std::any::Any;
}

impl Value {
    pub fn int(i: i64) -> Value {
        Value::Int(i, IntTy::Int)
    }

    pub fn int64(i: i64) -> Value {
        Value::Int(i, IntTy::Int64)
    }

    pub fn str(s: &str) -> Value {
        Value::String(Str::from(s))
    }

    /// A `[]interface {}`.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(List { ty: Type::AnyList, items, nil: false }))
    }

    /// A slice of the given slice type.
    pub fn typed_list(ty: Type, items: Vec<Value>) -> Value {
        Value::List(Rc::new(List { ty, items, nil: false }))
    }

    /// A `[]string`.
    pub fn string_list(items: impl IntoIterator<Item = String>) -> Value {
        Value::typed_list(Type::StringList, items.into_iter().map(Value::from).collect())
    }

    pub fn nil_list(ty: Type) -> Value {
        if ty == Type::Bytes {
            return Value::Bytes(Rc::default());
        }
        Value::List(Rc::new(List { ty, items: Vec::new(), nil: true }))
    }

    /// A `map[string]interface {}`.
    pub fn map(entries: BTreeMap<Str, Value>) -> Value {
        Value::Map(Rc::new(Map::new(Type::AnyMap, entries)))
    }

    pub fn typed_map(ty: Type, entries: BTreeMap<Str, Value>) -> Value {
        Value::Map(Rc::new(Map::new(ty, entries)))
    }

    pub fn nil_map(ty: Type) -> Value {
        Value::Map(Rc::new(Map { ty, entries: Rc::new(RefCell::new(BTreeMap::new())), nil: true }))
    }

    pub fn empty_map() -> Value {
        Value::map(BTreeMap::new())
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Rc<Map>> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&Rc<List>> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// The Go type of the value (`Type::Any` for nil).
    pub fn ty(&self) -> Type {
        match self {
            Value::Nil => Type::Any,
            Value::Bool(_) => Type::Bool,
            Value::Int(_, t) => Type::Int(*t),
            Value::Float(_) => Type::Float64,
            Value::Complex(..) => Type::Complex128,
            Value::String(_) => Type::String,
            Value::Bytes(_) => Type::Bytes,
            Value::List(l) => l.ty,
            Value::Map(m) => m.ty,
            Value::Object(o) => Type::Object(o.type_name()),
        }
    }

    /// `%T`: the type name, `<nil>` for nil.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "<nil>",
            v => v.ty().name(),
        }
    }

    /// `reflect.Kind` of the value (`Kind::Invalid` for nil).
    pub fn kind(&self) -> Kind {
        match self {
            Value::Nil => Kind::Invalid,
            v => v.ty().kind(),
        }
    }

    /// Go's `template.IsTrue` (the truth of `if`, `with`, `and`, `or`, `not`): the value is not
    /// the zero value of its type; structs are always true.
    pub fn truth(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i, _) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Complex(r, i) => *r != 0.0 || *i != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.items.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Object(_) => true,
        }
    }

    /// The methods of the value's type.
    pub fn methods(&self) -> &'static [Method] {
        match self {
            Value::Object(o) => o.methods(),
            Value::List(l) => named_methods(&l.ty),
            Value::Map(m) => named_methods(&m.ty),
            _ => &[],
        }
    }

    /// Length for `len`: strings (bytes), slices, maps.
    pub fn len(&self) -> Option<usize> {
        match self {
            Value::String(s) => Some(s.bytes().len()),
            Value::Bytes(b) => Some(b.len()),
            Value::List(l) => Some(l.items.len()),
            Value::Map(m) => Some(m.len()),
            _ => None,
        }
    }

    /// The integer as i128 (exact for every Go integer type).
    pub fn as_i128(&self) -> Option<i128> {
        match self {
            Value::Int(i, t) => Some(int_value(*i, *t)),
            _ => None,
        }
    }

    /// The value seen with an assignable type of the same underlying type (named ↔ unnamed).
    pub fn retype(&self, ty: Type) -> Value {
        match self {
            Value::Map(m) if m.ty != ty => Value::Map(Rc::new(m.retyped(ty))),
            Value::List(l) if l.ty != ty => Value::List(Rc::new(List { ty, items: l.items.clone(), nil: l.nil })),
            v => v.clone(),
        }
    }

    /// Identity of shared values (maps, lists, objects), for cycle-free comparisons.
    pub fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Map(a), Value::Map(b)) => a.same_map(b),
            (Value::List(a), Value::List(b)) => Rc::ptr_eq(a, b),
            (Value::Object(a), Value::Object(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// The exact value of an integer of type `t` stored as `i`.
pub fn int_value(i: i64, t: IntTy) -> i128 {
    if t.is_signed() {
        i as i128
    } else {
        i as u64 as i128
    }
}

fn named_methods(t: &Type) -> &'static [Method] {
    match t {
        Type::Named(n) => n.methods,
        _ => &[],
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(Str::from(s))
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(Str::from(s))
    }
}

impl From<Str> for Value {
    fn from(s: Str) -> Value {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

/// Builds a `map[string]interface {}` from pairs.
pub fn map_of<K: Into<Str>>(pairs: impl IntoIterator<Item = (K, Value)>) -> Value {
    Value::map(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
}
