#!/usr/bin/env python3
"""Derives krender's schema tables from the Kubernetes OpenAPI document kustomize uses (v1.21.2).

usage: schema/derive.py ../shared/schema/kubernetes-openapi-v1.21.2.json.gz

Writes, next to this script:
  scopes.tsv   apiVersion<TAB>kind<TAB>Namespaced|Cluster  (kyaml's IsNamespaceScoped table)
"""
import gzip, json, os, sys

def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "../shared/schema/kubernetes-openapi-v1.21.2.json.gz"
    with gzip.open(src) as f:
        doc = json.load(f)
    here = os.path.dirname(os.path.abspath(__file__))
    rows = sorted({(r["apiVersion"], r["kind"], r["scope"]) for r in doc["resources"] if r.get("scope")})
    with open(os.path.join(here, "scopes.tsv"), "w") as out:
        out.write("# apiVersion\tkind\tscope — derived by schema/derive.py from the Kubernetes v1.21.2 OpenAPI\n")
        for api_version, kind, scope in rows:
            out.write(f"{api_version}\t{kind}\t{scope}\n")

if __name__ == "__main__":
    main()
