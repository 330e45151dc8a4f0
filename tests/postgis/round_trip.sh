#!/usr/bin/env bash
# PostGIS round trip against a real server: starts a throwaway PostgreSQL 15 + PostGIS cluster on a
# local socket, writes a roisc result into it (--out PG:…), reads it back as a manifest layer, and
# compares every feature with the GeoJSON written for the same query. If the server cannot be
# started the test fails and says why; it never passes silently.
set -euo pipefail
ROISC=${1:?usage: round_trip.sh ROISC}
PGBIN=/usr/lib/postgresql/15/bin
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "$PGBIN/initdb" ] || fail "PostgreSQL 15 server not installed (scripts/install-deps.sh installs postgresql and postgresql-15-postgis-3)"
[ -f /usr/share/postgresql/15/extension/postgis.control ] || fail "PostGIS 3 for PostgreSQL 15 not installed"
command -v python3 >/dev/null || fail "python3 is needed to compare the features"

WORK=$(mktemp -d /tmp/roisc-postgis.XXXXXX)
AS=()
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); chown postgres "$WORK"; fi
PORT=$((54000 + RANDOM % 1000))
stop() { "${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap stop EXIT

"${AS[@]}" "$PGBIN/initdb" -D "$WORK/data" -U postgres -A trust >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log"; fail "initdb failed"; }
"${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -w -l "$WORK/server.log" \
  -o "-p $PORT -k $WORK -c listen_addresses=''" start >/dev/null || { cat "$WORK/server.log"; fail "the server did not start"; }
PSQL=(psql -X -q -h "$WORK" -p "$PORT" -U postgres)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE roisc" || fail "cannot create the database"
"${PSQL[@]}" -d roisc -c "CREATE EXTENSION postgis" || fail "cannot create the postgis extension"
CONN="PG:host=$WORK port=$PORT dbname=roisc user=postgres"

# The same query into the database and into files.
"$ROISC" -q gaps -f NA --beyond 2mi --name rt --out "$CONN" >/dev/null
"$ROISC" -q gaps -f NA --beyond 2mi --name rt --out "$WORK/files" >/dev/null

# Tables exist, with a GiST index on the geometry.
for t in rt_gap_hotspots rt_gap_areas; do
  n=$("${PSQL[@]}" -d roisc -At -c "SELECT count(*) FROM pg_indexes WHERE tablename = '$t' AND indexdef LIKE '%gist%'")
  [ "$n" -ge 1 ] || fail "no spatial index on $t"
done
meta=$("${PSQL[@]}" -d roisc -At -c "SELECT value FROM rt_metadata WHERE key = 'disclosure_policy'")
[ "$meta" = "standard" ] || fail "metadata table lacks the disclosure policy (got '$meta')"

# Read back through roisc itself, as a manifest layer. As points (role stops): a published table
# with hidden counts is refused as demand, by design (docs/disclosure.md).
cat >"$WORK/manifest.toml" <<TOML
[study]
crs = "EPSG:27700"
[layers.gap_hotspots]
role = "stops"
source = "$CONN"
layer = "rt_gap_hotspots"
fields = { id = "hotspot" }
TOML
"$ROISC" -q --format json layers --check --manifest "$WORK/manifest.toml" >"$WORK/layers.json" || fail "roisc cannot read the table back"

# Every feature the same: ids, counts (nulls where suppressed) and positions within 0.1 m.
"${PSQL[@]}" -d roisc -At -F '|' -c \
  "SELECT id, coalesce(people::text, ''), rank, ST_X(ST_Transform(geom, 4326)), ST_Y(ST_Transform(geom, 4326)) FROM rt_gap_hotspots ORDER BY rank" \
  >"$WORK/db.txt"
python3 - "$WORK/files/gap_hotspots.geojson" "$WORK/db.txt" "$WORK/layers.json" <<'PY'
import json, sys
features = json.load(open(sys.argv[1]))["features"]
rows = [line.split("|") for line in open(sys.argv[2]).read().splitlines()]
assert len(rows) == len(features) > 0, f"{len(rows)} rows in the database, {len(features)} features in the file"
for f, (fid, people, rank, lon, lat) in zip(sorted(features, key=lambda f: f["properties"]["rank"]), rows):
    p = f["properties"]
    assert f["id"] == fid, (f["id"], fid)
    assert int(rank) == p["rank"], (rank, p["rank"])
    assert (p["people"] is None and people == "") or str(p["people"]) == people, (fid, p["people"], people)
    x, y = f["geometry"]["coordinates"]
    assert abs(x - float(lon)) < 2e-6 and abs(y - float(lat)) < 2e-6, (fid, x, lon, y, lat)
layer = json.load(open(sys.argv[3]))["layers"][0]
assert layer["features"] == len(features) and layer["usable"], layer
print(f"postgis round trip: {len(features)} features identical, read back by roisc layers")
PY
