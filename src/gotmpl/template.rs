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
use std::hash::BuildHasherDefault;
use std::rc::Rc;
use std::sync::Arc;

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

type Trees = HashMap<String, Rc<Tree>, BuildHasherDefault<super::funcs::NameHash>>;

/// Templates a set holds but has not added yet (their texts are still being parsed, see
/// [`Template::set_pending`]): asked for a name the set lacks, it adds the template of that name,
/// if it has one, and returns it.
pub type Pending = Rc<dyn Fn(&str) -> Option<Rc<Tree>>>;

/// A template set.
pub struct Template {
    name: String,
    /// Templates this set shares with its clones ([`Template::clone_set`]), which Helm's `tpl`
    /// makes for every call: a clone shares them instead of copying the table, and a change to
    /// a shared table copies it first, so each set keeps what it had when it was cloned.
    shared: RefCell<Rc<Trees>>,
    /// The templates added since (over `shared`).
    trees: RefCell<Trees>,
    funcs: Rc<FuncMap>,
    /// Shared with clones: what a clone lacks may be among the templates not added yet.
    pending: RefCell<Option<Pending>>,
    pub missing_key: MissingKey,
}

impl Template {
    /// An empty set named `name` (the name appears in "no template ... associated with" errors).
    pub fn new(name: &str, funcs: FuncMap) -> Rc<Template> {
        Template::with_missing_key(name, funcs, MissingKey::Invalid)
    }

    /// The same with another `missingkey` option.
    pub fn with_missing_key(name: &str, funcs: FuncMap, missing_key: MissingKey) -> Rc<Template> {
        Rc::new(Template {
            name: name.to_string(),
            shared: RefCell::default(),
            trees: RefCell::default(),
            funcs: Rc::new(funcs),
            pending: RefCell::default(),
            missing_key,
        })
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
        Ok(self.add_trees(name, trees, true))
    }

    /// Adds the text `name` as [`Template::parse`] would, from its trees parsed already
    /// ([`parse_detached`]) when there are (else it is parsed here). Unlike `parse`, an earlier
    /// template of a name it defines is looked for only among the templates added so far.
    pub fn add_parsed(&self, name: &str, text: &str, pre: Option<Detached>) -> Result<(), Error> {
        let trees = match pre.and_then(|d| d.attach(name)) {
            Some(trees) => trees,
            None => parse(name, text, &|n: &str| self.has_func(n))?,
        };
        self.add_trees(name, trees, false);
        Ok(())
    }

    /// Declares templates the set holds but has not added yet: a lookup of a name not added
    /// asks `pending` (this set's clones too, made before or after), which is expected to
    /// add the template of that name. Execution can then start before every text of a set is parsed, as long as
    /// the names those texts define are not yet in the set.
    pub fn set_pending(&self, pending: Option<Pending>) {
        *self.pending.borrow_mut() = pending;
    }

    /// Parses several texts, as [`Template::parse`] on each in order would: the texts are parsed
    /// in parallel (parsing one text depends only on the set's function names), then their trees
    /// are added in the given order, so the result is the same for any number of threads. The
    /// first error in that order is returned, with the name of its text.
    pub fn parse_all<'a>(&self, texts: &[(&'a str, &str)]) -> Result<(), (&'a str, Error)> {
        use rayon::prelude::*;
        let names: std::collections::HashSet<&str, BuildHasherDefault<super::funcs::NameHash>> = self.funcs.names().collect();
        let has = |n: &str| names.contains(n) || Builtin::by_name(n).is_some();
        let parsed: Vec<Result<Vec<Tree>, Error>> = texts.par_iter().with_min_len(4).map(|(name, text)| parse(name, text, &has)).collect();
        for ((name, _), trees) in texts.iter().zip(parsed) {
            self.add_trees(name, trees.map_err(|e| (*name, e))?, false);
        }
        Ok(())
    }

    /// [`Template::parse_all`] with some texts parsed already ([`parse_detached`]):
    /// `early[i]` holds the trees of `texts[i]` or `None`, and the texts without are parsed
    /// here. The set and the first error are those of `parse_all`.
    pub fn parse_all_with<'a>(&self, texts: &[(&'a str, &str)], early: Vec<Option<Detached>>) -> Result<(), (&'a str, Error)> {
        for (&(name, text), pre) in texts.iter().zip(early) {
            self.add_parsed(name, text, pre).map_err(|e| (name, e))?;
        }
        Ok(())
    }

    /// Adds the trees parsed from the text `name`; returns that text's own tree. An earlier
    /// template of a defined name is looked for among the pending ones too when `all`.
    fn add_trees(&self, name: &str, trees: Vec<Tree>, all: bool) -> Rc<Tree> {
        let mut top = None;
        for tree in trees {
            let tree = Rc::new(tree);
            if tree.name == name {
                top = Some(tree.clone());
            }
            let old = if all { self.lookup(&tree.name) } else { self.lookup_added(&tree.name) };
            if let Some(old) = old {
                if is_empty_tree(&tree.root, &tree.text) && !is_empty_tree(&old.root, &old.text) {
                    continue;
                }
            }
            self.trees.borrow_mut().insert(tree.name.clone(), tree);
        }
        top.expect("the parser always returns the top-level tree")
    }

    /// Runs a tree of this set (from [`Template::parse_top`]) with `data` as dot.
    pub fn execute_tree(self: &Rc<Self>, tree: &Rc<Tree>, data: &Value) -> Result<String, Error> {
        let mut out = String::new();
        let dot = if data.is_nil() { Rv::Missing } else { Rv::Val(data.clone()) };
        exec::execute(self, tree, dot, &mut out, 0)?;
        Ok(out)
    }

    /// The template `name`, pending ones included ([`Template::set_pending`]).
    pub fn lookup(&self, name: &str) -> Option<Rc<Tree>> {
        if let Some(t) = self.lookup_added(name) {
            return Some(t);
        }
        let pending = self.pending.borrow().clone();
        pending.and_then(|p| p(name))
    }

    /// The template `name` among those added so far.
    pub fn lookup_added(&self, name: &str) -> Option<Rc<Tree>> {
        if let Some(t) = self.trees.borrow().get(name) {
            return Some(t.clone());
        }
        self.shared.borrow().get(name).cloned()
    }

    /// Names of the templates added so far, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.trees.borrow().keys().chain(self.shared.borrow().keys()).cloned().collect();
        v.sort();
        v.dedup();
        v
    }

    /// A copy of the set (`Clone`): same functions, own table of templates.
    pub fn clone_set(&self) -> Rc<Template> {
        self.clone_with(self.funcs.clone())
    }

    /// A set with this one's templates, shared ([`Template::shared`]).
    fn clone_with(&self, funcs: Rc<FuncMap>) -> Rc<Template> {
        self.share();
        let shared = RefCell::new(self.shared.borrow().clone());
        let pending = RefCell::new(self.pending.borrow().clone());
        Rc::new(Template { name: self.name.clone(), shared, trees: RefCell::default(), funcs, pending, missing_key: self.missing_key })
    }

    /// Moves the templates added since the last clone to the shared table (copied first when a
    /// clone holds it).
    fn share(&self) {
        let own = std::mem::take(&mut *self.trees.borrow_mut());
        if own.is_empty() {
            return;
        }
        let mut shared = self.shared.borrow_mut();
        if shared.is_empty() {
            *shared = Rc::new(own);
        } else {
            Rc::make_mut(&mut shared).extend(own);
        }
    }

    /// A copy of the set with other functions.
    pub fn clone_with_funcs(&self, funcs: FuncMap) -> Rc<Template> {
        self.clone_with(Rc::new(funcs))
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

/// The name texts are parsed under before their template's name is known: no template can
/// refer to it before the trees are renamed ([`Detached::attach`]).
const DETACHED: &str = "\0detached";

/// The trees of a text parsed before the name of its template was known.
pub struct Detached(Vec<Tree>);

/// Parses `text` as a template whose name is given later, for [`Template::parse_all_with`];
/// `has_func` says whether a function exists, as for [`parse`]. An error here only says that
/// the text does not parse: the message with the template's name comes from parsing it again.
pub fn parse_detached(text: &str, has_func: &dyn Fn(&str) -> bool) -> Option<Detached> {
    parse_detached_shared(&Arc::from(text), has_func)
}

/// [`parse_detached`] of a text already held in an `Arc`, which the trees share.
pub fn parse_detached_shared(text: &Arc<str>, has_func: &dyn Fn(&str) -> bool) -> Option<Detached> {
    // A definition could only bear the placeholder through a NUL in the text, raw or escaped.
    let nul = memchr::memchr(0, text.as_bytes()).is_some() || ["\\0", "\\x00", "\\u0000", "\\U0000"].iter().any(|e| memchr::memmem::find(text.as_bytes(), e.as_bytes()).is_some());
    if nul {
        return None;
    }
    super::parse::parse_shared(DETACHED, text, has_func).ok().map(Detached)
}

impl Detached {
    /// The names of the templates the text defines (not its own).
    pub fn defined(&self) -> impl Iterator<Item = &str> {
        self.0.split_last().map_or(&[][..], |(_, defs)| defs).iter().map(|t| t.name.as_str())
    }

    /// The trees as `parse(name, text)` returns them; `None` when a definition in the text
    /// bears `name` (or the placeholder): then the names interact and the text is parsed again.
    fn attach(mut self, name: &str) -> Option<Vec<Tree>> {
        let (top, defs) = self.0.split_last_mut()?;
        if top.name != DETACHED || defs.iter().any(|t| t.name == name || t.name == DETACHED) {
            return None;
        }
        top.name = name.to_string();
        let parse_name = super::value::Str::from(name);
        for t in &mut self.0 {
            t.parse_name = parse_name.clone();
        }
        Some(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_all_is_parse_in_order_for_any_thread_count() {
        // Later texts redefine `x`; "c" and "e" fail, the first of them in order is reported.
        let mut texts: Vec<(String, String)> = (0..10).map(|i| (format!("t{i}"), format!("{{{{define \"x\"}}}}{i}{{{{end}}}}"))).collect();
        texts.push(("c".into(), "{{ nosuch }}".into()));
        texts.push(("e".into(), "{{ end }}".into()));
        let texts: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let err = pool.install(|| Template::new("t", FuncMap::new()).parse_all(&texts).map_err(|(n, e)| (n, e.text)));
            assert_eq!(err, Err(("c", "template: c:1: function \"nosuch\" not defined".to_string())));
            let got = pool.install(|| {
                let set = Template::new("t", FuncMap::new());
                set.parse_all(&texts[..10]).map_err(|(n, e)| (n, e.text))?;
                Ok::<_, (&str, String)>((set.execute("x", &Value::Nil).map_err(|e| ("x", e.text))?, set.names().len()))
            });
            assert_eq!(got, Ok(("9".to_string(), 11)));
        }
    }

    /// Every template of a set as (name, parse name, tree text).
    fn dump(set: &Template) -> Vec<(String, String, String)> {
        set.names().into_iter().map(|n| {
            let t = set.lookup(&n).unwrap();
            (n, t.parse_name.to_string(), crate::gotmpl::node::InText(&t.root, &t.text).to_string())
        }).collect()
    }

    #[test]
    fn detached_parses_are_parses_under_the_name() {
        let texts = [
            ("a", "{{define \"x\"}}1{{end}}{{ .A }}"),
            ("b", "{{define \"b\"}}self{{end}}"),
            ("c", "{{define \"c\"}}{{end}}top"),
            ("d", "{{block \"blk\" .}}b{{end}}{{ printf \"%d\" 1 }}"),
            ("e", "{{define \"\\x00detached\"}}z{{end}}e"),
            ("f", "{{define \"x\"}}2{{end}}"),
        ];
        let funcs = FuncMap::new;
        let plain = Template::new("t", funcs());
        plain.parse_all(&texts).unwrap();
        let early = Template::new("t", funcs());
        let pre = texts.iter().map(|(_, text)| parse_detached(text, &|n: &str| early.has_func(n))).collect();
        early.parse_all_with(&texts, pre).unwrap();
        assert_eq!(dump(&plain), dump(&early));
        assert!(dump(&plain).iter().any(|(n, p, _)| n == "x" && p == "f"));
        // A text that does not parse is parsed again for the error with its name.
        let bad = [("ok", "x"), ("g", "{{ nosuch }}")];
        let set = Template::new("t", funcs());
        let pre = bad.iter().map(|(_, text)| parse_detached(text, &|n: &str| set.has_func(n))).collect();
        let err = set.parse_all_with(&bad, pre).map_err(|(n, e)| (n, e.text));
        assert_eq!(err, Err(("g", "template: g:1: function \"nosuch\" not defined".to_string())));
    }

    #[test]
    fn clones_keep_what_they_had() {
        let text = |set: &Rc<Template>, name: &str| set.execute(name, &Value::Nil).unwrap_or_else(|e| e.text);
        let parent = Template::new("t", FuncMap::new());
        parent.parse("a", "A").unwrap();
        let clone = parent.clone_set();
        parent.parse("b", "B").unwrap();
        clone.parse("a", "A2").unwrap();
        let grandchild = clone.clone_set();
        clone.parse("c", "C").unwrap();
        assert_eq!((text(&parent, "a"), text(&parent, "b")), ("A".to_string(), "B".to_string()));
        assert_eq!(text(&clone, "a"), "A2");
        assert!(clone.lookup("b").is_none() && grandchild.lookup("c").is_none());
        assert_eq!(text(&grandchild, "a"), "A2");
        // an empty definition does not replace a shared one
        grandchild.parse("x", "{{define \"a\"}}{{end}}").unwrap();
        assert_eq!(text(&grandchild, "a"), "A2");
        assert_eq!(parent.names(), ["a", "b"]);
        assert_eq!(clone.names(), ["a", "c"]);
    }
}
