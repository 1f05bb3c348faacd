//! Name references (`nameReferenceTransformer`, `filters/nameref`): once every name has its final
//! prefix, suffix and hash, each field that names another object (a Deployment's ConfigMap volume,
//! an HPA's target, a RoleBinding's subjects, …, from the `nameReference` table) is rewritten to the
//! referred object's new name.
//!
//! kustomize scans every resource for every reference; here candidates are found through an index
//! of previous names, so the pass stays linear in the number of resources.

use super::config::NameBackReferences;
use super::fieldspec::{self, CreateKind, FieldSpec};
use super::setters::{kind_name, set_scalar};
use super::KustomizeError;
use crate::resource::{Gvk, ResId, ResMap, Resource};
use crate::yaml::{Node, Scalar, Style, Tag};
use std::collections::{HashMap, HashSet};

/// What the pass needs to know about a possible referral target (unchanged during the pass).
struct Info {
    cur: ResId,
    prev: Vec<ResId>,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
    name: String,
    namespace: String,
    kind: String,
    cluster_scoped: bool,
    cur_ns: String,
    org_ns: String,
}

impl Info {
    fn of(r: &Resource) -> Info {
        let cur = r.cur_id();
        let prev = r.prev_ids().unwrap_or_default();
        // The original id is a previous id (never scoped) or the current one.
        let org_ns = match prev.first() {
            Some(p) => crate::resource::previous::ScopedId { id: p.clone(), scoped: false }.effective_namespace().to_string(),
            None => cur.effective_namespace().to_string(),
        };
        Info {
            cluster_scoped: cur.gvk.is_cluster_scoped(),
            cur_ns: cur.effective_namespace().to_string(),
            org_ns,
            name: r.name().to_string(),
            namespace: r.namespace().to_string(),
            kind: r.kind().to_string(),
            prefixes: r.name_prefixes(),
            suffixes: r.name_suffixes(),
            cur,
            prev,
        }
    }
}

/// `SameEndingSubSlice`.
fn same_ending(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() > b.len() { (b, a) } else { (a, b) };
    let diff = long.len() - short.len();
    if short.is_empty() {
        return diff == 0;
    }
    (0..short.len()).all(|i| long[i + diff] == short[i])
}

fn affixes_equal(a: &Info, b: &Info, allow_empty: bool) -> bool {
    if allow_empty {
        let p = a.prefixes.is_empty() || b.prefixes.is_empty() || same_ending(&a.prefixes, &b.prefixes);
        let s = a.suffixes.is_empty() || b.suffixes.is_empty() || same_ending(&a.suffixes, &b.suffixes);
        p && s
    } else {
        same_ending(&a.prefixes, &b.prefixes) && same_ending(&a.suffixes, &b.suffixes)
    }
}

struct Pass<'a> {
    infos: &'a [Info],
    by_prev_name: HashMap<&'a str, Vec<usize>>,
    /// Namespaced objects by the effective namespace of their original id.
    by_org_ns: HashMap<&'a str, Vec<usize>>,
}

/// One reference field of one referrer.
struct Filter<'a> {
    referrer: usize,
    spec: &'a FieldSpec,
    target: &'a Gvk,
    /// Namespaces of the ServiceAccount subjects of a RoleBinding referrer.
    role_binding_namespaces: &'a HashSet<String>,
    role_ref: Option<Gvk>,
}

impl<'a> Pass<'a> {
    /// `SubsetThatCouldBeReferencedByResource`, as a test on one candidate.
    fn could_be_referenced(&self, f: &Filter<'_>, c: usize) -> bool {
        let referrer = &self.infos[f.referrer];
        if referrer.cluster_scoped {
            return true;
        }
        let t = &self.infos[c];
        t.cluster_scoped || t.cur_ns == referrer.cur_ns || f.role_binding_namespaces.contains(&t.namespace)
    }

    /// `selectReferral`: the candidates named `old_name` before, of the target kind, visible from
    /// the referrer, narrowed by prefixes and suffixes.
    fn select(&self, f: &Filter<'_>, old_name: &str, pool: Option<&NsPool>, identical: fn(&[&Info]) -> bool) -> Result<Option<usize>, String> {
        let Some(named) = self.by_prev_name.get(old_name) else { return Ok(None) };
        let referrer = &self.infos[f.referrer];
        let mut c: Vec<usize> = named
            .iter()
            .copied()
            .filter(|&i| match pool {
                None => true,
                Some(p) => {
                    let t = &self.infos[i];
                    if p.by_org {
                        !org_is_cluster(t) && t.org_ns == p.ns
                    } else {
                        !t.cluster_scoped && t.cur_ns == p.ns
                    }
                }
            })
            .filter(|&i| self.could_be_referenced(f, i))
            .filter(|&i| self.infos[i].prev.iter().any(|id| id.gvk.is_selected_by(f.target)))
            .filter(|&i| match &f.role_ref {
                Some(g) => self.infos[i].prev.iter().any(|id| id.gvk.is_selected_by(g)),
                None => true,
            })
            .filter(|&i| {
                let t = &self.infos[i];
                referrer.cluster_scoped || t.cluster_scoped || t.kind == "ServiceAccount" || referrer.cur_ns == t.cur_ns
            })
            .collect();
        if c.len() == 1 {
            return Ok(Some(c[0]));
        }
        c.retain(|&i| affixes_equal(&self.infos[i], referrer, true));
        if c.len() > 1 {
            c.retain(|&i| affixes_equal(&self.infos[i], referrer, false));
        }
        match c.len() {
            0 => Ok(None),
            1 => Ok(Some(c[0])),
            _ => {
                let infos: Vec<&Info> = c.iter().map(|&i| &self.infos[i]).collect();
                if identical(&infos) {
                    return Ok(Some(c[0]));
                }
                let ids: Vec<String> = infos.iter().map(|i| i.cur.to_string()).collect();
                Err(format!("found multiple possible referrals: {}", ids.join(", ")))
            }
        }
    }

    fn set(&mut self, f: &Filter<'_>, node: &mut Node) -> Result<(), String> {
        match node {
            Node::Scalar(s) if s.tag == Tag::Null => Ok(()),
            Node::Scalar(_) => self.set_scalar(f, node),
            Node::Map(_) => self.set_mapping(f, node),
            Node::Seq(items) => {
                for item in items.iter_mut() {
                    match item {
                        Node::Scalar(s) if s.tag == Tag::Null => {}
                        Node::Scalar(_) => self.set_scalar(f, item)?,
                        Node::Map(_) => self.set_mapping(f, item)?,
                        other => return Err(format!("{} is expected to be either a string or a map of string", kind_name(other))),
                    }
                }
                Ok(())
            }
        }
    }

    fn set_scalar(&mut self, f: &Filter<'_>, node: &mut Node) -> Result<(), String> {
        let old = node.as_scalar().map(|s| s.value.clone()).unwrap_or_default();
        let Some(i) = self.select(f, &old, None, |c| c.iter().all(|x| x.name == c[0].name))? else { return Ok(()) };
        let new = &self.infos[i].name;
        if *new != old {
            set_scalar(node, new, None)?;
        }
        Ok(())
    }

    fn set_mapping(&mut self, f: &Filter<'_>, node: &mut Node) -> Result<(), String> {
        let Node::Map(m) = node else { return Err("expect a mapping node".into()) };
        let Some(name_node) = m.get("name").filter(|n| !n.is_null()) else {
            return Err("path config error; no 'name' field in node".into());
        };
        let old = name_node.as_scalar().map(|s| s.value.clone()).unwrap_or_default();
        // `filterMapCandidatesByNamespace`: the reachable objects whose original namespace is the
        // one named, else those whose current namespace is.
        let pool: Option<NsPool> = match m.get("namespace").filter(|n| !n.is_null()) {
            None => None,
            Some(ns) => {
                let ns = ns.as_scalar().map(|s| s.value.clone()).unwrap_or_default();
                let by_org = self.by_org_ns.get(ns.as_str()).is_some_and(|l| l.iter().any(|&i| self.could_be_referenced(f, i)));
                Some(NsPool { ns, by_org })
            }
        };
        let Some(i) = self.select(f, &old, pool.as_ref(), |c| c.iter().all(|x| x.name == c[0].name && x.namespace == c[0].namespace))? else {
            return Ok(());
        };
        let (name, namespace) = (&self.infos[i].name, &self.infos[i].namespace);
        if *name == old && namespace.is_empty() {
            return Ok(());
        }
        set_untagged_field(m, "name", name);
        if !namespace.is_empty() {
            set_untagged_field(m, "namespace", namespace);
        }
        Ok(())
    }
}

/// The namespace a map reference (`name` + `namespace`) restricts candidates to.
struct NsPool {
    ns: String,
    /// Match original namespaces (else current ones).
    by_org: bool,
}

/// GroupedByOriginalNamespace keys by the original id's effective namespace, which is the
/// "not a namespace" marker for cluster-scoped kinds.
fn org_is_cluster(i: &Info) -> bool {
    i.org_ns == crate::resource::id::NOT_A_NAMESPACE
}

/// `FieldSetter{Name, StringValue}`: an untagged value, the old style kept.
fn set_untagged_field(m: &mut crate::yaml::Mapping, key: &str, value: &str) {
    let style = match m.get(key) {
        Some(Node::Scalar(s)) => s.style,
        _ => Style::Plain,
    };
    let node = Node::Scalar(Scalar::untagged(value, style));
    match m.get_mut(key) {
        Some(slot) => *slot = node,
        None => m.push(Scalar::plain(key), node),
    }
}

/// Namespaces of a RoleBinding's ServiceAccount subjects (`getNamespacesForRoleBinding`).
fn role_binding_namespaces(r: &Resource) -> Result<HashSet<String>, String> {
    let mut out = HashSet::new();
    if r.kind() != "RoleBinding" {
        return Ok(out);
    }
    let Some(Node::Seq(subjects)) = r.node.get("subjects") else { return Ok(out) };
    for s in subjects {
        let (Some(ns), Some(kind)) = (s.get("namespace"), s.get("kind")) else { continue };
        if kind.as_str() == Some("ServiceAccount") {
            match ns {
                Node::Scalar(sc) if sc.tag == Tag::Str => {
                    out.insert(sc.value.clone());
                }
                _ => return Err(format!("Invalid Input: namespace is blank for resource \"{}\"", r.cur_id())),
            }
        }
    }
    Ok(out)
}

/// The gvk a RoleBinding's `roleRef` names (apiGroup and kind), if complete.
fn role_ref_gvk(r: &Resource) -> Option<Gvk> {
    let rr = r.node.get("roleRef")?;
    let group = rr.get("apiGroup")?.as_scalar()?.value.clone();
    let kind = rr.get("kind")?.as_scalar()?.value.clone();
    Some(Gvk::new(group, "", kind))
}

/// Runs the pass over all resources.
pub fn fix_references(resources: &mut ResMap, backrefs: &[NameBackReferences]) -> Result<(), KustomizeError> {
    let infos: Vec<Info> = resources.iter().map(Info::of).collect();
    let mut by_prev_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, info) in infos.iter().enumerate() {
        let mut seen: Vec<&str> = Vec::new();
        for id in &info.prev {
            if !seen.contains(&id.name.as_str()) {
                seen.push(&id.name);
                by_prev_name.entry(id.name.as_str()).or_default().push(i);
            }
        }
    }
    // Which (backref, referrer spec) pairs apply to an original gvk, in kustomize's order.
    let mut plans: HashMap<Gvk, Vec<(usize, usize)>> = HashMap::new();
    let mut by_org_ns: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, info) in infos.iter().enumerate() {
        if !org_is_cluster(info) {
            by_org_ns.entry(info.org_ns.as_str()).or_default().push(i);
        }
    }
    let compiled: Vec<Vec<fieldspec::Compiled<'_>>> = backrefs.iter().map(|b| b.referrers.iter().map(fieldspec::Compiled::new).collect()).collect();
    // kustomize also records each referral in a `refBy` build annotation; nothing reads it before
    // build annotations are removed, so it is not kept here.
    let mut pass = Pass { infos: &infos, by_prev_name, by_org_ns };
    let result = resources.modify(|rs| -> Result<(), KustomizeError> {
        for (i, r) in rs.iter_mut().enumerate() {
            let org_gvk = match infos[i].prev.first() {
                Some(p) => p.gvk.clone(),
                None => infos[i].cur.gvk.clone(),
            };
            let plan = plans.entry(org_gvk.clone()).or_insert_with(|| {
                let mut v = Vec::new();
                for (b, br) in backrefs.iter().enumerate() {
                    for (s, spec) in br.referrers.iter().enumerate() {
                        if org_gvk.is_selected_by(&spec.gvk) {
                            v.push((b, s));
                        }
                    }
                }
                v
            });
            if plan.is_empty() {
                continue;
            }
            let rb_namespaces = role_binding_namespaces(r).map_err(KustomizeError)?;
            let role_ref = role_ref_gvk(r);
            for &(b, s) in plan.iter() {
                let spec = &backrefs[b].referrers[s];
                let f = Filter {
                    referrer: i,
                    spec,
                    target: &backrefs[b].gvk,
                    role_binding_namespaces: &rb_namespaces,
                    role_ref: if spec.path.ends_with("roleRef/name") { role_ref.clone() } else { None },
                };
                // kustomize sets the spec's gvk to the referrer's own, so the gvk always matches.
                let mut set = |n: &mut Node| pass.set(&f, n);
                compiled[b][s].walk(&mut r.node, CreateKind::None, None, &mut set).map_err(|e| {
                    KustomizeError(format!("updating name reference in '{}' field of '{}': {e}", f.spec.path, infos[i].cur))
                })?;
            }
        }
        Ok(())
    });
    drop(pass);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kustomize::config::TransformerConfig;
    use crate::yaml::parse_one;

    fn res(y: &str, prev_name: Option<&str>) -> Resource {
        let mut r = Resource::new(parse_one(y.as_bytes()).unwrap());
        if let Some(p) = prev_name {
            let cur = r.name().to_string();
            r.set_name(p);
            r.store_previous_id();
            r.set_name(&cur);
            r.add_name_prefix("p-");
        }
        r
    }

    #[test]
    fn deployment_follows_renamed_configmap() {
        let mut m = ResMap::new();
        m.append(res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p-cfg\n", Some("cfg"))).unwrap();
        m.append(res(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p-web\nspec:\n  template:\n    spec:\n      volumes:\n      - configMap:\n          name: cfg\n",
            Some("web"),
        ))
        .unwrap();
        let tc = TransformerConfig::default_config();
        fix_references(&mut m, &tc.name_reference).unwrap();
        let d = &m.resources()[1];
        let vols = d.node.get_path(&["spec", "template", "spec", "volumes"]).unwrap().as_seq().unwrap();
        assert_eq!(vols[0].str_at(&["configMap", "name"]), Some("p-cfg"));
    }

    #[test]
    fn same_ending_slices() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(same_ending(&v(&["a", "b", "c"]), &v(&["b", "c"])));
        assert!(!same_ending(&v(&["a", "b", "c"]), &v(&["a", "b"])));
        assert!(!same_ending(&v(&[]), &v(&["a"])));
        assert!(same_ending(&v(&[]), &v(&[])));
    }
}
