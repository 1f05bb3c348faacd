#!/usr/bin/env python3
"""Times the Helm v4.2.3 Go SDK rendering a chart in-process (through helm-python-sdk, the
library behind ../shared/oracle/helm), as benches/helm_compare.sh compares it with krender.
Run with the oracle's Python (~/.cache/helm-oracle/bin/python3):

  helm_sdk_render.py CHART VALUES.yaml RUNS

Prints two lines, best of RUNS in milliseconds: `load_ms` (Chart.load of the directory) and
`render_ms` (the engine render of the loaded chart with the values: dependencies, values
coalescing, schema validation, every template). Python's own start-up is not counted."""
import json, sys, time
import helm_python as h
from helm_python import _native

chart_dir, values_file, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
values = h.values_from_yaml(open(values_file).read())
best_load = best_render = float("inf")
for _ in range(runs):
    t0 = time.perf_counter()
    chart = h.Chart.load(chart_dir)
    t1 = time.perf_counter()
    out = _native.call_string("helm_render", chart._raw(), json.dumps(values), json.dumps({"name": "kps", "namespace": "default"}))
    t2 = time.perf_counter()
    assert len(json.loads(out)) > 0
    chart.close()
    best_load = min(best_load, (t1 - t0) * 1000)
    best_render = min(best_render, (t2 - t1) * 1000)
print("load_ms %.1f" % best_load)
print("render_ms %.1f" % best_render)
