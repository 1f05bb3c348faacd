//! Output order (`sortOptions`): kustomize's "legacy" order (kinds in a fixed priority, then by
//! group/version/kind and namespace/name) or "fifo" (the order resources were accumulated).

use super::kustomization::Kustomization;
use crate::resource::{Gvk, ResId, Resource};
use crate::yaml::value::Value;
use std::collections::HashMap;

/// kustomize's default first kinds (legacy order). Do not change: output depends on it.
pub const DEFAULT_ORDER_FIRST: &[&str] = &[
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];

/// kustomize's default last kinds (legacy order).
pub const DEFAULT_ORDER_LAST: &[&str] = &["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

/// How to order the output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SortOrder {
    Fifo,
    Legacy { first: Vec<String>, last: Vec<String> },
}

impl SortOrder {
    pub fn legacy_default() -> SortOrder {
        SortOrder::Legacy {
            first: DEFAULT_ORDER_FIRST.iter().map(|s| s.to_string()).collect(),
            last: DEFAULT_ORDER_LAST.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The order a kustomization's `sortOptions` asks for (legacy when absent).
    pub fn from_kustomization(k: &Kustomization) -> Result<SortOrder, String> {
        let Some(opts) = k.get("sortOptions").filter(|v| **v != Value::Null) else {
            return Ok(SortOrder::legacy_default());
        };
        let order = opts.get("order").and_then(Value::as_str).unwrap_or("");
        let legacy = opts.get("legacySortOptions").filter(|v| **v != Value::Null);
        match order {
            "fifo" => {
                if legacy.is_some() {
                    return Err("the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'".into());
                }
                Ok(SortOrder::Fifo)
            }
            "legacy" => match legacy {
                None => Ok(SortOrder::legacy_default()),
                Some(l) => {
                    let list = |key: &str| -> Vec<String> {
                        match l.get(key) {
                            Some(Value::Seq(items)) => items.iter().filter_map(|v| v.as_str().map(String::from)).collect(),
                            _ => Vec::new(),
                        }
                    };
                    Ok(SortOrder::Legacy { first: list("orderFirst"), last: list("orderLast") })
                }
            },
            _ => Err("the field 'sortOptions.order' must be one of [fifo, legacy]".into()),
        }
    }

    /// Sorts resources in place.
    pub fn apply(&self, resources: &mut Vec<Resource>) {
        let SortOrder::Legacy { first, last } = self else { return };
        let mut ranks: HashMap<&str, i64> = HashMap::new();
        for (i, k) in first.iter().enumerate() {
            ranks.insert(k, i as i64 - first.len() as i64);
        }
        for (i, k) in last.iter().enumerate() {
            ranks.insert(k, 1 + i as i64);
        }
        // The sort strings and ranks are computed once per resource, not once per comparison.
        struct Keyed {
            id: ResId,
            sort_string: String,
            gvk_string: String,
            rank: i64,
            r: Resource,
        }
        let mut keyed: Vec<Keyed> = std::mem::take(resources)
            .into_iter()
            .map(|r| {
                let id = r.cur_id();
                let sort_string = id_sort_string(&id);
                let gvk_string = gvk_sort_string(&id.gvk);
                let rank = ranks.get(id.gvk.kind.as_str()).copied().unwrap_or(0);
                Keyed { id, sort_string, gvk_string, rank, r }
            })
            .collect();
        crate::golang::sort::sort_by(&mut keyed, |a, b| {
            if a.id.gvk != b.id.gvk {
                return gvk_less(&a.id.gvk, &b.id.gvk, (a.rank, &a.gvk_string), (b.rank, &b.gvk_string));
            }
            a.sort_string < b.sort_string
        });
        resources.extend(keyed.into_iter().map(|k| k.r));
    }
}

fn gvk_sort_string(g: &Gvk) -> String {
    let or = |s: &str, d: &'static str| if s.is_empty() { d.to_string() } else { s.to_string() };
    format!("{}_{}_{}", or(&g.group, "~G"), or(&g.version, "~V"), or(&g.kind, "~K"))
}

fn id_sort_string(id: &ResId) -> String {
    let ns = if id.namespace.is_empty() { "~X" } else { &id.namespace };
    let name = if id.name.is_empty() { "~N" } else { &id.name };
    format!("{}|{ns}|{name}", id.gvk)
}

/// Kind rank first, then the gvk sort strings (reversed between two Namespaces when one has no
/// group); each side is (rank, gvk sort string).
fn gvk_less(a: &Gvk, b: &Gvk, (ra, sa): (i64, &str), (rb, sb): (i64, &str)) -> bool {
    if ra != rb {
        return ra < rb;
    }
    if a.kind == "Namespace" && b.kind == "Namespace" && (a.group.is_empty() || b.group.is_empty()) {
        return sa > sb;
    }
    sa < sb
}
