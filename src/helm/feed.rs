//! Executing templates while the rest still parse: the engine's template set is fed the texts
//! parsed in the background ([`EarlyParse`]) as execution reaches them.
//!
//! Helm parses every template before it executes any. The result is the same when execution
//! starts once every text that may define templates ([`may_define`]) is in the set: the others
//! only add their own template, under a name no definition bears (else everything is added
//! first), which no execution looks for until it is its turn, or through a name the set lacks,
//! on which the set asks the feed for the text of that name ([`Template::set_pending`]). A parse error
//! anywhere is still the error reported, the first in Helm's order, before any execution error.

use super::early_parse::{may_define, EarlyParse};
use crate::gotmpl::template::Detached;
use crate::gotmpl::{Error, Template};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::sync::Arc;

/// The texts of a template set, added in Helm's order or when needed.
pub struct Feed {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    set: Weak<Template>,
    early: EarlyParse,
    /// (template name, text, its parse's slot), in Helm's order.
    texts: Vec<(String, Arc<str>, Option<usize>)>,
    by_name: HashMap<String, usize>,
    added: Vec<bool>,
    /// The first parse error in that order, by index.
    error: Option<(usize, Error)>,
}

impl Feed {
    /// Adds to `set` every text that may define templates (all of them when a name they
    /// define is that of another text); the others wait for [`Feed::add`].
    pub fn start(set: &Rc<Template>, early: EarlyParse, texts: Vec<(String, Arc<str>)>) -> Feed {
        let slots = early.plan(&texts.iter().map(|(_, t)| &**t).collect::<Vec<_>>());
        let texts: Vec<(String, Arc<str>, Option<usize>)> = texts.into_iter().zip(slots).map(|((name, text), slot)| (name, text, slot)).collect();
        let n = texts.len();
        let by_name = texts.iter().enumerate().map(|(i, (name, _, _))| (name.clone(), i)).collect();
        let inner = Inner { set: Rc::downgrade(set), early, texts, by_name, added: vec![false; n], error: None };
        let feed = Feed { inner: Rc::new(RefCell::new(inner)) };
        let defining: Vec<usize> = {
            let inner = feed.inner.borrow();
            (0..n).filter(|&i| inner.texts[i].2.map_or_else(|| may_define(&inner.texts[i].1), |slot| inner.early.may_define(slot))).collect()
        };
        let parsed = feed.inner.borrow_mut().take_each(&defining);
        // A definition bearing the name of a text not among these (or a text whose trees do not
        // tell) could be overridden by it: then every text is added in Helm's order.
        let clash = {
            let inner = feed.inner.borrow();
            let is_late = |name: &str| inner.by_name.get(name).is_some_and(|&i| defining.binary_search(&i).is_err());
            parsed.iter().any(|p| p.as_ref().is_none_or(|d| d.defined().any(is_late)))
        };
        if clash {
            let mut inner = feed.inner.borrow_mut();
            let mut parsed = defining.iter().copied().zip(parsed).collect::<HashMap<_, _>>();
            let pre = (0..n).map(|i| parsed.remove(&i).unwrap_or_else(|| inner.take(i))).collect();
            inner.add_with(&(0..n).collect::<Vec<_>>(), pre);
        } else {
            feed.inner.borrow_mut().add_with(&defining, parsed);
            let inner = Rc::downgrade(&feed.inner);
            // a text not added yet defines its own template only: the one asked for is added
            let pending = move |name: &str| {
                let inner = inner.upgrade()?;
                let mut inner = inner.borrow_mut();
                let &i = inner.by_name.get(name)?;
                inner.add_each(&[i]);
                inner.set.upgrade()?.lookup_added(name)
            };
            set.set_pending(Some(Rc::new(pending)));
        }
        feed
    }

    /// Adds the text `name` (of those given to [`Feed::start`]) if it is not in the set yet.
    pub fn add(&self, name: &str) {
        let mut inner = self.inner.borrow_mut();
        if let Some(&i) = inner.by_name.get(name) {
            inner.add_each(&[i]);
        }
    }

    /// Whether a text parsed so far failed to.
    pub fn failed(&self) -> bool {
        self.inner.borrow().error.is_some()
    }

    /// Adds every text, then returns the first parse error (by template name), if any: what
    /// Helm reports before executing anything.
    pub fn finish(&self) -> Result<(), (String, Error)> {
        let mut inner = self.inner.borrow_mut();
        inner.add_rest();
        if let Some(set) = inner.set.upgrade() {
            set.set_pending(None);
        }
        match inner.error.take() {
            Some((i, e)) => Err((inner.texts[i].0.clone(), e)),
            None => Ok(()),
        }
    }
}

impl Inner {
    fn add_rest(&mut self) {
        let rest: Vec<usize> = (0..self.texts.len()).filter(|&i| !self.added[i]).collect();
        self.add_each(&rest);
    }

    /// Adds texts `which` (in order): their parses are taken from the last (the background
    /// parsers go from the first), then added in order.
    fn add_each(&mut self, which: &[usize]) {
        let which: Vec<usize> = which.iter().copied().filter(|&i| !self.added[i]).collect();
        let pre = self.take_each(&which);
        self.add_with(&which, pre);
    }

    /// The background parses of texts `which`, taken from the last.
    fn take_each(&self, which: &[usize]) -> Vec<Option<Detached>> {
        let mut pre: Vec<_> = which.iter().rev().map(|&i| self.take(i)).collect();
        pre.reverse();
        pre
    }

    fn take(&self, i: usize) -> Option<Detached> {
        self.texts[i].2.and_then(|slot| self.early.take(slot))
    }

    /// Adds texts `which` (in order) from their parses `pre`, as [`Template::add_parsed`].
    fn add_with(&mut self, which: &[usize], pre: Vec<Option<Detached>>) {
        let Some(set) = self.set.upgrade() else { return };
        for (&i, pre) in which.iter().zip(pre) {
            if std::mem::replace(&mut self.added[i], true) {
                continue;
            }
            let (name, text, _) = &self.texts[i];
            if let Err(e) = set.add_parsed(name, text, pre) {
                if self.error.as_ref().is_none_or(|(j, _)| i < *j) {
                    self.error = Some((i, e));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::early_parse::EarlyParse;
    use super::super::engine::{render_values, render_values_with, RenderOptions};
    use crate::gotmpl::Value;

    /// The render of a chart made of `files` with every template parsed first, and with the
    /// templates fed to execution as they parse: they must agree, errors included.
    fn both(files: &[(&str, &str)]) -> (Result<String, String>, Result<String, String>) {
        let mut all = vec![("Chart.yaml".to_string(), b"apiVersion: v2\nname: top\nversion: 1.0.0\n".to_vec())];
        all.extend(files.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())));
        let mut chart = super::super::loader::load_files(all).unwrap();
        let user = Value::empty_map();
        super::super::deps::process_dependencies(&mut chart, &user).unwrap();
        let values = Value::Map(super::super::coalesce::coalesce_values(&chart, &user).unwrap());
        let opts = RenderOptions::default();
        let show = |r: Result<std::collections::BTreeMap<String, String>, String>| r.map(|m| m.iter().map(|(k, v)| format!("{k}: {v}\n")).collect());
        let plain = show(render_values(&chart, &values, &opts));
        let fed = show(render_values_with(&chart, &values, &opts, &mut |_, _| {}, Some(EarlyParse::start(&chart))));
        (plain, fed)
    }

    #[test]
    fn fed_renders_are_plain_renders() {
        let cases: &[&[(&str, &str)]] = &[
            // a file template run by name before its turn; tpl on the way
            &[("templates/a.yaml", "a {{ template \"top/templates/z.yaml\" . }} {{ tpl \"{{ include \\\"h\\\" . }}\" . }}"),
              ("templates/z.yaml", "z{{ .Release.Name }}"),
              ("templates/_h.tpl", "{{ define \"h\" }}H{{ end }}")],
            // later definitions of a name win, an empty one does not replace
            &[("templates/_a.tpl", "{{ define \"x\" }}A{{ end }}"),
              ("templates/_b.tpl", "{{- define \"x\" }}B{{ end }}"),
              ("templates/_c.tpl", "{{define \"x\"}}{{end}}"),
              ("templates/m.yaml", "{{ include \"x\" . }}")],
            // a definition bearing a file template's name
            &[("templates/_d.tpl", "{{ define \"top/templates/y.yaml\" }}from d{{ end }}"),
              ("templates/y.yaml", "own y"),
              ("templates/w.yaml", "{{ template \"top/templates/y.yaml\" }}")],
            // a parse error later in Helm's order comes before an execution error
            &[("templates/a.yaml", "{{ fail \"no\" }}"), ("templates/b.yaml", "{{ if }}")],
            &[("templates/a.yaml", "{{ fail \"no\" }}"), ("templates/b.yaml", "fine")],
            // a template that does not exist
            &[("templates/a.yaml", "{{ include \"nowhere\" . }}")],
        ];
        for files in cases {
            let (plain, fed) = both(files);
            assert_eq!(plain, fed, "{files:?}");
        }
        // the cases say something: the first renders its helpers
        assert_eq!(both(cases[0]).1.unwrap(), "top/templates/a.yaml: a zrelease-name H\ntop/templates/z.yaml: zrelease-name\n");
        assert!(both(cases[3]).1.unwrap_err().contains("top/templates/b.yaml"));
    }
}
