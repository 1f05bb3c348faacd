//! A set of named templates sharing functions and options (Go's `*template.Template` with its
//! associated templates).

use super::builtins::Builtin;
use super::error::Error;
use super::exec::{self, Rv};
use super::funcs::FuncMap;
use super::node::{is_empty_tree, Tree};
use super::parse::parse;
use super::quote::quote;
use super::value::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// What a missing map key evaluates to (Go's `missingkey` option).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingKey {
    /// `missingkey=default`/`invalid`: the zero `reflect.Value` (prints `<no value>`).
    Invalid,
    /// `missingkey=zero`: the zero value of the map's element type (Helm's setting).
    Zero,
    /// `missingkey=error`: execution stops.
    Error,
}

/// A template set.
pub struct Template {
    name: String,
    trees: RefCell<HashMap<String, Rc<Tree>>>,
    funcs: Rc<FuncMap>,
    pub missing_key: MissingKey,
}

impl Template {
    /// An empty set named `name` (the name appears in "no template ... associated with" errors).
    pub fn new(name: &str, funcs: FuncMap) -> Rc<Template> {
        Rc::new(Template { name: name.to_string(), trees: RefCell::new(HashMap::new()), funcs: Rc::new(funcs), missing_key: MissingKey::Invalid })
    }

    /// The same with another `missingkey` option.
    pub fn with_missing_key(name: &str, funcs: FuncMap, missing_key: MissingKey) -> Rc<Template> {
        Rc::new(Template { name: name.to_string(), trees: RefCell::new(HashMap::new()), funcs: Rc::new(funcs), missing_key })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn funcs(&self) -> &FuncMap {
        &self.funcs
    }

    /// Whether templates may call `name` (a registered function or a builtin).
    pub fn has_func(&self, name: &str) -> bool {
        self.funcs.contains(name) || Builtin::by_name(name).is_some()
    }

    /// Parses `text` as template `name` (`t.New(name).Parse(text)`), adding it and every template
    /// it defines. A definition replaces an earlier one of the same name unless it is empty.
    pub fn parse(&self, name: &str, text: &str) -> Result<(), Error> {
        self.parse_top(name, text).map(|_| ())
    }

    /// [`Template::parse`], returning the tree of the text itself (`t.New(name).Parse(text)`
    /// then executing that template runs this tree, even when an existing non-empty template
    /// of the same name stays in the set).
    pub fn parse_top(&self, name: &str, text: &str) -> Result<Rc<Tree>, Error> {
        let has = |n: &str| self.has_func(n);
        let trees = parse(name, text, &has)?;
        let mut map = self.trees.borrow_mut();
        let mut top = None;
        for tree in trees {
            let tree = Rc::new(tree);
            if tree.name == name {
                top = Some(tree.clone());
            }
            if let Some(old) = map.get(&tree.name) {
                if is_empty_tree(&tree.root) && !is_empty_tree(&old.root) {
                    continue;
                }
            }
            map.insert(tree.name.clone(), tree);
        }
        Ok(top.expect("the parser always returns the top-level tree"))
    }

    /// Runs a tree of this set (from [`Template::parse_top`]) with `data` as dot.
    pub fn execute_tree(self: &Rc<Self>, tree: &Rc<Tree>, data: &Value) -> Result<String, Error> {
        let mut out = String::new();
        let dot = if data.is_nil() { Rv::Missing } else { Rv::Val(data.clone()) };
        exec::execute(self, tree, dot, &mut out, 0)?;
        Ok(out)
    }

    pub fn lookup(&self, name: &str) -> Option<Rc<Tree>> {
        self.trees.borrow().get(name).cloned()
    }

    /// Names of all templates, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.trees.borrow().keys().cloned().collect();
        v.sort();
        v
    }

    /// A copy of the set (`Clone`): same functions, own table of templates.
    pub fn clone_set(&self) -> Rc<Template> {
        Rc::new(Template { name: self.name.clone(), trees: RefCell::new(self.trees.borrow().clone()), funcs: self.funcs.clone(), missing_key: self.missing_key })
    }

    /// A copy of the set with other functions.
    pub fn clone_with_funcs(&self, funcs: FuncMap) -> Rc<Template> {
        Rc::new(Template { name: self.name.clone(), trees: RefCell::new(self.trees.borrow().clone()), funcs: Rc::new(funcs), missing_key: self.missing_key })
    }

    /// `ExecuteTemplate`: runs template `name` with `data` as dot (nil data is a missing value).
    pub fn execute(self: &Rc<Self>, name: &str, data: &Value) -> Result<String, Error> {
        let mut out = String::new();
        self.execute_into(name, data, &mut out)?;
        Ok(out)
    }

    /// [`Template::execute`] appending to `out` (what was written before an error stays).
    pub fn execute_into(self: &Rc<Self>, name: &str, data: &Value, out: &mut String) -> Result<(), Error> {
        let Some(tree) = self.lookup(name) else {
            return Err(Error::msg(format!("template: no template {} associated with template {}", quote(name), quote(&self.name))));
        };
        let dot = if data.is_nil() { Rv::Missing } else { Rv::Val(data.clone()) };
        exec::execute(self, &tree, dot, out, 0)
    }
}
