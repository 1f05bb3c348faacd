//! The parse tree, with byte positions for error messages. `Display` prints nodes as Go's
//! `Node.String()` does (the `<...>` part of execution errors).

use super::value::Str;
use std::fmt::{self, Display, Formatter, Write};
use std::sync::Arc;

/// Byte offset in the template text.
pub type Pos = usize;

/// A parsed template: its name, the name of the file it was parsed from (for error positions),
/// that file's text, and its body.
#[derive(Debug)]
pub struct Tree {
    pub name: String,
    pub parse_name: Str,
    pub text: Arc<str>,
    pub root: ListNode,
}

impl Tree {
    /// `NAME:LINE:COL` of a byte offset, as Go's `ErrorContext` (the column is the 0-based byte
    /// offset within the line).
    pub fn location(&self, pos: Pos) -> String {
        let pos = pos.min(self.text.len());
        let before = &self.text.as_bytes()[..pos];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let col = match before.iter().rposition(|&b| b == b'\n') {
            None => pos,
            Some(nl) => pos - (nl + 1),
        };
        format!("{}:{}:{}", self.parse_name, line, col)
    }
}

#[derive(Debug, Default)]
pub struct ListNode {
    pub pos: Pos,
    pub nodes: Vec<Node>,
}

/// The larger variants are boxed so a node takes 24 bytes: a chart like kube-prometheus-stack
/// has tens of thousands of them, and memory touched for the first time is what parsing costs.
/// For the same reason the trees hold their lists as boxed slices (allocated at their final
/// size) rather than vectors.
#[derive(Debug)]
pub enum Node {
    /// The `len` bytes of the tree's text at `pos` (shared with the text, not copied).
    Text { pos: Pos, len: usize },
    Action { pos: Pos, pipe: Box<Pipe> },
    If(Box<Branch>),
    Range(Box<Branch>),
    With(Box<Branch>),
    Template(Box<TemplateCall>),
    Break { pos: Pos },
    Continue { pos: Pos },
}

/// `{{template "name" pipe}}` (and the call a `block` makes).
#[derive(Debug)]
pub struct TemplateCall {
    pub pos: Pos,
    pub name: Box<str>,
    pub pipe: Option<Pipe>,
}

/// `if`, `range` and `with`.
#[derive(Debug)]
pub struct Branch {
    pub pos: Pos,
    pub pipe: Pipe,
    pub list: ListNode,
    pub else_list: Option<ListNode>,
}

/// A pipeline with optional variable declarations or assignments.
#[derive(Debug)]
pub struct Pipe {
    pub pos: Pos,
    pub is_assign: bool,
    pub decl: Box<[Variable]>,
    pub cmds: Box<[Command]>,
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub pos: Pos,
    /// `$x.a.b` → `["$x", "a", "b"]`.
    pub ident: Box<[Str]>,
}

#[derive(Debug)]
pub struct Command {
    pub pos: Pos,
    pub args: Box<[Arg]>,
}

/// An operand of a command.
#[derive(Debug)]
pub enum Arg {
    /// `.a.b` → `["a", "b"]`.
    Field { pos: Pos, ident: Box<[Str]> },
    /// `(pipe).a.b`.
    Chain(Box<Chain>),
    /// A function name.
    Identifier { pos: Pos, name: Str },
    Variable(Variable),
    Dot(Pos),
    Nil(Pos),
    Bool { pos: Pos, val: bool },
    Number(Box<Number>),
    /// A string constant (shared by the uses of the same constant in a text).
    String { pos: Pos, lit: Arc<StrLit> },
    /// A parenthesized pipeline.
    Pipe(Box<Pipe>),
}

/// `(pipe).a.b`: the operand and the fields after it.
#[derive(Debug)]
pub struct Chain {
    pub pos: Pos,
    pub node: Arg,
    pub field: Box<[Str]>,
}

/// A string constant: as written (for printing the node) and its value.
#[derive(Debug)]
pub struct StrLit {
    pub quoted: Str,
    pub text: Str,
}

/// A numeric constant, stored under every type that can represent it (Go's ideal constants).
#[derive(Debug, Clone, Default)]
pub struct Number {
    pub pos: Pos,
    pub text: String,
    pub is_int: bool,
    pub is_uint: bool,
    pub is_float: bool,
    pub is_complex: bool,
    pub int64: i64,
    pub uint64: u64,
    pub float64: f64,
    pub complex: (f64, f64),
}

impl Arg {
    pub fn pos(&self) -> Pos {
        match self {
            Arg::Field { pos, .. }
            | Arg::Identifier { pos, .. }
            | Arg::Dot(pos)
            | Arg::Nil(pos)
            | Arg::Bool { pos, .. }
            | Arg::String { pos, .. } => *pos,
            Arg::Chain(c) => c.pos,
            Arg::Variable(v) => v.pos,
            Arg::Number(n) => n.pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

impl Node {
    pub fn pos(&self) -> Pos {
        match self {
            Node::Text { pos, .. }
            | Node::Action { pos, .. }
            | Node::Break { pos }
            | Node::Continue { pos } => *pos,
            Node::If(b) | Node::Range(b) | Node::With(b) => b.pos,
            Node::Template(t) => t.pos,
        }
    }
}

fn join_idents(f: &mut Formatter<'_>, idents: &[Str]) -> fmt::Result {
    for (i, id) in idents.iter().enumerate() {
        if i > 0 {
            f.write_char('.')?;
        }
        f.write_str(id)?;
    }
    Ok(())
}

impl Display for Variable {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        join_idents(f, &self.ident)
    }
}

impl Display for Arg {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Field { ident, .. } => {
                for id in ident {
                    write!(f, ".{id}")?;
                }
                Ok(())
            }
            Arg::Chain(c) => {
                let Chain { node, field, .. } = &**c;
                if let Arg::Pipe(p) = node {
                    write!(f, "({p})")?;
                } else {
                    write!(f, "{node}")?;
                }
                for id in field {
                    write!(f, ".{id}")?;
                }
                Ok(())
            }
            Arg::Identifier { name, .. } => f.write_str(name),
            Arg::Variable(v) => write!(f, "{v}"),
            Arg::Dot(_) => f.write_str("."),
            Arg::Nil(_) => f.write_str("nil"),
            Arg::Bool { val, .. } => write!(f, "{val}"),
            Arg::Number(n) => f.write_str(&n.text),
            Arg::String { lit, .. } => f.write_str(&lit.quoted),
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl Display for Command {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            if let Arg::Pipe(p) = arg {
                write!(f, "({p})")?;
            } else {
                write!(f, "{arg}")?;
            }
        }
        Ok(())
    }
}

impl Display for Pipe {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            for (i, v) in self.decl.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{v}")?;
            }
            f.write_str(" := ")?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// A node or list shown as Go's `String()` prints it: text nodes need the text of their tree.
pub struct InText<'a, T>(pub &'a T, pub &'a str);

impl Display for InText<'_, ListNode> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for n in &self.0.nodes {
            write!(f, "{}", InText(n, self.1))?;
        }
        Ok(())
    }
}

fn fmt_branch(f: &mut Formatter<'_>, name: &str, b: &Branch, text: &str) -> fmt::Result {
    write!(f, "{{{{{name} {}}}}}{}", b.pipe, InText(&b.list, text))?;
    if let Some(e) = &b.else_list {
        write!(f, "{{{{else}}}}{}", InText(e, text))?;
    }
    f.write_str("{{end}}")
}

impl Node {
    /// The text of a text node (`text` is its tree's); empty for other nodes.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        match self {
            Node::Text { pos, len } => text.get(*pos..*pos + *len).unwrap_or(""),
            _ => "",
        }
    }
}

impl Display for InText<'_, Node> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let text = self.1;
        match self.0 {
            n @ Node::Text { .. } => f.write_str(n.text(text)),
            Node::Action { pipe, .. } => write!(f, "{{{{{pipe}}}}}"),
            Node::If(b) => fmt_branch(f, "if", b, text),
            Node::Range(b) => fmt_branch(f, "range", b, text),
            Node::With(b) => fmt_branch(f, "with", b, text),
            Node::Template(t) => {
                let TemplateCall { name, pipe, .. } = &**t;
                write!(f, "{{{{template {}", super::quote::quote(name))?;
                if let Some(p) = pipe {
                    write!(f, " {p}")?;
                }
                f.write_str("}}")
            }
            Node::Break { .. } => f.write_str("{{break}}"),
            Node::Continue { .. } => f.write_str("{{continue}}"),
        }
    }
}

/// Whether a list holds nothing but white space (Go's `IsEmptyTree`): such a definition does not
/// replace an existing template of the same name.
pub fn is_empty_tree(list: &ListNode, text: &str) -> bool {
    list.nodes.iter().all(|n| match n {
        Node::Text { .. } => n.text(text).trim_matches(|c: char| c.is_ascii_whitespace() || c == '\u{b}' || c == '\u{85}' || c == '\u{a0}' || c.is_whitespace()).is_empty(),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    /// The sizes the layout comments promise (parse trees and values are most of the memory a
    /// large chart's render touches).
    #[test]
    fn node_and_value_sizes() {
        use std::mem::size_of;
        assert_eq!(size_of::<super::Node>(), 24);
        assert_eq!(size_of::<super::Arg>(), 32);
        assert_eq!(size_of::<crate::gotmpl::Value>(), 24);
    }
}
