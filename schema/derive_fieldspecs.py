#!/usr/bin/env python3
"""Derives schema/fieldspecs.yaml, kustomize's builtin transformer configuration (the field specs of
namePrefix, nameSuffix, commonLabels, templateLabels, commonAnnotations, namespace, varReference,
nameReference, images and replicas), from kustomize v5.5.0's api/internal/konfig/builtinpluginconsts.

usage: schema/derive_fieldspecs.py [KUSTOMIZE_GIT_DIR]   (default: /work/.mirror/kubernetes-sigs+kustomize/repo)

The YAML is the document kustomize's GetDefaultFieldSpecs() joins, so krender parses it with the same
code and rules as a user's `configurations:` file (sorted the same way afterwards).
"""
import os, re, subprocess, sys

TAG = "kustomize/v5.5.0"
DIR = "api/internal/konfig/builtinpluginconsts"
# GetDefaultFieldSpecs order
ORDER = ["namePrefixFieldSpecs", "nameSuffixFieldSpecs", "commonLabelFieldSpecs", "templateLabelFieldSpecs",
         "commonAnnotationFieldSpecs", "namespaceFieldSpecs", "varReferenceFieldSpecs", "nameReferenceFieldSpecs",
         "imagesFieldSpecs", "replicasFieldSpecs"]

def main():
    repo = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/kubernetes-sigs+kustomize/repo"
    files = subprocess.check_output(["git", "-C", repo, "ls-tree", "--name-only", f"{TAG}:{DIR}"], text=True).split()
    consts = {}
    for f in files:
        src = subprocess.check_output(["git", "-C", repo, "show", f"{TAG}:{DIR}/{f}"], text=True)
        # name = `...` [+ other]
        for m in re.finditer(r"(\w+)\s*=\s*`([^`]*)`(\s*\+\s*(\w+))?", src):
            consts[m.group(1)] = (m.group(2), m.group(4))
    def value(name):
        text, plus = consts[name]
        return text + (value(plus) if plus else "")
    out = "\n".join(value(n) for n in ORDER)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "fieldspecs.yaml"), "w") as f:
        f.write(f"# kustomize's builtin field specs — derived by schema/derive_fieldspecs.py from {TAG}\n")
        f.write(out)

if __name__ == "__main__":
    main()
