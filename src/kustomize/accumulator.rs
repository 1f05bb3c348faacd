//! What a kustomization build carries upward (`accumulator.ResAccumulator`): the resources, the
//! merged transformer configuration and the vars; and how generated objects join the resources
//! (`appendReplaceOrMerge`: create, or replace/merge an object of the same id).

use super::config::TransformerConfig;
use super::origin;
use super::vars::VarSet;
use crate::resource::previous::ScopedId;
use crate::resource::{Behavior, ResMap, Resource};
use crate::yaml::Node;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub struct Accumulator {
    pub resources: ResMap,
    pub config: TransformerConfig,
    pub vars: VarSet,
}

impl Accumulator {
    pub fn new() -> Accumulator {
        Accumulator::default()
    }

    /// `MergeAccumulator`: the other's resources appended (ids must stay unique), configs and vars
    /// merged.
    pub fn merge(&mut self, other: Accumulator) -> Result<(), String> {
        self.resources.append_all(other.resources.into_resources()).map_err(|e| e.to_string())?;
        self.config = self.config.merge(&other.config)?;
        self.vars.merge_set(&other.vars)
    }

    /// `AbsorbAll`: each generated object is appended, or replaces or merges into the one object
    /// it matches by any id, as its behavior says.
    pub fn absorb(&mut self, generated: Vec<Resource>) -> Result<(), String> {
        for r in generated {
            absorb_one(&mut self.resources, r)?;
        }
        Ok(())
    }
}

fn absorb_one(m: &mut ResMap, mut res: Resource) -> Result<(), String> {
    let id = res.cur_id();
    let scoped = ScopedId { id: id.clone(), scoped: true };
    let matches: Vec<usize> = m.iter().enumerate().filter(|(_, r)| r.all_ids().iter().any(|x| scoped.equals(x))).map(|(i, _)| i).collect();
    match matches.len() {
        0 => match res.behavior() {
            Behavior::Merge | Behavior::Replace => Err(format!("id {id} does not exist; cannot merge or replace")),
            _ => m.append(res).map_err(|e| e.to_string()),
        },
        1 => {
            let index = matches[0];
            let old = &m.resources()[index];
            match res.behavior() {
                Behavior::Replace => copy_merge_metadata(&mut res, old),
                Behavior::Merge => {
                    let orig = origin::get_origin(old);
                    copy_merge_metadata(&mut res, old);
                    merge_string_map_field(&mut res, old, "data");
                    merge_string_map_field(&mut res, old, "binaryData");
                    if let Some(o) = orig {
                        origin::set_origin(&mut res, Some(&o));
                    }
                }
                _ => return Err(format!("id {id} exists; behavior must be merge or replace")),
            }
            let new_id = res.cur_id();
            let at: Vec<usize> = m.iter().enumerate().filter(|(_, r)| new_id.equals(&r.cur_id())).map(|(i, _)| i).collect();
            if at.len() > 1 {
                return Err(format!("in Replace: id matched {} resources", at.len()));
            }
            if at.first() != Some(&index) {
                return Err("unexpected target index in replacement".into());
            }
            m.replace(index, res);
            Ok(())
        }
        n => Err(format!("found multiple objects ({n}) that could accept merge of {id}")),
    }
}

/// `CopyMergeMetaDataFieldsFrom`: labels and annotations merged (the new object's win, the build
/// annotations the old object's), name, namespace and var names taken from the old object.
fn copy_merge_metadata(res: &mut Resource, old: &Resource) {
    super::patch::apply::copy_merge_metadata(res, old);
    res.meta = old.meta.clone();
}

/// `MergeDataMapFrom`/`MergeBinaryDataMapFrom`: the two maps' entries as strings, the new
/// object's winning.
fn merge_string_map_field(res: &mut Resource, old: &Resource, field: &str) {
    let read = |r: &Resource| -> BTreeMap<String, String> {
        match r.node.get(field) {
            Some(Node::Map(m)) => m.iter().map(|(k, v)| (k.to_string(), v.as_scalar().map(|s| s.value.clone()).unwrap_or_default())).collect(),
            _ => BTreeMap::new(),
        }
    };
    let mut merged = read(old);
    merged.extend(read(res));
    let map = res.map_mut();
    map.remove(field);
    if merged.is_empty() {
        return;
    }
    let mut m = crate::yaml::Mapping::new();
    for (k, v) in merged {
        m.push(crate::yaml::Scalar::plain(k), super::setters::string_node(&v));
    }
    map.push(crate::yaml::Scalar::plain(field), Node::Map(m));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_one;

    fn res(y: &str, behavior: Behavior) -> Resource {
        let mut r = Resource::new(parse_one(y.as_bytes()).unwrap());
        r.enable_flag(crate::resource::previous::NEEDS_HASH_SUFFIX);
        r.set_behavior(behavior);
        r
    }

    #[test]
    fn merge_keeps_old_name_and_merges_data() {
        let mut a = Accumulator::new();
        let mut base = res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p-cm\ndata:\n  a: '1'\n  b: '2'\n", Behavior::Unspecified);
        base.set_name("cm");
        base.store_previous_id();
        base.set_name("p-cm");
        a.absorb(vec![base]).unwrap();
        a.absorb(vec![res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  b: x\n", Behavior::Merge)]).unwrap();
        let r = &a.resources.resources()[0];
        assert_eq!(r.name(), "p-cm");
        assert_eq!(r.node.str_at(&["data", "a"]), Some("1"));
        assert_eq!(r.node.str_at(&["data", "b"]), Some("x"));
        assert!(r.needs_hash_suffix());
    }

    #[test]
    fn behaviors_are_checked() {
        let mut a = Accumulator::new();
        assert!(a.absorb(vec![res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n", Behavior::Replace)]).is_err());
        a.absorb(vec![res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n", Behavior::Create)]).unwrap();
        assert!(a.absorb(vec![res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n", Behavior::Create)]).is_err());
    }
}
