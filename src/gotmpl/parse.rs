//! The parser: items → trees, as Go's `text/template/parse` builds them (the same grammar, the
//! same checks at parse time — undefined variables and functions, `break` outside `range`,
//! non-executable pipeline stages — and the same error texts, `template: NAME:LINE: msg`).

use super::error::{Error, ErrorKind};
use super::golit::{new_number, NumKind};
use super::lex::{Item, ItemType, Lexer};
use super::node::*;
use super::quote::unquote;
use super::value::Str;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::Arc;

const MAX_STACK_DEPTH: usize = 10_000;
const MAX_PIPELINE_CMDS: usize = 100_000;

/// Errors are boxed while parsing: results pass through every level of the recursive descent,
/// and a one-word error keeps them small (an `Option<Arg>` result is the size of an `Arg`).
type PResult<T> = Result<T, Box<Error>>;

/// Parses `text` as the template `name`; returns every tree it defines (the top-level one, named
/// `name`, last). `has_func` says whether a function name is defined.
pub fn parse(name: &str, text: &str, has_func: &dyn Fn(&str) -> bool) -> Result<Vec<Tree>, Error> {
    parse_shared(name, &Arc::from(text), has_func)
}

/// [`parse`] of a text already held in an `Arc`, which the trees share rather than copy.
pub fn parse_shared(name: &str, text: &Arc<str>, has_func: &dyn Fn(&str) -> bool) -> Result<Vec<Tree>, Error> {
    let mut p = Parser {
        parse_name: Str::from(name),
        text: text.clone(),
        lex: Lexer::new(text, !has_func("break"), !has_func("continue")),
        token: [eof_item(), eof_item(), eof_item()],
        peek_count: 0,
        vars: vec!["$"],
        trees: Vec::new(),
        action_line: 0,
        range_depth: 0,
        stack_depth: 0,
        has_func,
        names: HashSet::with_capacity_and_hasher(text.len() / 256, Default::default()),
        nodes: Vec::new(),
        cmds: Vec::new(),
        args: Vec::new(),
        idents: Vec::new(),
        literals: HashMap::default(),
    };
    let root = p.parse_top().map_err(|e| *e)?;
    p.add(name.to_string(), root).map_err(|e| *e)?;
    Ok(p.trees)
}

fn eof_item<'a>() -> Item<'a> {
    Item { typ: ItemType::Eof, pos: 0, val: "", line: 1, space: false }
}

struct Parser<'a, 'f> {
    parse_name: Str,
    text: Arc<str>,
    lex: Lexer<'a>,
    token: [Item<'a>; 3],
    peek_count: usize,
    /// Variables in scope: `$` and the declared ones.
    vars: Vec<&'a str>,
    trees: Vec<Tree>,
    action_line: usize,
    range_depth: usize,
    stack_depth: usize,
    has_func: &'f dyn Fn(&str) -> bool,
    /// Field, variable and function names, one allocation per distinct name.
    names: HashSet<Str, BuildHasherDefault<super::funcs::NameHash>>,
    /// Stacks the nodes, commands and arguments of the lists, pipelines and commands being
    /// parsed, so that each is allocated once at its final size.
    nodes: Vec<Node>,
    cmds: Vec<Command>,
    args: Vec<Arg>,
    idents: Vec<Str>,
    /// String constants by their quoted text.
    literals: HashMap<&'a str, Arc<StrLit>, BuildHasherDefault<super::funcs::NameHash>>,
}

/// An `{{end}}` or `{{else}}` ends an item list.
enum ListEnd {
    End,
    Else,
}

enum TextOrAction {
    Node(Node),
    End,
    Else,
}

impl<'a> Parser<'a, '_> {
    fn next(&mut self) -> Item<'a> {
        if self.peek_count > 0 {
            self.peek_count -= 1;
        } else {
            self.token[0] = self.lex.next_item();
        }
        self.token[self.peek_count]
    }

    fn backup(&mut self) {
        self.peek_count += 1;
    }

    fn backup2(&mut self, t1: Item<'a>) {
        self.token[1] = t1;
        self.peek_count = 2;
    }

    fn peek(&mut self) -> Item<'a> {
        if self.peek_count > 0 {
            return self.token[self.peek_count - 1];
        }
        self.peek_count = 1;
        self.token[0] = self.lex.next_item();
        self.token[0]
    }

    /// Whether the next item is a field right after the previous item (`.a.b`, `$x.y`, `(p).z`).
    /// At white space it is not, and nothing more is lexed: Go's parser stops at its space item
    /// there, and the line of a later error is that of the last item lexed.
    fn peek_chained_field(&mut self) -> bool {
        if self.peek_count == 0 && self.lex.at_space() {
            return false;
        }
        let t = self.peek();
        t.typ == ItemType::Field && !t.space
    }

    fn errorf<T>(&self, msg: impl std::fmt::Display) -> PResult<T> {
        Err(Box::new(Error { kind: ErrorKind::Parse, text: format!("template: {}:{}: {}", self.parse_name, self.token[0].line, msg), cause: None }))
    }

    fn expect(&mut self, expected: ItemType, context: &str) -> PResult<Item<'a>> {
        let t = self.next();
        if t.typ != expected {
            return self.unexpected(&t, context);
        }
        Ok(t)
    }

    fn unexpected<T>(&self, token: &Item<'_>, context: &str) -> PResult<T> {
        if token.typ == ItemType::Error {
            let msg = self.lex.error();
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != token.line {
                extra = format!(" in action started at {}:{}", self.parse_name, self.action_line);
                if msg.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.errorf(format!("{msg}{extra}"));
        }
        self.errorf(format!("unexpected {token} in {context}"))
    }

    /// Adds a tree; a second non-empty definition of a name in the same text is an error.
    fn add(&mut self, name: String, root: ListNode) -> PResult<()> {
        if let Some(i) = self.trees.iter().position(|t| t.name == name) {
            if !is_empty_tree(&self.trees[i].root, &self.text) {
                if !is_empty_tree(&root, &self.text) {
                    return self.errorf(format!("template: multiple definition of template {}", super::quote::quote(&name)));
                }
                return Ok(());
            }
            self.trees.remove(i);
        }
        self.trees.push(Tree { name, parse_name: self.parse_name.clone(), text: self.text.clone(), root });
        Ok(())
    }

    fn parse_top(&mut self) -> PResult<ListNode> {
        let pos = self.peek().pos;
        let mark = self.nodes.len();
        while self.peek().typ != ItemType::Eof {
            if self.peek().typ == ItemType::LeftDelim {
                let delim = self.next();
                if self.next().typ == ItemType::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.backup2(delim);
            }
            match self.text_or_action()? {
                TextOrAction::Node(n) => self.nodes.push(n),
                TextOrAction::End => return self.errorf("unexpected {{end}}"),
                TextOrAction::Else => return self.errorf("unexpected {{else}}"),
            }
        }
        Ok(ListNode { pos, nodes: self.nodes.split_off(mark) })
    }

    fn parse_definition(&mut self) -> PResult<()> {
        const CONTEXT: &str = "define clause";
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$"]);
        let saved = (self.range_depth, self.stack_depth, self.action_line);
        self.range_depth = 0;
        self.stack_depth = 0;
        self.action_line = 0;
        let tok = self.next();
        if tok.typ != ItemType::String && tok.typ != ItemType::RawString {
            return self.unexpected(&tok, CONTEXT);
        }
        let Some(name) = unquote(tok.val) else { return self.errorf("invalid syntax") };
        self.expect(ItemType::RightDelim, CONTEXT)?;
        let (list, end) = self.item_list()?;
        if let ListEnd::Else = end {
            return self.errorf(format!("unexpected {{{{else}}}} in {CONTEXT}"));
        }
        self.add(name, list)?;
        self.vars = saved_vars;
        (self.range_depth, self.stack_depth, self.action_line) = saved;
        Ok(())
    }

    fn item_list(&mut self) -> PResult<(ListNode, ListEnd)> {
        let pos = self.peek().pos;
        let mark = self.nodes.len();
        while self.peek().typ != ItemType::Eof {
            let end = match self.text_or_action()? {
                TextOrAction::Node(n) => {
                    self.nodes.push(n);
                    continue;
                }
                TextOrAction::End => ListEnd::End,
                TextOrAction::Else => ListEnd::Else,
            };
            return Ok((ListNode { pos, nodes: self.nodes.split_off(mark) }, end));
        }
        self.errorf("unexpected EOF")
    }

    fn text_or_action(&mut self) -> PResult<TextOrAction> {
        super::deep(|| self.text_or_action_inner())
    }

    fn text_or_action_inner(&mut self) -> PResult<TextOrAction> {
        let tok = self.next();
        match tok.typ {
            ItemType::Text => {
                // the item is the text's own bytes at its position
                debug_assert_eq!(tok.val.as_ptr() as usize - self.text.as_ptr() as usize, tok.pos);
                Ok(TextOrAction::Node(Node::Text { pos: tok.pos, len: tok.val.len() }))
            }
            ItemType::LeftDelim => {
                self.action_line = tok.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            _ => self.unexpected(&tok, "input"),
        }
    }

    fn action(&mut self) -> PResult<TextOrAction> {
        let tok = self.next();
        let node = match tok.typ {
            ItemType::Block => self.block_control()?,
            ItemType::Break | ItemType::Continue => {
                let word = if tok.typ == ItemType::Break { "break" } else { "continue" };
                let t = self.next();
                if t.typ != ItemType::RightDelim {
                    return self.unexpected(&t, &format!("{{{{{word}}}}}"));
                }
                if self.range_depth == 0 {
                    return self.errorf(format!("{{{{{word}}}}} outside {{{{range}}}}"));
                }
                if tok.typ == ItemType::Break {
                    Node::Break { pos: tok.pos }
                } else {
                    Node::Continue { pos: tok.pos }
                }
            }
            ItemType::Else => return self.else_control(),
            ItemType::End => {
                self.expect(ItemType::RightDelim, "end")?;
                return Ok(TextOrAction::End);
            }
            ItemType::If => Node::If(Box::new(self.parse_control("if")?)),
            ItemType::Range => Node::Range(Box::new(self.parse_control("range")?)),
            ItemType::With => Node::With(Box::new(self.parse_control("with")?)),
            ItemType::Template => self.template_control()?,
            _ => {
                self.backup();
                let t = self.peek();
                let pipe = self.pipeline("command", ItemType::RightDelim)?;
                Node::Action { pos: t.pos, pipe: Box::new(pipe) }
            }
        };
        Ok(TextOrAction::Node(node))
    }

    fn else_control(&mut self) -> PResult<TextOrAction> {
        let peek = self.peek();
        if peek.typ == ItemType::If || peek.typ == ItemType::With {
            return Ok(TextOrAction::Else);
        }
        self.expect(ItemType::RightDelim, "else")?;
        Ok(TextOrAction::Else)
    }

    fn parse_control(&mut self, context: &str) -> PResult<Branch> {
        let mark = self.vars.len();
        let pipe = self.pipeline(context, ItemType::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let (list, end) = self.item_list()?;
        if context == "range" {
            self.range_depth -= 1;
        }
        let mut else_list = None;
        if let ListEnd::Else = end {
            let next = self.peek();
            if context == "if" && next.typ == ItemType::If {
                self.next();
                let inner = self.parse_control("if")?;
                else_list = Some(ListNode { pos: inner.pos, nodes: vec![Node::If(Box::new(inner))] });
            } else if context == "with" && next.typ == ItemType::With {
                self.next();
                let inner = self.parse_control("with")?;
                else_list = Some(ListNode { pos: inner.pos, nodes: vec![Node::With(Box::new(inner))] });
            } else {
                let (l, end) = self.item_list()?;
                if let ListEnd::Else = end {
                    return self.errorf("expected end; found {{else}}");
                }
                else_list = Some(l);
            }
        }
        self.vars.truncate(mark);
        Ok(Branch { pos: pipe.pos, pipe, list, else_list })
    }

    fn block_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "block clause";
        let tok = self.next();
        let name = self.template_name(&tok, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, ItemType::RightDelim)?;
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$"]);
        let saved = (self.range_depth, self.stack_depth, self.action_line);
        self.range_depth = 0;
        self.stack_depth = 0;
        self.action_line = 0;
        let (list, end) = self.item_list()?;
        if let ListEnd::Else = end {
            return self.errorf(format!("unexpected {{{{else}}}} in {CONTEXT}"));
        }
        self.add(name.clone(), list)?;
        self.vars = saved_vars;
        (self.range_depth, self.stack_depth, self.action_line) = saved;
        Ok(Node::Template(Box::new(TemplateCall { pos: tok.pos, name: name.into(), pipe: Some(pipe) })))
    }

    fn template_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "template clause";
        let tok = self.next();
        let name = self.template_name(&tok, CONTEXT)?;
        let mut pipe = None;
        if self.next().typ != ItemType::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(CONTEXT, ItemType::RightDelim)?);
        }
        Ok(Node::Template(Box::new(TemplateCall { pos: tok.pos, name: name.into(), pipe })))
    }

    fn template_name(&mut self, tok: &Item<'_>, context: &str) -> PResult<String> {
        match tok.typ {
            ItemType::String | ItemType::RawString => match unquote(tok.val) {
                Some(s) => Ok(s),
                None => self.errorf("invalid syntax"),
            },
            _ => self.unexpected(tok, context),
        }
    }

    fn new_variable(&mut self, pos: Pos, text: &str) -> Variable {
        let mut ident = Vec::with_capacity(1 + text.bytes().filter(|&b| b == b'.').count());
        for s in text.split('.') {
            ident.push(self.name(s));
        }
        Variable { pos, ident: ident.into() }
    }

    /// `s` as a shared string: names repeat thousands of times in a chart's templates.
    fn name(&mut self, s: &str) -> Str {
        if let Some(n) = self.names.get(s) {
            return n.clone();
        }
        let n = Str::from(s);
        self.names.insert(n.clone());
        n
    }

    /// The string constant written `quoted` (`None` if it does not unquote): shared when short,
    /// the same constants recur across a chart's templates.
    fn literal(&mut self, quoted: &'a str) -> Option<Arc<StrLit>> {
        const SHARED: usize = 64;
        if quoted.len() <= SHARED {
            if let Some(lit) = self.literals.get(quoted) {
                return Some(lit.clone());
            }
        }
        let body = &quoted[1..quoted.len() - 1];
        // A raw string without carriage returns, or a quoted one without escapes, is its text
        // between the quotes.
        let plain = if quoted.starts_with('`') { !body.contains('\r') } else { !body.contains('\\') };
        let text = if plain { Str::from(body) } else { Str::from(unquote(quoted)?) };
        let lit = Arc::new(StrLit { quoted: Str::from(quoted), text });
        if quoted.len() <= SHARED {
            self.literals.insert(quoted, lit.clone());
        }
        Some(lit)
    }

    fn pipeline(&mut self, context: &str, end: ItemType) -> PResult<Pipe> {
        let tok = self.peek();
        let mut pipe = Pipe { pos: tok.pos, is_assign: false, decl: Box::default(), cmds: Box::default() };
        let mut decl = Vec::new();
        let mark = self.cmds.len();
        'decls: loop {
            let v = self.peek();
            if v.typ != ItemType::Variable {
                break;
            }
            self.next();
            let next = self.peek();
            if next.typ == ItemType::Assign || next.typ == ItemType::Declare {
                pipe.is_assign = next.typ == ItemType::Assign;
                self.next();
                decl.push(self.new_variable(v.pos, v.val));
                self.vars.push(v.val);
            } else if next.typ == ItemType::Char && next.val == "," {
                self.next();
                decl.push(self.new_variable(v.pos, v.val));
                self.vars.push(v.val);
                if context == "range" && decl.len() < 2 {
                    match self.peek().typ {
                        ItemType::Variable | ItemType::RightDelim | ItemType::RightParen => continue 'decls,
                        _ => return self.errorf("range can only initialize variables"),
                    }
                }
                return self.errorf(format!("too many declarations in {context}"));
            } else {
                self.backup2(v);
            }
            break;
        }
        loop {
            let tok = self.next();
            match tok.typ {
                t if t == end => {
                    pipe.decl = decl.into();
                    pipe.cmds = self.cmds.split_off(mark).into();
                    self.check_pipeline(&pipe, context)?;
                    return Ok(pipe);
                }
                ItemType::Bool
                | ItemType::CharConstant
                | ItemType::Complex
                | ItemType::Dot
                | ItemType::Field
                | ItemType::Identifier
                | ItemType::Number
                | ItemType::Nil
                | ItemType::RawString
                | ItemType::String
                | ItemType::Variable
                | ItemType::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    self.cmds.push(cmd);
                    if self.cmds.len() - mark > MAX_PIPELINE_CMDS {
                        return self.errorf("pipeline too long");
                    }
                }
                _ => return self.unexpected(&tok, context),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return self.errorf(format!("missing value for {context}"));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(c.args[0], Arg::Bool { .. } | Arg::Dot(_) | Arg::Nil(_) | Arg::Number(_) | Arg::String { .. }) {
                return self.errorf(format!("non executable command in pipeline stage {}", i + 1));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> PResult<Command> {
        let pos = self.peek().pos;
        let mark = self.args.len();
        loop {
            let op = self.operand()?;
            let had_operand = op.is_some();
            if let Some(op) = op {
                self.args.push(op);
            }
            let tok = self.next();
            match tok.typ {
                ItemType::RightDelim | ItemType::RightParen => self.backup(),
                ItemType::Pipe => {}
                // Space after an operand: the next argument (or an error in the next round).
                _ if had_operand && tok.space => {
                    self.backup();
                    continue;
                }
                _ => return self.unexpected(&tok, "operand"),
            }
            break;
        }
        if self.args.len() == mark {
            return self.errorf("empty command");
        }
        Ok(Command { pos, args: self.args.split_off(mark).into() })
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else { return Ok(None) };
        if !self.peek_chained_field() {
            return Ok(Some(node));
        }
        let pos = self.peek().pos;
        let mark = self.idents.len();
        while self.peek_chained_field() {
            let f = self.next();
            let name = self.name(&f.val[1..]);
            self.idents.push(name);
        }
        let fields = self.idents.drain(mark..);
        Ok(Some(match node {
            Arg::Field { ident, .. } => Arg::Field { pos, ident: ident.into_vec().into_iter().chain(fields).collect() },
            Arg::Variable(v) => Arg::Variable(Variable { pos, ident: v.ident.into_vec().into_iter().chain(fields).collect() }),
            Arg::Bool { .. } | Arg::String { .. } | Arg::Number(_) | Arg::Nil(_) | Arg::Dot(_) => {
                drop(fields);
                return self.errorf(format!("unexpected . after term {}", super::quote::quote(&node.to_string())));
            }
            other => Arg::Chain(Box::new(Chain { pos, node: other, field: fields.collect() })),
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        super::deep(|| self.term_inner())
    }

    fn term_inner(&mut self) -> PResult<Option<Arg>> {
        let tok = self.next();
        let arg = match tok.typ {
            ItemType::Identifier => {
                if !(self.has_func)(tok.val) {
                    return self.errorf(format!("function {} not defined", super::quote::quote(tok.val)));
                }
                Arg::Identifier { pos: tok.pos, name: self.name(tok.val) }
            }
            ItemType::Dot => Arg::Dot(tok.pos),
            ItemType::Nil => Arg::Nil(tok.pos),
            ItemType::Variable => {
                let v = self.new_variable(tok.pos, tok.val);
                if !self.vars.iter().any(|n| *n == &*v.ident[0]) {
                    return self.errorf(format!("undefined variable {}", super::quote::quote(&v.ident[0])));
                }
                Arg::Variable(v)
            }
            ItemType::Field => Arg::Field { pos: tok.pos, ident: Box::new([self.name(&tok.val[1..])]) },
            ItemType::Bool => Arg::Bool { pos: tok.pos, val: tok.val == "true" },
            ItemType::CharConstant | ItemType::Complex | ItemType::Number => {
                let kind = match tok.typ {
                    ItemType::CharConstant => NumKind::Char,
                    ItemType::Complex => NumKind::Complex,
                    _ => NumKind::Number,
                };
                match new_number(tok.pos, tok.val, kind) {
                    Ok(n) => Arg::Number(Box::new(n)),
                    Err(e) => return self.errorf(e),
                }
            }
            ItemType::LeftParen => {
                if self.stack_depth >= MAX_STACK_DEPTH {
                    return self.errorf("max expression depth exceeded");
                }
                self.stack_depth += 1;
                let r = self.pipeline("parenthesized pipeline", ItemType::RightParen);
                self.stack_depth -= 1;
                Arg::Pipe(Box::new(r?))
            }
            // A raw string without carriage returns is its text: no unquoting, one copy less.
            ItemType::String | ItemType::RawString => match self.literal(tok.val) {
                Some(lit) => Arg::String { pos: tok.pos, lit },
                None => return self.errorf("invalid syntax"),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        };
        Ok(Some(arg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        let funcs = |n: &str| matches!(n, "printf" | "upper" | "list");
        parse("t", text, &funcs).unwrap_err().text
    }

    fn round_trip(text: &str) -> String {
        let funcs = |n: &str| matches!(n, "printf" | "upper" | "list");
        let trees = parse("t", text, &funcs).unwrap();
        let t = trees.last().unwrap();
        InText(&t.root, &t.text).to_string()
    }

    #[test]
    fn parse_errors_as_go() {
        assert_eq!(err("{{ nosuch 1 }}"), "template: t:1: function \"nosuch\" not defined");
        assert_eq!(err("a\nb\n{{ if true }}"), "template: t:3: unexpected EOF");
        assert_eq!(err("{{ $x }}"), "template: t:1: undefined variable \"$x\"");
        assert_eq!(err("{{ \"x\" | 1 }}"), "template: t:1: non executable command in pipeline stage 2");
        assert_eq!(err("{{ break }}"), "template: t:1: {{break}} outside {{range}}");
        assert_eq!(err("{{ }}"), "template: t:1: missing value for command");
        assert_eq!(err("{{ 1.2.3 }}"), "template: t:1: unexpected \".3\" in operand");
        assert_eq!(err("{{ if true }}a{{ else }}b{{ else }}c{{ end }}"), "template: t:1: expected end; found {{else}}");
        assert_eq!(err("{{ define \"a\" }}{{ define \"b\" }}{{ end }}{{ end }}"), "template: t:1: unexpected <define> in command");
        assert_eq!(err("{{ \"x\".y }}"), "template: t:1: unexpected . after term \"\\\"x\\\"\"");
        assert_eq!(err("{{ (1 }}"), "template: t:1: unclosed left paren");
        assert_eq!(err("{{ .X\n| upper"), "template: t:2: unclosed action started at t:1");
    }

    #[test]
    fn node_strings() {
        assert_eq!(round_trip("{{ $x := printf \"%d\" (upper .A.b) | upper }}"), "{{$x := printf \"%d\" (upper .A.b) | upper}}");
        assert_eq!(round_trip("{{if .A}}x{{else if .B}}y{{end}}"), "{{if .A}}x{{else}}{{if .B}}y{{end}}{{end}}");
        assert_eq!(round_trip("{{ range $i, $e := list }}{{ $e }}{{ end }}"), "{{range $i, $e := list}}{{$e}}{{end}}");
        assert_eq!(round_trip("{{ (list).a.b }}"), "{{(list).a.b}}");
    }
}
