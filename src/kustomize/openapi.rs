//! The OpenAPI view kustomize's strategic-merge walker has (kyaml's `openapi.ResourceSchema`):
//! a schema per resource type, properties (`Field`), array items (`Elements`) and the
//! `x-kubernetes-patch-strategy` / `-patch-merge-key` / `-list-map-keys` extensions.
//!
//! The built-in table is the Kubernetes v1.21.2 OpenAPI kustomize embeds, reduced to those parts
//! by `schema/derive.py` (`schema/openapi.tsv`, one line per type and per schema, each section
//! sorted). It is searched in place: nothing is built from it at start-up, and a schema is read
//! from its line when first used. A kustomization's `openapi: {path: …}` schema is read into [`SchemaNode`]s with
//! [`Schemas::from_swagger`].

use crate::yaml::value::Value;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One schema read from a user's document: only what the merge walker reads.
#[derive(Clone, Debug, Default, PartialEq)]
struct SchemaNode {
    /// `$ref` target: kyaml follows it and ignores everything else.
    reference: Option<String>,
    /// Items of an `array` schema.
    items: Option<String>,
    additional: Option<String>,
    strategy: Option<String>,
    merge_key: Option<String>,
    list_map_keys: Option<Vec<String>>,
    /// Property name → schema name, in definition order.
    props: Vec<(String, String)>,
}

/// Where the built-in table stands against a set's own definitions on equal names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Builtin {
    /// The set's own definitions win.
    Below,
    /// The table's definitions win (it was added after them).
    Above,
}

/// A set of schema definitions, by name, and the resource types they describe: a user's
/// definitions, the built-in table, or both.
#[derive(Clone, Debug, Default)]
pub struct Schemas {
    nodes: HashMap<String, SchemaNode>,
    /// `"apiVersion\tkind"` → schema name.
    types: HashMap<String, String>,
    builtin: Option<Builtin>,
}

/// An `S` line of the table: `S name ref items additional strategy mergeKey listMapKeys props`.
fn node_from_line(line: &str) -> SchemaNode {
    let mut f = [""; 9];
    for (slot, field) in f.iter_mut().zip(line.split('\t')) {
        *slot = field;
    }
    let opt = |f: &str| if f.is_empty() { None } else { Some(f.to_string()) };
    SchemaNode {
        reference: opt(f[2]),
        items: opt(f[3]),
        additional: opt(f[4]),
        strategy: opt(f[5]),
        merge_key: opt(f[6]),
        list_map_keys: opt(f[7]).map(|k| k.split(',').map(String::from).collect()),
        props: f[8].split(' ').filter_map(|p| p.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect(),
    }
}

/// The empty schema ("-" in the table).
static EMPTY: OnceLock<SchemaNode> = OnceLock::new();

fn empty() -> &'static SchemaNode {
    EMPTY.get_or_init(SchemaNode::default)
}

/// A resolved schema (never a bare `$ref`).
#[derive(Clone, Copy, Debug)]
pub struct Schema<'a> {
    set: &'a Schemas,
    node: &'a SchemaNode,
}

fn type_key(api_version: &str, kind: &str) -> String {
    format!("{api_version}\t{kind}")
}

/// The built-in table's two sections: `T apiVersion kind name` lines sorted by
/// `"apiVersion\tkind"`, then `S name …` lines sorted by name.
struct Table {
    types: &'static str,
    schemas: &'static str,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let text = include_str!("../../schema/openapi.tsv");
        let first = |prefix: &str| if text.starts_with(prefix) { Some(0) } else { text.find(&format!("\n{prefix}")).map(|i| i + 1) };
        let (t, s) = (first("T\t").unwrap_or(text.len()), first("S\t").unwrap_or(text.len()));
        Table { types: &text[t..s.max(t)], schemas: &text[s..] }
    })
}

/// Binary search of a section of sorted lines for the line whose key is `key`.
fn find_line(section: &'static str, key: &str, key_of: impl Fn(&'static str) -> &'static str) -> Option<&'static str> {
    let bytes = section.as_bytes();
    // `lo` and `hi` are line starts (or the end).
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[lo..mid].iter().rposition(|&b| b == b'\n').map_or(lo, |p| lo + p + 1);
        let end = bytes[start..hi].iter().position(|&b| b == b'\n').map_or(hi, |p| start + p);
        let line = &section[start..end];
        match key_of(line).cmp(key) {
            Ordering::Equal => return Some(line),
            Ordering::Less => lo = (end + 1).min(hi),
            Ordering::Greater => hi = start,
        }
    }
    None
}

fn table_line(name: &str) -> Option<&'static str> {
    find_line(table().schemas, name, |l| l.split('\t').nth(1).unwrap_or(""))
}

/// A built-in schema, read from its line on first use in this thread and kept for the life of
/// the process (at most the table's ~1,000 schemas per thread; a large build looks the same few
/// dozen up many thousands of times).
fn table_schema(name: &str) -> Option<&'static SchemaNode> {
    thread_local! {
        static READ: std::cell::RefCell<HashMap<&'static str, &'static SchemaNode>> = std::cell::RefCell::new(HashMap::new());
    }
    READ.with(|read| {
        if let Some(node) = read.borrow().get(name) {
            return Some(*node);
        }
        let line = table_line(name)?;
        let node: &'static SchemaNode = Box::leak(Box::new(node_from_line(line)));
        read.borrow_mut().insert(line.split('\t').nth(1).unwrap_or(""), node);
        Some(node)
    })
}

fn table_type(key: &str) -> Option<&'static str> {
    let line = find_line(table().types, key, |l| l.get(2..).and_then(|r| r.rsplit_once('\t')).map_or("", |(k, _)| k))?;
    line.rsplit_once('\t').map(|(_, name)| name)
}

impl Schemas {
    /// The built-in Kubernetes v1.21.2 schema.
    pub fn builtin() -> &'static Schemas {
        static BUILTIN: OnceLock<Schemas> = OnceLock::new();
        BUILTIN.get_or_init(|| Schemas { builtin: Some(Builtin::Below), ..Schemas::default() })
    }

    /// Reads a swagger document (`{"definitions": {...}}`, as JSON or YAML decoded to a value)
    /// the way kyaml's `openapi.AddSchema` indexes it.
    pub fn from_swagger(doc: &Value) -> Result<Schemas, String> {
        let mut s = Schemas::default();
        let Some(Value::Map(defs)) = doc.get("definitions") else {
            return Ok(s);
        };
        for (name, def) in defs {
            s.add_inline(name.clone(), def);
            if let Some(Value::Seq(gvks)) = def.get("x-kubernetes-group-version-kind") {
                for gvk in gvks {
                    let group = gvk.get("group").and_then(Value::as_str).unwrap_or("");
                    let version = gvk.get("version").and_then(Value::as_str).unwrap_or("");
                    let kind = gvk.get("kind").and_then(Value::as_str).unwrap_or("");
                    let api_version = if group.is_empty() { version.to_string() } else { format!("{group}/{version}") };
                    s.types.insert(type_key(&api_version, kind), name.clone());
                }
            }
        }
        Ok(s)
    }

    fn add_inline(&mut self, name: String, v: &Value) -> String {
        let text = |key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        if let Some(r) = text("$ref") {
            let target = r.strip_prefix("#/definitions/").unwrap_or(&r).to_string();
            self.nodes.insert(name.clone(), SchemaNode { reference: Some(target), ..Default::default() });
            return name;
        }
        let mut node = SchemaNode {
            strategy: text("x-kubernetes-patch-strategy"),
            merge_key: text("x-kubernetes-patch-merge-key"),
            ..Default::default()
        };
        if let Some(Value::Seq(keys)) = v.get("x-kubernetes-list-map-keys") {
            node.list_map_keys = Some(keys.iter().filter_map(|k| k.as_str().map(String::from)).collect());
        }
        let is_array = match v.get("type") {
            Some(Value::Str(t)) => t == "array",
            Some(Value::Seq(t)) => t.len() == 1 && t[0].as_str() == Some("array"),
            _ => false,
        };
        if is_array {
            if let Some(items @ Value::Map(_)) = v.get("items") {
                node.items = Some(self.add_inline(format!("{name}/[]"), items));
            }
        }
        if let Some(add @ Value::Map(_)) = v.get("additionalProperties") {
            node.additional = Some(self.add_inline(format!("{name}/{{}}"), add));
        }
        if let Some(Value::Map(props)) = v.get("properties") {
            for (p, ps) in props {
                let target = self.add_inline(format!("{name}/{p}"), ps);
                node.props.push((p.clone(), target));
            }
        }
        self.nodes.insert(name.clone(), node);
        name
    }

    /// `self` with `other`'s definitions and types added; `other` wins on equal names.
    pub fn merged_with(&self, other: &Schemas) -> Schemas {
        let mut s = self.clone();
        s.nodes.extend(other.nodes.iter().map(|(k, v)| (k.clone(), v.clone())));
        s.types.extend(other.types.iter().map(|(k, v)| (k.clone(), v.clone())));
        if s.builtin.is_none() && other.builtin.is_some() {
            s.builtin = Some(Builtin::Above);
        }
        s
    }

    fn node(&self, name: &str) -> Option<&SchemaNode> {
        let own = || self.nodes.get(name);
        let builtin = || table_schema(name);
        match self.builtin {
            None => own(),
            Some(Builtin::Below) => own().or_else(builtin),
            Some(Builtin::Above) => builtin().or_else(own),
        }
    }

    /// Follows references; `None` when a name is unknown (kyaml's failed `Resolve`).
    fn resolve(&self, name: &str) -> Option<Schema<'_>> {
        let mut name = name;
        for _ in 0..64 {
            let node = if name == "-" { empty() } else { self.node(name)? };
            match &node.reference {
                Some(r) => name = r,
                None => return Some(Schema { set: self, node }),
            }
        }
        None
    }

    /// `openapi.SchemaForResourceType`.
    pub fn for_type(&self, api_version: &str, kind: &str) -> Option<Schema<'_>> {
        let key = type_key(api_version, kind);
        let own = || self.types.get(&key).map(String::as_str);
        let name = match self.builtin {
            None => own(),
            Some(Builtin::Below) => own().or_else(|| table_type(&key)),
            Some(Builtin::Above) => table_type(&key).or_else(own),
        }?;
        self.resolve(name)
    }
}

impl<'a> Schema<'a> {
    /// `ResourceSchema.Field`: a property, else the map value schema.
    pub fn field(&self, name: &str) -> Option<Schema<'a>> {
        let target = self.node.props.iter().find(|(k, _)| k == name).map(|(_, v)| v).or(self.node.additional.as_ref())?;
        self.set.resolve(target)
    }

    /// `ResourceSchema.Elements`: the items of an array.
    pub fn elements(&self) -> Option<Schema<'a>> {
        self.set.resolve(self.node.items.as_ref()?)
    }

    /// `PatchStrategyAndKeyList`: the strategy ("" when absent) and the merge keys.
    pub fn strategy_and_keys(&self) -> (&'a str, Vec<String>) {
        let Some(strategy) = &self.node.strategy else {
            return ("", Vec::new());
        };
        if let Some(keys) = &self.node.list_map_keys {
            return (strategy, keys.clone());
        }
        match &self.node.merge_key {
            Some(k) => (strategy, vec![k.to_string()]),
            None => (strategy, Vec::new()),
        }
    }

    /// kyaml's `schemaHasMergeStrategy`: the strategy list contains `merge`.
    pub fn has_merge_strategy(&self) -> bool {
        self.node.strategy.as_deref().unwrap_or("").split(',').any(|s| s == "merge")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lookups() {
        let s = Schemas::builtin();
        let deploy = s.for_type("apps/v1", "Deployment").unwrap();
        let containers = deploy.field("spec").unwrap().field("template").unwrap().field("spec").unwrap().field("containers").unwrap();
        assert_eq!(containers.strategy_and_keys(), ("merge", vec!["name".to_string()]));
        assert!(containers.has_merge_strategy());
        let ports = containers.elements().unwrap().field("ports").unwrap();
        assert_eq!(ports.strategy_and_keys().1, ["containerPort", "protocol"]);
        // `strategy` is a $ref with its own retainKeys extension: kyaml follows the ref and loses it.
        let strategy = deploy.field("spec").unwrap().field("strategy").unwrap();
        assert_eq!(strategy.strategy_and_keys().0, "");
        let finalizers = deploy.field("metadata").unwrap().field("finalizers").unwrap();
        assert_eq!(finalizers.strategy_and_keys(), ("merge", vec![]));
        // map values
        let labels = deploy.field("metadata").unwrap().field("labels").unwrap();
        assert!(labels.field("anything").is_some());
        assert!(deploy.field("nope").is_none());
        assert!(s.for_type("example.com/v1", "Foo").is_none());
    }

    #[test]
    fn every_table_line_is_found() {
        let t = table();
        let (mut types, mut schemas) = (0, 0);
        for line in t.types.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(table_type(&type_key(f[1], f[2])), Some(f[3]), "{line}");
            types += 1;
        }
        for line in t.schemas.lines() {
            assert_eq!(table_line(line.split('\t').nth(1).unwrap()), Some(line));
            schemas += 1;
        }
        assert!(types > 200 && schemas > 1000, "{types} types, {schemas} schemas");
        assert_eq!(table_line("io.k8s.api.apps.v1.Deploymen"), None);
        assert_eq!(table_line("zzz"), None);
        assert_eq!(table_line(""), None);
        assert_eq!(table_type("v1\tPod").is_some(), true);
        assert_eq!(table_type("v1\tPo"), None);
    }

    #[test]
    fn custom_definitions_above_or_below_the_table() {
        let doc = crate::yaml::value::yaml_to_json_value(
            &crate::yaml::parse_one(br#"{"definitions": {"io.k8s.api.core.v1.PodSpec": {"properties": {"containers": {"type": "array", "items": {"type": "object"}}}}}}"#).unwrap(),
        )
        .unwrap();
        let custom = Schemas::from_swagger(&doc).unwrap();
        let keys = |s: &Schemas| s.for_type("v1", "Pod").unwrap().field("spec").unwrap().field("containers").unwrap().strategy_and_keys().1;
        assert_eq!(keys(&Schemas::builtin().merged_with(&custom)), Vec::<String>::new());
        assert_eq!(keys(&custom.merged_with(Schemas::builtin())), ["name"]);
        assert!(custom.for_type("v1", "Pod").is_none());
    }

    #[test]
    fn swagger_documents() {
        let doc = crate::yaml::value::yaml_to_json_value(
            &crate::yaml::parse_one(
                br##"{"definitions": {"v1.Foo": {"properties": {"spec": {"$ref": "#/definitions/v1.Spec"}},
                 "x-kubernetes-group-version-kind": [{"group": "ex.com", "version": "v1", "kind": "Foo"}]},
                 "v1.Spec": {"properties": {"list": {"type": "array", "items": {"type": "object"},
                 "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "id"}}}}}"##,
            )
            .unwrap(),
        )
        .unwrap();
        let s = Schemas::from_swagger(&doc).unwrap();
        let list = s.for_type("ex.com/v1", "Foo").unwrap().field("spec").unwrap().field("list").unwrap();
        assert_eq!(list.strategy_and_keys(), ("merge", vec!["id".to_string()]));
        assert!(list.elements().is_some());
    }
}

/// The schema a build's strategic merges use: kustomize keeps it in process-global state (kyaml's
/// `openapi.SetSchema`). The top kustomization's `openapi:` field decides; when it has none, the
/// first kustomization accumulated later that has one sets it for the rest of the build. A
/// custom schema replaces the built-in Kubernetes schema, unless the built-in one was already
/// parsed (kyaml never forgets definitions it parsed): a strategic merge ran before the custom
/// schema was chosen, or the scope of a kind outside kyaml's precomputed table was asked, which
/// flags the built-in schema for parsing. Kept per thread here; a build calls [`begin_build`]
/// first.
pub mod build_state {
    use super::Schemas;
    use crate::kustomize::kustomization::Kustomization;
    use crate::kustomize::loader::Loader;
    use crate::kustomize::KustomizeError;
    use crate::yaml::value::Value;
    use std::cell::RefCell;
    use std::sync::Arc;

    /// The only built-in version kustomize v5.5 knows.
    pub const BUILTIN_VERSION: &str = "v1.21.2";

    #[derive(Default)]
    struct State {
        /// The first kustomization of the build has been seen.
        started: bool,
        /// A version or custom schema was chosen.
        set: bool,
        custom: Option<Arc<Schemas>>,
        /// Whether kyaml parsed the built-in schema in this build.
        builtin: Builtin,
        /// The custom schema with the built-in definitions added.
        merged: Option<Arc<Schemas>>,
    }

    #[derive(Clone, Copy, Default, PartialEq, Eq)]
    enum Builtin {
        #[default]
        NotParsed,
        /// Flagged by a scope query: parsed right after the custom schema (its definitions win).
        Delayed,
        /// Parsed before the custom schema was chosen (the custom definitions win).
        Parsed,
    }

    thread_local! {
        static STATE: RefCell<State> = RefCell::new(State::default());
    }

    /// What a kustomization's build depends on in this state, for reusing a built base: `None`
    /// once a schema was chosen (merges then use it), else the built-in schema's flag.
    pub fn reuse_key() -> Option<u8> {
        STATE.with(|s| {
            let s = s.borrow();
            if s.set || s.custom.is_some() {
                return None;
            }
            Some(match s.builtin {
                Builtin::NotParsed => 0,
                Builtin::Delayed => 1,
                Builtin::Parsed => 2,
            })
        })
    }

    /// Leaves the built-in schema's flag as a reused build left it (see [`reuse_key`]).
    pub fn set_reuse_key(flag: u8) {
        STATE.with(|s| {
            s.borrow_mut().builtin = match flag {
                0 => Builtin::NotParsed,
                1 => Builtin::Delayed,
                _ => Builtin::Parsed,
            }
        });
    }

    /// Forgets the previous build's choice.
    pub fn begin_build() {
        STATE.with(|s| *s.borrow_mut() = State::default());
    }

    /// The custom schema in force, if any (the built-in one otherwise).
    pub fn custom() -> Option<Arc<Schemas>> {
        STATE.with(|s| {
            let mut s = s.borrow_mut();
            let Some(custom) = s.custom.clone() else {
                s.builtin = Builtin::Parsed;
                return None;
            };
            if s.merged.is_none() {
                s.merged = Some(match s.builtin {
                    Builtin::NotParsed => custom,
                    Builtin::Delayed => Arc::new(custom.merged_with(Schemas::builtin())),
                    Builtin::Parsed => Arc::new(Schemas::builtin().merged_with(&custom)),
                });
            }
            s.merged.clone()
        })
    }

    /// kyaml's `isInitSchemaNeededForNamespaceScopeCheck` for a kind outside its precomputed
    /// table: with no custom schema chosen, the built-in schema is flagged for parsing.
    pub fn note_unknown_scope_query() {
        STATE.with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                if s.custom.is_none() && s.builtin == Builtin::NotParsed {
                    s.builtin = Builtin::Delayed;
                }
            }
        });
    }

    /// kustomize's `SetSchema` for a kustomization just loaded: the first one of a build resets the
    /// choice, later ones only set it when nothing is set yet.
    pub fn note_kustomization(k: &Kustomization, loader: &Loader) -> Result<(), KustomizeError> {
        let first = STATE.with(|s| !std::mem::replace(&mut s.borrow_mut().started, true));
        let already = STATE.with(|s| s.borrow().set);
        if already && !first {
            return Ok(());
        }
        let field = |name: &str| -> Option<String> {
            match k.get("openapi")?.get(name)? {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            }
        };
        let (path, version) = (field("path"), field("version"));
        let bytes = match &path {
            Some(p) => Some(loader.load(p).map_err(|e| KustomizeError(e.0))?),
            None => None,
        };
        let builtin = STATE.with(|s| s.borrow().builtin);
        let mut state = State { started: true, builtin, ..State::default() };
        if let Some(bytes) = bytes {
            if version.is_some() {
                return Err(KustomizeError("builtin version and custom schema provided, cannot use both".into()));
            }
            state.custom = Some(Arc::new(parse_custom(&bytes)?));
            state.set = true;
        } else if let Some(v) = version.filter(|v| !v.is_empty()) {
            if v != BUILTIN_VERSION {
                return Err(KustomizeError("the specified OpenAPI version is not built in".into()));
            }
            state.set = true;
        }
        STATE.with(|s| *s.borrow_mut() = state);
        Ok(())
    }

    fn parse_custom(bytes: &[u8]) -> Result<Schemas, KustomizeError> {
        let invalid = |e: String| KustomizeError(format!("invalid schema file: {e}"));
        let node = crate::yaml::read::parse_first_v2(bytes).map_err(|e| invalid(e.to_string()))?;
        let value = match node {
            None => Value::Null,
            Some(n) => crate::yaml::value::yaml_to_json_value(&n).map_err(|e| invalid(e.to_string()))?,
        };
        Schemas::from_swagger(&value).map_err(invalid)
    }
}
