#!/usr/bin/env bash
# Every case of the kustomize corpus built by ONE `krender render-all` process (shared parsed-file
# and built-base caches, parallel), each output compared with the case's expected.yaml (cases
# expecting an error must produce no output). Checks that sharing caches across builds changes
# no byte.
#   tools/render-all-corpus.sh [CORPUS]   default ../shared/corpus/kustomize
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=$(realpath "${1:-../shared/corpus/kustomize}")
BIN=$(realpath target/release/krender)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
: >"$WORK/apps"
while read -r bd; do
  c=${bd#"$CORPUS"/}; c=${c%/build-dir}
  mkdir -p "$WORK/tree/$c"
  if [ -d "$CORPUS/$c/in" ]; then cp -a "$CORPUS/$c/in" "$WORK/tree/$c/in"; else mkdir -p "$WORK/tree/$c/in"; fi
  echo "$c/in/$(cat "$bd")" >>"$WORK/apps"
done < <(find "$CORPUS" -name build-dir | sort)
"$BIN" render-all "$WORK/tree" --apps-from "$WORK/apps" -o "$WORK/out" 2>/dev/null || true
pass=0; fail=0
while read -r app; do
  c=${app%%/in/*}; c=${c%/in}; id=${app%/.}
  if [ -f "$CORPUS/$c/expected.yaml" ]; then
    if cmp -s "$CORPUS/$c/expected.yaml" "$WORK/out/$id.yaml"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "differs: $c"; fi
  elif [ -f "$WORK/out/$id.yaml" ]; then fail=$((fail + 1)); echo "should fail: $c"
  else pass=$((pass + 1)); fi
done <"$WORK/apps"
echo "$pass passed, $fail failed"
