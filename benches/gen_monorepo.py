#!/usr/bin/env python3
"""Writes a synthetic GitOps monorepo for timing `krender render-all` and `krender diff`.

usage: benches/gen_monorepo.py DIR [SERVICES] [--rev2]

- common/: a base shared by every service (NetworkPolicy, ServiceAccount) and a Component
  (monitoring) that prod overlays add;
- services/svc-NNN/base: Deployment, Service, ConfigMap, using common/;
- services/svc-NNN/overlays/{dev,staging,prod,prod-eu}: namespace, namePrefix, labels, images,
  replicas, a strategic-merge patch, a configMapGenerator; prod ones add the component.
  SERVICES services give 4*SERVICES kustomize apps;
- charts/chart-NN (one per 10 services): a chart (helpers, values) rendered alone and by three
  Argo CD Applications (argocd/chart-NN.yaml) with per-environment values files;
- clusters/: Flux Kustomizations pointing at the dev overlays.

--rev2 edits the tree in place as a PR would: a new image in one shared base (4 apps), replicas
in one overlay, the shared component (every prod app), a new service, one chart's values.
"""
import os, sys


def w(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


ENVS = ["dev", "staging", "prod", "prod-eu"]


def service(root, i):
    s = f"svc-{i:03d}"
    b = f"{root}/services/{s}/base"
    w(f"{b}/kustomization.yaml", "resources:\n- ../../../common/base\n- deployment.yaml\n- service.yaml\n- configmap.yaml\ncommonLabels:\n  app: " + s + "\n")
    w(f"{b}/deployment.yaml", f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {s}
spec:
  replicas: 1
  selector:
    matchLabels:
      component: web
  template:
    metadata:
      labels:
        component: web
    spec:
      serviceAccountName: default-sa
      containers:
      - name: app
        image: registry.example.com/{s}:1.0.{i}
        ports:
        - containerPort: 8080
        envFrom:
        - configMapRef:
            name: {s}-config
        resources:
          requests: {{cpu: 100m, memory: 128Mi}}
""")
    w(f"{b}/service.yaml", f"""apiVersion: v1
kind: Service
metadata:
  name: {s}
spec:
  ports:
  - port: 80
    targetPort: 8080
  selector:
    component: web
""")
    w(f"{b}/configmap.yaml", f"""apiVersion: v1
kind: ConfigMap
metadata:
  name: {s}-config
data:
  LOG_LEVEL: info
  SERVICE: {s}
""")
    for j, env in enumerate(ENVS):
        o = f"{root}/services/{s}/overlays/{env}"
        comp = "components:\n- ../../../../common/monitoring\n" if env.startswith("prod") else ""
        w(f"{o}/kustomization.yaml", f"""resources:
- ../../base
{comp}namespace: {s}-{env}
namePrefix: {env}-
labels:
- pairs:
    env: {env}
  includeSelectors: false
images:
- name: registry.example.com/{s}
  newTag: 1.{j}.{i}
replicas:
- name: {s}
  count: {1 + j}
patches:
- path: patch.yaml
configMapGenerator:
- name: {s}-env
  literals:
  - ENV={env}
  - REGION={'eu' if env.endswith('eu') else 'us'}
""")
        w(f"{o}/patch.yaml", f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {s}
spec:
  template:
    spec:
      containers:
      - name: app
        env:
        - name: ENVIRONMENT
          value: {env}
""")


def chart(root, n):
    c = f"chart-{n:02d}"
    d = f"{root}/charts/{c}"
    w(f"{d}/Chart.yaml", f"apiVersion: v2\nname: {c}\nversion: 0.{n}.0\nappVersion: \"1.{n}\"\n")
    w(f"{d}/values.yaml", "replicaCount: 1\nimage:\n  repository: nginx\n  tag: \"1.27\"\nservice:\n  port: 80\nextraLabels: {}\n")
    w(f"{d}/templates/_helpers.tpl", """{{- define "c.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "c.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- with .Values.extraLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}
""")
    w(f"{d}/templates/deployment.yaml", """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "c.fullname" . }}
  labels:
    {{- include "c.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app.kubernetes.io/instance: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app.kubernetes.io/instance: {{ .Release.Name }}
    spec:
      containers:
      - name: {{ .Chart.Name }}
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
""")
    w(f"{d}/templates/service.yaml", """apiVersion: v1
kind: Service
metadata:
  name: {{ include "c.fullname" . }}
  labels:
    {{- include "c.labels" . | nindent 4 }}
spec:
  ports:
  - port: {{ .Values.service.port }}
""")
    apps = []
    for env in ENVS[:3]:
        w(f"{d}/values-{env}.yaml", f"replicaCount: {1 + ENVS.index(env)}\nextraLabels:\n  env: {env}\n")
        apps.append(f"""apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: {c}-{env}
  namespace: argocd
spec:
  project: default
  destination:
    server: https://kubernetes.default.svc
    namespace: {c}-{env}
  source:
    repoURL: https://git.example.com/monorepo.git
    targetRevision: HEAD
    path: charts/{c}
    helm:
      valueFiles:
      - values-{env}.yaml
""")
    w(f"{root}/argocd/{c}.yaml", "---\n".join(apps))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rev2 = "--rev2" in sys.argv
    root = args[0]
    services = int(args[1]) if len(args) > 1 else 120
    if rev2:
        p = f"{root}/services/svc-003/base/deployment.yaml"
        w(p, open(p).read().replace("image: registry.example.com/svc-003:1.0.3", "image: registry.example.com/svc-003:2.0.0"))
        p = f"{root}/services/svc-010/overlays/prod/kustomization.yaml"
        w(p, open(p).read().replace("count: 3", "count: 5"))
        p = f"{root}/common/monitoring/kustomization.yaml"
        w(p, open(p).read().replace("scrape: \"true\"", "scrape: \"false\""))
        service(root, services)
        p = f"{root}/charts/chart-01/values-prod.yaml"
        w(p, "replicaCount: 7\nextraLabels:\n  env: prod\n  tier: gold\n")
        return
    w(f"{root}/common/base/kustomization.yaml", "resources:\n- networkpolicy.yaml\n- serviceaccount.yaml\n")
    w(f"{root}/common/base/networkpolicy.yaml", """apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
spec:
  podSelector: {}
  policyTypes: [Ingress]
""")
    w(f"{root}/common/base/serviceaccount.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default-sa\n")
    w(f"{root}/common/monitoring/kustomization.yaml", """apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
commonAnnotations:
  prometheus.io/scrape: "true"
  prometheus.io/port: "9090"
""")
    for i in range(services):
        service(root, i)
    for n in range(max(1, services // 10)):
        chart(root, n)
    flux = []
    for i in range(0, services, 10):
        flux.append(f"""apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: svc-{i:03d}-dev
  namespace: flux-system
spec:
  interval: 10m
  path: ./services/svc-{i:03d}/overlays/dev
  prune: true
  sourceRef:
    kind: GitRepository
    name: monorepo
""")
    w(f"{root}/clusters/dev/apps.yaml", "---\n".join(flux))


main()
