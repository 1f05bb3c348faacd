#!/usr/bin/env python3
"""Derives krender's schema tables from the Kubernetes OpenAPI document kustomize uses (v1.21.2).

usage: schema/derive.py ../shared/schema/kubernetes-openapi-v1.21.2.json.gz

Writes, next to this script:
  scopes.tsv   apiVersion<TAB>kind<TAB>Namespaced|Cluster  (kyaml's IsNamespaceScoped table)
  openapi.tsv  what kyaml's strategic-merge walker reads from the schema (see below)

openapi.tsv keeps, for every schema kustomize's merge walker can reach, only what
kyaml/openapi's ResourceSchema methods look at: the properties (Field), additionalProperties
(Field for map values), the items of an `array` (Elements) and the extensions
x-kubernetes-patch-strategy, x-kubernetes-patch-merge-key and x-kubernetes-list-map-keys
(PatchStrategyAndKeyList). Lines:

  T <apiVersion> <kind> <schema>          a resource type (x-kubernetes-group-version-kind)
  S <name> <ref> <items> <additional> <strategy> <mergeKey> <listMapKeys> <props>

(tab separated). References name another S line: a definition, or an inline schema named
<parent>/<property>, <parent>/[] (items) or <parent>/{} (additionalProperties); "-" is a schema
with nothing the walker uses. <ref> is set when the schema is only a $ref (kyaml follows it and
ignores the rest). <props> is a space-separated list of property=reference. Empty fields are "".
"""
import gzip, json, os, sys

REF_PREFIX = "#/definitions/"


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "../shared/schema/kubernetes-openapi-v1.21.2.json.gz"
    with gzip.open(src) as f:
        doc = json.load(f)
    here = os.path.dirname(os.path.abspath(__file__))
    write_scopes(doc, os.path.join(here, "scopes.tsv"))
    write_openapi(doc, os.path.join(here, "openapi.tsv"))


def write_scopes(doc, path):
    rows = sorted({(r["apiVersion"], r["kind"], r["scope"]) for r in doc["resources"] if r.get("scope")})
    with open(path, "w") as out:
        out.write("# apiVersion\tkind\tscope — derived by schema/derive.py from the Kubernetes v1.21.2 OpenAPI\n")
        for api_version, kind, scope in rows:
            out.write(f"{api_version}\t{kind}\t{scope}\n")


def write_openapi(doc, path):
    defs = doc["definitions"]
    lines = {}

    def ref_name(s):
        ref = s["$ref"]
        assert ref.startswith(REF_PREFIX), ref
        return ref[len(REF_PREFIX):]

    def trivial(s):
        return not ({"$ref", "properties", "items", "additionalProperties",
                     "x-kubernetes-patch-strategy"} & set(s.keys()))

    def reference(s, name):
        """The reference to schema s, emitting an S line named `name` when it is inline."""
        if "$ref" in s:
            return ref_name(s)
        if trivial(s):
            return "-"
        emit(name, s)
        return name

    def emit(name, s):
        ref = ref_name(s) if "$ref" in s else ""
        items = additional = ""
        if not ref:
            if s.get("type") == "array" and isinstance(s.get("items"), dict):
                items = reference(s["items"], name + "/[]")
            if isinstance(s.get("additionalProperties"), dict):
                additional = reference(s["additionalProperties"], name + "/{}")
        strategy = s.get("x-kubernetes-patch-strategy", "") if not ref else ""
        merge_key = s.get("x-kubernetes-patch-merge-key", "") if not ref else ""
        list_keys = ",".join(s.get("x-kubernetes-list-map-keys", [])) if not ref else ""
        props = []
        if not ref:
            for p in sorted(s.get("properties", {})):
                props.append(f"{p}={reference(s['properties'][p], name + '/' + p)}")
        lines[name] = "\t".join(["S", name, ref, items, additional, strategy, merge_key, list_keys, " ".join(props)])

    for name in sorted(defs):
        emit(name, defs[name])
    types = []
    for name in sorted(defs):
        for gvk in defs[name].get("x-kubernetes-group-version-kind", []):
            api_version = gvk["version"] if not gvk.get("group") else f"{gvk['group']}/{gvk['version']}"
            types.append("\t".join(["T", api_version, gvk["kind"], name]))
    with open(path, "w") as out:
        out.write("# kyaml merge-walker view of the Kubernetes v1.21.2 OpenAPI — derived by schema/derive.py\n")
        # sorted by "apiVersion\tkind": krender binary-searches both sections in place
        for t in sorted(types, key=lambda t: t.split("\t", 1)[1].rsplit("\t", 1)[0]):
            out.write(t + "\n")
        for name in sorted(lines):
            out.write(lines[name] + "\n")


if __name__ == "__main__":
    main()
