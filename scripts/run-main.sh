#!/usr/bin/env bash
# Builds roisc and runs the main job on the embedded Sandwell default.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
build/roisc run queries/sandwell_na_gap.toml
