#!/usr/bin/env bash
# Reproduces the detour factors of the estimate travel model in profiles/*.toml (docs/travel.md):
# shortest route / straight line over 2,000 random node pairs 500 m to 5 km apart (seed 6) on the
# real OpenStreetMap roads of West Bromwich and Smethwick in ../shared/data/roads/.
#   scripts/calibrate_detour.sh [path/to/roisc] [walk cycle drive]
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
ROISC=${1:-$HERE/build/roisc}
shift || true
MODES=${*:-walk cycle drive}
ROADS=${ROISC_ROADS:-$HERE/../shared/data/roads}
[ -x "$ROISC" ] || { echo "roisc binary not found at $ROISC: build first, or give its path" >&2; exit 1; }
[ -f "$ROADS/osm_roads_west_bromwich_town.geojson" ] || { echo "no roads in $ROADS (set ROISC_ROADS)" >&2; exit 1; }
for mode in $MODES; do
  echo "== $mode"
  "$ROISC" calibrate --mode "$mode" --pairs 2000 --seed 6 --min 500m --max 5km \
    --network "$ROADS/osm_roads_west_bromwich_town.geojson" \
    --network "$ROADS/osm_roads_smethwick_town.geojson"
done
