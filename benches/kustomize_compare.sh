#!/usr/bin/env bash
# Process-to-process comparison of `krender build` (release binary) with the reference kustomize
# (../shared/oracle/kustomize build): best wall time of RUNS runs and peak RSS (/usr/bin/time -v),
# on
#   - the generated overlays of 1k/2k/3k/4k resources (benches/gen_overlay.py), and
#   - the SLOWEST slowest successful builds of the kustomize corpus (../shared/corpus/kustomize),
#     found by timing the oracle once on every case; the corpus is read in place, never copied.
# Outputs are compared byte for byte; a difference is reported on stderr.
#   benches/kustomize_compare.sh              everything
#   SIZES="1000 3000" SLOWEST=3 RUNS=3 benches/kustomize_compare.sh
#   SKIP_CORPUS=1 / SKIP_OVERLAYS=1           one half only
# The oracle takes minutes on the 3k and 4k overlays (it is superlinear); ORACLE_RUNS (default 1)
# bounds its runs on the overlays.
set -euo pipefail
cd "$(dirname "$0")/.."
ORACLE=${ORACLE:-../shared/oracle/kustomize}
CORPUS=${CORPUS:-../shared/corpus/kustomize}
BIN=target/release/krender
RUNS=${RUNS:-5}
ORACLE_RUNS=${ORACLE_RUNS:-1}
SIZES=${SIZES:-1000 2000 3000 4000}
SLOWEST=${SLOWEST:-5}
cargo build --release -q
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "# $(date -u +%FT%TZ) $(nproc) cores, load:$(uptime | sed 's/.*load average://')"

measure() { # RUNS CMD...: "best_wall_us max_peak_rss_kb" over RUNS runs (wall time from bash's
  # microsecond clock around /usr/bin/time, whose own figure has 10 ms steps)
  local runs=$1 best=999999999 rss=0
  shift
  for _ in $(seq "$runs"); do
    local t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$WORK/time" "$@" >/dev/null 2>&1 || true
    local t1=$EPOCHREALTIME kb us
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time")
    us=$(( (${t1/./} - ${t0/./}) ))
    [ "$us" -lt "$best" ] && best=$us
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  echo "$best $rss"
}

row() { # NAME DIR: one table row
  local name=$1 dir=$2 k o
  if ! cmp -s <("$BIN" build "$dir" 2>/dev/null) <("$ORACLE" build "$dir" 2>/dev/null); then
    echo "WARNING: outputs differ for $name" >&2
  fi
  k=$(measure "$RUNS" "$BIN" build "$dir")
  o=$(measure "${3:-$RUNS}" "$ORACLE" build "$dir")
  awk -v n="$name" -v k="$k" -v o="$o" 'BEGIN{
    split(k, a, " "); split(o, b, " ");
    printf "%-64s %10.1f %7.1f %12.1f %7.1f %8.1fx %6.1fx\n", n, a[1]/1000, a[2]/1024, b[1]/1000, b[2]/1024,
      b[1]/(a[1] ? a[1] : 1), b[2]/(a[2] ? a[2] : 1) }'
}

header() {
  printf "%-64s %10s %7s %12s %7s %9s %7s\n" "$1" krender_ms MB kustomize_ms MB speed mem
}

if [ -z "${SKIP_OVERLAYS:-}" ]; then
  header "generated overlay (resources)"
  for n in $SIZES; do
    python3 benches/gen_overlay.py "$n" "$WORK/o$n"
    row "overlay-$n" "$WORK/o$n/overlay" "$ORACLE_RUNS"
    rm -rf "$WORK/o$n"
  done
fi

if [ -z "${SKIP_CORPUS:-}" ]; then
  # One oracle run per successful case, slowest first.
  : >"$WORK/times"
  for c in "$CORPUS"/*/*/; do
    [ -f "$c/expected.yaml" ] || continue
    d="$c/in/$(cat "$c/build-dir")"
    read -r ms _ < <(measure 1 "$ORACLE" build "$d")
    echo "$ms ${c%/}" >>"$WORK/times"
  done
  header "slowest corpus builds (of $(wc -l <"$WORK/times"))"
  sort -rn "$WORK/times" | head -n "$SLOWEST" | while read -r _ c; do
    name=${c#"$CORPUS"/}
    row "${name:0:64}" "$c/in/$(cat "$c/build-dir")"
  done
fi
