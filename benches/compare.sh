#!/usr/bin/env bash
# Side-by-side timing of `krender build` and the reference kustomize (../shared/oracle/kustomize)
# on generated inputs, in one run. Prints wall time (best of N) and peak RSS for each.
#   benches/compare.sh [PAIRS...]       default: 500 2000
set -euo pipefail
cd "$(dirname "$0")/.."
ORACLE=../shared/oracle/kustomize
BIN=target/release/krender
RUNS=${RUNS:-5}
cargo build --release -q
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

gen() { # PAIRS DIR: one resources file with PAIRS Deployment+Service pairs
  mkdir -p "$2"
  python3 - "$1" "$2" <<'PY'
import sys
n, d = int(sys.argv[1]), sys.argv[2]
doc = open("benches/gen.rs").read()
tmpl = doc[doc.index('r#"') + 3: doc.index('"#,')].replace("{{", "{").replace("}}", "}")
with open(f"{d}/all.yaml", "w") as f:
    for i in range(n):
        f.write(tmpl.replace("{i}", str(i)).replace("{ns}", str(i % 7)).replace("{r}", str(1 + i % 3)).replace("{cpu: 500m, memory: 512Mi}", "{cpu: 500m, memory: 512Mi}"))
with open(f"{d}/kustomization.yaml", "w") as f:
    f.write("resources:\n- all.yaml\n")
PY
}

best() { # CMD...: best wall time in ms over RUNS, and max RSS in MB
  local best_ms=999999999 rss=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>/dev/null
    local out ms kb
    out=$(tail -n 1 "$WORK/time")
    ms=$(awk -v t="${out% *}" 'BEGIN{printf "%d", t*1000}')
    kb=${out#* }
    [ "$ms" -lt "$best_ms" ] && best_ms=$ms
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  echo "$best_ms $((rss / 1024))"
}

printf "%-8s %-10s %12s %10s %12s %10s %8s\n" pairs input krender_ms rss_MB kustomize_ms rss_MB speedup
for n in "${@:-500 2000}"; do
  for pairs in $n; do
    d="$WORK/p$pairs"
    gen "$pairs" "$d"
    size=$(du -h "$d/all.yaml" | cut -f1)
    cmp <("$BIN" build "$d") <("$ORACLE" build "$d") >/dev/null || echo "WARNING: outputs differ for $pairs pairs" >&2
    read -r k_ms k_rss < <(best "$BIN" build "$d")
    read -r o_ms o_rss < <(best "$ORACLE" build "$d")
    speed=$(awk -v a="$o_ms" -v b="$k_ms" 'BEGIN{ if (b==0) b=1; printf "%.1fx", a/b }')
    printf "%-8s %-10s %12s %10s %12s %10s %8s\n" "$pairs" "$size" "$k_ms" "$k_rss" "$o_ms" "$o_rss" "$speed"
  done
done
