#!/usr/bin/env python3
"""Writes a kustomize overlay of N resources for timing `krender build` against `kustomize build`.

usage: benches/gen_overlay.py N DIR

DIR/base holds N/3 Deployments (each mounting its ConfigMap), N/3 Services and N/3 ConfigMaps;
DIR/overlay adds namePrefix, namespace, commonLabels, commonAnnotations, images, a generated
ConfigMap (so every name reference must be fixed) and a strategic-merge patch applied to every
Deployment (`patches:` with a kind selector).
"""
import os, sys

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    k = n // 3
    base = os.path.join(out, "base")
    overlay = os.path.join(out, "overlay")
    os.makedirs(base, exist_ok=True)
    os.makedirs(overlay, exist_ok=True)
    docs = []
    for i in range(k):
        docs.append(f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  labels:
    app: app-{i}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-{i}
  template:
    metadata:
      labels:
        app: app-{i}
    spec:
      containers:
      - name: main
        image: registry.example.com/team/app:1.{i}
        ports:
        - containerPort: 8080
        envFrom:
        - configMapRef:
            name: cfg-{i}
        - configMapRef:
            name: shared
      volumes:
      - name: config
        configMap:
          name: cfg-{i}
""")
        docs.append(f"""apiVersion: v1
kind: Service
metadata:
  name: app-{i}
spec:
  selector:
    app: app-{i}
  ports:
  - port: 80
    targetPort: 8080
""")
        docs.append(f"""apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg-{i}
data:
  key: value-{i}
  other: "{i}"
""")
    with open(os.path.join(base, "resources.yaml"), "w") as f:
        f.write("---\n".join(docs))
    with open(os.path.join(base, "kustomization.yaml"), "w") as f:
        f.write("resources:\n- resources.yaml\n")
    with open(os.path.join(overlay, "kustomization.yaml"), "w") as f:
        f.write("""resources:
- ../base
namePrefix: prod-
namespace: production
commonLabels:
  env: prod
commonAnnotations:
  owner: team
images:
- name: registry.example.com/team/app
  newTag: "2.0"
configMapGenerator:
- name: shared
  literals:
  - mode=prod
patches:
- target:
    kind: Deployment
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: any
      annotations:
        patched: "true"
    spec:
      replicas: 3
      template:
        spec:
          containers:
          - name: main
            env:
            - name: MODE
              value: prod
            resources:
              limits:
                cpu: 500m
                memory: 256Mi
""")

if __name__ == "__main__":
    main()
