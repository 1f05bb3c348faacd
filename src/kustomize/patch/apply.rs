//! Applying patches to resources as kustomize's `Resource` and `ResMap` do: which resource a patch
//! finds, what a strategic merge may change about a resource's identity, and the bookkeeping
//! around a JSON patch.

use super::json6902::Patch;
use super::smp;
use crate::kustomize::openapi::Schemas;
use crate::resource::previous::{ScopedId, ALLOW_KIND_CHANGE, ALLOW_NAME_CHANGE, NEEDS_HASH_SUFFIX};
use crate::resource::{ResId, ResMap, Resource, BUILD_ANNOTATIONS};
use crate::yaml::Node;

/// `resWrangler.GetById`: the one resource any of whose ids (previous or current) equals `id`.
pub fn find_by_id(resources: &[Resource], id: &ScopedId) -> Result<usize, String> {
    let matches: Vec<usize> =
        resources.iter().enumerate().filter(|(_, r)| r.all_ids().iter().any(|rid| id.equals(rid))).map(|(i, _)| i).collect();
    let err = match matches.len() {
        1 => return Ok(matches[0]),
        0 => format!("no matches for Id {}", id.id),
        _ => format!("multiple matches for Id {}", id.id),
    };
    Err(format!("{err}; failed to find unique target for patch {}", id.id))
}

fn is_nil_or_empty(n: &Node) -> bool {
    match n {
        Node::Map(m) => m.is_empty(),
        Node::Seq(s) => s.is_empty(),
        Node::Scalar(s) => s.is_null(),
    }
}

/// `Resource.ApplySmPatch`: merges the patch; the target keeps its kind and name unless the patch
/// allows changing them (then its previous id is recorded), and always its namespace. `false`:
/// the patch deleted the resource.
pub fn apply_sm_patch(res: &mut Resource, patch: &Resource, schemas: &Schemas) -> Result<bool, String> {
    let (name, namespace, kind) = (res.name().to_string(), res.namespace().to_string(), res.kind().to_string());
    let allow_name = patch.flag_enabled(ALLOW_NAME_CHANGE);
    let allow_kind = patch.flag_enabled(ALLOW_KIND_CHANGE);
    if allow_name || allow_kind {
        res.store_previous_id();
    }
    let merged = smp::merge(&patch.node, &res.node, schemas).map_err(|e| e.0)?;
    let Some(node) = merged else { return Ok(false) };
    res.node = node;
    if is_nil_or_empty(&res.node) {
        return Ok(false);
    }
    if !allow_kind {
        res.set_kind(&kind);
    }
    if !allow_name {
        res.set_name(&name);
    }
    res.set_namespace(&namespace);
    Ok(true)
}

/// `Resource.CopyMergeMetaDataFieldsFrom`: what a copy of a patch keeps of the original's labels,
/// annotations, name and namespace (rewritten through kyaml's setters).
pub fn copy_merge_metadata(r: &mut Resource, other: &Resource) {
    let mut labels = other.labels();
    labels.extend(r.labels());
    r.set_labels(&labels);
    let ra = r.annotations();
    let hash = ra.contains_key(NEEDS_HASH_SUFFIX);
    let oa = other.annotations();
    let mut merged = oa.clone();
    merged.extend(ra);
    for b in BUILD_ANNOTATIONS {
        match oa.get(*b) {
            Some(v) => {
                merged.insert(b.to_string(), v.clone());
            }
            None => {
                merged.remove(*b);
            }
        }
    }
    if !hash {
        merged.remove(NEEDS_HASH_SUFFIX);
    }
    r.set_annotations(&merged);
    r.set_name(other.name());
    r.set_namespace(other.namespace());
}

/// `resWrangler.ApplySmPatch`: a copy of the patch, given each selected resource's group and
/// version, is merged into it; deleted resources leave the map. The selected ids are looked up in
/// a set, and the merges (independent of each other) run in parallel; the first error in resource
/// order is reported, as the sequential loop would.
pub fn apply_sm_patch_to(resmap: &mut ResMap, selected: &[ResId], patch: &Resource, schemas: &Schemas) -> Result<(), String> {
    use rayon::prelude::*;
    let selected: std::collections::HashSet<&ResId> = selected.iter().collect();
    let all = std::mem::take(resmap).into_resources();
    let one = |mut res: Resource| -> Result<Option<Resource>, String> {
        if !selected.contains(&res.cur_id()) {
            return Ok(Some(res));
        }
        let mut copy = patch.clone();
        copy_merge_metadata(&mut copy, patch);
        copy.set_gvk(&res.gvk());
        copy.set_kind(patch.kind());
        Ok(apply_sm_patch(&mut res, &copy, schemas)?.then_some(res))
    };
    let results: Vec<Result<Option<Resource>, String>> =
        if all.len() >= 64 { all.into_par_iter().map(one).collect() } else { all.into_iter().map(one).collect() };
    let mut list = Vec::with_capacity(results.len());
    for r in results {
        if let Some(res) = r? {
            list.push(res);
        }
    }
    resmap.reset(list).map_err(|e| e.to_string())
}

/// A JSON patch applied to one resource (`patchjson6902.Filter`), keeping its internal
/// annotations as the transformers do.
pub fn apply_json_patch(res: &mut Resource, patch: &Patch) -> Result<(), String> {
    let internal = res.internal_annotations();
    res.node = patch.apply_to_node(&res.node)?;
    let mut a = res.annotations();
    a.extend(internal);
    res.set_annotations(&a);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_one;

    fn res(text: &str) -> Resource {
        Resource::new(parse_one(text.as_bytes()).unwrap())
    }

    #[test]
    fn finds_by_previous_and_current_ids() {
        let mut renamed = res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old\n");
        renamed.store_previous_id();
        renamed.set_name("new");
        let rs = vec![renamed, res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: default\n")];
        let id = |n: &str| res(&format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {n}\n")).org_id();
        assert_eq!(find_by_id(&rs, &id("old")), Ok(0));
        assert_eq!(find_by_id(&rs, &id("new")), Ok(0));
        assert_eq!(find_by_id(&rs, &id("other")), Ok(1));
        assert_eq!(
            find_by_id(&rs, &id("x")).unwrap_err(),
            "no matches for Id ConfigMap.v1.[noGrp]/x.[noNs]; failed to find unique target for patch ConfigMap.v1.[noGrp]/x.[noNs]"
        );
    }

    #[test]
    fn identity_is_kept_unless_allowed() {
        let schemas = Schemas::builtin();
        let mut r = res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ns\ndata: {x: '1'}\n");
        let p = res("apiVersion: v1\nkind: Secret\nmetadata:\n  name: b\ndata: {y: '2'}\n");
        assert!(apply_sm_patch(&mut r, &p, schemas).unwrap());
        assert_eq!((r.kind(), r.name(), r.namespace()), ("ConfigMap", "a", "ns"));
        let mut p2 = p.clone();
        p2.enable_flag(ALLOW_NAME_CHANGE);
        assert!(apply_sm_patch(&mut r, &p2, schemas).unwrap());
        assert_eq!((r.kind(), r.name()), ("ConfigMap", "b"));
        assert_eq!(r.prev_ids().unwrap()[0].name, "a");
    }
}
