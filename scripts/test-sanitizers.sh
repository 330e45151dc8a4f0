#!/usr/bin/env bash
# The sanitizer job of CI (.ci/run runs it after scripts/test.sh): builds roisc, the doctest suite and
# the fuzz corpus replays with gcc's AddressSanitizer + UndefinedBehaviorSanitizer into build-asan/
# (RelWithDebInfo at -O1), then runs the unit tests, the bad-data CLI cases (cli.bad.*, tests/data/bad)
# and the corpus replays (fuzz.replay.*). Any finding stops the test that hit it (halt_on_error) and
# fails the job. Not the disclosure audit, not the benches: they would take far longer under ASan
# and exercise the same code as the unit tests and the bad-data cases.
#   bash scripts/test-sanitizers.sh [CTEST_REGEX]
set -euo pipefail
cd "$(dirname "$0")/.."
regex=${1:-'^(unit|unit\.fellowship_spellings|cli\.bad\..*|fuzz\.replay\..*)$'}
sanitize="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
start=$(date +%s)
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g -DNDEBUG" \
  -DCMAKE_CXX_FLAGS="$sanitize" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DROISC_BUILD_BENCH=OFF ${ROISC_CMAKE_ARGS:-} >/dev/null
targets=(roisc roisc_tests)
for t in text csv hotspot_table meeting_guide bmlt aa_gb manifest query_file; do targets+=("fuzz_replay_$t"); done
cmake --build build-asan -j"$(nproc)" --target "${targets[@]}"
built=$(date +%s)
# Leaks are reported too (LeakSanitizer), except inside GDAL/PROJ's own process-wide caches.
export ASAN_OPTIONS=halt_on_error=1:abort_on_error=0:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1
export LSAN_OPTIONS=suppressions=$PWD/scripts/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir build-asan -R "$regex" --output-on-failure -j"$(nproc)"
echo "sanitizers: build $((built - start)) s, tests $(($(date +%s) - built)) s"
