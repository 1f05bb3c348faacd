CM = """apiVersion: v1
kind: ConfigMap
metadata:
  name: d
data:
  a: "1"
  b: x
list:
- 1
- 2.5
- "three"
- {k: v}
big: 1000000
small: 0.000001
flt: 1.0
t: true
n: null
"""
CASES = [
 ("add_field", CM, "- op: add\n  path: /data/c\n  value: new\n"),
 ("add_yaml11_bool", CM, "- op: add\n  path: /data/c\n  value: yes\n"),
 ("add_array_index", CM, "- op: add\n  path: /list/1\n  value: x\n"),
 ("add_array_end", CM, "- op: add\n  path: /list/-\n  value: {x: [1]}\n"),
 ("add_array_len", CM, "- op: add\n  path: /list/4\n  value: last\n"),
 ("add_array_negative", CM, "- op: add\n  path: /list/-1\n  value: neg\n"),
 ("add_array_out_of_range", CM, "- op: add\n  path: /list/9\n  value: x\n"),
 ("add_missing_parent", CM, "- op: add\n  path: /nope/x\n  value: 1\n"),
 ("add_no_value", CM, "- op: add\n  path: /data/c\n"),
 ("remove_field", CM, "- op: remove\n  path: /data/a\n"),
 ("remove_missing", CM, "- op: remove\n  path: /data/zz\n"),
 ("remove_array", CM, "- op: remove\n  path: /list/0\n"),
 ("replace_field", CM, "- op: replace\n  path: /data/b\n  value: 42\n"),
 ("replace_missing_key_adds", CM, "- op: replace\n  path: /data/zz\n  value: z\n"),
 ("replace_array_oob", CM, "- op: replace\n  path: /list/7\n  value: z\n"),
 ("move", CM, "- op: move\n  from: /data/a\n  path: /data/moved\n"),
 ("copy", CM, "- op: copy\n  from: /list/3\n  path: /data2\n"),
 ("test_ok", CM, "- op: test\n  path: /data/b\n  value: x\n- op: add\n  path: /data/c\n  value: ok\n"),
 ("test_fail", CM, "- op: test\n  path: /data/b\n  value: y\n"),
 ("test_number", CM, "- op: test\n  path: /flt\n  value: 1\n"),
 ("escaped_pointer", CM.replace("  b: x\n", "  b: x\n  a/b: s\n  t~x: t\n"), "- op: replace\n  path: /data/a~1b\n  value: S\n- op: remove\n  path: /data/t~0x\n"),
 ("json_ops", CM, '[{"op": "add", "path": "/data/j", "value": {"q": [true, null, 1.5]}}]'),
 ("unknown_op", CM, "- op: frob\n  path: /data\n"),
 ("no_leading_slash", CM, "- op: add\n  path: data/zz\n  value: top\n"),
 ("numbers_roundtrip", CM, "- op: add\n  path: /data/c\n  value: c\n"),
 ("replace_root", CM, "- op: replace\n  path: \"\"\n  value: {apiVersion: v1, kind: ConfigMap, metadata: {name: d}, data: {x: y}}\n"),
]
