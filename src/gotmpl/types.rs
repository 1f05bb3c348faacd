//! Go's static types, as far as templates can observe them: `%T` and `typeOf` print their names,
//! function parameters are checked against them (`wrong type for value; expected int; got
//! float64`), and literal constants are converted according to them (`2.0` is accepted where an
//! `int` is wanted).

use super::value::Value;

/// Go's integer types. Values of every integer type are stored as `i64` (unsigned ones as their
/// bit pattern; see [`Value::Int`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntTy {
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
}

impl IntTy {
    pub fn name(self) -> &'static str {
        match self {
            IntTy::Int => "int",
            IntTy::Int8 => "int8",
            IntTy::Int16 => "int16",
            IntTy::Int32 => "int32",
            IntTy::Int64 => "int64",
            IntTy::Uint => "uint",
            IntTy::Uint8 => "uint8",
            IntTy::Uint16 => "uint16",
            IntTy::Uint32 => "uint32",
            IntTy::Uint64 => "uint64",
            IntTy::Uintptr => "uintptr",
        }
    }

    pub fn is_signed(self) -> bool {
        matches!(self, IntTy::Int | IntTy::Int8 | IntTy::Int16 | IntTy::Int32 | IntTy::Int64)
    }
}

/// What `reflect.Kind` a value has (`kindOf` prints these names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Invalid,
    Bool,
    Int(IntTy),
    Float64,
    Complex128,
    String,
    Slice,
    Map,
    Struct,
    Ptr,
    Func,
    Interface,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Invalid => "invalid",
            Kind::Bool => "bool",
            Kind::Int(t) => t.name(),
            Kind::Float64 => "float64",
            Kind::Complex128 => "complex128",
            Kind::String => "string",
            Kind::Slice => "slice",
            Kind::Map => "map",
            Kind::Struct => "struct",
            Kind::Ptr => "ptr",
            Kind::Func => "func",
            Kind::Interface => "interface",
        }
    }
}

/// A method of a named type or host object: its Go signature and implementation. The receiver
/// is passed as the first argument of `call`.
pub struct Method {
    pub name: &'static str,
    /// Go signature without receiver, e.g. `func(string) bool` (see [`super::funcs::Sig::parse`]).
    pub sig: &'static str,
    pub call: fn(&Value, &[Value]) -> Result<Value, super::error::Error>,
}

/// A named Go type whose underlying type is a map or slice (`common.Values`, `engine.files`,
/// `common.VersionSet`): it prints like its underlying type but has its own name and methods.
pub struct NamedType {
    /// Qualified name as `%T` prints it.
    pub name: &'static str,
    /// The underlying type (assignability to unnamed types follows it).
    pub underlying: Type,
    pub methods: &'static [Method],
}

impl std::fmt::Debug for NamedType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// A Go type a function parameter, slice element or map value can have.
#[derive(Clone, Copy, Debug)]
pub enum Type {
    /// `interface {}`.
    Any,
    Bool,
    Int(IntTy),
    Float64,
    Complex128,
    String,
    /// `[]uint8` (`[]byte`).
    Bytes,
    /// `[]interface {}`.
    AnyList,
    /// `[]string`.
    StringList,
    /// `[]int`.
    IntList,
    /// `map[string]interface {}`.
    AnyMap,
    /// `map[string]string`.
    StringMap,
    /// `map[string][]uint8`.
    BytesMap,
    /// `reflect.Value`: the function sees the argument as is.
    Reflect,
    /// `error`.
    Error,
    /// A named map or slice type.
    Named(&'static NamedType),
    /// A host struct type (or pointer to one), by its `%T` name (`time.Time`, `*semver.Version`).
    Object(&'static str),
}

impl PartialEq for Type {
    fn eq(&self, other: &Type) -> bool {
        use Type::*;
        match (self, other) {
            (Named(a), Named(b)) => std::ptr::eq(*a, *b) || a.name == b.name,
            (Object(a), Object(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl Type {
    /// The name `%T` prints.
    pub fn name(&self) -> &'static str {
        match self {
            Type::Any => "interface {}",
            Type::Bool => "bool",
            Type::Int(t) => t.name(),
            Type::Float64 => "float64",
            Type::Complex128 => "complex128",
            Type::String => "string",
            Type::Bytes => "[]uint8",
            Type::AnyList => "[]interface {}",
            Type::StringList => "[]string",
            Type::IntList => "[]int",
            Type::AnyMap => "map[string]interface {}",
            Type::StringMap => "map[string]string",
            Type::BytesMap => "map[string][]uint8",
            Type::Reflect => "reflect.Value",
            Type::Error => "error",
            Type::Named(n) => n.name,
            Type::Object(n) => n,
        }
    }

    /// The element type of a slice type, the value type of a map type.
    pub fn elem(&self) -> Option<Type> {
        match self {
            Type::Bytes => Some(Type::Int(IntTy::Uint8)),
            Type::AnyList | Type::AnyMap => Some(Type::Any),
            Type::StringList | Type::StringMap => Some(Type::String),
            Type::BytesMap => Some(Type::Bytes),
            Type::IntList => Some(Type::Int(IntTy::Int)),
            Type::Named(n) => n.underlying.elem(),
            _ => None,
        }
    }

    /// The slice type with this element type (when the model has one).
    pub fn slice_of(elem: Type) -> Type {
        match elem {
            Type::String => Type::StringList,
            Type::Int(IntTy::Int) => Type::IntList,
            Type::Int(IntTy::Uint8) => Type::Bytes,
            _ => Type::AnyList,
        }
    }

    /// Whether `nil` converts to this type (`reflect.Zero`), as Go's `canBeNil`.
    pub fn can_be_nil(&self) -> bool {
        match self {
            Type::Any | Type::Reflect | Type::Error | Type::Bytes | Type::AnyList | Type::StringList => true,
            Type::IntList | Type::AnyMap | Type::StringMap | Type::BytesMap => true,
            Type::Named(n) => n.underlying.can_be_nil(),
            Type::Object(name) => name.starts_with('*'),
            _ => false,
        }
    }

    /// The kind of values of this type.
    pub fn kind(&self) -> Kind {
        match self {
            Type::Any | Type::Error => Kind::Interface,
            Type::Bool => Kind::Bool,
            Type::Int(t) => Kind::Int(*t),
            Type::Float64 => Kind::Float64,
            Type::Complex128 => Kind::Complex128,
            Type::String => Kind::String,
            Type::Bytes | Type::AnyList | Type::StringList | Type::IntList => Kind::Slice,
            Type::AnyMap | Type::StringMap | Type::BytesMap => Kind::Map,
            Type::Reflect => Kind::Struct,
            Type::Named(n) => n.underlying.kind(),
            Type::Object(name) => {
                if name.starts_with('*') {
                    Kind::Ptr
                } else {
                    Kind::Struct
                }
            }
        }
    }

    /// The zero value of the type (`reflect.Zero`), used for missing map entries under
    /// `missingkey=zero` and for `nil` arguments.
    pub fn zero(&self) -> Value {
        match self {
            Type::Bool => Value::Bool(false),
            Type::Int(t) => Value::Int(0, *t),
            Type::Float64 => Value::Float(0.0),
            Type::Complex128 => Value::Complex(0.0, 0.0),
            Type::String => Value::from(""),
            Type::Bytes | Type::AnyList | Type::StringList | Type::IntList => Value::nil_list(*self),
            Type::AnyMap | Type::StringMap | Type::BytesMap => Value::nil_map(*self),
            Type::Named(n) => match n.underlying.kind() {
                Kind::Map => Value::nil_map(*self),
                Kind::Slice => Value::nil_list(*self),
                _ => Value::Nil,
            },
            _ => Value::Nil,
        }
    }
}
