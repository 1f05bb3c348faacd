//! Validation of a value against compiled schemas, keyword by keyword in the order
//! santhosh-tekuri/jsonschema v6 checks them, building its error tree.

use super::compile::{Additional, Compiler, Dependency, JType, Schema, SchemaId, ALL_TYPES};
use super::errors::{squote, Kind, VErr};
use super::number::Dec;
use crate::gotmpl::{Map, Type, Value};
use crate::sprig::jsonread::Json;
use std::rc::Rc;

fn type_of(v: &Value) -> Option<JType> {
    Some(match v {
        Value::Nil => JType::Null,
        Value::Bool(_) => JType::Boolean,
        Value::Int(..) | Value::Float(_) => JType::Number,
        Value::String(_) => JType::String,
        Value::List(l) if l.ty == Type::AnyList => JType::Array,
        Value::Map(m) if m.ty == Type::AnyMap => JType::Object,
        _ => return None,
    })
}

fn num_of(v: &Value) -> Option<Dec> {
    match v {
        Value::Int(i, t) if t.is_signed() => Some(Dec::from_i64(*i)),
        Value::Int(i, _) => Some(Dec { mant: *i as u64 as i128, exp: 0 }),
        Value::Float(f) => Dec::from_f64(*f),
        _ => None,
    }
}

fn json_type(j: &Json) -> JType {
    match j {
        Json::Null => JType::Null,
        Json::Bool(_) => JType::Boolean,
        Json::Number(_) => JType::Number,
        Json::String(_) => JType::String,
        Json::Array(_) => JType::Array,
        Json::Object(_) => JType::Object,
    }
}

/// `equals` of a value and a schema constant (numbers compared exactly).
fn equals_json(v: &Value, j: &Json) -> bool {
    match (v, j) {
        (Value::Nil, Json::Null) => true,
        (Value::Bool(a), Json::Bool(b)) => a == b,
        (Value::String(a), Json::String(b)) => &**a == b.as_str(),
        (Value::Int(..) | Value::Float(_), Json::Number(b)) => match (num_of(v), Dec::from_f64(*b)) {
            (Some(x), Some(y)) => x.cmp(y) == std::cmp::Ordering::Equal,
            _ => false,
        },
        (Value::List(l), Json::Array(a)) => l.items.len() == a.len() && l.items.iter().zip(a).all(|(x, y)| equals_json(x, y)),
        (Value::Map(m), Json::Object(o)) => {
            let e = m.entries();
            e.len() == o.len() && o.iter().all(|(k, y)| e.get(k.as_str()).is_some_and(|x| equals_json(x, y)))
        }
        _ => false,
    }
}

fn equals_values(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Int(..) | Value::Float(_), Value::Int(..) | Value::Float(_)) => match (num_of(a), num_of(b)) {
            (Some(x), Some(y)) => x.cmp(y) == std::cmp::Ordering::Equal,
            _ => false,
        },
        (Value::List(x), Value::List(y)) => x.items.len() == y.items.len() && x.items.iter().zip(&y.items).all(|(p, q)| equals_values(p, q)),
        (Value::Map(x), Value::Map(y)) => {
            let (ex, ey) = (x.entries(), y.entries());
            ex.len() == ey.len() && ex.iter().all(|(k, p)| ey.get(k).is_some_and(|q| equals_values(p, q)))
        }
        _ => false,
    }
}

pub struct Validator<'a> {
    pub compiler: &'a Compiler,
}

/// A scope: the schema applied to a value, for reference-cycle detection.
pub struct Scope<'s> {
    pub sch: SchemaId,
    pub vid: usize,
    pub parent: Option<&'s Scope<'s>>,
}

impl Validator<'_> {
    fn err(&self, inst: &[String], kind: Kind) -> VErr {
        VErr { inst: inst.to_vec(), kind: Box::new(kind), causes: Vec::new() }
    }

    /// `validate` of one value against one schema; `Err` holds the error (a group for several).
    pub fn validate(&self, sid: SchemaId, v: &Value, inst: &mut Vec<String>, scope: &Scope) -> Result<(), VErr> {
        crate::gotmpl::deep(|| self.validate_inner(sid, v, inst, scope))
    }

    fn validate_inner(&self, sid: SchemaId, v: &Value, inst: &mut Vec<String>, scope: &Scope) -> Result<(), VErr> {
        let s = &self.compiler.schemas[sid];
        if let Some(b) = s.boolean {
            return if b { Ok(()) } else { Err(self.err(inst, Kind::FalseSchema)) };
        }
        let mut p = scope.parent;
        while let Some(sc) = p {
            if sc.vid != scope.vid {
                break;
            }
            if sc.sch == scope.sch {
                return Err(self.err(inst, Kind::RefCycle));
            }
            p = sc.parent;
        }
        let Some(t) = type_of(v) else { return Err(self.err(inst, Kind::InvalidJson(v.type_name().to_string()))) };
        if s.types != 0 {
            let integer = t == JType::Number && num_of(v).is_some_and(|d| d.is_int());
            let matched = s.types & t as u32 != 0 || (s.types & JType::Integer as u32 != 0 && integer);
            if !matched {
                let want = ALL_TYPES.iter().filter(|x| s.types & **x as u32 != 0).map(|x| x.name()).collect();
                return Err(self.err(inst, Kind::Type { got: t.name(), want }));
            }
        }
        if let Some(c) = &s.constant {
            if !equals_json(v, c) {
                return Err(self.err(inst, Kind::Const(c.clone())));
            }
        }
        if let Some(e) = &s.enumeration {
            let matched = e.iter().any(|x| json_type(x) == t && equals_json(v, x));
            if !matched {
                return Err(self.err(inst, Kind::Enum(e.clone())));
            }
        }
        if let (Some(f), Value::String(st)) = (&s.format, v) {
            if let Err(reason) = f.check(st) {
                return Err(self.err(inst, Kind::Format { got: squote(st), name: f.name, reason }));
            }
        }
        let mut errors: Vec<VErr> = Vec::new();
        if let Some(r) = s.reference {
            let res = self.validate_ref(r, v, inst, scope);
            if s.draft < 2019 {
                return res;
            }
            if let Err(e) = res {
                errors.push(e);
            }
        }
        match v {
            Value::Map(m) => self.object(s, m, inst, scope, &mut errors),
            Value::List(l) => self.array(s, &l.items, inst, scope, &mut errors),
            Value::String(st) => self.string(s, st, inst, &mut errors),
            Value::Int(..) | Value::Float(_) => self.number(s, v, inst, &mut errors),
            _ => {}
        }
        if s.draft >= 2019 {
            self.dynamic_refs(s, v, inst, scope, &mut errors);
        }
        self.conditions(s, v, inst, scope, &mut errors);
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.pop().expect("one error")),
            _ => Err(VErr { inst: inst.clone(), kind: Box::new(Kind::Group), causes: errors }),
        }
    }

    /// `validateSelf`: another schema on the same value.
    fn same(&self, sid: SchemaId, v: &Value, inst: &mut Vec<String>, scope: &Scope) -> Result<(), VErr> {
        let child = Scope { sch: sid, vid: scope.vid, parent: Some(scope) };
        self.validate(sid, v, inst, &child)
    }

    /// `validateVal`: a schema on a child value.
    fn child(&self, sid: SchemaId, v: &Value, inst: &mut Vec<String>, tok: &str, scope: &Scope) -> Result<(), VErr> {
        inst.push(tok.to_string());
        let child = Scope { sch: sid, vid: scope.vid + 1, parent: Some(scope) };
        let r = self.validate(sid, v, inst, &child);
        inst.pop();
        r
    }

    fn validate_ref(&self, sid: SchemaId, v: &Value, inst: &mut Vec<String>, scope: &Scope) -> Result<(), VErr> {
        match self.same(sid, v, inst, scope) {
            Ok(()) => Ok(()),
            Err(e) => {
                let causes = if matches!(*e.kind, Kind::Group) { e.causes } else { vec![e] };
                Err(VErr { inst: inst.clone(), kind: Box::new(Kind::Reference), causes })
            }
        }
    }

    /// `$recursiveRef` and `$dynamicRef`: the static target, or the outermost schema in scope
    /// carrying the same anchor.
    fn dynamic_refs(&self, s: &Schema, v: &Value, inst: &mut Vec<String>, scope: &Scope, errors: &mut Vec<VErr>) {
        let c = self.compiler;
        if let Some(target) = s.recursive_ref {
            let mut sch = target;
            if c.recursive_anchor(target) {
                let mut sc = Some(scope);
                while let Some(x) = sc {
                    if c.recursive_anchor(x.sch) {
                        sch = x.sch;
                    }
                    sc = x.parent;
                }
            }
            if let Err(e) = self.validate_ref(sch, v, inst, scope) {
                errors.push(e);
            }
        }
        if let Some((target, anchor)) = &s.dynamic_ref {
            let mut sch = *target;
            if !anchor.is_empty() && c.has_dynamic_anchor(*target, anchor) {
                let mut sc = Some(scope);
                while let Some(x) = sc {
                    if let Some(d) = c.dynamic_anchors.get(&(c.schemas[x.sch].doc, anchor.clone())) {
                        sch = *d;
                    }
                    sc = x.parent;
                }
            }
            if let Err(e) = self.validate_ref(sch, v, inst, scope) {
                errors.push(e);
            }
        }
    }

    fn object(&self, s: &Schema, m: &Rc<Map>, inst: &mut Vec<String>, scope: &Scope, errors: &mut Vec<VErr>) {
        let entries: Vec<(String, Value)> = m.entries().iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        let len = entries.len() as i64;
        if let Some(w) = s.min_properties {
            if len < w {
                errors.push(self.err(inst, Kind::MinProperties(len, w)));
            }
        }
        if let Some(w) = s.max_properties {
            if len > w {
                errors.push(self.err(inst, Kind::MaxProperties(len, w)));
            }
        }
        let has = |k: &str| entries.iter().any(|(x, _)| x == k);
        let missing = |req: &[String]| -> Vec<String> { req.iter().filter(|r| !has(r)).cloned().collect() };
        let m1 = missing(&s.required);
        if !m1.is_empty() {
            errors.push(self.err(inst, Kind::Required(m1)));
        }
        let mut deps = s.dependencies.clone();
        deps.sort_by(|a, b| a.0.cmp(&b.0));
        for (pname, dep) in &deps {
            if !has(pname) {
                continue;
            }
            match dep {
                Dependency::Props(req) => {
                    let m = missing(req);
                    if !m.is_empty() {
                        errors.push(self.err(inst, Kind::Dependency(pname.clone(), m)));
                    }
                }
                Dependency::Schema(sid) => {
                    if let Err(e) = self.same(*sid, &Value::Map(m.clone()), inst, scope) {
                        errors.push(e);
                    }
                }
            }
        }
        let mut additional = Vec::new();
        for (pname, pvalue) in &entries {
            let mut evaluated = false;
            if let Some((_, sid)) = s.properties.iter().find(|(k, _)| k == pname) {
                evaluated = true;
                if let Err(e) = self.child(*sid, pvalue, inst, pname, scope) {
                    errors.push(e);
                }
            }
            for (re, sid) in &s.pattern_properties {
                if re.is_match(pname) {
                    evaluated = true;
                    if let Err(e) = self.child(*sid, pvalue, inst, pname, scope) {
                        errors.push(e);
                    }
                }
            }
            if !evaluated {
                match &s.additional_properties {
                    Some(Additional::Bool(false)) => additional.push(pname.clone()),
                    Some(Additional::Schema(sid)) => {
                        if let Err(e) = self.child(*sid, pvalue, inst, pname, scope) {
                            errors.push(e);
                        }
                    }
                    _ => {}
                }
            }
        }
        if !additional.is_empty() {
            errors.push(self.err(inst, Kind::AdditionalProperties(additional)));
        }
        if s.draft == 4 {
            return;
        }
        if let Some(sid) = s.property_names {
            for (pname, _) in &entries {
                let mut sub_inst = Vec::new();
                let root = Scope { sch: sid, vid: 0, parent: None };
                if let Err(e) = self.validate(sid, &Value::from(pname.as_str()), &mut sub_inst, &root) {
                    let causes = if matches!(*e.kind, Kind::Group) { e.causes } else { vec![e] };
                    errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::PropertyNames(pname.clone())), causes });
                }
            }
        }
        if s.draft == 6 {
            return;
        }
        let mut ds = s.dependent_schemas.clone();
        ds.sort_by(|a, b| a.0.cmp(&b.0));
        for (pname, sid) in &ds {
            if has(pname) {
                if let Err(e) = self.same(*sid, &Value::Map(m.clone()), inst, scope) {
                    errors.push(e);
                }
            }
        }
        let mut dr = s.dependent_required.clone();
        dr.sort_by(|a, b| a.0.cmp(&b.0));
        for (pname, req) in &dr {
            if has(pname) {
                let m = missing(req);
                if !m.is_empty() {
                    errors.push(self.err(inst, Kind::DependentRequired(pname.clone(), m)));
                }
            }
        }
    }

    fn array(&self, s: &Schema, arr: &[Value], inst: &mut Vec<String>, scope: &Scope, errors: &mut Vec<VErr>) {
        let len = arr.len() as i64;
        if let Some(w) = s.min_items {
            if len < w {
                errors.push(self.err(inst, Kind::MinItems(len, w)));
            }
        }
        if let Some(w) = s.max_items {
            if len > w {
                errors.push(self.err(inst, Kind::MaxItems(len, w)));
            }
        }
        if s.unique_items && arr.len() > 1 {
            'outer: for i in 1..arr.len() {
                for j in 0..i {
                    if equals_values(&arr[i], &arr[j]) {
                        errors.push(self.err(inst, Kind::UniqueItems(j, i)));
                        break 'outer;
                    }
                }
            }
        }
        let mut run = |sid: SchemaId, idx: usize, item: &Value, errors: &mut Vec<VErr>| {
            if let Err(e) = self.child(sid, item, inst, &idx.to_string(), scope) {
                errors.push(e);
            }
        };
        if s.draft < 2020 {
            let mut evaluated = 0;
            if let Some(sid) = s.items {
                for (i, item) in arr.iter().enumerate() {
                    run(sid, i, item, errors);
                }
                evaluated = arr.len();
            } else if let Some(list) = &s.items_list {
                let n = list.len().min(arr.len());
                for i in 0..n {
                    run(list[i], i, &arr[i], errors);
                }
                evaluated = n;
            }
            match &s.additional_items {
                Some(Additional::Bool(false)) if evaluated != arr.len() => {
                    errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::AdditionalItems(arr.len() - evaluated)), causes: Vec::new() });
                }
                Some(Additional::Schema(sid)) => {
                    for (i, item) in arr[evaluated..].iter().enumerate() {
                        run(*sid, i, item, errors);
                    }
                }
                _ => {}
            }
        } else {
            let evaluated = s.prefix_items.len().min(arr.len());
            for (i, item) in arr.iter().enumerate().take(evaluated) {
                run(s.prefix_items[i], i, item, errors);
            }
            if let Some(sid) = s.items {
                for (i, item) in arr[evaluated..].iter().enumerate() {
                    run(sid, i, item, errors);
                }
            }
        }
        if let Some(sid) = s.contains {
            let mut errs = Vec::new();
            let mut matched = Vec::new();
            for (i, item) in arr.iter().enumerate() {
                match self.child(sid, item, inst, &i.to_string(), scope) {
                    Err(e) => errs.push(e),
                    Ok(()) => matched.push(i),
                }
            }
            if let Some(w) = s.min_contains {
                if (matched.len() as i64) < w {
                    errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::MinContains(matched.clone(), w)), causes: errs });
                }
            } else if matched.is_empty() {
                errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::Contains), causes: errs });
            }
            if let Some(w) = s.max_contains {
                if matched.len() as i64 > w {
                    errors.push(self.err(inst, Kind::MaxContains(matched, w)));
                }
            }
        }
    }

    fn string(&self, s: &Schema, st: &str, inst: &[String], errors: &mut Vec<VErr>) {
        let n = st.chars().count() as i64;
        if let Some(w) = s.min_length {
            if n < w {
                errors.push(self.err(inst, Kind::MinLength(n, w)));
            }
        }
        if let Some(w) = s.max_length {
            if n > w {
                errors.push(self.err(inst, Kind::MaxLength(n, w)));
            }
        }
        if let Some((re, text)) = &s.pattern {
            if !re.is_match(st) {
                errors.push(self.err(inst, Kind::Pattern(st.to_string(), text.clone())));
            }
        }
    }

    fn number(&self, s: &Schema, v: &Value, inst: &[String], errors: &mut Vec<VErr>) {
        let Some(n) = num_of(v) else { return };
        use std::cmp::Ordering::*;
        if let Some(w) = s.minimum {
            if n.cmp(w) == Less {
                errors.push(self.err(inst, Kind::Minimum(n, w)));
            }
        }
        if let Some(w) = s.maximum {
            if n.cmp(w) == Greater {
                errors.push(self.err(inst, Kind::Maximum(n, w)));
            }
        }
        if let Some(w) = s.exclusive_minimum {
            if n.cmp(w) != Greater {
                errors.push(self.err(inst, Kind::ExclusiveMinimum(n, w)));
            }
        }
        if let Some(w) = s.exclusive_maximum {
            if n.cmp(w) != Less {
                errors.push(self.err(inst, Kind::ExclusiveMaximum(n, w)));
            }
        }
        if let Some(w) = s.multiple_of {
            if !n.is_multiple_of(w) {
                errors.push(self.err(inst, Kind::MultipleOf(n, w)));
            }
        }
    }

    fn conditions(&self, s: &Schema, v: &Value, inst: &mut Vec<String>, scope: &Scope, errors: &mut Vec<VErr>) {
        if let Some(sid) = s.not {
            if self.same(sid, v, inst, scope).is_ok() {
                errors.push(self.err(inst, Kind::Not));
            }
        }
        if !s.all_of.is_empty() {
            let errs: Vec<VErr> = s.all_of.iter().filter_map(|sid| self.same(*sid, v, inst, scope).err()).collect();
            if !errs.is_empty() {
                errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::AllOf), causes: errs });
            }
        }
        if !s.any_of.is_empty() {
            let mut errs = Vec::new();
            let mut matched = false;
            for sid in &s.any_of {
                match self.same(*sid, v, inst, scope) {
                    Ok(()) => {
                        matched = true;
                        break;
                    }
                    Err(e) => errs.push(e),
                }
            }
            if !matched {
                errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::AnyOf), causes: errs });
            }
        }
        if !s.one_of.is_empty() {
            let mut matched: Option<usize> = None;
            let mut errs = Vec::new();
            for (i, sid) in s.one_of.iter().enumerate() {
                match self.same(*sid, v, inst, scope) {
                    Err(e) => {
                        if matched.is_none() {
                            errs.push(e);
                        }
                    }
                    Ok(()) => match matched {
                        None => matched = Some(i),
                        Some(first) => {
                            errors.push(self.err(inst, Kind::OneOf(Some((first, i)))));
                            break;
                        }
                    },
                }
            }
            if matched.is_none() {
                errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::OneOf(None)), causes: errs });
            }
        }
        if let Some(sid) = s.if_ {
            if self.same(sid, v, inst, scope).is_ok() {
                if let Some(t) = s.then {
                    if let Err(e) = self.same(t, v, inst, scope) {
                        errors.push(e);
                    }
                }
            } else if let Some(e) = s.else_ {
                if let Err(e) = self.same(e, v, inst, scope) {
                    errors.push(e);
                }
            }
        }
    }
}
