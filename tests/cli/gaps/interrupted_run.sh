#!/usr/bin/env bash
# A run's files are one set. Every run here writes over a complete earlier set; afterwards the
# folder must hold that set untouched or the whole new one, never a mix or a partial file:
#  1. Ctrl-C as the n-th file is complete (a test hook raises SIGINT), for every n: exit 130, the
#     line "no result file was changed", the earlier set byte for byte, nothing left beside it;
#  2. SIGKILL, SIGTERM and SIGINT sent at times spread over runs slowed by a test hook;
#  3. a re-run with fewer files replaces the set whole; files roisc did not write are kept.
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
sums() { (cd "$1" && ls -A | sort | while read -r f; do md5sum "$f"; done); }

gaps=(-q gaps -f NA --name interrupted)
"$ROISC" "${gaps[@]}" --beyond 2mi --out "$WORK/previous" >/dev/null 2>&1 || fail "the first run failed"
files=$(ls "$WORK/previous" | wc -l)
[ "$files" -ge 7 ] || fail "the first run wrote $files files"
[ -f "$WORK/previous/.roisc-files" ] || fail "no .roisc-files list in the result folder"
sums "$WORK/previous" > "$WORK/previous.sums"

# 1. Ctrl-C after each file in turn.
for n in $(seq 1 "$files"); do
  out="$WORK/int-$n/results"
  mkdir -p "$WORK/int-$n"
  cp -rp "$WORK/previous" "$out"
  set +e
  ROISC_TEST_INTERRUPT_AFTER=$n "$ROISC" "${gaps[@]}" --beyond 1mi --out "$out" >/dev/null 2>"$WORK/stderr"
  code=$?
  set -e
  [ "$code" -eq 130 ] || fail "Ctrl-C after file $n: exit $code, expected 130: $(cat "$WORK/stderr")"
  grep -q "interrupted; no result file was changed" "$WORK/stderr" || fail "Ctrl-C after file $n: $(cat "$WORK/stderr")"
  sums "$out" | cmp -s - "$WORK/previous.sums" || fail "Ctrl-C after file $n changed the earlier set: $(ls -A "$out")"
  [ "$(ls -A "$WORK/int-$n")" = results ] || fail "Ctrl-C after file $n left $(ls -A "$WORK/int-$n")"
done

# 2. Signals at times spread over slowed runs (each file waits 0.12 s before it is staged).
export ROISC_TEST_SLOW_WRITES=0.12
marker=$WORK/marker
kills=0
before=0
for delay in 0.3 1 3; do
  for signal in KILL TERM INT; do
    out="$WORK/run-$signal-$delay/results"
    mkdir -p "$(dirname "$out")"
    cp -rp "$WORK/previous" "$out"
    touch -d '-1 min' "$out"/* "$out"/.roisc-files
    touch "$marker"
    sleep 0.05
    "$ROISC" "${gaps[@]}" --beyond 1mi --out "$out" >/dev/null 2>"$WORK/stderr" &
    pid=$!
    sleep "$delay"
    killed=0
    if kill -s "$signal" "$pid" 2>/dev/null; then kills=$((kills + 1)); killed=1; fi
    set +e; wait "$pid"; code=$?; set -e
    check_complete "$out"
    [ "$(ls "$out" | wc -l)" -eq "$files" ] || fail "$signal after ${delay}s: $(ls "$out")"
    renewed=$(find "$out" -maxdepth 1 -type f -newer "$marker" | wc -l)
    if [ "$renewed" -ne 0 ] && [ "$renewed" -ne $((files + 1)) ]; then
      fail "$signal after ${delay}s left a mix: $renewed of $((files + 1)) files new"
    fi
    [ "$renewed" -ne 0 ] || sums "$out" | cmp -s - "$WORK/previous.sums" || fail "$signal after ${delay}s changed the set"
    if [ "$killed" = 1 ] && [ "$renewed" -eq 0 ]; then before=$((before + 1)); fi
    if [ "$signal" = INT ] && [ "$killed" = 1 ] && [ "$renewed" -eq 0 ]; then
      [ "$code" -eq 130 ] || fail "SIGINT: exit $code, expected 130"
      grep -q "interrupted; no result file was changed" "$WORK/stderr" || fail "SIGINT: $(cat "$WORK/stderr")"
    fi
    if [ "$signal" != KILL ] && [ "$(ls -A "$(dirname "$out")")" != results ]; then
      fail "SIG$signal left $(ls -A "$(dirname "$out")")"
    fi
    if [ "$signal" = KILL ]; then
      # A killed run cannot clean up; the next run into the folder removes what it left.
      "$ROISC" "${gaps[@]}" --beyond 1mi --out "$out" >/dev/null 2>&1 || fail "the run after SIGKILL failed"
      [ "$(ls -A "$(dirname "$out")")" = results ] || fail "the run after SIGKILL left $(ls -A "$(dirname "$out")")"
    fi
  done
done
unset ROISC_TEST_SLOW_WRITES
[ "$before" -gt 0 ] || fail "no run was interrupted before its files were in place"

# 2b. The handler runs on one thread while others write (the GeoPackage and a GeoJSON on their own
# threads): with it slowed between removing files and removing the staging folder, no thread may
# add a file meanwhile. The signal goes to the process, and to a writer thread by its id.
for delay in 0.15 0.3 0.45 0.6; do
  for signal in TERM INT; do
    out="$WORK/slow-$signal-$delay/results"
    mkdir -p "$(dirname "$out")"
    cp -rp "$WORK/previous" "$out"
    ROISC_TEST_SLOW_WRITES=0.08 ROISC_TEST_SLOW_CLEANUP=0.3 "$ROISC" "${gaps[@]}" --beyond 1mi --out "$out" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    to=$(ls "/proc/$pid/task" 2>/dev/null | grep -vx "$pid" | head -1 || true)
    kill -s "$signal" "${to:-$pid}" 2>/dev/null || kill -s "$signal" "$pid" 2>/dev/null || true
    set +e; wait "$pid"; set -e
    check_complete "$out"
    [ "$(ls -A "$(dirname "$out")")" = results ] || fail "SIG$signal after ${delay}s (thread ${to:-main}) left $(ls -A "$(dirname "$out")")"
  done
done

# 3. A re-run with other files replaces the set whole; a file of the user's is kept and named.
out="$WORK/rerun"
cp -rp "$WORK/previous" "$out"
"$ROISC" -q gaps -f NA --beyond 1mi --name other --out "$out" >/dev/null 2>&1 || fail "the re-run failed"
[ ! -e "$out/interrupted.gpkg" ] || fail "the re-run left the earlier set's interrupted.gpkg"
[ -e "$out/other.gpkg" ] || fail "the re-run wrote no other.gpkg"
[ "$(ls "$out" | wc -l)" -eq "$files" ] || fail "after the re-run: $(ls "$out")"
echo "mine" > "$out/notes.txt"
"$ROISC" gaps -f NA --beyond 2mi --name third --out "$out" >/dev/null 2>"$WORK/stderr" || fail "the third run failed"
[ "$(cat "$out/notes.txt")" = mine ] || fail "the user's notes.txt was not kept"
[ ! -e "$out/other.gpkg" ] || fail "the third run left the earlier set's other.gpkg"
grep -q "1 file this run did not write (notes.txt)" "$WORK/stderr" || fail "notes.txt not named: $(cat "$WORK/stderr")"
# map: a run without --per-town into the folder of a --per-town run leaves only its own sheet.
out="$WORK/map"
"$ROISC" -q map -f NA --beyond 2mi --per-town --formats svg --out "$out" >/dev/null 2>&1 || fail "map --per-town failed"
[ -e "$out/oldbury.svg" ] || fail "map --per-town drew no oldbury.svg: $(ls "$out")"
"$ROISC" -q map -f NA --beyond 2mi --formats svg --out "$out" >/dev/null 2>&1 || fail "map failed"
[ "$(ls "$out" | tr '\n' ' ')" = "metadata.json sandwell.svg " ] || fail "map left $(ls "$out")"
echo "$files files a run; Ctrl-C after each of them left the earlier set; $kills runs signalled, $before before" \
     "their set was in place: each left the old set or the new one; re-runs replace the set whole"
