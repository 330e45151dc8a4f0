#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with Debian's clang (AddressSanitizer +
# UndefinedBehaviorSanitizer) and runs each for SECONDS (default 600) on its corpus, at the lowest
# priority. A crash leaves its input as tests/fuzz/crash-* and stops the script.
#   bash scripts/fuzz.sh [SECONDS] [TARGET…]
#     targets: text csv hotspot_table meeting_guide bmlt aa_gb manifest query_file (default: all)
#     The log of each run is kept as build-fuzz/fuzz_<target>.log (execs, coverage, crashes).
#     FUZZ_TIMEOUT=N: seconds one input may take (default 10; more on a loaded machine)
#   bash scripts/fuzz.sh replay [TARGET…]        (run each corpus once; CTest does it without clang)
#   bash scripts/fuzz.sh build [TARGET…]         (only build the targets)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(text csv hotspot_table meeting_guide bmlt aa_gb manifest query_file)
command -v clang++ >/dev/null || { echo "fuzz.sh needs clang (apt-get install clang, or bash scripts/install-deps.sh)" >&2; exit 1; }
out=build-fuzz
mkdir -p "$out"
flags=(-std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Iinclude -Isrc/cli
       -isystem /usr/include/gdal -DROISC_DEFAULT_MANIFEST=\"\" -DROISC_INSTALLED_MANIFEST=\"\"
       # toml++'s internal debug assertions fire on input its parser then refuses properly ("[#"):
       # off, as in the Release build (NDEBUG); its unreachable branches still trap under UBSan.
       "-DTOML_ASSERT(expr)=static_assert(true)")
core=(src/core/text.cpp src/core/time_of_week.cpp src/core/units.cpp src/core/postcode.cpp)
feeds=("${core[@]}" src/core/crs.cpp src/model/fellowship.cpp src/io/csv.cpp src/io/meeting_feed.cpp src/io/feeds/*.cpp)
for t in "${targets[@]}"; do
  case $t in
    text) srcs=("${core[@]}") ;;
    csv) srcs=(src/core/text.cpp src/io/csv.cpp) ;;
    hotspot_table) srcs=("${core[@]}" src/io/csv.cpp src/io/hotspot_table.cpp) ;;
    meeting_guide|bmlt|aa_gb) srcs=("${feeds[@]}") ;;
    manifest) srcs=(src/core/text.cpp src/io/manifest.cpp src/io/osm.cpp src/io/count_columns.cpp) ;;
    query_file) srcs=(src/core/text.cpp src/cli/shared/query_file.cpp) ;;
    *) echo "unknown target $t" >&2; exit 2 ;;
  esac
  if [ ! -x "$out/fuzz_$t" ] || [ -n "$(find tests/fuzz/fuzz_$t.cpp tests/fuzz/*.hpp "${srcs[@]}" include -newer "$out/fuzz_$t" -print -quit)" ]; then
    nice -n 19 clang++ "${flags[@]}" "tests/fuzz/fuzz_$t.cpp" "${srcs[@]}" -o "$out/fuzz_$t" -lgdal
  fi
  corpus=tests/fuzz/corpus/$t
  if [ "$seconds" = build ]; then
    continue
  elif [ "$seconds" = replay ]; then
    "$out/fuzz_$t" -runs=0 "$corpus"
  else
    # New inputs go to a scratch corpus: the kept corpus stays small and reviewed.
    scratch=$(mktemp -d)
    nice -n 19 "$out/fuzz_$t" -max_total_time="$seconds" -max_len=4096 -timeout="${FUZZ_TIMEOUT:-10}" \
      -artifact_prefix=tests/fuzz/crash-"$t"- "$scratch" "$corpus" 2>&1 | tee "$out/fuzz_$t.log"
    rm -rf "$scratch"
  fi
done
