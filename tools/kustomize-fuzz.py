#!/usr/bin/env python3
"""Differential fuzzing of `krender build` against the reference kustomize.

usage: tools/kustomize-fuzz.py FIRST_SEED LAST_SEED [--bin target/release/krender]

Each seed writes a random tree (bases with workloads, services, config maps, secrets, RBAC,
ingresses, HPAs, CRDs; an overlay and maybe a component) using namePrefix/Suffix, namespace,
labels, annotations, images, replicas, generators with create/merge/replace and patches, builds it
with both tools, and reports seeds whose outputs differ or where only one tool fails.
Needs ../shared/oracle/kustomize.
"""
import os, random, sys, shutil, subprocess, tempfile

R = random.Random(0)
out = ''
def w(path, text):
    p = os.path.join(out, path); os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, 'w').write(text)
names = ['app', 'web', 'db', 'cache', 'api']
def pick(l): return R.choice(l)
Q1='"1"'; Q2='"2"'; NT='newTag: "9"'
def maybe(p=0.5): return R.random() < p
kinds = []
def deployment(n, kind='Deployment', group='apps/v1'):
    cm = pick(names); sec = pick(names); sa = pick(names)
    return f"""apiVersion: {group}
kind: {kind}
metadata:
  name: {n}
  labels:
    app: {n}
spec:
  {"replicas: " + str(R.randint(1,5)) if maybe() else "selector: {matchLabels: {app: " + n + "}}"}
  template:
    metadata:
      labels:
        app: {n}
    spec:
      serviceAccountName: {sa}
      containers:
      - name: main
        image: {pick(['nginx', 'nginx:1.2', 'redis@sha256:abc', 'registry.io/team/app:v1', 'localhost:5000/app'])}
        envFrom:
        - configMapRef:
            name: {cm}
        env:
        - name: S
          valueFrom:
            secretKeyRef:
              name: {sec}
              key: k
      volumes:
      - name: v
        configMap:
          name: {cm}
      - name: s
        secret:
          secretName: {sec}
"""
KNOWN = set()
def res_pool(prefix):
    docs = []
    used = KNOWN
    for _ in range(R.randint(2, 7)):
        n = pick(names); k = pick(['Deployment', 'StatefulSet', 'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'Role', 'RoleBinding', 'HPA', 'Ingress', 'CronJob', 'Widget', 'ClusterRole', 'PVC'])
        if (k, n) in used: continue
        used.add((k, n))
        if k in ('Deployment', 'StatefulSet'): docs.append(deployment(n, k))
        elif k == 'Service': docs.append(f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {n}\nspec:\n  selector:\n    app: {n}\n  ports:\n  - port: 80\n")
        elif k == 'ConfigMap': docs.append(f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {n}\ndata:\n  key: {pick(['v', '1', 'true', 'a b'])}\n")
        elif k == 'Secret': docs.append(f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {n}\ntype: Opaque\ndata:\n  k: dg==\n")
        elif k == 'ServiceAccount': docs.append(f"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {n}\n")
        elif k == 'Role': docs.append(f"apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: {n}\nrules:\n- apiGroups: ['']\n  resources: [configmaps]\n  resourceNames: [{pick(names)}]\n  verbs: [get]\n")
        elif k == 'ClusterRole': docs.append(f"apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: {n}\n")
        elif k == 'RoleBinding': docs.append(f"apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: {n}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: {pick(['Role','ClusterRole'])}\n  name: {pick(names)}\nsubjects:\n- kind: ServiceAccount\n  name: {pick(names)}\n" + (f"  namespace: {pick(['default','other','ns1'])}\n" if maybe() else ""))
        elif k == 'HPA': docs.append(f"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {n}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: {pick(['Deployment','StatefulSet'])}\n    name: {pick(names)}\n")
        elif k == 'Ingress': docs.append(f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {n}\nspec:\n  tls:\n  - secretName: {pick(names)}\n  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: {pick(names)}\n            port:\n              number: 80\n")
        elif k == 'CronJob': docs.append(f"apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {n}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: c\n            image: busybox\n            envFrom:\n            - configMapRef:\n                name: {pick(names)}\n")
        elif k == 'Widget': docs.append(f"apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: {n}\nspec:\n  containers:\n  - image: nginx\n")
        elif k == 'PVC': docs.append(f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {n}\n")
    return "---\n".join(docs) if docs else 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: filler-' + prefix + '\n'
def fields(level):
    f = []
    if maybe(0.5): f.append(f"namePrefix: {pick(['p-','x-','team-'])}{level}-")
    if maybe(0.3): f.append(f"nameSuffix: -{pick(['s','v2'])}{level}")
    if maybe(0.4): f.append(f"namespace: {pick(['ns1','ns2','default','other'])}")
    if maybe(0.4): f.append(f"commonLabels:\n  l{level}: {pick(['a','b',Q1])}")
    if maybe(0.3): f.append(f"labels:\n- pairs:\n    lab{level}: v\n  includeSelectors: {pick(['true','false'])}\n  includeTemplates: {pick(['true','false'])}")
    if maybe(0.3): f.append(f"commonAnnotations:\n  a{level}: {pick(['x',Q2])}")
    if maybe(0.3): f.append(f"images:\n- name: {pick(['nginx','redis','registry.io/team/app'])}\n  " + pick([NT, 'newName: mirror/x', 'digest: sha256:def', 'tagSuffix: -dbg']))
    cms = [n for (k, n) in KNOWN if k == 'ConfigMap']
    deps = [n for (k, n) in KNOWN if k in ('Deployment', 'StatefulSet')]
    if maybe(0.3):
        if level == 1 and cms and maybe(0.6):
            gname, beh = pick(cms), pick(['merge', 'replace'])
        else:
            gname, beh = 'gen' + str(level) + pick(names), 'create'
            KNOWN.add(('ConfigMap', gname))
        f.append("configMapGenerator:\n- name: " + gname + "\n  behavior: " + beh + "\n  literals:\n  - k=" + pick(['1','v','x y']) + ("\n  options:\n    disableNameSuffixHash: true" if maybe(0.3) else ""))
    if maybe(0.2): f.append("secretGenerator:\n- name: sec" + str(level) + pick(names) + "\n  literals:\n  - k=s")
    if deps and maybe(0.3): f.append("replicas:\n- name: " + pick(deps) + "\n  count: 7")
    if deps and maybe(0.35):
        d = pick(deps)
        kind = [k for (k, n) in KNOWN if n == d and k in ('Deployment', 'StatefulSet')][0]
        style = R.randint(0, 2)
        if style == 0:
            f.append("patches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: " + kind + "\n    metadata:\n      name: " + d + "\n    spec:\n      template:\n        spec:\n          containers:\n          - name: main\n            env:\n            - name: PATCHED\n              value: \"" + str(level) + "\"")
        elif style == 1:
            f.append("patches:\n- target:\n    kind: " + kind + "\n  patch: |-\n    - op: add\n      path: /metadata/annotations\n      value:\n        patched: json" + str(level))
        else:
            f.append("patches:\n- target:\n    labelSelector: app=" + d + "\n  patch: |-\n    apiVersion: apps/v1\n    kind: " + kind + "\n    metadata:\n      name: ignored\n    spec:\n      replicas: 9")
    return f


def generate(seed, out_dir):
    global R, out, KNOWN
    R = random.Random(seed)
    out = out_dir
    KNOWN = set()
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    if maybe(0.3):
        w('comp/kustomization.yaml', "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n" + "\n".join(fields(3)) + "\n")
        COMP = "components:\n- ../comp\n"
    else:
        COMP = ""
    w('base/resources.yaml', res_pool('b'))
    w('base/kustomization.yaml', "resources:\n- resources.yaml\n" + "\n".join(fields(0)) + "\n")
    if maybe(0.5):
        w('base2/resources.yaml', res_pool('c'))
        w('base2/kustomization.yaml', "resources:\n- resources.yaml\n" + "\n".join(fields(2)) + "\n")
        res = "resources:\n- ../base\n- ../base2\n"
    else:
        res = "resources:\n- ../base\n"
    w('overlay/kustomization.yaml', res + COMP + "\n".join(fields(1)) + "\n")


def main():
    first, last = int(sys.argv[1]), int(sys.argv[2])
    binary = sys.argv[sys.argv.index("--bin") + 1] if "--bin" in sys.argv else "target/release/krender"
    here = os.path.dirname(os.path.abspath(__file__))
    oracle = os.path.join(here, "..", "..", "shared", "oracle", "kustomize")
    work = tempfile.mkdtemp(prefix="kfuzz-")
    counts = {"same": 0, "both fail": 0}
    for seed in range(first, last + 1):
        d = os.path.join(work, str(seed))
        generate(seed, d)
        o = subprocess.run([oracle, "build", os.path.join(d, "overlay")], capture_output=True)
        k = subprocess.run([binary, "build", os.path.join(d, "overlay")], capture_output=True)
        if o.returncode and k.returncode:
            counts["both fail"] += 1
        elif o.returncode or k.returncode:
            print(f"seed {seed}: exit {o.returncode} (kustomize) vs {k.returncode} (krender) in {d}")
            continue
        elif o.stdout != k.stdout:
            print(f"seed {seed}: outputs differ in {d}")
            continue
        else:
            counts["same"] += 1
        shutil.rmtree(d)
    print(counts)


if __name__ == "__main__":
    main()
