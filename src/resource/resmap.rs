//! An ordered collection of resources with O(1) lookup by id.

use super::{ResId, Resource};
use std::collections::HashMap;

/// Resources in order, indexed by current id.
#[derive(Clone, Debug, Default)]
pub struct ResMap {
    resources: Vec<Resource>,
    index: HashMap<(super::Gvk, String, String), usize>,
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
        let id = r.cur_id();
        let key = id.key();
        if self.index.contains_key(&key) {
            return Err(DuplicateId(id.to_string()));
        }
        self.index.insert(key, self.resources.len());
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
        self.index.get(&id.key()).map(|&i| &self.resources[i])
    }

    /// Position of the resource with this current id.
    pub fn position(&self, id: &ResId) -> Option<usize> {
        self.index.get(&id.key()).copied()
    }

    /// Edits resources in place (their ids may change); the index is rebuilt afterwards. Two
    /// resources that end up with the same id are both kept, as kustomize keeps them; lookups find
    /// the first.
    pub fn modify<R>(&mut self, f: impl FnOnce(&mut [Resource]) -> R) -> R {
        let r = f(&mut self.resources);
        self.reindex();
        r
    }

    /// Removes and returns the resource at `i`.
    pub fn remove(&mut self, i: usize) -> Resource {
        let r = self.resources.remove(i);
        self.reindex();
        r
    }

    /// Replaces the resource at `i`.
    pub fn replace(&mut self, i: usize, r: Resource) {
        self.resources[i] = r;
        self.reindex();
    }

    fn reindex(&mut self) {
        self.index.clear();
        for (i, r) in self.resources.iter().enumerate() {
            self.index.entry(r.cur_id().key()).or_insert(i);
        }
    }

    /// `DropEmpties`: removes objects that became empty.
    pub fn drop_empties(&mut self) {
        if self.resources.iter().any(|r| r.is_empty()) {
            self.resources.retain(|r| !r.is_empty());
            self.reindex();
        }
    }

    /// Replaces the contents with `resources` in the given order (ids must stay unique).
    pub fn reset(&mut self, resources: Vec<Resource>) -> Result<(), DuplicateId> {
        self.resources.clear();
        self.index.clear();
        self.append_all(resources)
    }

    pub fn into_resources(self) -> Vec<Resource> {
        self.resources
    }
}
