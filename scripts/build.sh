#!/usr/bin/env bash
# Installs what roisc needs (scripts/install-deps.sh) and builds it into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release ${ROISC_CMAKE_ARGS:-} >/dev/null
cmake --build build -j"$(nproc)"
