//! An ordered collection of resources with O(1) lookup by id.

use super::{ResId, Resource};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Below this many resources, per-resource work runs on the calling thread.
const PARALLEL_MIN: usize = 64;

/// Resources in order, indexed by current id.
#[derive(Clone, Debug, Default)]
pub struct ResMap {
    resources: Vec<Resource>,
    /// Hash of the current id → position of the first resource with it. Rebuilt lazily after
    /// in-place edits (`stale`).
    index: HashMap<u64, usize, BuildHasherDefault<IdentityHasher>>,
    stale: bool,
}

/// The id hashes are already hashes.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A hash of (group, version, kind, effective namespace, name), computed without allocating.
fn id_hash(group: &str, version: &str, kind: &str, namespace: &str, name: &str) -> u64 {
    let ns = if super::id::is_cluster_scoped(group, version, kind) {
        super::id::NOT_A_NAMESPACE
    } else if namespace.is_empty() {
        "default"
    } else {
        namespace
    };
    // FxHash-style mixing: fast, and collisions are checked on lookup anyway.
    let mut h: u64 = 0;
    for part in [group, version, kind, ns, name] {
        for chunk in part.as_bytes().chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        h = (h.rotate_left(5) ^ 0xff).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    h
}

fn resource_hash(r: &Resource) -> u64 {
    let (group, version) = super::id::split_api_version(r.api_version());
    id_hash(group, version, r.kind(), r.namespace(), r.name())
}

fn resid_hash(id: &ResId) -> u64 {
    id_hash(&id.gvk.group, &id.gvk.version, &id.gvk.kind, &id.namespace, &id.name)
}

/// Two resources with the same id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("may not add resource with an already registered id: {0}")]
pub struct DuplicateId(pub String);

impl ResMap {
    pub fn new() -> ResMap {
        ResMap::default()
    }

    pub fn len(&self) -> usize {
        self.resources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Resource> {
        self.resources.iter()
    }

    /// Appends a resource; refuses one whose id is already present (kustomize's rule).
    pub fn append(&mut self, r: Resource) -> Result<(), DuplicateId> {
        self.refresh();
        let h = resource_hash(&r);
        if let Some(&i) = self.index.get(&h) {
            let id = r.cur_id();
            // Equal hashes almost always mean equal ids; check, and on a collision scan.
            if self.resources[i].cur_id().equals(&id) || self.resources.iter().any(|x| x.cur_id().equals(&id)) {
                return Err(DuplicateId(id.to_string()));
            }
        } else {
            self.index.insert(h, self.resources.len());
        }
        self.resources.push(r);
        Ok(())
    }

    pub fn append_all(&mut self, rs: impl IntoIterator<Item = Resource>) -> Result<(), DuplicateId> {
        for r in rs {
            self.append(r)?;
        }
        Ok(())
    }

    pub fn get(&self, id: &ResId) -> Option<&Resource> {
        self.position(id).map(|i| &self.resources[i])
    }

    /// Position of the (first) resource with this current id.
    pub fn position(&self, id: &ResId) -> Option<usize> {
        if !self.stale {
            if let Some(&i) = self.index.get(&resid_hash(id)) {
                if self.resources[i].cur_id().equals(id) {
                    return Some(i);
                }
            } else {
                return None;
            }
        }
        self.resources.iter().position(|r| r.cur_id().equals(id))
    }

    /// Edits resources in place (their ids may change); the index is rebuilt afterwards. Two
    /// resources that end up with the same id are both kept, as kustomize keeps them; lookups find
    /// the first.
    pub fn modify<R>(&mut self, f: impl FnOnce(&mut [Resource]) -> R) -> R {
        let r = f(&mut self.resources);
        self.stale = true;
        r
    }

    /// Changes every resource on its own with `f` (in parallel for large maps, each resource
    /// independent of the others); the first error in resource order is returned.
    pub fn try_each_mut<E: Send>(&mut self, f: impl Fn(&mut Resource) -> Result<(), E> + Sync + Send) -> Result<(), E> {
        use rayon::prelude::*;
        self.stale = true;
        if self.resources.len() < PARALLEL_MIN {
            return self.resources.iter_mut().try_for_each(f);
        }
        let results: Vec<Result<(), E>> = self.resources.par_iter_mut().map(f).collect();
        results.into_iter().collect()
    }

    /// Removes and returns the resource at `i`.
    pub fn remove(&mut self, i: usize) -> Resource {
        let r = self.resources.remove(i);
        self.stale = true;
        r
    }

    /// Replaces the resource at `i`.
    pub fn replace(&mut self, i: usize, r: Resource) {
        self.resources[i] = r;
        self.stale = true;
    }

    fn reindex(&mut self) {
        self.index.clear();
        for (i, r) in self.resources.iter().enumerate() {
            self.index.entry(resource_hash(r)).or_insert(i);
        }
        self.stale = false;
    }

    fn refresh(&mut self) {
        if self.stale {
            self.reindex();
        }
    }

    /// `DropEmpties`: removes objects that became empty.
    pub fn drop_empties(&mut self) {
        if self.resources.iter().any(|r| r.is_empty()) {
            self.resources.retain(|r| !r.is_empty());
            self.stale = true;
        }
    }

    /// Replaces the contents with `resources` in the given order (ids must stay unique).
    pub fn reset(&mut self, resources: Vec<Resource>) -> Result<(), DuplicateId> {
        self.resources.clear();
        self.index.clear();
        self.stale = false;
        self.append_all(resources)
    }

    pub fn into_resources(self) -> Vec<Resource> {
        self.resources
    }
}
