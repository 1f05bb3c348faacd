DEP = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
      - name: a
        image: a:1
        ports:
        - containerPort: 80
          protocol: TCP
        - containerPort: 81
        env:
        - name: X
          value: "1"
        - name: Y
          value: "2"
      - name: b
        image: b:1
      volumes:
      - name: v1
        emptyDir: {}
      - name: v2
        configMap:
          name: cm
"""
def P(body):
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n" + body
CASES = [
 ("container_image", DEP, P("spec:\n  template:\n    spec:\n      containers:\n      - name: b\n        image: b:2\n")),
 ("container_add", DEP, P("spec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: c:1\n")),
 ("container_delete", DEP, P("spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        $patch: delete\n")),
 ("containers_replace", DEP, P("spec:\n  template:\n    spec:\n      containers:\n      - name: z\n        image: z\n      - $patch: replace\n")),
 ("env_merge", DEP, P("spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        env:\n        - name: Y\n          value: \"3\"\n        - name: Z\n          value: z\n")),
 ("port_no_protocol", DEP, P("spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        ports:\n        - containerPort: 80\n          name: http\n")),
 ("port_new", DEP, P("spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        ports:\n        - containerPort: 90\n          protocol: UDP\n")),
 ("volume_replace_emptydir", DEP, P("spec:\n  template:\n    spec:\n      volumes:\n      - name: v1\n        emptyDir: null\n        persistentVolumeClaim:\n          claimName: pvc\n")),
 ("volume_map_replace", DEP, P("spec:\n  template:\n    spec:\n      volumes:\n      - name: v2\n        configMap:\n          $patch: replace\n          name: other\n")),
 ("null_deletes", DEP, P("spec:\n  template:\n    spec:\n      volumes: null\n")),
 ("map_delete", DEP, P("spec:\n  template:\n    $patch: delete\n")),
 ("whole_delete", DEP, P("$patch: delete\n")),
 ("args_replace", DEP.replace("image: a:1", "image: a:1\n        args: [x, y]"), P("spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        args: [z]\n")),
 ("finalizers", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  finalizers: [a, b]\n", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  finalizers: [c, a]\n"),
 ("crd_list_replace", "apiVersion: ex.com/v1\nkind: Foo\nmetadata:\n  name: d\nspec:\n  items:\n  - name: a\n    v: 1\n  - name: b\n", "apiVersion: ex.com/v1\nkind: Foo\nmetadata:\n  name: d\nspec:\n  items:\n  - name: b\n    v: 2\n  x: {y: 1}\n"),
 ("set_element_order", DEP, P("spec:\n  template:\n    spec:\n      $setElementOrder/containers:\n      - name: b\n      - name: a\n")),
 ("retain_keys", DEP, P("spec:\n  strategy:\n    $retainKeys: [type]\n    type: Recreate\n")),
 ("delete_from_primitive", DEP, P("spec:\n  template:\n    spec:\n      $deleteFromPrimitiveList/finalizers: [a]\n")),
 ("new_subtree_with_null", DEP, P("spec:\n  selector:\n    matchLabels:\n      a: null\n      b: x\n")),
 ("keep_target_null", DEP.replace("kind: Deployment", "kind: Deployment\nfoo: null\nbar:\nbaz: ~"), P("spec:\n  replicas: 3\n")),
 ("list_element_without_key", DEP.replace("      - name: b\n        image: b:1\n", "      - image: b:1\n"), P("spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: a:2\n")),
 ("scalar_to_map_error", DEP, P("spec:\n  template: 3\n")),
 ("unknown_directive", DEP, P("spec:\n  template:\n    $patch: foo\n")),
 ("service_ports", "apiVersion: v1\nkind: Service\nmetadata:\n  name: d\nspec:\n  ports:\n  - port: 80\n    targetPort: 8080\n  - port: 443\n    protocol: TCP\n", "apiVersion: v1\nkind: Service\nmetadata:\n  name: d\nspec:\n  ports:\n  - port: 443\n    targetPort: 8443\n  - port: 22\n"),
 ("list_delete_all", DEP, P("spec:\n  template:\n    spec:\n      volumes:\n      - $patch: delete\n")),
 ("nested_new_list_directive", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n", P("spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: x\n      - name: b\n        $patch: delete\n")),
 ("int_keys_and_types", DEP, P("spec:\n  replicas: \"3\"\n  template:\n    metadata:\n      labels:\n        on: yes\n        n: 1\n")),
 ("crd_list_directive_kept", "apiVersion: ex.com/v1\nkind: Foo\nmetadata:\n  name: d\nspec:\n  items: [a, b]\n  m: {x: 1, y: 2}\n", "apiVersion: ex.com/v1\nkind: Foo\nmetadata:\n  name: d\nspec:\n  items:\n  - $patch: replace\n  - c\n  m:\n    $patch: replace\n    z: 3\n"),
 ("crd_map_delete_and_null", "apiVersion: ex.com/v1\nkind: Foo\nmetadata:\n  name: d\nspec:\n  a: {x: 1}\n  b: {y: 2}\n  c: 3\n", "apiVersion: ex.com/v1\nkind: Foo\nmetadata:\n  name: d\nspec:\n  a:\n    $patch: delete\n  c: null\n  d:\n    e: null\n    f: [1]\n"),
 ("map_to_scalar_type_change", DEP, P("spec:\n  replicas: {a: 1}\n")),
 ("list_to_map_error", DEP, P("spec:\n  template:\n    spec:\n      containers: {name: a}\n")),
 ("list_new_with_null_elements", DEP, P("spec:\n  template:\n    spec:\n      imagePullSecrets:\n      - name: a\n      - null\n      - {}\n")),
 ("primitive_list_merge_duplicates", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  finalizers: [a, a, b]\n", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  finalizers: [b, c, c]\n"),
 ("ports_multi_key_mix", DEP, P("spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        ports:\n        - containerPort: 81\n          protocol: UDP\n        - containerPort: 80\n        - containerPort: 80\n          protocol: UDP\n")),
]
