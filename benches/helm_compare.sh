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

# Wall time: the binary alone, started straight from this shell (arguments read once, no
# time(1) or subshell in the measured interval), best of RUNS; CPU and peak memory from time(1)
# in separate runs.
read -ra ARGS <"$CASE/args"
best_ms=999999999 best_cpu=999999999 rss=0
pushd "$CASE" >/dev/null
for _ in $(seq "$RUNS"); do
  t0=$EPOCHREALTIME
  "$BIN" template "${ARGS[@]}" >/dev/null 2>&1 || true
  t1=$EPOCHREALTIME
  ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", (b-a)*1000}')
  best_ms=$(awk -v a="$ms" -v b="$best_ms" 'BEGIN{print (a < b) ? a : b}')
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$BIN" template "${ARGS[@]}" >/dev/null 2>&1 || true
  read -r _ user sys kb < <(tail -n 1 "$WORK/time")
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%d", (u+s)*1000}')
  [ "$cpu" -lt "$best_cpu" ] && best_cpu=$cpu
  [ "$kb" -gt "$rss" ] && rss=$kb
done
popd >/dev/null
echo "krender template (whole process): ${best_ms} ms wall, ${best_cpu} ms CPU (user+sys, 10 ms resolution), max RSS $((rss / 1024)) MB"

if [ -x "$PY" ]; then
  "$PY" benches/helm_sdk_render.py "$CHART" "$CASE/values.yaml" "$RUNS" >"$WORK/sdk"
  sed 's/^/helm SDK in-process: /' "$WORK/sdk"
  awk -v kw="$best_ms" -v kc="$best_cpu" '
    /^load_ms/ {l=$2} /^render_ms/ {r=$2} /^cpu_ms/ {c=$2}
    END {printf "ratio (SDK load+render / krender): wall %.1fx, CPU %.1fx\n", (l+r)/kw, (kc > 0 ? c/kc : 0)}' "$WORK/sdk"
else
  echo "helm SDK: $PY not found (run ../shared/oracle/helm once to create the oracle's virtualenv)" >&2
fi
