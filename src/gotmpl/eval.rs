//! Evaluation of pipelines, commands, fields, variables, function and method calls, with Go's
//! argument checking and conversion (`evalArg`, `validateType`, `evalCall` in `exec.go`).

use super::builtins::{self, Builtin};
use super::error::Error;
use super::exec::{truth, Cur, Flow, Rv, State, R};
use super::funcs::{Ctx, Func, Imp, Sig};
use super::node::*;
use super::quote::quote;
use super::types::{Kind, Method, Type};
use super::value::{Str, Value};
use super::MissingKey;
use std::rc::Rc;

/// What a command calls.
enum Callee {
    Func(Rc<Func>),
    Builtin(Builtin),
    Method(Value, &'static Method),
}

/// Whether a value of type `vt` can be passed where `t` is expected (Go assignability).
pub(crate) fn assignable(v: &Value, t: &Type) -> bool {
    let vt = v.ty();
    if vt == *t {
        return true;
    }
    match (&vt, t) {
        (Type::Named(n), t) if n.underlying == *t && !matches!(t, Type::Named(_)) => true,
        (vt, Type::Named(n)) if n.underlying == *vt && !matches!(vt, Type::Named(_)) => true,
        (_, Type::Object(name)) => v.type_name() == *name,
        _ => false,
    }
}

impl<'t> State<'t, '_> {
    /// `evalPipeline`: runs the commands, each receiving the previous result as its last
    /// argument, then declares or assigns the variables.
    pub(crate) fn eval_pipeline(&mut self, dot: &Rv, pipe: Option<&'t Pipe>) -> R<Rv> {
        super::deep(|| self.eval_pipeline_inner(dot, pipe))
    }

    fn eval_pipeline_inner(&mut self, dot: &Rv, pipe: Option<&'t Pipe>) -> R<Rv> {
        let Some(pipe) = pipe else { return Ok(Rv::Missing) };
        self.at(Cur::Pipe(pipe));
        let mut value: Option<Rv> = None;
        for cmd in &pipe.cmds {
            let v = self.eval_command(dot, cmd, value.take())?;
            value = Some(v.unbox());
        }
        let value = value.unwrap_or(Rv::Missing);
        for var in &pipe.decl {
            if pipe.is_assign {
                self.set_var(&var.ident[0], value.clone())?;
            } else {
                self.push(var.ident[0].clone(), value.clone());
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &'t [Arg], fin: &Option<Rv>) -> R<()> {
        if args.len() > 1 || fin.is_some() {
            return Err(self.error(format!("can't give argument to non-function {}", args[0])));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Rv, cmd: &'t Command, fin: Option<Rv>) -> R<Rv> {
        let first = &cmd.args[0];
        match first {
            Arg::Field { ident, .. } => return self.eval_field_chain_node(dot, dot.clone(), first, ident, Some(&cmd.args), fin),
            Arg::Chain(_) => return self.eval_chain(dot, first, Some(&cmd.args), fin),
            Arg::Identifier { name, .. } => return self.eval_function(dot, first, name, Cur::Cmd(cmd), Some(&cmd.args), fin),
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, &fin)?;
                return self.eval_pipeline(dot, Some(p));
            }
            Arg::Variable(v) => return self.eval_variable(dot, first, v, Some(&cmd.args), fin),
            _ => {}
        }
        self.at(Cur::Arg(first));
        self.not_a_function(&cmd.args, &fin)?;
        match first {
            Arg::Bool { val, .. } => Ok(Rv::Val(Value::Bool(*val))),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(_) => Err(self.error("nil is not a command")),
            Arg::Number(n) => self.ideal_constant(first, n),
            Arg::String { lit, .. } => Ok(Rv::Val(Value::String(lit.text.clone()))),
            _ => Err(self.error(format!("can't evaluate command {}", quote(&first.to_string())))),
        }
    }

    /// A number constant whose type comes from its syntax.
    fn ideal_constant(&mut self, node: &'t Arg, n: &Number) -> R<Rv> {
        self.at(Cur::Arg(node));
        let t = &n.text;
        let is_hex = t.len() > 2 && t.starts_with('0') && matches!(t.as_bytes()[1], b'x' | b'X') && !t.contains(['p', 'P']);
        let is_rune = t.starts_with('\'');
        if n.is_complex {
            return Ok(Rv::Val(Value::Complex(n.complex.0, n.complex.1)));
        }
        if n.is_float && !is_hex && !is_rune && t.contains(['.', 'e', 'E', 'p', 'P']) {
            return Ok(Rv::Val(Value::Float(n.float64)));
        }
        if n.is_int {
            return Ok(Rv::Val(Value::int(n.int64)));
        }
        if n.is_uint {
            return Err(self.error(format!("{t} overflows int")));
        }
        Ok(Rv::Missing)
    }

    fn eval_chain(&mut self, dot: &Rv, node: &'t Arg, args: Option<&'t [Arg]>, fin: Option<Rv>) -> R<Rv> {
        self.at(Cur::Arg(node));
        let Arg::Chain(chain) = node else { unreachable!("eval_chain on a chain node") };
        let (inner, field) = (&chain.node, &chain.field);
        if let Arg::Nil(_) = inner {
            return Err(self.error(format!("indirection through explicit nil in {node}")));
        }
        let recv = self.eval_arg(dot, None, inner)?;
        self.eval_field_chain(dot, recv, node, field, args, fin)
    }

    fn eval_variable(&mut self, dot: &Rv, node: &'t Arg, v: &'t Variable, args: Option<&'t [Arg]>, fin: Option<Rv>) -> R<Rv> {
        self.at(Cur::Arg(node));
        let value = self.var_value(&v.ident[0])?;
        if v.ident.len() == 1 {
            self.not_a_function(args.unwrap_or(std::slice::from_ref(node)), &fin)?;
            return Ok(value);
        }
        self.eval_field_chain(dot, value, node, &v.ident[1..], args, fin)
    }

    fn eval_field_chain_node(&mut self, dot: &Rv, recv: Rv, node: &'t Arg, ident: &'t [Str], args: Option<&'t [Arg]>, fin: Option<Rv>) -> R<Rv> {
        self.at(Cur::Arg(node));
        self.eval_field_chain(dot, recv, node, ident, args, fin)
    }

    fn eval_field_chain(&mut self, dot: &Rv, mut recv: Rv, node: &'t Arg, ident: &'t [Str], args: Option<&'t [Arg]>, fin: Option<Rv>) -> R<Rv> {
        let n = ident.len();
        for id in &ident[..n - 1] {
            recv = self.eval_field(dot, id, node, None, None, recv)?;
        }
        self.eval_field(dot, &ident[n - 1], node, args, fin, recv)
    }

    fn eval_function(&mut self, dot: &Rv, node: &'t Arg, name: &str, cmd: Cur<'t>, args: Option<&'t [Arg]>, fin: Option<Rv>) -> R<Rv> {
        self.at(Cur::Arg(node));
        let callee = if let Some(f) = self.set.funcs().get(name) {
            Callee::Func(f.clone())
        } else if let Some(b) = Builtin::by_name(name) {
            Callee::Builtin(b)
        } else {
            return Err(self.error(format!("{} is not a defined function", quote(name))));
        };
        self.eval_call(dot, callee, cmd, name, args, fin)
    }

    /// `evalField`: a method, a struct field or a map entry of `recv`.
    fn eval_field(&mut self, dot: &Rv, name: &str, node: &'t Arg, args: Option<&'t [Arg]>, fin: Option<Rv>, recv: Rv) -> R<Rv> {
        let (v, typ) = match recv {
            Rv::Missing => {
                if self.set.missing_key == MissingKey::Error {
                    return Err(self.error(format!("nil data; no entry for key {}", quote(name))));
                }
                return Ok(Rv::Missing);
            }
            Rv::Iface(Value::Nil) => {
                return Err(self.error(format!("nil pointer evaluating interface {{}}.{name}")));
            }
            Rv::Val(Value::Nil) => return Ok(Rv::Missing),
            Rv::Iface(v) => (v, "interface {}"),
            Rv::Val(v) => {
                let t = v.type_name();
                (v, t)
            }
        };
        if let Some(m) = v.methods().iter().find(|m| m.name == name) {
            return self.eval_call(dot, Callee::Method(v.clone(), m), Cur::Arg(node), name, args, fin);
        }
        let has_args = args.is_some_and(|a| a.len() > 1) || fin.is_some();
        match &v {
            Value::Object(o) => {
                if let Some(f) = o.field(name) {
                    if has_args {
                        return Err(self.error(format!("{name} has arguments but cannot be invoked as function")));
                    }
                    return Ok(Rv::Val(f).unbox_typed());
                }
            }
            Value::Map(m) => {
                if has_args {
                    return Err(self.error(format!("{name} is not a method but has arguments")));
                }
                let elem = m.elem();
                let boxed = elem == Type::Any;
                return match m.get(name) {
                    Some(x) => Ok(Rv::of(x, boxed)),
                    None => match self.set.missing_key {
                        MissingKey::Invalid => Ok(Rv::Missing),
                        MissingKey::Zero => Ok(if boxed { Rv::Iface(Value::Nil) } else { Rv::Val(elem.zero()) }),
                        MissingKey::Error => Err(self.error(format!("map has no entry for key {}", quote(name)))),
                    },
                };
            }
            _ => {}
        }
        Err(self.error(format!("can't evaluate field {name} in type {typ}")))
    }

    fn eval_call(&mut self, dot: &Rv, callee: Callee, node: Cur<'t>, name: &str, args: Option<&'t [Arg]>, fin: Option<Rv>) -> R<Rv> {
        let args: &'t [Arg] = match args {
            Some(a) => &a[1..],
            None => &[],
        };
        let owned_sig;
        let sig: &Sig = match &callee {
            Callee::Func(f) => &f.sig,
            Callee::Builtin(b) => b.sig(),
            Callee::Method(_, m) => {
                owned_sig = Sig::parse(m.sig);
                &owned_sig
            }
        };
        let num_in = args.len() + usize::from(fin.is_some());
        let mut num_fixed = args.len();
        if sig.variadic.is_some() {
            num_fixed = sig.params.len();
            if num_in < num_fixed {
                return Err(self.error(format!("wrong number of args for {name}: want at least {} got {}", sig.params.len(), args.len())));
            }
        } else if num_in != sig.num_in() {
            return Err(self.error(format!("wrong number of args for {name}: want {} got {num_in}", sig.num_in())));
        }
        if let Some(e) = sig.results_error(name) {
            return Err(self.error(e));
        }
        if let Callee::Builtin(b @ (Builtin::And | Builtin::Or)) = callee {
            let want = b == Builtin::Or;
            let mut v = Rv::Missing;
            for a in args {
                v = self.eval_arg(dot, Some(Type::Reflect), a)?;
                if truth(&v) == want {
                    return Ok(v);
                }
            }
            if let Some(f) = fin {
                v = f;
            }
            return Ok(v);
        }
        let mut argv: Vec<Rv> = Vec::with_capacity(num_in);
        let mut i = 0;
        while i < num_fixed && i < args.len() {
            argv.push(self.eval_arg(dot, Some(sig.params[i]), &args[i])?);
            i += 1;
        }
        if let Some(elem) = sig.variadic {
            while i < args.len() {
                argv.push(self.eval_arg(dot, Some(elem), &args[i])?);
                i += 1;
            }
        }
        if let Some(f) = fin {
            let t = match sig.variadic {
                Some(elem) if num_in - 1 >= num_fixed => elem,
                Some(_) => sig.params[num_in - 1],
                None => sig.params[sig.params.len() - 1],
            };
            argv.push(self.validate_type(f, Some(t))?);
        }
        let result = match &callee {
            Callee::Builtin(Builtin::Call) => {
                let callee_name = match args.first() {
                    Some(a) => a.to_string(),
                    None => super::fmt::print_one(&argv[0].value()),
                };
                builtins::call(&callee_name, &argv)
            }
            Callee::Builtin(b) => b.call(&argv),
            Callee::Func(f) => {
                let vals: Vec<Value> = argv.into_iter().map(|a| match a {
                    Rv::Missing => Value::Nil,
                    Rv::Val(v) | Rv::Iface(v) => v,
                }).collect();
                let r = match &f.imp {
                    Imp::Plain(p) => p(&vals),
                    Imp::Ctx(c) => {
                        let mut ctx = Ctx { set: self.set };
                        c(&mut ctx, &vals)
                    }
                };
                r.map(|v| result_rv(v, &f.sig.ret))
            }
            Callee::Method(recv, m) => {
                let mut vals = Vec::with_capacity(argv.len() + 1);
                vals.push(recv.clone());
                vals.extend(argv.iter().map(Rv::value));
                (m.call)(&vals[0], &vals[1..]).map(|v| result_rv(v, &sig.ret))
            }
        };
        match result {
            Ok(v) => Ok(v),
            Err(e) => {
                self.at(node);
                Err(self.error_wrap(&format!("error calling {name}: "), e))
            }
        }
    }

    /// `validateType`: the value must be assignable to the parameter type.
    fn validate_type(&mut self, value: Rv, t: Option<Type>) -> R<Rv> {
        let Some(t) = t else { return Ok(value) };
        let v = match value {
            Rv::Missing | Rv::Val(Value::Nil) => {
                if t.can_be_nil() {
                    return Ok(zero_rv(t));
                }
                return Err(self.error(format!("invalid value; expected {}", t.name())));
            }
            ref v => v.clone(),
        };
        if matches!(t, Type::Reflect | Type::Any) {
            return Ok(v);
        }
        match &v {
            Rv::Val(x) if assignable(x, &t) => Ok(Rv::Val(x.retype(t))),
            Rv::Iface(x) if !x.is_nil() && assignable(x, &t) => Ok(Rv::Val(x.retype(t))),
            Rv::Iface(x) if !x.is_nil() => Err(self.error(format!("wrong type for value; expected {}; got {}", t.name(), x.type_name()))),
            _ => Err(self.error(format!("wrong type for value; expected {}; got {}", t.name(), v.type_name()))),
        }
    }

    /// `evalArg`: evaluates an argument for a parameter of type `t` (`None`: no type, as for the
    /// operand of a chain).
    fn eval_arg(&mut self, dot: &Rv, t: Option<Type>, n: &'t Arg) -> R<Rv> {
        self.at(Cur::Arg(n));
        match n {
            Arg::Dot(_) => return self.validate_type(dot.clone(), t),
            Arg::Nil(_) => {
                return match t {
                    Some(t) if t.can_be_nil() => Ok(zero_rv(t)),
                    Some(t) => Err(self.error(format!("cannot assign nil to {}", t.name()))),
                    None => Ok(Rv::Missing),
                };
            }
            Arg::Field { ident, .. } => {
                let v = self.eval_field_chain_node(dot, dot.clone(), n, ident, Some(std::slice::from_ref(n)), None)?;
                return self.validate_type(v, t);
            }
            Arg::Variable(v) => {
                let v = self.eval_variable(dot, n, v, None, None)?;
                return self.validate_type(v, t);
            }
            Arg::Pipe(p) => {
                let v = self.eval_pipeline(dot, Some(p))?;
                return self.validate_type(v, t);
            }
            Arg::Identifier { name, .. } => {
                let v = self.eval_function(dot, n, name, Cur::Arg(n), None, None)?;
                return self.validate_type(v, t);
            }
            Arg::Chain(_) => {
                let v = self.eval_chain(dot, n, None, None)?;
                return self.validate_type(v, t);
            }
            _ => {}
        }
        let Some(t) = t else { return self.eval_empty_interface(dot, n) };
        match t.kind() {
            Kind::Bool => match n {
                Arg::Bool { val, .. } => Ok(Rv::Val(Value::Bool(*val))),
                _ => Err(self.error(format!("expected bool; found {n}"))),
            },
            Kind::Complex128 => match n {
                Arg::Number(x) if x.is_complex => Ok(Rv::Val(Value::Complex(x.complex.0, x.complex.1))),
                _ => Err(self.error(format!("expected complex; found {n}"))),
            },
            Kind::Float64 => match n {
                Arg::Number(x) if x.is_float => Ok(Rv::Val(Value::Float(x.float64))),
                _ => Err(self.error(format!("expected float; found {n}"))),
            },
            Kind::Int(it) if it.is_signed() => match n {
                Arg::Number(x) if x.is_int => Ok(Rv::Val(Value::Int(x.int64, it))),
                _ => Err(self.error(format!("expected integer; found {n}"))),
            },
            Kind::Int(it) => match n {
                Arg::Number(x) if x.is_uint => Ok(Rv::Val(Value::Int(x.uint64 as i64, it))),
                _ => Err(self.error(format!("expected unsigned integer; found {n}"))),
            },
            Kind::Interface => self.eval_empty_interface(dot, n),
            Kind::Struct if t == Type::Reflect => self.eval_empty_interface(dot, n),
            Kind::String => match n {
                Arg::String { lit, .. } => Ok(Rv::Val(Value::String(lit.text.clone()))),
                _ => Err(self.error(format!("expected string; found {n}"))),
            },
            _ => Err(self.error(format!("can't handle {n} for arg of type {}", t.name()))),
        }
    }

    fn eval_empty_interface(&mut self, dot: &Rv, n: &'t Arg) -> R<Rv> {
        self.at(Cur::Arg(n));
        match n {
            Arg::Bool { val, .. } => Ok(Rv::Val(Value::Bool(*val))),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Number(x) => self.ideal_constant(n, x),
            Arg::String { lit, .. } => Ok(Rv::Val(Value::String(lit.text.clone()))),
            _ => Err(self.error(format!("can't handle assignment of {n} to empty interface argument"))),
        }
    }
}

impl Rv {
    /// A struct field's value: concrete, unless the field itself is nil.
    fn unbox_typed(self) -> Rv {
        match self {
            Rv::Val(Value::Nil) => Rv::Iface(Value::Nil),
            v => v,
        }
    }
}

/// `reflect.Zero(t)` as an execution value.
fn zero_rv(t: Type) -> Rv {
    match t {
        Type::Any | Type::Error => Rv::Iface(Value::Nil),
        Type::Reflect => Rv::Missing,
        t => Rv::Val(t.zero()),
    }
}

/// A function result of declared type `ret`.
fn result_rv(v: Value, ret: &Type) -> Rv {
    match ret {
        Type::Any | Type::Error => Rv::Iface(v),
        _ => Rv::of(v, false),
    }
}

impl From<Error> for Flow {
    fn from(e: Error) -> Flow {
        Flow::Err(e)
    }
}
