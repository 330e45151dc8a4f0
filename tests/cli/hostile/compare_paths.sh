#!/usr/bin/env bash
# Hostile demand layers read both ways (docs/robustness.md, "Hostile demand layers"): every case
# that make_cases.py writes is run through `gaps` and `coverage` once through GDAL's Arrow stream and
# once feature by feature (ROISC_TEST_NO_ARROW=1). The two runs must give the same exit code, the
# same stdout and stderr and the same files to the byte, and the exit code and the message the case
# expects. A case that stops before the Arrow stream could be tried (no such layer, no CRS, a CSV),
# or whose readings the unit tests compare in-process, is run once, for its exit code and message.
#   compare_paths.sh ROISC WORK_DIR [CASE_REGEX]
set -u
roisc=$1 work=$2 only=${3:-.}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../.." && pwd)

if ! /usr/bin/python3 -c "from osgeo import ogr" 2>/dev/null; then
  echo "compare_paths: needs Debian's python3-gdal (scripts/install-deps.sh)" >&2
  exit 1
fi
/usr/bin/python3 "$here/make_cases.py" "$work/cases" "$src/layers/sandwell" >/dev/null || exit 1

failures=0 checked=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# One run: exit code, stdout, stderr and the files, into $work/runs/<case>.<command>.<way>.
run() {
  local case=$1 command=$2 way=$3
  local dir=$work/runs/$case.$command.$way out=$work/runs/out.$way
  rm -rf "$dir" "$out"
  mkdir -p "$dir"
  local args=(gaps --beyond 2mi -f NA)
  [ "$command" = coverage ] && args=(coverage --within 2mi -f NA)
  local hook=(env -u ROISC_TEST_NO_ARROW)
  [ "$way" = features ] && hook=(env ROISC_TEST_NO_ARROW=1)
  # A bounded run: a reader that loops on a damaged file (as one did) fails the case, not the machine.
  (ulimit -v 4000000; timeout 60 "${hook[@]}" "$roisc" -m "$work/cases/$case/manifest.toml" "${args[@]}" --out "$out") \
    >"$dir/stdout" 2>"$dir/stderr"
  echo $? >"$dir/exit"
  sed -i "s|out\.$way|out|g" "$dir/stdout" "$dir/stderr"
  if [ -d "$out" ]; then mv "$out" "$dir/files"; fi
}

while read -r case exit_code ways expect; do
  [[ $case =~ $only ]] || continue
  # Both commands read the demand the same way (io/study_loader): coverage is run for a few cases
  # that load and a few that do not, gaps for every case (time: the suite's whole budget is a minute).
  commands=(gaps)
  if [[ $case =~ ^(clean_bng|null_geometry|corrupt_pages)$ ]]; then
    commands+=(coverage)
  fi
  for command in "${commands[@]}"; do
    a=$work/runs/$case.$command.arrow b=$work/runs/$case.$command.features
    if [ "$ways" = once ]; then
      run "$case" "$command" arrow
    else
      # The two ways side by side (two cores), each with its own output folder.
      run "$case" "$command" arrow &
      run "$case" "$command" features
      wait
      checked=$((checked + 1))
    fi
    if [ "$ways" = both ] && ! diff -r "$a" "$b" >"$work/runs/$case.$command.diff" 2>&1; then
      fail "$case $command: the Arrow stream and the per-feature reader differ:"
      head -20 "$work/runs/$case.$command.diff"
    fi
    got=$(cat "$a/exit")
    [ "$got" = "$exit_code" ] || { fail "$case $command: exit $got, expected $exit_code"; head -5 "$a/stderr"; }
    if [ "$expect" != "-" ]; then
      pattern=${expect//\\s/ }
      grep -Eq -- "$pattern" "$a/stderr" || { fail "$case $command: stderr lacks /$pattern/"; head -5 "$a/stderr"; }
    fi
    # An error names the file and the fix; a failed run leaves no result folder.
    if [ "$exit_code" = 3 ]; then
      grep -q "demand" "$a/stderr" || fail "$case $command: the error does not name the layer"
      [ ! -d "$a/files" ] || fail "$case $command: a failed run left files"
    fi
  done
done <"$work/cases/cases.txt"

echo "hostile: $checked pairs of runs compared, $failures failure(s)"
[ "$failures" -eq 0 ]
