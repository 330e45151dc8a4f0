#!/usr/bin/env bash
# Builds roisc and runs every test: the doctest unit suite and the CLI tests, through CTest.
# Tests that read ../shared/data skip with a notice when it is missing, unless
# ROISC_REQUIRE_SHARED_DATA=1 (set by .ci/run), which makes them fail instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
