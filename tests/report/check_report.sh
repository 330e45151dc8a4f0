#!/usr/bin/env bash
# The report in a real browser: writes report.html for the Sandwell NA gap and the new NA groups
# queries, and the page gathering them with the AA coverage query (roisc report), and opens each in
# headless Chromium with the network disabled (check_report.py says what
# it checks). Needs Debian's chromium and python3-websocket (scripts/install-deps.sh): without them
# it prints "SKIPPED:" and passes, unless ROISC_REQUIRE_BROWSER=1 (as .ci/run sets), when it fails.
# Usage: check_report.sh ROISC_BINARY OUT_DIR   (run from the project root)
set -euo pipefail
roisc=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)

missing=""
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || missing="chromium"
/usr/bin/python3 -c "import websocket" 2>/dev/null || missing="$missing python3-websocket"
[ -f "${ROISC_LEAFLET_DIR:-/usr/share/javascript/leaflet}/leaflet.css" ] || missing="$missing libjs-leaflet"
if [ -n "$missing" ]; then
  if [ "${ROISC_REQUIRE_BROWSER:-}" = "1" ]; then
    echo "FAIL: the browser test needs ${missing# } (scripts/install-deps.sh); ROISC_REQUIRE_BROWSER=1"
    exit 1
  fi
  echo "SKIPPED: the browser test needs ${missing# } (scripts/install-deps.sh); set ROISC_REQUIRE_BROWSER=1 to fail instead"
  exit 0
fi

rm -rf "$out"
mkdir -p "$out"
status=0
# query, the layer switched off, the name of its screenshot
while read -r query layer name; do
  echo "== $query"
  "$roisc" -q run "$query" --report --out "$out/$name" >/dev/null
  /usr/bin/python3 "$here/check_report.py" --chromium "$chromium" --report "$out/$name/report.html" \
    --screenshot "$out/$name.png" --layer "$layer" || status=1
done <<'CASES'
queries/sandwell_na_gap.toml gap_hotspots gap
queries/sandwell_na_new_groups.toml hotspots_beyond rank
CASES
# Hostile names: markup in a meeting's and a town's name must stay text (the page's own copy of the
# Sandwell layers, names changed).
echo "== hostile names"
mkdir -p "$out/hostile/layers"
cp layers/sandwell/* "$out/hostile/layers/"
/usr/bin/python3 - "$out/hostile/layers" <<'PY'
import json, sys
mark = "<img src=x class=injected onerror=\"document.body.setAttribute('data-pwned','1')\">"
for name, key in (("meetings.geojson", None), ("towns.geojson", None)):
    path = sys.argv[1] + "/" + name
    doc = json.load(open(path))
    for f in doc["features"]:
        p = f["properties"]
        for k in ("name", "town", "TCITY15NM"):
            if isinstance(p.get(k), str):
                p[k] = p[k] + " " + mark
    json.dump(doc, open(path, "w"))
PY
"$roisc" -q --manifest "$out/hostile/layers/manifest.toml" gaps -f NA --beyond 2mi --report --out "$out/hostile/gaps" >/dev/null
/usr/bin/python3 "$here/check_report.py" --chromium "$chromium" --report "$out/hostile/gaps/report.html" \
  --screenshot "$out/hostile.png" --layer gap_hotspots --hostile || status=1

# Several saved queries gathered into one page (roisc report): a map per query.
echo "== roisc report (gathered)"
"$roisc" -q report queries/sandwell_na_gap.toml queries/sandwell_na_new_groups.toml queries/sandwell_aa_coverage.toml \
  --out "$out/gathered" >/dev/null
/usr/bin/python3 "$here/check_report.py" --chromium "$chromium" --report "$out/gathered/report.html" \
  --screenshot "$out/gathered.png" --layer gap_areas || status=1
exit $status
