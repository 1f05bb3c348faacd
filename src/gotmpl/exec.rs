//! Execution: walking a tree with a data value, as Go's `text/template` does (`exec.go`). The
//! control structures live here; evaluating pipelines, fields and calls is in `eval.rs`.
//!
//! Values flowing through execution remember whether Go would hold them in an `interface{}`
//! slot ([`Rv::Iface`]): a map lookup in `map[string]interface {}` or an element of
//! `[]interface {}` is boxed, and that shows in Go's messages (`nil pointer evaluating
//! interface {}.x`, `can't evaluate field x in type interface {}`).

use super::error::{Error, ErrorKind};
use super::node::*;
use super::quote::quote;
use super::value::{Str, Value};
use super::Template;
use std::rc::Rc;

/// Go's limit on nested `{{template}}` calls.
pub const MAX_EXEC_DEPTH: usize = 100_000;

/// A value during execution (Go's `reflect.Value`).
#[derive(Clone, Debug)]
pub enum Rv {
    /// The zero `reflect.Value` (printed as `<no value>`).
    Missing,
    /// A value of a concrete type.
    Val(Value),
    /// A value held in an `interface {}` (possibly nil).
    Iface(Value),
}

impl Rv {
    /// The value a function receives (nil for missing values).
    pub fn value(&self) -> Value {
        match self {
            Rv::Missing => Value::Nil,
            Rv::Val(v) | Rv::Iface(v) => v.clone(),
        }
    }

    /// Go's unwrapping of an `interface {}` result in `evalPipeline`.
    pub fn unbox(self) -> Rv {
        match self {
            Rv::Iface(Value::Nil) | Rv::Val(Value::Nil) => Rv::Missing,
            Rv::Iface(v) => Rv::Val(v),
            v => v,
        }
    }

    /// The static type's name (`interface {}` for boxed values).
    pub fn type_name(&self) -> &'static str {
        match self {
            Rv::Missing => "<nil>",
            Rv::Iface(_) => "interface {}",
            Rv::Val(v) => v.type_name(),
        }
    }

    /// A boxed value when `boxed`, else a concrete one.
    pub fn of(v: Value, boxed: bool) -> Rv {
        if boxed {
            Rv::Iface(v)
        } else if v.is_nil() {
            Rv::Missing
        } else {
            Rv::Val(v)
        }
    }
}

/// Non-local exits of a walk.
pub(crate) enum Flow {
    Break,
    Continue,
    Err(Error),
}

pub(crate) type R<T> = Result<T, Flow>;

/// The node execution is at, for error messages.
#[derive(Clone, Copy)]
pub(crate) enum Cur<'t> {
    None,
    Node(&'t Node),
    Pipe(&'t Pipe),
    Cmd(&'t Command),
    Arg(&'t Arg),
}

impl Cur<'_> {
    fn pos(&self) -> Pos {
        match self {
            Cur::None => 0,
            Cur::Node(n) => n.pos(),
            Cur::Pipe(p) => p.pos,
            Cur::Cmd(c) => c.pos,
            Cur::Arg(a) => a.pos(),
        }
    }

    /// The node as Go prints it; `text` is the text of its tree.
    fn context(&self, text: &str) -> String {
        match self {
            Cur::None => String::new(),
            Cur::Node(n) => InText(*n, text).to_string(),
            Cur::Pipe(p) => p.to_string(),
            Cur::Cmd(c) => c.to_string(),
            Cur::Arg(a) => a.to_string(),
        }
    }
}

/// The state of one execution of one template (Go's `state`).
pub(crate) struct State<'t, 'o> {
    pub set: &'t Rc<Template>,
    pub tree: &'t Tree,
    pub out: &'o mut String,
    pub node: Cur<'t>,
    pub vars: Vec<(Str, Rv)>,
    pub depth: usize,
}

/// Executes `tree` of `set` with `dot`, appending to `out`.
pub(crate) fn execute(set: &Rc<Template>, tree: &Tree, dot: Rv, out: &mut String, depth: usize) -> Result<(), Error> {
    let mut s = State { set, tree, out, node: Cur::None, vars: vec![(Str::from("$"), dot.clone())], depth };
    match s.walk_list(&dot, &tree.root) {
        Ok(()) => Ok(()),
        Err(Flow::Err(e)) => Err(e),
        Err(_) => Ok(()),
    }
}

impl<'t> State<'t, '_> {
    pub fn at(&mut self, c: Cur<'t>) {
        self.node = c;
    }

    /// Go's `state.errorf`: `template: LOC: executing "NAME" at <NODE>: MSG`.
    pub fn error(&self, msg: impl Into<String>) -> Flow {
        Flow::Err(self.make_error(msg.into(), None))
    }

    /// `errorf("...: %w", cause)`.
    pub fn error_wrap(&self, prefix: &str, cause: Error) -> Flow {
        let msg = format!("{prefix}{}", cause.text);
        Flow::Err(self.make_error(msg, Some(cause)))
    }

    fn make_error(&self, msg: String, cause: Option<Error>) -> Error {
        let name = &self.tree.name;
        let text = match self.node {
            Cur::None => format!("template: {name}: {msg}"),
            c => {
                let loc = self.tree.location(c.pos());
                format!("template: {loc}: executing {} at <{}>: {msg}", quote(name), c.context(&self.tree.text))
            }
        };
        Error { kind: ErrorKind::Exec, text, cause: cause.map(Box::new) }
    }

    pub fn mark(&self) -> usize {
        self.vars.len()
    }

    pub fn pop(&mut self, mark: usize) {
        self.vars.truncate(mark);
    }

    pub fn push(&mut self, name: Str, v: Rv) {
        self.vars.push((name, v));
    }

    pub fn set_var(&mut self, name: &str, v: Rv) -> R<()> {
        for slot in self.vars.iter_mut().rev() {
            if &*slot.0 == name {
                slot.1 = v;
                return Ok(());
            }
        }
        Err(self.error(format!("undefined variable: {name}")))
    }

    fn set_top_var(&mut self, n: usize, v: Rv) {
        let i = self.vars.len() - n;
        self.vars[i].1 = v;
    }

    pub fn var_value(&self, name: &str) -> R<Rv> {
        for (n, v) in self.vars.iter().rev() {
            if &**n == name {
                return Ok(v.clone());
            }
        }
        Err(self.error(format!("undefined variable: {name}")))
    }

    pub fn walk_list(&mut self, dot: &Rv, list: &'t ListNode) -> R<()> {
        for n in &list.nodes {
            self.walk(dot, n)?;
        }
        Ok(())
    }

    fn walk(&mut self, dot: &Rv, node: &'t Node) -> R<()> {
        super::deep(|| self.walk_node(dot, node))
    }

    fn walk_node(&mut self, dot: &Rv, node: &'t Node) -> R<()> {
        self.at(Cur::Node(node));
        match node {
            Node::Text { .. } => {
                self.out.push_str(node.text(&self.tree.text));
                Ok(())
            }
            Node::Action { pipe, .. } => {
                let val = self.eval_pipeline(dot, Some(pipe))?;
                if pipe.decl.is_empty() {
                    self.at(Cur::Node(node));
                    self.print_value(&val);
                }
                Ok(())
            }
            Node::If(b) => self.walk_if_or_with(false, dot, b),
            Node::With(b) => self.walk_if_or_with(true, dot, b),
            Node::Range(b) => self.walk_range(dot, node, b),
            Node::Template(t) => self.walk_template(dot, node, &t.name, t.pipe.as_ref()),
            Node::Break { .. } => Err(Flow::Break),
            Node::Continue { .. } => Err(Flow::Continue),
        }
    }

    fn print_value(&mut self, v: &Rv) {
        match v {
            Rv::Missing => self.out.push_str("<no value>"),
            Rv::Val(v) | Rv::Iface(v) => match v {
                Value::String(s) => self.out.push_str(s),
                // Go dereferences a pointer before printing it, and calls pointer-receiver
                // String methods of addressable values.
                Value::Object(o) => match o.addr_string() {
                    Some(s) => self.out.push_str(&s),
                    None => self.out.push_str(&o.fmt_struct(false)),
                },
                v => self.out.push_str(&super::fmt::print_one(v)),
            },
        }
    }

    fn walk_if_or_with(&mut self, with: bool, dot: &Rv, b: &'t Branch) -> R<()> {
        let mark = self.mark();
        let val = self.eval_pipeline(dot, Some(&b.pipe))?;
        let truth = truth(&val);
        let r = if truth {
            if with {
                self.walk_list(&val, &b.list)
            } else {
                self.walk_list(dot, &b.list)
            }
        } else if let Some(e) = &b.else_list {
            self.walk_list(dot, e)
        } else {
            Ok(())
        };
        self.pop(mark);
        r
    }

    fn walk_range(&mut self, dot: &Rv, node: &'t Node, r: &'t Branch) -> R<()> {
        self.at(Cur::Node(node));
        let mark = self.mark();
        let result = self.range_body(dot, r);
        self.pop(mark);
        match result {
            Err(Flow::Break) => Ok(()),
            other => other,
        }
    }

    fn one_iteration(&mut self, r: &'t Branch, index: Rv, elem: Rv, mark: usize) -> R<()> {
        let decl = &r.pipe.decl;
        if !decl.is_empty() {
            if r.pipe.is_assign {
                if decl.len() > 1 {
                    self.set_var(&decl[0].ident[0], index.clone())?;
                } else {
                    self.set_var(&decl[0].ident[0], elem.clone())?;
                }
            } else {
                self.set_top_var(1, elem.clone());
            }
        }
        if decl.len() > 1 {
            if r.pipe.is_assign {
                self.set_var(&decl[1].ident[0], elem.clone())?;
            } else {
                self.set_top_var(2, index);
            }
        }
        let res = self.walk_list(&elem, &r.list);
        self.pop(mark);
        match res {
            Err(Flow::Continue) => Ok(()),
            other => other,
        }
    }

    fn range_body(&mut self, dot: &Rv, r: &'t Branch) -> R<()> {
        let val = self.eval_pipeline(dot, Some(&r.pipe))?.unbox();
        let mark = self.mark();
        let ran = match &val {
            Rv::Val(Value::Int(n, t)) => {
                if r.pipe.decl.len() > 1 {
                    return Err(self.error(format!("can't use {} to iterate over more than one variable", super::fmt::print_one(&val.value()))));
                }
                let n = super::value::int_value(*n, *t);
                for i in 0..n.max(0) {
                    self.one_iteration(r, Rv::Missing, Rv::Val(Value::Int(i as i64, *t)), mark)?;
                }
                n > 0
            }
            Rv::Val(Value::List(l)) => {
                let boxed = l.ty.elem() == Some(super::types::Type::Any);
                for (i, item) in l.items.iter().enumerate() {
                    self.one_iteration(r, Rv::Val(Value::int(i as i64)), Rv::of(item.clone(), boxed), mark)?;
                }
                !l.items.is_empty()
            }
            Rv::Val(Value::Bytes(b)) => {
                for (i, c) in b.iter().enumerate() {
                    let elem = Rv::Val(Value::Int(*c as i64, super::types::IntTy::Uint8));
                    self.one_iteration(r, Rv::Val(Value::int(i as i64)), elem, mark)?;
                }
                !b.is_empty()
            }
            Rv::Val(Value::Map(m)) => {
                let boxed = m.elem() == super::types::Type::Any;
                let entries: Vec<(Str, Value)> = m.entries().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                for (k, v) in &entries {
                    self.one_iteration(r, Rv::Val(Value::String(k.clone())), Rv::of(v.clone(), boxed), mark)?;
                }
                !entries.is_empty()
            }
            Rv::Missing => false,
            v => {
                return Err(self.error(format!("range can't iterate over {}", super::fmt::print_one(&v.value()))));
            }
        };
        if !ran {
            if let Some(e) = &r.else_list {
                return self.walk_list(dot, e);
            }
        }
        Ok(())
    }

    fn walk_template(&mut self, dot: &Rv, node: &'t Node, name: &str, pipe: Option<&'t Pipe>) -> R<()> {
        self.at(Cur::Node(node));
        let Some(tree) = self.set.lookup(name) else {
            return Err(self.error(format!("template {} not defined", quote(name))));
        };
        if self.depth == MAX_EXEC_DEPTH {
            return Err(self.error(format!("exceeded maximum template depth ({MAX_EXEC_DEPTH})")));
        }
        let dot = self.eval_pipeline(dot, pipe)?;
        let mut s = State {
            set: self.set,
            tree: &tree,
            out: &mut *self.out,
            node: self.node,
            vars: vec![(Str::from("$"), dot.clone())],
            depth: self.depth + 1,
        };
        // The new state's node starts where the caller is; it moves into the callee's tree on
        // the first step.
        s.node = Cur::None;
        s.walk_list(&dot, &tree.root)
    }
}

/// Go's `isTrue` of an execution value.
pub(crate) fn truth(v: &Rv) -> bool {
    match v {
        Rv::Missing => false,
        Rv::Val(v) | Rv::Iface(v) => v.truth(),
    }
}
