#!/usr/bin/python3
"""Generates the national case of the end-to-end benchmark (issue 15) with a fixed seed.

    python3 bench/end_to_end/generate.py SIZE OUTDIR [--meetings 20000] [--places 1000] [--seed 20261123]

SIZE is the number of demand points: 17k, 170k, 1.7M (or a plain number). OUTDIR receives

  demand.gpkg    layer `demand`: N postcode-unit-like points (id `postcode`, e.g. "BD7 3QT") with
                 the four cohort counts the embedded hotspots layer uses (opiate, non_opiate,
                 alcohol_only, non_opiate_and_alcohol) and no town field: roisc and the peer both
                 place each point in its region by its position.
  meetings.gpkg  layer `meetings`: 20,000 meetings with the embedded meetings layer's fields
                 (meeting_id, name, fellowship AA/NA/CA/SMART, weekday, start, end, attendance,
                 types, venue, postcode); online-only meetings have no geometry.
  regions.gpkg   layer `regions`: 9 polygons tiling the extent, with wavy shared edges (the towns /
                 areas layer results are reported by).
  boundary.gpkg  layer `boundary`: the outline of the 9 regions (the study boundary).
  places.csv     1,000 places (lon,lat in WGS84, and easting,northing) for `roisc within`.
  manifest.toml  the manifest that maps these layers for roisc.

The demand and meetings are drawn as bench/bench_nearest.cpp draws them: over England's extent in
EPSG:27700 (x 85,000-655,000, y 10,000-660,000), 2,000 towns with Pareto(1.1) weights capped at
2,000 and spreads min(25 km, 1.5 km x sqrt(weight)); 90 % of demand points and 85 % of meetings
around towns by weight, the rest anywhere; coordinates in whole metres. (numpy's generator, so the
points are not bench_nearest's very points, but the same distribution.)

People per point: Poisson with a gamma-distributed mean (mean 0.2 per postcode unit, i.e. about
340,000 people at 1.7M points, England's order of magnitude), split into cohorts 47/11/29/13 %.
Files are written as CSV and converted to GeoPackage by ogr2ogr (GDAL), which is fast at 1.7M rows.
"""
import argparse
import math
import os
import subprocess
import sys

import numpy as np

MIN_X, MAX_X, MIN_Y, MAX_Y = 85_000.0, 655_000.0, 10_000.0, 660_000.0
# The regions (and the boundary) reach 5 km past the points' extent, so that no point lies on the
# outline.
R_MIN_X, R_MAX_X, R_MIN_Y, R_MAX_Y = 80_000.0, 660_000.0, 5_000.0, 665_000.0

COHORTS = ["opiate", "non_opiate", "alcohol_only", "non_opiate_and_alcohol"]
COHORT_SHARES = [0.47, 0.11, 0.29, 0.13]
FELLOWSHIPS = (["AA", "NA", "CA", "SMART"], [0.55, 0.25, 0.12, 0.08])
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
STARTS = ["07:00", "10:00", "12:30", "14:00", "18:00", "18:30", "19:00", "19:30", "20:00"]
ATTENDANCE = (["in_person", "hybrid", "online"], [0.85, 0.08, 0.07])
TYPES = ["O", "C", "O,D", "C,D", "O,B", "C,W", "O,S", "C,B"]
# Region names by grid cell (column 0-2 west to east, row 0-2 south to north).
REGION_NAMES = {
    (0, 2): "North West", (1, 2): "Yorkshire and The Humber", (2, 2): "North East",
    (0, 1): "West Midlands", (1, 1): "East Midlands", (2, 1): "East of England",
    (0, 0): "South West", (1, 0): "South East", (2, 0): "London",
}
POSTCODE_AREAS = ["B", "BD", "BS", "CV", "DY", "E", "EX", "HU", "L", "LE", "LS", "M", "N", "NE",
                  "NG", "NR", "OX", "PL", "S", "SE", "SO", "SW", "TS", "W", "WS", "WV"]
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the 20 letters Royal Mail uses in the inward code


def parse_size(text):
    t = text.strip().lower().replace(",", "").replace("_", "")
    mult = 1
    if t.endswith("k"):
        mult, t = 1_000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1_000_000, t[:-1]
    return int(round(float(t) * mult))


def size_label(n):
    if n % 1_000_000 == 0 or (n >= 1_000_000 and n % 100_000 == 0):
        return f"{n / 1e6:g}M"
    if n % 1_000 == 0:
        return f"{n // 1000}k"
    return str(n)


class Drawer:
    """bench_nearest's towns and its draw(rural_share), vectorised."""

    def __init__(self, rng, n_towns=2_000):
        self.rng = rng
        u = rng.random(n_towns)
        w = np.minimum(2_000.0, (1.0 - u) ** (-1.0 / 1.1))
        self.tx = rng.uniform(MIN_X, MAX_X, n_towns)
        self.ty = rng.uniform(MIN_Y, MAX_Y, n_towns)
        self.sigma = np.minimum(25_000.0, 1_500.0 * np.sqrt(w))
        self.p = w / w.sum()

    def draw(self, n, rural_share):
        rng = self.rng
        x = np.empty(n)
        y = np.empty(n)
        todo = np.arange(n)
        while todo.size:
            m = todo.size
            rural = rng.random(m) < rural_share
            town = rng.choice(self.p.size, size=m, p=self.p)
            gx = self.tx[town] + self.sigma[town] * rng.standard_normal(m)
            gy = self.ty[town] + self.sigma[town] * rng.standard_normal(m)
            ux = rng.uniform(MIN_X, MAX_X, m)
            uy = rng.uniform(MIN_Y, MAX_Y, m)
            cx = np.round(np.where(rural, ux, gx))
            cy = np.round(np.where(rural, uy, gy))
            ok = (cx >= MIN_X) & (cx <= MAX_X) & (cy >= MIN_Y) & (cy <= MAX_Y)
            x[todo[ok]] = cx[ok]
            y[todo[ok]] = cy[ok]
            todo = todo[~ok]
        return x, y


def postcode_ids(n):
    """Unique postcode-unit-like ids: area, district 1-25, sector 0-9, two unit letters."""
    i = np.arange(n)
    letters = np.array(list(UNIT_LETTERS))
    areas = np.array(POSTCODE_AREAS)
    area = areas[(i // 100_000) % len(areas)]
    district = (i // 4_000) % 25 + 1
    sector = (i // 400) % 10
    u1 = letters[(i // 20) % 20]
    u2 = letters[i % 20]
    if n > 100_000 * len(areas):
        raise SystemExit("generate: more points than postcode ids")
    return [f"{a}{d} {s}{p}{q}" for a, d, s, p, q in zip(area, district, sector, u1, u2)]


def warp(x, y):
    """A smooth bijection of the regions' rectangle that is the identity on its outline: the
    3 x 3 grid's inner edges become wavy lines, as regional boundaries are."""
    s = (x - R_MIN_X) / (R_MAX_X - R_MIN_X)
    t = (y - R_MIN_Y) / (R_MAX_Y - R_MIN_Y)
    dx = 14_000.0 * np.sin(np.pi * s) * np.sin(3 * np.pi * t) + 4_000.0 * np.sin(np.pi * s) * np.sin(17 * np.pi * t)
    dy = 12_000.0 * np.sin(np.pi * t) * np.sin(3 * np.pi * s) + 3_500.0 * np.sin(np.pi * t) * np.sin(19 * np.pi * s)
    return x + dx, y + dy


def edge(p, q, step):
    """Points from p to q (not including q), every `step` metres, warped."""
    n = max(1, int(math.ceil(math.hypot(q[0] - p[0], q[1] - p[1]) / step)))
    f = np.arange(n) / n
    return warp(p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f)


def ring_wkt(corners, step):
    xs, ys = [], []
    for k in range(len(corners)):
        ex, ey = edge(corners[k], corners[(k + 1) % len(corners)], step)
        xs.extend(ex)
        ys.extend(ey)
    xs.append(xs[0])
    ys.append(ys[0])
    return "POLYGON ((" + ", ".join(f"{a:.2f} {b:.2f}" for a, b in zip(xs, ys)) + "))"


def ogr2ogr(dst, src, layer, extra):
    if os.path.exists(dst):
        os.remove(dst)
    cmd = ["ogr2ogr", "-f", "GPKG", dst, src, "-nln", layer, "-a_srs", "EPSG:27700",
           "-lco", "SPATIAL_INDEX=YES", "-gt", "100000", "--config", "OGR_SQLITE_SYNCHRONOUS", "OFF"] + extra
    subprocess.run(cmd, check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("size", help="demand points: 17k, 170k, 1.7M or a number")
    ap.add_argument("outdir")
    ap.add_argument("--meetings", type=int, default=20_000)
    ap.add_argument("--places", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--mean-people", type=float, default=0.2, help="mean people in treatment per point")
    a = ap.parse_args()
    n = parse_size(a.size)
    os.makedirs(a.outdir, exist_ok=True)
    out = lambda f: os.path.join(a.outdir, f)
    rng = np.random.default_rng(a.seed)
    drawer = Drawer(rng)

    # --- demand ---------------------------------------------------------------------------
    dx, dy = drawer.draw(n, 0.10)
    # Postcodes are handed out in spatial order (50 km squares, then west to east), so that an
    # area's units lie near one another as real ones do.
    order = np.lexsort((dy, dx, (dx // 50_000), (dy // 50_000)))
    dx, dy = dx[order], dy[order]
    lam = rng.gamma(0.5, 2.0 * a.mean_people, n)
    people = rng.poisson(lam)
    counts = np.zeros((n, 4), dtype=np.int64)
    nz = people > 0
    counts[nz] = rng.multinomial(people[nz], COHORT_SHARES)
    ids = postcode_ids(n)
    csv = out("demand.csv")
    with open(csv, "w") as f:
        f.write("postcode,x,y," + ",".join(COHORTS) + "\n")
        rows = zip(ids, dx.astype(np.int64), dy.astype(np.int64), counts[:, 0], counts[:, 1], counts[:, 2], counts[:, 3])
        f.writelines(f"{p},{x},{y},{c0},{c1},{c2},{c3}\n" for p, x, y, c0, c1, c2, c3 in rows)
    with open(out("demand.csvt"), "w") as f:
        f.write("String,Real,Real,Integer,Integer,Integer,Integer\n")
    ogr2ogr(out("demand.gpkg"), csv, "demand",
            ["-oo", "X_POSSIBLE_NAMES=x", "-oo", "Y_POSSIBLE_NAMES=y", "-oo", "KEEP_GEOM_COLUMNS=NO"])
    os.remove(csv)
    os.remove(out("demand.csvt"))

    # --- meetings -------------------------------------------------------------------------
    m = a.meetings
    mx, my = drawer.draw(m, 0.15)
    fell = rng.choice(FELLOWSHIPS[0], size=m, p=FELLOWSHIPS[1])
    att = rng.choice(ATTENDANCE[0], size=m, p=ATTENDANCE[1])
    wd = rng.integers(0, 7, m)
    st = rng.integers(0, len(STARTS), m)
    dur = rng.choice([60, 90], size=m)
    ty = rng.integers(0, len(TYPES), m)
    csv = out("meetings.csv")
    with open(csv, "w") as f:
        f.write("meeting_id,name,fellowship,weekday,start,end,attendance,types,venue,postcode,wkt\n")
        for i in range(m):
            h, mi = map(int, STARTS[st[i]].split(":"))
            e = h * 60 + mi + int(dur[i])
            end = f"{e // 60:02d}:{e % 60:02d}"
            fw = fell[i]
            mid = f"{fw.lower()}-{i + 1:05d}"
            name = f"Meeting {i + 1} {WEEKDAYS[wd[i]]} {fw}"
            venue = "" if att[i] == "online" else f"Venue {i + 1}"
            wkt = "" if att[i] == "online" else f"POINT ({int(mx[i])} {int(my[i])})"
            f.write(f'{mid},{name},{fw},{WEEKDAYS[wd[i]]},{STARTS[st[i]]},{end},{att[i]},"{TYPES[ty[i]]}",{venue},,"{wkt}"\n')
    with open(out("meetings.csvt"), "w") as f:
        f.write(",".join(["String"] * 10 + ["WKT"]) + "\n")
    ogr2ogr(out("meetings.gpkg"), csv, "meetings",
            ["-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO", "-nlt", "POINT"])
    os.remove(csv)
    os.remove(out("meetings.csvt"))

    # --- regions and boundary ------------------------------------------------------------
    xs = np.linspace(R_MIN_X, R_MAX_X, 4)
    ys = np.linspace(R_MIN_Y, R_MAX_Y, 4)
    csv = out("regions.csv")
    with open(csv, "w") as f:
        f.write("code,name,wkt\n")
        k = 0
        for row in range(3):
            for col in range(3):
                k += 1
                corners = [(xs[col], ys[row]), (xs[col + 1], ys[row]), (xs[col + 1], ys[row + 1]), (xs[col], ys[row + 1])]
                f.write(f'E1200000{k},{REGION_NAMES[(col, row)]},"{ring_wkt(corners, 500.0)}"\n')
    with open(out("regions.csvt"), "w") as f:
        f.write("String,String,WKT\n")
    ogr2ogr(out("regions.gpkg"), csv, "regions", ["-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO", "-nlt", "POLYGON"])
    os.remove(csv)
    os.remove(out("regions.csvt"))
    csv = out("boundary.csv")
    with open(csv, "w") as f:
        f.write("code,name,wkt\n")
        corners = [(R_MIN_X, R_MIN_Y), (R_MAX_X, R_MIN_Y), (R_MAX_X, R_MAX_Y), (R_MIN_X, R_MAX_Y)]
        f.write(f'E92000001,England (synthetic),"{ring_wkt(corners, 500.0)}"\n')
    with open(out("boundary.csvt"), "w") as f:
        f.write("String,String,WKT\n")
    ogr2ogr(out("boundary.gpkg"), csv, "boundary", ["-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO", "-nlt", "POLYGON"])
    os.remove(csv)
    os.remove(out("boundary.csvt"))

    # --- places for `roisc within`: demand points at random, in WGS84 ----------------------
    pick = rng.choice(n, size=min(a.places, n), replace=False)
    # gdaltransform (GDAL, PROJ) rather than pyproj, so that generating needs only numpy and GDAL.
    res = subprocess.run(["gdaltransform", "-s_srs", "EPSG:27700", "-t_srs", "EPSG:4326", "-output_xy"],
                         input="".join(f"{dx[i]} {dy[i]}\n" for i in pick), capture_output=True, text=True, check=True)
    lonlat = np.array([[float(v) for v in line.split()[:2]] for line in res.stdout.splitlines() if line.strip()])
    lon, lat = lonlat[:, 0], lonlat[:, 1]
    with open(out("places.csv"), "w") as f:
        f.write("postcode,easting,northing,lon,lat\n")
        for j, i in enumerate(pick):
            f.write(f"{ids[i]},{int(dx[i])},{int(dy[i])},{lon[j]:.7f},{lat[j]:.7f}\n")

    # --- manifest --------------------------------------------------------------------------
    with open(out("manifest.toml"), "w") as f:
        f.write(f"""# The national case of bench/end_to_end (generated by generate.py {a.size} --seed {a.seed}).
# Synthetic data: heavy-tailed towns over England's extent, not real places or meetings.

[study]
name = "England (synthetic, {size_label(n)})"
crs = "EPSG:27700"
boundary = "boundary"
towns = "regions"

[layers.boundary]
description = "outline of the nine synthetic regions"
date = "synthetic"
role = "areas"
level = "country"
source = "boundary.gpkg"
layer = "boundary"
fields = {{ id = "code", name = "name" }}

[layers.regions]
description = "nine synthetic regions with wavy shared edges"
date = "synthetic"
role = "areas"
level = "region"
source = "regions.gpkg"
layer = "regions"
fields = {{ id = "code", name = "name" }}

[layers.meetings]
description = "{m:,} synthetic meetings (AA, NA, CA, SMART), clustered like towns"
date = "synthetic"
role = "meetings"
source = "meetings.gpkg"
layer = "meetings"
fields = {{ id = "meeting_id", name = "name", fellowship = "fellowship", weekday = "weekday", start = "start", end = "end", attendance = "attendance", types = "types", venue = "venue", postcode = "postcode" }}

[layers.demand]
description = "{n:,} synthetic postcode-unit points with people in treatment by cohort"
date = "synthetic"
role = "demand"
source = "demand.gpkg"
layer = "demand"
cohorts = ["opiate", "non_opiate", "alcohol_only", "non_opiate_and_alcohol"]
fields = {{ id = "postcode" }}
""")
    total = int(counts.sum())
    print(f"generate: {n:,} demand points ({total:,} people), {m:,} meetings, 9 regions -> {a.outdir}")


if __name__ == "__main__":
    sys.exit(main())
