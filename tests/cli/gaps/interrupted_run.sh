#!/usr/bin/env bash
# A run killed halfway leaves no partial output: every result file present is complete (it was
# renamed into place whole), and SIGTERM/SIGINT also remove the temporaries.
set -euo pipefail
ROISC=${1:?usage: interrupted_run.sh ROISC}
WORK=$(mktemp -d /tmp/roisc-kill.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

check_complete() {  # every visible file must be whole
  local dir=$1
  [ -d "$dir" ] || return 0
  for f in "$dir"/*; do
    [ -e "$f" ] || continue
    case "$f" in
      *.geojson|*.json) python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$f" || fail "partial JSON: $f" ;;
      *.gpkg) ogrinfo -ro -q "$f" >/dev/null 2>&1 || fail "unreadable GeoPackage: $f" ;;
      *.csv) [ "$(tail -c 2 "$f" | od -An -c | tr -d ' ')" = '\r\n' ] || fail "CSV not ended: $f" ;;
      *.qml) python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" "$f" || fail "partial QML: $f" ;;
    esac
  done
}

# Each file waits 0.12 s between being complete and being renamed into place (a test hook), so
# signals sent over the run land before, during and after the writes.
export ROISC_TEST_SLOW_WRITES=0.12
kills=0
midway=0
for delay in 0.3 0.6 0.9 1.2 1.5; do
  for signal in KILL TERM; do
    out="$WORK/run-$signal-$delay"
    "$ROISC" -q gaps -f NA --beyond 1mi --out "$out" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    if kill -s "$signal" "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2>/dev/null || true
    check_complete "$out"
    n=0
    if [ -d "$out" ]; then n=$(ls "$out" | wc -l); fi
    if [ "$n" -gt 0 ] && [ "$n" -lt 8 ]; then midway=$((midway + 1)); fi
    if [ "$signal" = TERM ] && [ -d "$out" ] && ls -A "$out" | grep -q '^\.'; then
      fail "SIGTERM left temporaries in $out: $(ls -A "$out")"
    fi
  done
done
[ "$midway" -gt 0 ] || fail "no run was interrupted while writing its files"
echo "interrupted $kills runs, $midway of them while writing: no partial file left"
