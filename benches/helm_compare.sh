#!/usr/bin/env bash
# Times `krender template` (the whole process: chart loading, dependencies, values, schema,
# rendering, manifest sorting, output) on kube-prometheus-stack from the shared corpus, against
# the Helm v4.2.3 SDK rendering the same chart in-process (benches/helm_sdk_render.py, in the
# oracle's virtualenv), best of RUNS each, and checks krender's output against the corpus.
#   benches/helm_compare.sh            RUNS=10 by default
# The chart and values are read from ../shared/corpus/helm at run time (not copied).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
CASE=../shared/corpus/helm/cases/kube-prometheus-stack__default
CHART=../shared/corpus/helm/charts/kube-prometheus-stack
PY=${HELM_ORACLE_PYTHON:-$HOME/.cache/helm-oracle/bin/python3}
cargo build --release -q
BIN=$PWD/target/release/krender
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

(cd "$CASE" && "$BIN" template $(cat args) >"$WORK/out.yaml" 2>"$WORK/err.txt") && status=0 || status=$?
if [ "$status" -ne 0 ]; then
  echo "NOTE: krender failed on the case (timing the failing run): $(tail -c 300 "$WORK/err.txt")" >&2
elif ! cmp -s "$WORK/out.yaml" "$CASE/expected.yaml"; then
  echo "WARNING: krender's output differs from the corpus" >&2
fi

best_ms=999999999 rss=0
for _ in $(seq "$RUNS"); do
  (cd "$CASE" && /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" template $(cat args) >/dev/null 2>&1) || true
  out=$(tail -n 1 "$WORK/time")
  ms=$(awk -v t="${out% *}" 'BEGIN{printf "%d", t*1000}')
  kb=${out#* }
  [ "$ms" -lt "$best_ms" ] && best_ms=$ms
  [ "$kb" -gt "$rss" ] && rss=$kb
done
echo "krender template (whole process): ${best_ms} ms, max RSS $((rss / 1024)) MB"

if [ -x "$PY" ]; then
  "$PY" benches/helm_sdk_render.py "$CHART" "$CASE/values.yaml" "$RUNS" | sed 's/^/helm SDK in-process: /'
else
  echo "helm SDK: $PY not found (run ../shared/oracle/helm once to create the oracle's virtualenv)" >&2
fi
