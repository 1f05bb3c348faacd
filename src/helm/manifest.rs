//! Rendered templates into release manifests (`pkg/release/v1/util`): each template's text
//! split into YAML documents at `---` lines (Helm's regular expression, which also splits
//! `---apiVersion:`), each document's head (`apiVersion`, `kind`, `metadata.name`,
//! `metadata.annotations`) decoded, documents annotated `helm.sh/hook` taken out as hooks
//! (unknown hook types skipped with a log line), partials (`_*`) and blank templates skipped,
//! and both lists sorted by kind in Helm's install order (a stable sort; unknown kinds last, in
//! alphabetical order).

use super::log::{log, Level};
use super::metadata::Decoder;
use crate::yaml::Value as J;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// `releaseutil.InstallOrder`.
pub const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// The annotation naming a document's hook events.
pub const HOOK_ANNOTATION: &str = "helm.sh/hook";

/// Hook event names (`test-success` is Helm 2's name for `test`).
fn hook_event(name: &str) -> Option<&'static str> {
    Some(match name {
        "pre-install" => "pre-install",
        "post-install" => "post-install",
        "pre-delete" => "pre-delete",
        "post-delete" => "post-delete",
        "pre-upgrade" => "pre-upgrade",
        "post-upgrade" => "post-upgrade",
        "pre-rollback" => "pre-rollback",
        "post-rollback" => "post-rollback",
        "test" | "test-success" => "test",
        _ => return None,
    })
}

/// A document that is not a hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The template path (`chart/templates/x.yaml`).
    pub name: String,
    pub content: String,
    pub kind: String,
}

/// A hook document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hook {
    pub path: String,
    pub manifest: String,
    pub kind: String,
    pub name: String,
    pub events: Vec<&'static str>,
}

/// Go's RE2 `(?:^|\s*\n)---\s*` (ASCII `\s`).
static SEP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*").expect("valid regex"));

/// Compiles the document separator ahead of the first split (see [`super::early_parse::prepare`]).
pub(crate) fn prepare() {
    LazyLock::force(&SEP);
}

/// `releaseutil.SplitManifests`: the documents of a rendered template, in order, each with its
/// leading white space removed; blank documents dropped.
pub fn split_manifests(big: &str) -> Vec<&str> {
    let tmp = big.trim_start();
    let mut docs = Vec::new();
    let mut beg = 0;
    for m in SEP.find_iter(tmp) {
        if m.end() != 0 {
            docs.push(&tmp[beg..m.start()]);
        }
        beg = m.end();
    }
    docs.push(&tmp[beg..]);
    docs.into_iter().filter(|d| !d.trim().is_empty()).map(|d| d.trim_start()).collect()
}

/// The head of a document (`releaseutil.SimpleHead`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SimpleHead {
    pub version: String,
    pub kind: String,
    pub name: String,
    /// `None`: no `metadata`, or no `annotations` in it.
    pub annotations: Option<BTreeMap<String, String>>,
}

const META_TYPE: &str = "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }";

/// `yaml.Unmarshal(doc, &SimpleHead{})` with `sigs.k8s.io/yaml`'s rules and errors. The
/// document is first read with its block scalars blanked ([`super::headmask`]); only when that
/// fails is the whole text parsed (for the error, or in case the blanking was wrong to try).
pub fn simple_head(doc: &str) -> Result<SimpleHead, String> {
    if let Some(masked) = super::headmask::mask_block_scalars(doc) {
        if let Ok(head) = decode_head(&masked) {
            return Ok(head);
        }
    }
    decode_head(doc)
}

fn decode_head(doc: &str) -> Result<SimpleHead, String> {
    // Only the head's entries are built when the rest of the document cannot change the result
    // (the whole text is still scanned); anything else, an error included, is decoded in full.
    if let Some(node) = crate::yaml::read::parse_first_v2_keys(doc.as_bytes(), &head_key) {
        if let Ok(head) = head_of(Some(node)) {
            return Ok(head);
        }
    }
    head_of(crate::yaml::read::parse_first_v2(doc.as_bytes()).map_err(|e| format!("error converting YAML to JSON: {e}"))?)
}

/// Whether a top-level key can be one `SimpleHead` reads: `encoding/json` matches field names
/// without regard to case (Unicode folding, hence any non-ASCII key too).
fn head_key(key: &str) -> bool {
    !key.is_ascii() || ["apiVersion", "kind", "metadata"].iter().any(|f| key.eq_ignore_ascii_case(f))
}

/// The head of a read document.
fn head_of(node: Option<crate::yaml::Node>) -> Result<SimpleHead, String> {
    let j = match node {
        Some(n) => crate::yaml::value::yaml_to_json_value(&n).map_err(|e| format!("error converting YAML to JSON: {e}"))?,
        None => J::Null,
    };
    let mut d = Decoder::default();
    let mut head = SimpleHead::default();
    for (f, v) in d.fields(&j, "", "", "util.SimpleHead", &["apiVersion", "kind", "metadata"]).unwrap_or_default() {
        match f {
            "apiVersion" => head.version = d.string(v, "SimpleHead", f).unwrap_or(head.version),
            "kind" => head.kind = d.string(v, "SimpleHead", f).unwrap_or(head.kind),
            _ => {
                for (mf, mv) in d.fields(v, "SimpleHead", "metadata", META_TYPE, &["name", "annotations"]).unwrap_or_default() {
                    if mf == "name" {
                        head.name = d.string(mv, "", "metadata.name").unwrap_or(head.name);
                        continue;
                    }
                    match mv {
                        J::Null => head.annotations = None,
                        J::Map(entries) => {
                            let mut m = BTreeMap::new();
                            for (k, x) in entries {
                                let text = d.string(x, "", "metadata.annotations").unwrap_or_default();
                                m.insert(k.clone(), text);
                            }
                            head.annotations = Some(m);
                        }
                        other => {
                            d.first_error.get_or_insert_with(|| {
                                format!(
                                    "json: cannot unmarshal {} into Go struct field .metadata.annotations of type map[string]string",
                                    match other {
                                        J::Seq(_) => "array",
                                        J::Str(_) => "string",
                                        J::Bool(_) => "bool",
                                        _ => "number",
                                    }
                                )
                            });
                        }
                    }
                }
            }
        }
    }
    match d.first_error {
        Some(e) => Err(format!("error unmarshaling JSON: while decoding JSON: {e}")),
        None => Ok(head),
    }
}

fn kind_rank(kind: &str) -> Option<usize> {
    INSTALL_ORDER.iter().position(|k| *k == kind)
}

/// `lessByKind`.
fn less_by_kind(a: &str, b: &str) -> bool {
    match (kind_rank(a), kind_rank(b)) {
        (None, None) => a < b,
        (None, Some(_)) => false,
        (Some(_), None) => true,
        (Some(x), Some(y)) => x < y,
    }
}

/// Document heads decoded on the thread pool while later templates still execute: each
/// rendered file is split and its heads decoded as soon as it is handed over, and
/// [`sort_manifests_with`] takes them for every file whose text is the same. Only outside the
/// thread pool (the `template` command's render thread): a pool thread waiting for jobs it
/// queued on its own pool could wait forever, so there nothing is submitted and the sort
/// decodes the heads itself.
pub struct EarlyHeads {
    enabled: bool,
    /// While this counts other background work, files wait in `queued`.
    busy: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
    queued: Vec<(String, String)>,
    /// Files sent and not yet taken by a pool thread: [`EarlyHeads::finish`] decodes what is
    /// left here itself rather than wait for the pool.
    pending: std::sync::Arc<std::sync::Mutex<std::collections::VecDeque<(String, String)>>>,
    tx: std::sync::mpsc::Sender<Decoded>,
    rx: std::sync::mpsc::Receiver<Decoded>,
    sent: usize,
}

/// A file's name and text, and the heads of its documents.
type Decoded = (String, String, Vec<Result<SimpleHead, String>>);

fn decode_file(path: String, content: String) -> Decoded {
    let heads = split_manifests(&content).into_iter().map(simple_head).collect();
    (path, content, heads)
}

/// Each file's text and the heads of its documents, by file name.
pub type Heads = std::collections::HashMap<String, (String, Vec<Result<SimpleHead, String>>)>;

impl EarlyHeads {
    pub fn new() -> EarlyHeads {
        let (tx, rx) = std::sync::mpsc::channel();
        EarlyHeads { enabled: rayon::current_thread_index().is_none(), busy: None, queued: Vec::new(), pending: Default::default(), tx, rx, sent: 0 }
    }

    /// Holds the files back while `busy` counts work on the other cores (template parsing).
    pub fn after(mut self, busy: std::sync::Arc<std::sync::atomic::AtomicUsize>) -> EarlyHeads {
        self.busy = Some(busy);
        self
    }

    /// Starts decoding the heads of one rendered file (those `sort_manifests` would decode).
    pub fn submit(&mut self, path: &str, content: &str) {
        if !self.enabled || !is_sorted(path, content) {
            return;
        }
        self.queued.push((path.to_string(), content.to_string()));
        if self.busy.as_ref().is_none_or(|b| b.load(std::sync::atomic::Ordering::Acquire) == 0) {
            self.send_queued();
        }
    }

    fn send_queued(&mut self) {
        for (path, content) in std::mem::take(&mut self.queued) {
            self.send(path, content);
        }
    }

    /// Queues one file and one pool job, which decodes the first file still queued.
    fn send(&mut self, path: String, content: String) {
        self.pending.lock().expect("heads queue").push_back((path, content));
        self.sent += 1;
        let (tx, pending) = (self.tx.clone(), self.pending.clone());
        rayon::spawn(move || {
            let next = pending.lock().expect("heads queue").pop_front();
            if let Some((path, content)) = next {
                let _ = tx.send(decode_file(path, content));
            }
        });
    }

    /// Every submitted file's heads: this thread decodes those no pool thread has begun, then
    /// waits for the rest.
    pub fn finish(mut self) -> Heads {
        self.send_queued();
        let mut heads = Heads::with_capacity(self.sent);
        let mut decoded_here = 0;
        loop {
            let next = self.pending.lock().expect("heads queue").pop_front();
            let Some((path, content)) = next else { break };
            let (p, c, h) = decode_file(path, content);
            heads.insert(p, (c, h));
            decoded_here += 1;
        }
        let in_flight = self.sent - decoded_here;
        heads.extend(self.rx.iter().take(in_flight).map(|(p, c, h)| (p, (c, h))));
        heads
    }
}

impl Default for EarlyHeads {
    fn default() -> Self {
        EarlyHeads::new()
    }
}

/// Whether the sort reads a rendered file: not a partial (`_*`) and not blank.
fn is_sorted(path: &str, content: &str) -> bool {
    !crate::sprig::paths::base(path).starts_with('_') && !content.trim().is_empty()
}

/// `releaseutil.SortManifests(files, nil, InstallOrder)`: (hooks, manifests), or the YAML
/// error of the first document whose head does not decode.
pub fn sort_manifests(files: &BTreeMap<String, String>) -> Result<(Vec<Hook>, Vec<Manifest>), String> {
    sort_manifests_with(files, Heads::new())
}

/// [`sort_manifests`] with heads already decoded for some files (used where the text matches).
pub fn sort_manifests_with(files: &BTreeMap<String, String>, mut early: Heads) -> Result<(Vec<Hook>, Vec<Manifest>), String> {
    use rayon::prelude::*;
    let mut hooks = Vec::new();
    let mut generic = Vec::new();
    // Every document's head is decoded (a whole YAML parse each) in parallel; the documents are
    // then taken in Helm's order, so the first error in that order is the one reported.
    let kept: Vec<(&String, &String)> = files.iter().filter(|(path, content)| is_sorted(path, content)).collect();
    let mut known: Vec<Option<Vec<Result<SimpleHead, String>>>> = kept
        .iter()
        .map(|(path, content)| match early.remove(path.as_str()) {
            Some((text, heads)) if text == **content => Some(heads),
            _ => None,
        })
        .collect();
    let docs: Vec<(&String, &str, bool)> = kept
        .iter()
        .zip(&known)
        .flat_map(|((path, content), k)| split_manifests(content).into_iter().map(move |m| (*path, m, k.is_some())))
        .collect();
    let missing: Vec<Result<SimpleHead, String>> = docs.par_iter().filter(|d| !d.2).map(|(_, m, _)| simple_head(m)).collect();
    let mut missing = missing.into_iter();
    let mut known = known.iter_mut().flat_map(|k| k.take().unwrap_or_default());
    let heads: Vec<Result<SimpleHead, String>> =
        docs.iter().map(|d| if d.2 { known.next() } else { missing.next() }.expect("one head per document")).collect();
    let docs: Vec<(&String, &str)> = docs.into_iter().map(|(p, m, _)| (p, m)).collect();
    for ((path, m), head) in docs.into_iter().zip(heads) {
        let head = head.map_err(|e| format!("YAML parse error on {path}: {e}"))?;
        let hook_types = match &head.annotations {
            Some(a) if !a.is_empty() => a.get(HOOK_ANNOTATION),
            _ => None,
        };
        let Some(hook_types) = hook_types else {
            generic.push(Manifest { name: path.clone(), content: m.to_string(), kind: head.kind });
            continue;
        };
        let mut events = Vec::new();
        let mut unknown = false;
        for t in hook_types.split(',') {
            match hook_event(&t.trim().to_lowercase()) {
                Some(e) => events.push(e),
                None => {
                    unknown = true;
                    break;
                }
            }
        }
        if unknown {
            log(Level::Info, "skipping unknown hooks", &[("hookTypes", hook_types)]);
            continue;
        }
        hooks.push(Hook { path: path.clone(), manifest: m.to_string(), kind: head.kind, name: head.name, events });
    }
    crate::golang::sort::stable_by(&mut hooks, |a, b| less_by_kind(&a.kind, &b.kind));
    crate::golang::sort::stable_by(&mut generic, |a, b| less_by_kind(&a.kind, &b.kind));
    Ok((hooks, generic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split() {
        // The separator eats the white space after it, so a second `---` right after is not split.
        assert_eq!(split_manifests("\n\na: 1\n---\nb: 2\n---   \n\n---\nc: 3\n"), ["a: 1", "b: 2", "---\nc: 3\n"]);
        assert_eq!(split_manifests("---apiVersion: v1\nkind: A\n  \n---\n"), ["apiVersion: v1\nkind: A"]);
        assert_eq!(split_manifests("a: |\n  x\n  --- y\n"), ["a: |\n  x\n  --- y\n"]);
        assert_eq!(split_manifests("a: 1 ---\n"), ["a: 1 ---\n"]);
        assert!(split_manifests(" \n---\n ").is_empty());
    }

    #[test]
    fn heads() {
        let h = simple_head(
            "apiVersion: v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: 5\n",
        )
        .unwrap();
        assert_eq!((h.kind.as_str(), h.name.as_str()), ("Job", "j"));
        assert_eq!(h.annotations.unwrap()["helm.sh/hook-weight"], "5");
        assert_eq!(
            simple_head("just text").unwrap_err(),
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type util.SimpleHead"
        );
        assert_eq!(simple_head("# only a comment").unwrap(), SimpleHead::default());
        assert_eq!(simple_head("kind: ConfigMap\ndata:\n  a: |\n    text").unwrap().kind, "ConfigMap");
    }

    #[test]
    fn sorting_and_hooks() {
        let mut files = BTreeMap::new();
        files.insert("c/templates/a.yaml".to_string(), "kind: Deployment\n---\nkind: Zeta\n---\nkind: Alpha\n---\nkind: Service\n".to_string());
        files.insert("c/templates/_h.tpl".to_string(), "kind: Secret".to_string());
        files.insert("c/templates/b.yaml".to_string(), "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: Post-Install, test-success\n---\nkind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: bogus\n---\nkind: ConfigMap\nmetadata:\n  annotations: {a: b}\n".to_string());
        let _ = crate::helm::log::take();
        let (hooks, manifests) = sort_manifests(&files).unwrap();
        let kinds: Vec<&str> = manifests.iter().map(|m| m.kind.as_str()).collect();
        assert_eq!(kinds, ["ConfigMap", "Service", "Deployment", "Alpha", "Zeta"]);
        assert_eq!(hooks.len(), 1);
        assert_eq!(hooks[0].events, ["post-install", "test"]);
        assert_eq!(crate::helm::log::take(), ["level=INFO msg=\"skipping unknown hooks\" hookTypes=bogus"]);
    }

    #[test]
    fn early_heads_match_the_sort() {
        let mut files = BTreeMap::new();
        files.insert("c/templates/a.yaml".to_string(), "kind: Service
---
kind: Job
metadata:
  annotations:
    helm.sh/hook: pre-install
".to_string());
        files.insert("c/templates/b.yaml".to_string(), "kind: ConfigMap
data:
  x: |
    text
".to_string());
        files.insert("c/templates/c.yaml".to_string(), "kind: Secret
".to_string());
        let plain = sort_manifests(&files).unwrap();
        let head_kinds = |r: &(Vec<Hook>, Vec<Manifest>)| {
            (r.0.iter().map(|h| h.kind.clone()).collect::<Vec<_>>(), r.1.iter().map(|m| (m.name.clone(), m.kind.clone())).collect::<Vec<_>>())
        };
        // from a plain thread: heads decoded ahead; one file changed after it was submitted
        let mut early = EarlyHeads::new();
        for (k, v) in &files {
            early.submit(k, if k.ends_with("c.yaml") { "kind: Stale\n" } else { v });
        }
        let got = sort_manifests_with(&files, early.finish()).unwrap();
        assert_eq!(head_kinds(&got), head_kinds(&plain));
        // from a pool thread (even a pool of one): nothing submitted, no wait
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let got = pool.install(|| {
            let mut early = EarlyHeads::new();
            for (k, v) in &files {
                early.submit(k, v);
            }
            sort_manifests_with(&files, early.finish()).unwrap()
        });
        assert_eq!(head_kinds(&got), head_kinds(&plain));
    }
}
