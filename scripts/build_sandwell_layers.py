#!/usr/bin/python3
"""Build roisc's embedded Sandwell default layers from the public reference data.

Usage (from the repository root):

    /usr/bin/python3 scripts/build_sandwell_layers.py [--shared ../shared/data] [--out layers/sandwell]

Writes borough / wards / towns / postcodes / venues / meetings / hotspots GeoJSON files and
hotspots_modelled.csv into --out, and the provenance notes to layers/README.md (the parent of
--out, or --readme).  Every file is derived (generalised outlines, derived points, attribute
subsets); none is a copy of a shared file.  Output is deterministic: the same inputs give
byte-identical files.

Only the Python standard library and GDAL's Python bindings (Debian package python3-gdal) are
used.  All geometric work (union, simplification, distances, point-in-polygon) is done in
EPSG:27700 (British National Grid).  The 27700 <-> WGS84 transformation is pinned to PROJ's
"Inverse of British National Grid + OSGB36 to WGS 84 (6)" Helmert pipeline (about 2 m accuracy),
so a machine that happens to have the OSTN15 grid installed still produces the same bytes.

The meetings layer is ILLUSTRATIVE and the hotspots layer is MODELLED: see layers/README.md.
"""

import argparse
import csv
import json
import math
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict

try:
    from osgeo import gdal, ogr, osr
except ImportError:  # pragma: no cover
    sys.stderr.write("build_sandwell_layers: needs GDAL's Python bindings (apt-get install python3-gdal)\n")
    sys.exit(1)

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

# --------------------------------------------------------------------------------------------
# constants

SANDWELL = "E08000028"
SIMPLIFY_TOLERANCE_M = 20.0
SECTOR_RADIUS_M = 10000.0        # sectors / districts whose centroid is within this of the borough
UNIT_RADIUS_M = 1000.0           # unit postcodes inside the borough or within this of it
FIVE_MILES_M = 8046.72
NA_NEAR_MIN_M = 3000.0           # the nine "within five miles" NA meetings: distance band ...
NA_NEAR_MAX_M = 7600.0
OUTSIDE_MARGIN_M = 300.0         # ... and at least this far outside the borough outline
BEYOND_MIN_M = 8600.0            # "further" meetings: more than this from B69 3DE
BEYOND_MAX_M = 16000.0
COUNCIL_HOUSE_POSTCODE = "B69 3DE"
CODEPOINT_SOURCE = "Code-Point Open 2014.3"

TOTAL_IN_TREATMENT = 2000
COHORT_SHARES = [             # NDTMS adult cohorts, national-like shares (sum 100 %)
    ("opiate", 47),
    ("non_opiate", 11),
    ("alcohol_only", 29),
    ("non_opiate_and_alcohol", 13),
]
METHOD_TEXT = ("modelled: 2,000 adults in treatment x cohort shares opiate 47%, non-opiate 11%, "
               "alcohol only 29%, non-opiate and alcohol 13%; allocated by LSOA mid-2022 population "
               "x (1 + 0.25 x (10 - IMD 2019 decile)), spread equally over Sandwell unit postcodes "
               "in each LSOA, summed by sector; largest-remainder rounding; not real data")
MEETING_NOTE = "Illustrative meeting: not a real listing; see layers/README.md"

# The 27700 -> 4326 pipeline PROJ 9 picks by default without grids ("OSGB36 to WGS 84 (6)", EPSG
# Helmert, ~2 m).  Pinned so the output does not depend on which grids a machine has installed.
BNG_TO_WGS84_PIPELINE = (
    "+proj=pipeline +step +inv +proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 "
    "+y_0=-100000 +ellps=airy +step +proj=push +v_3 +step +proj=cart +ellps=airy "
    "+step +proj=helmert +x=446.448 +y=-125.157 +z=542.06 +rx=0.15 +ry=0.247 +rz=0.842 "
    "+s=-20.489 +convention=position_vector +step +inv +proj=cart +ellps=WGS84 "
    "+step +proj=pop +v_3 +step +proj=unitconvert +xy_in=rad +xy_out=deg "
    "+step +proj=axisswap +order=2,1")

TOWNS = [  # slug, name
    ("oldbury", "Oldbury"),
    ("rowley-regis", "Rowley Regis"),
    ("smethwick", "Smethwick"),
    ("tipton", "Tipton"),
    ("wednesbury", "Wednesbury"),
    ("west-bromwich", "West Bromwich"),
]

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

NEIGHBOUR_LIBRARY_FILES = [  # file stem, LAD code the library's postcode must fall in
    ("birmingham_city_council", "E08000025"),
    ("dudley_metropolitan_borough_council", "E08000027"),
    ("walsall_metropolitan_borough_council", "E08000030"),
    ("city_of_wolverhampton_council", "E08000031"),
]


def fail(msg):
    sys.stderr.write("build_sandwell_layers: error: %s\n" % msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


# --------------------------------------------------------------------------------------------
# CRS

def make_srs(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


SRS_BNG = make_srs(27700)
SRS_WGS = make_srs(4326)
_opt_fwd = osr.CoordinateTransformationOptions()
_opt_fwd.SetOperation(BNG_TO_WGS84_PIPELINE)
_opt_inv = osr.CoordinateTransformationOptions()
_opt_inv.SetOperation(BNG_TO_WGS84_PIPELINE, True)
CT_TO_WGS = osr.CoordinateTransformation(SRS_BNG, SRS_WGS, _opt_fwd)
CT_TO_BNG = osr.CoordinateTransformation(SRS_WGS, SRS_BNG, _opt_inv)


def to_wgs(points):
    """[(e, n)] -> [(lon, lat)]"""
    if not points:
        return []
    return [(p[0], p[1]) for p in CT_TO_WGS.TransformPoints([(float(x), float(y)) for x, y in points])]


def to_bng(points):
    """[(lon, lat)] -> [(e, n)]"""
    if not points:
        return []
    return [(p[0], p[1]) for p in CT_TO_BNG.TransformPoints([(float(x), float(y)) for x, y in points])]


def bng_point(e, n):
    g = ogr.Geometry(ogr.wkbPoint)
    g.AddPoint_2D(float(e), float(n))
    return g


def geom_from_json(d):
    return ogr.CreateGeometryFromJson(json.dumps(d))


def geom_to_bng(geom_wgs):
    g = geom_wgs.Clone()
    g.Transform(CT_TO_BNG)
    return g


# --------------------------------------------------------------------------------------------
# formatting helpers

def r6(x):
    v = round(float(x), 6)
    return 0.0 if v == 0 else v


def point_json_from_bng(e, n):
    lon, lat = to_wgs([(e, n)])[0]
    return {"type": "Point", "coordinates": [r6(lon), r6(lat)]}


def signed_area(ring):
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def clean_ring(coords):
    """round to 6 dp, drop consecutive duplicates, close."""
    out = []
    for x, y in coords:
        p = [r6(x), r6(y)]
        if not out or out[-1] != p:
            out.append(p)
    if out[0] != out[-1]:
        out.append(list(out[0]))
    check(len(out) >= 4, "ring collapsed after rounding")
    return out


def oriented(ring, ccw):
    a = signed_area(ring)
    if (a > 0) != ccw:
        ring = ring[::-1]
    return ring


def polygon_json(geom_bng):
    """BNG (Multi)Polygon -> RFC 7946 geometry dict (WGS84, 6 dp, CCW shells, CW holes)."""
    g = geom_bng.Clone()
    g.Transform(CT_TO_WGS)
    gt = ogr.GT_Flatten(g.GetGeometryType())
    if gt == ogr.wkbPolygon:
        polys = [g]
    elif gt == ogr.wkbMultiPolygon:
        polys = [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
    else:
        fail("expected a polygon, got %s" % g.GetGeometryName())
    out = []
    for p in polys:
        rings = []
        for i in range(p.GetGeometryCount()):
            r = clean_ring(p.GetGeometryRef(i).GetPoints())
            rings.append(oriented(r, ccw=(i == 0)))
        out.append(rings)
    if len(out) == 1:
        return {"type": "Polygon", "coordinates": out[0]}
    return {"type": "MultiPolygon", "coordinates": out}


def slug(s):
    s = s.lower().replace("&", " and ").replace("'", "")
    s = re.sub(r"[^a-z0-9]+", "-", s)
    return s.strip("-")


def norm_postcode(p):
    p = " ".join((p or "").upper().split())
    if not p:
        return None
    if " " not in p and len(p) >= 5:
        p = p[:-3] + " " + p[-3:]
    return p


_PC_RE = re.compile(r"^([A-Z]{1,2})(\d+)([A-Z]?)(?: (\d)([A-Z]{2})?)?$")


def pc_key(p):
    m = _PC_RE.match(p)
    if not m:
        return ("~", 0, "", -1, p)
    area, num, suf, sec, unit = m.groups()
    return (area, int(num), suf, int(sec) if sec is not None else -1, unit or "")


def join_address(parts, name=None):
    """non-empty parts joined with ", "; repeats (and a repeat of the venue name) dropped."""
    out = []
    seen = {" ".join(name.split()).upper()} if name else set()
    for p in parts:
        p = " ".join((p or "").split()).strip(" ,")
        if p and p.upper() not in seen:
            seen.add(p.upper())
            out.append(p)
    return ", ".join(out) if out else None


_HOURS_RE = re.compile(r"^\d\d:\d\d-\d\d:\d\d(,\d\d:\d\d-\d\d:\d\d)*$")


def norm_hours(s):
    """'09:30-17:30', '09:00-13:00 & 14:00-17:00' -> normalised string; '' when closed."""
    s = (s or "").strip()
    if not s:
        return ""
    parts = [p.strip() for p in re.split(r"[,;&/]| and ", s) if p.strip()]
    parts = [re.sub(r"\s*-\s*", "-", p).replace(".", ":") for p in parts]
    out = ",".join(parts)
    check(_HOURS_RE.match(out) is not None, "unparseable opening hours %r" % s)
    return out


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def read_geojson(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# --------------------------------------------------------------------------------------------
# output

def write_atomic(path, text):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_geojson(path, name, features, id_field):
    ids = set()
    lines = []
    for props, geom in features:
        fid = props[id_field]
        check(fid not in ids, "%s: duplicate id %r" % (os.path.basename(path), fid))
        ids.add(fid)
        feat = {"type": "Feature", "id": fid, "properties": props, "geometry": geom}
        lines.append(json.dumps(feat, ensure_ascii=False, separators=(",", ":")))
    text = ('{"type":"FeatureCollection","name":%s,"features":[\n' % json.dumps(name)
            + ",\n".join(lines) + "\n]}\n")
    write_atomic(path, text)
    return os.path.getsize(path)


# --------------------------------------------------------------------------------------------
# 1-3: wards, borough, towns

def simplify_coverage(polys, tol):
    """Topology-consistent simplification of a polygon coverage.

    polys: list of polygons, each a list of closed rings of (lon, lat) tuples in WGS84.  Shared
    edges must have identical vertices (true of the ONS/martinjc ward set).  The rings are cut
    into arcs at nodes (vertices shared by 3 or more edges); every arc is kept once, projected
    to EPSG:27700, and all arcs are simplified together as one MultiLineString with GEOS'
    topology-preserving simplifier (endpoints kept, no new intersections), then the rings are
    re-assembled.  Neighbouring polygons therefore keep identical shared boundaries.
    Returns a list of OGR polygons in EPSG:27700.
    """
    adj = defaultdict(set)
    rings = []
    for pi, poly in enumerate(polys):
        for ring in poly:
            v = [tuple(p) for p in ring]
            if v[0] == v[-1]:
                v = v[:-1]
            v = [p for i, p in enumerate(v) if p != v[i - 1]]
            for a, b in zip(v, v[1:] + v[:1]):
                adj[a].add(b)
                adj[b].add(a)
            rings.append((pi, v))
    nodes = {p for p, nb in adj.items() if len(nb) >= 3}

    arc_ids = {}
    arc_list = []

    def add_open(seq):
        key = tuple(seq)
        rev = False
        if seq[0] > seq[-1]:
            key = tuple(reversed(seq))
            rev = True
        if key not in arc_ids:
            arc_ids[key] = len(arc_list)
            arc_list.append(key)
        return (arc_ids[key], rev)

    def add_arc(seq):
        if seq[0] != seq[-1]:
            return [add_open(seq)]
        # closed arc: canonical direction, then split in two at the middle vertex
        flipped = not (seq[1] <= seq[-2])
        c = seq[::-1] if flipped else seq
        m = len(c) // 2
        res = [add_open(c[:m + 1]), add_open(c[m:])]
        if flipped:
            res = [(i, not r) for i, r in reversed(res)]
        return res

    ring_arcs = []
    for pi, v in rings:
        idx = [i for i, p in enumerate(v) if p in nodes]
        if not idx:
            start = min(range(len(v)), key=lambda i: v[i])
            idx = [start]
        start = idx[0]
        vv = v[start:] + v[:start]
        cuts = [i - start for i in idx] + [len(v)]
        vv = vv + [vv[0]]
        arcs = []
        for a, b in zip(cuts, cuts[1:]):
            arcs.extend(add_arc(vv[a:b + 1]))
        ring_arcs.append((pi, arcs))

    mls = ogr.Geometry(ogr.wkbMultiLineString)
    for arc in arc_list:
        ls = ogr.Geometry(ogr.wkbLineString)
        for x, y in to_bng(list(arc)):
            ls.AddPoint_2D(x, y)
        mls.AddGeometry(ls)
    simp = mls.SimplifyPreserveTopology(tol)
    check(ogr.GT_Flatten(simp.GetGeometryType()) == ogr.wkbMultiLineString
          and simp.GetGeometryCount() == mls.GetGeometryCount(),
          "coverage simplification changed the number of arcs")
    arcs_s = []
    for i in range(simp.GetGeometryCount()):
        a = simp.GetGeometryRef(i).GetPoints()
        o = mls.GetGeometryRef(i).GetPoints()
        check(a[0] == o[0] and a[-1] == o[-1], "coverage simplification moved an arc endpoint")
        arcs_s.append([(x, y) for x, y, *_ in a])

    out_rings = defaultdict(list)
    for pi, arcs in ring_arcs:
        pts = []
        for aid, rev in arcs:
            a = arcs_s[aid][::-1] if rev else arcs_s[aid]
            if pts:
                check(pts[-1] == a[0], "arcs do not join")
                pts.extend(a[1:])
            else:
                pts.extend(a)
        check(pts[0] == pts[-1], "re-assembled ring is not closed")
        out_rings[pi].append(pts)
    result = []
    for pi in range(len(polys)):
        poly = ogr.Geometry(ogr.wkbPolygon)
        for pts in out_rings[pi]:
            r = ogr.Geometry(ogr.wkbLinearRing)
            for x, y in pts:
                r.AddPoint_2D(x, y)
            poly.AddGeometry(r)
        result.append(poly)
    stats = {"nodes": len(nodes), "arcs": len(arc_list),
             "vertices_in": sum(len(a) for a in arc_list),
             "vertices_out": sum(len(a) for a in arcs_s)}
    return result, stats


def finalise_polygon(geom_bng, what):
    """BNG polygon -> (RFC 7946 dict, BNG geometry of exactly what is written)."""
    check(geom_bng.IsValid(), "%s: invalid geometry before rounding" % what)
    gj = polygon_json(geom_bng)
    back = geom_to_bng(geom_from_json(gj))
    check(back.IsValid(), "%s: invalid geometry after rounding" % what)
    check(geom_from_json(gj).IsValid(), "%s: invalid geometry in WGS84" % what)
    return gj, back


def build_areas(shared):
    wards_src = read_geojson(os.path.join(shared, "boundaries/sandwell_wards_2013.geojson"))
    lookup = {r["ward_code_2013"]: r for r in read_csv(os.path.join(shared, "towns/sandwell_ward_town_lookup.csv"))}
    feats = sorted(wards_src["features"], key=lambda f: f["properties"]["WD13CD"])
    check(len(feats) == 24, "expected 24 Sandwell wards, found %d" % len(feats))
    polys = []
    orig_bng = []
    for f in feats:
        g = f["geometry"]
        check(g["type"] == "Polygon", "ward %s is a %s" % (f["properties"]["WD13CD"], g["type"]))
        polys.append(g["coordinates"])
        orig_bng.append(geom_to_bng(geom_from_json(g)))
    simp, stats = simplify_coverage(polys, SIMPLIFY_TOLERANCE_M)

    town_names = dict((n, s) for s, n in TOWNS)
    wards = []
    for f, g, o in zip(feats, simp, orig_bng):
        p = f["properties"]
        code = p["WD13CD"]
        check(code in lookup, "ward %s missing from the ward -> town lookup" % code)
        town = lookup[code]["town"]
        check(town in town_names, "unknown town %r for ward %s" % (town, code))
        gj, back = finalise_polygon(g, "ward " + code)
        wards.append({"code": code, "name": p["WD13NM"], "town": town, "geojson": gj, "bng": back,
                      "area_orig": o.GetArea()})

    # borough and towns: union of the generalised wards, so all three layers share their edges
    def union(geoms):
        mp = ogr.Geometry(ogr.wkbMultiPolygon)
        for g in geoms:
            mp.AddGeometry(g)
        u = mp.UnionCascaded()
        return u

    b = union([w["bng"] for w in wards])
    check(ogr.GT_Flatten(b.GetGeometryType()) == ogr.wkbPolygon, "borough union is not a single polygon")
    b_gj, b_bng = finalise_polygon(b, "borough")
    orig_union = union(orig_bng)

    towns = []
    for tslug, tname in TOWNS:
        tw = [w for w in wards if w["town"] == tname]
        check(tw, "town %s has no wards" % tname)
        u = union([w["bng"] for w in tw])
        gj, back = finalise_polygon(u, "town " + tname)
        towns.append({"code": tslug, "name": tname, "n_wards": len(tw), "geojson": gj, "bng": back,
                      "area_km2": round(back.GetArea() / 1e6, 2)})

    # consistency: every borough / town vertex is a ward vertex
    ward_vertices = set()
    for w in wards:
        for ring in (w["geojson"]["coordinates"]):
            ward_vertices.update(tuple(p) for p in ring)

    def vertices(gj):
        polys_ = [gj["coordinates"]] if gj["type"] == "Polygon" else gj["coordinates"]
        return {tuple(p) for poly in polys_ for ring in poly for p in ring}

    stray = len(vertices(b_gj) - ward_vertices) + sum(len(vertices(t["geojson"]) - ward_vertices) for t in towns)
    check(stray == 0, "%d borough/town vertices are not ward vertices" % stray)
    return {"wards": wards, "towns": towns, "borough_gj": b_gj, "borough": b_bng,
            "borough_orig": orig_union, "simplify_stats": stats}


def write_areas(out, A):
    n = write_geojson(os.path.join(out, "borough.geojson"), "sandwell_borough",
                      [({"code": SANDWELL, "name": "Sandwell", "level": "borough"}, A["borough_gj"])], "code")
    sizes = {"borough.geojson": n}
    feats = [({"code": w["code"], "name": w["name"], "town": w["town"], "level": "ward"}, w["geojson"])
             for w in A["wards"]]
    sizes["wards.geojson"] = write_geojson(os.path.join(out, "wards.geojson"), "sandwell_wards", feats, "code")
    feats = [({"code": t["code"], "name": t["name"], "level": "town", "n_wards": t["n_wards"],
               "area_km2": t["area_km2"]}, t["geojson"]) for t in A["towns"]]
    sizes["towns.geojson"] = write_geojson(os.path.join(out, "towns.geojson"), "sandwell_towns", feats, "code")
    return sizes


class Locator:
    """point-in-polygon against the written ward / town / borough geometries (EPSG:27700)."""

    def __init__(self, A):
        self.borough = A["borough"]
        self.borough_orig = A["borough_orig"]
        self.wards = [(w["bng"].GetEnvelope(), w["bng"], w["name"]) for w in A["wards"]]
        self.towns = [(t["bng"].GetEnvelope(), t["bng"], t["name"]) for t in A["towns"]]

    @staticmethod
    def _find(items, pt):
        x, y = pt.GetX(), pt.GetY()
        for (x0, x1, y0, y1), g, name in items:
            if x0 <= x <= x1 and y0 <= y <= y1 and g.Contains(pt):
                return name
        return None

    def ward(self, e, n):
        return self._find(self.wards, bng_point(e, n))

    def town(self, e, n):
        return self._find(self.towns, bng_point(e, n))

    def inside(self, e, n):
        return self.borough.Contains(bng_point(e, n))

    def outside_by(self, e, n):
        """distance outside the borough (0 inside), the smaller of the written outline and the
        original (ungeneralised) ward union, so a margin holds against either."""
        pt = bng_point(e, n)
        return min(self.borough.Distance(pt), self.borough_orig.Distance(pt))


# --------------------------------------------------------------------------------------------
# 4: postcodes

def load_units(shared):
    units = {}
    for r in read_csv(os.path.join(shared, "postcodes/postcodes_B_DY_WS_WV_2014.csv")):
        units[r["postcode"]] = (int(r["easting"]), int(r["northing"]), r["lad_code"])
    return units


def build_postcodes(shared, units, L):
    b = L.borough
    x0, x1, y0, y1 = b.GetEnvelope()
    feats = []
    counts = Counter()
    for fname, key, level in (("outcodes_B_DY_WS_WV_2014.csv", "outcode", "district"),
                              ("sectors_B_DY_WS_WV_2014.csv", "sector", "sector")):
        for r in read_csv(os.path.join(shared, "postcodes", fname)):
            e, n = float(r["mean_easting"]), float(r["mean_northing"])
            if b.Distance(bng_point(e, n)) > SECTOR_RADIUS_M:
                continue
            pc = " ".join(r[key].split())
            feats.append(((0 if level == "district" else 1, pc_key(pc)),
                          {"postcode": pc, "level": level, "n_units": int(r["n_units"]),
                           "n_units_sandwell": int(r["n_units_sandwell"]), "lad_code": r["dominant_lad_code"],
                           "source": CODEPOINT_SOURCE}, (e, n)))
            counts[level] += 1
    inside = {}
    near = []
    for pc, (e, n, lad) in units.items():
        if not (x0 - UNIT_RADIUS_M <= e <= x1 + UNIT_RADIUS_M and y0 - UNIT_RADIUS_M <= n <= y1 + UNIT_RADIUS_M):
            continue
        pt = bng_point(e, n)
        if b.Contains(pt):
            inside[pc] = (e, n, lad)
        elif b.Distance(pt) > UNIT_RADIUS_M:
            continue
        near.append(pc)
    check(COUNCIL_HOUSE_POSTCODE in inside, "%s is not inside the borough outline" % COUNCIL_HOUSE_POSTCODE)
    for pc in near:
        e, n, lad = units[pc]
        feats.append(((2, pc_key(pc)),
                      {"postcode": pc, "level": "unit", "n_units": 1, "n_units_sandwell": 1 if lad == SANDWELL else 0,
                       "lad_code": lad, "source": CODEPOINT_SOURCE}, (e, n)))
        counts["unit"] += 1
    feats.sort(key=lambda t: t[0])
    pts = to_wgs([t[2] for t in feats])
    out = [(props, {"type": "Point", "coordinates": [r6(lon), r6(lat)]}) for (_, props, _), (lon, lat) in zip(feats, pts)]
    sandwell_units_outside = sum(1 for pc, (e, n, lad) in units.items() if lad == SANDWELL and pc not in inside)
    return out, counts, inside, sandwell_units_outside


# --------------------------------------------------------------------------------------------
# 5: venues

def build_venues(shared, units, L):
    venues = []

    def add(venue_id, name, kind, e, n, postcode, address, hours, source):
        if not L.inside(e, n):
            return False
        props = {"venue_id": venue_id, "name": name, "kind": kind, "town": L.town(e, n), "ward": L.ward(e, n),
                 "postcode": postcode, "address": address}
        for i, d in enumerate(DAYS):
            props["hours_" + d] = hours[i] if hours is not None else None
        props["hours_known"] = hours is not None
        props["source"] = source
        venues.append((props, (e, n)))
        return True

    def geocode(pc, fallback_lonlat=None):
        if pc in units:
            e, n, _ = units[pc]
            return float(e), float(n)
        if fallback_lonlat is not None:
            return to_bng([fallback_lonlat])[0]
        return None

    dropped = Counter()
    # libraries
    lib_csv = {}
    for r in read_csv(os.path.join(shared, "venues/libraries/sandwell_metropolitan_borough_council.csv")):
        lib_csv[(r["Library name"].strip(), norm_postcode(r["Postcode"]))] = r
    libs = read_geojson(os.path.join(shared, "venues/sandwell_libraries_2023.geojson"))
    for f in libs["features"]:
        p = f["properties"]
        if p.get("open") is not True:
            continue
        pc = norm_postcode(p["postcode"])
        hours = [norm_hours(p.get("hours_" + d)) for d in DAYS]
        if not any(hours):
            row = lib_csv.get((p["name"].strip(), pc))
            if row is not None:
                hours = [norm_hours(row[dn + " staffed hours"]) for dn in DAY_NAMES]
        if not any(hours):
            hours = None  # no opening hours published for this library
        nm = p["name"].strip()
        short = re.sub(r"\s+Library$", "", nm)
        short = re.sub(r"[()]", "", short)
        en = geocode(pc, tuple(f["geometry"]["coordinates"]))
        if not add("library-" + slug(short), nm, "library", en[0], en[1], pc,
                   join_address([p.get("address_1"), p.get("address_2")]), hours,
                   "Libraries Hacked / ACE libraries 2023"):
            dropped["library"] += 1
    # GP practices
    gps = read_geojson(os.path.join(shared, "venues/sandwell_gp_practices_2023-12.geojson"))
    for f in gps["features"]:
        p = f["properties"]
        e, n = float(p["easting"]), float(p["northing"])
        if not add("gp-" + p["ods_code"], p["name"].strip(), "gp_practice", e, n, norm_postcode(p["postcode"]),
                   join_address([p.get("address_%d" % i) for i in range(1, 6)], p["name"]), None,
                   "NHS ODS epraccur 2023-12"):
            dropped["gp_practice"] += 1
    # pharmacies
    ph = read_geojson(os.path.join(shared, "venues/sandwell_pharmacies_2020-01.geojson"))
    for f in ph["features"]:
        p = f["properties"]
        pc = norm_postcode(p["Postcode"])
        en = geocode(pc, tuple(f["geometry"]["coordinates"]))
        if not add("pharmacy-" + p["OrganisationCode"], p["OrganisationName"].strip(), "pharmacy", en[0], en[1], pc,
                   join_address([p.get("Address1"), p.get("Address2"), p.get("Address3"), p.get("City"), p.get("County")]),
                   None, "NHS.UK pharmacies 2020-01"):
            dropped["pharmacy"] += 1
    # OSM buildings: places of worship, community centres, social facilities (not housing)
    worship_buildings = {"church", "chapel", "cathedral", "mosque", "temple", "gurdwara", "synagogue", "shrine",
                         "religious", "kingdom_hall"}
    housing = {"apartments", "residential", "house", "terrace", "semidetached_house", "detached", "bungalow",
               "dormitory"}
    osm = read_geojson(os.path.join(shared, "osm_samples/sandwell_osm_buildings_sample.geojson"))
    osm_skipped = []
    for f in sorted(osm["features"], key=lambda f: f["properties"]["full_id"]):
        p = f["properties"]
        name = (p.get("name") or "").strip()
        amenity = p.get("amenity") or ""
        building = p.get("building") or ""
        if not name:
            continue
        if amenity == "place_of_worship" or building in worship_buildings:
            kind = "place_of_worship"
        elif amenity in ("community_centre", "social_facility"):
            if building in housing:
                osm_skipped.append(name)  # extra-care / age-exclusive housing: not a meeting venue
                continue
            kind = "community_centre"
        else:
            continue
        c = geom_to_bng(geom_from_json(f["geometry"])).Centroid()
        if not add("osm-" + p["full_id"], name, kind, c.GetX(), c.GetY(), None, None, None,
                   "OpenStreetMap buildings (SandwellFull sample, 2025-12)"):
            dropped[kind] += 1
    # Oldbury Council House
    e, n, _ = units[COUNCIL_HOUSE_POSTCODE]
    check(add("council-oldbury-council-house", "Oldbury Council House", "council", e, n, COUNCIL_HOUSE_POSTCODE,
              "Freeth Street, Oldbury", None, CODEPOINT_SOURCE + " (B69 3DE)"),
          "Oldbury Council House is outside the borough outline")

    kind_order = {"council": 0, "library": 1, "gp_practice": 2, "pharmacy": 3, "community_centre": 4,
                  "place_of_worship": 5}
    venues.sort(key=lambda v: (kind_order[v[0]["kind"]], v[0]["venue_id"]))
    return venues, dropped, osm_skipped


# --------------------------------------------------------------------------------------------
# 5b: assets (real public venues + an ILLUSTRATIVE sample of recovery assets) and stops

ASSET_NOTE = ("ILLUSTRATIVE: named in the Sandwell plan; its place, hours and sessions are invented to show "
              "the directory. Not real service information; see layers/README.md")
STOP_MARGIN_M = 500.0            # stops inside the borough or within this of its outline
STOP_KINDS = {"BCT": "bus", "BCS": "bus_station", "RSE": "rail", "TMU": "metro"}  # access points only
NAPTAN_FILE = "transit/naptan/naptan_bbox_sandwell_plus8km_2026-08.csv"
NAPTAN_SOURCE = "NaPTAN (DfT) 2026-08, via bustimes/scrapings"

# The illustrative recovery assets: id, name, kind, postcode sector they are placed at (mean of the
# sector's unit postcodes inside the borough), address text, hours Mon..Sun (None: none given), sessions.
ILLUSTRATIVE_ASSETS = [
    ("illustrative-community-links-cafe", "Community Links Café (illustrative)", "recovery_cafe", "B64 5",
     "Cradley Heath (place illustrative)", None, "Tue 10:00-14:00; Thu 10:00-14:00; Sat 10:00-13:00"),
    ("illustrative-treatment-west-bromwich", "Drug and alcohol treatment service, West Bromwich (illustrative)",
     "treatment_service", "B70 7", "West Bromwich town centre (place illustrative)",
     ["09:00-17:00"] * 5 + ["", ""], "Tue 17:00-19:00"),
    ("illustrative-treatment-smethwick", "Drug and alcohol treatment service, Smethwick (illustrative)",
     "treatment_service", "B66 1", "Smethwick (place illustrative)",
     ["09:00-17:00", "", "09:00-17:00", "", "09:00-17:00", "", ""], ""),
]


def build_assets(shared, L, venues, inside_units):
    """the public venues people use (libraries with hours, pharmacies, GP practices) as assets, with the
    libraries' contact and web address, and the illustrative recovery assets."""
    lib_csv = {}
    for r in read_csv(os.path.join(shared, "venues/libraries/sandwell_metropolitan_borough_council.csv")):
        lib_csv[(r["Library name"].strip(), norm_postcode(r["Postcode"]))] = r
    assets = []
    for props, (e, n) in venues:
        if props["kind"] not in ("library", "pharmacy", "gp_practice"):
            continue
        a = {"asset_id": props["venue_id"], "name": props["name"], "kind": props["kind"], "town": props["town"],
             "address": props["address"], "postcode": props["postcode"], "contact": None, "web": None,
             "sessions": None}
        for d in DAYS:
            a["hours_" + d] = props["hours_" + d]
        if props["kind"] == "library":
            row = lib_csv.get((props["name"], props["postcode"]))
            if row is not None:
                a["contact"] = (row.get("Email address") or "").strip() or None
                a["web"] = (row.get("URL") or "").strip() or None
        a["illustrative"] = False
        a["note"] = None
        a["source"] = props["source"]
        assets.append((a, (e, n)))
    for aid, name, kind, sector, address, hours, sessions in ILLUSTRATIVE_ASSETS:
        pts = [(e, n) for pc, (e, n, _) in inside_units.items() if pc.startswith(sector + " ") or pc[:-2] == sector]
        check(pts, "no unit postcode of sector %s inside the borough" % sector)
        e = sum(p[0] for p in pts) / len(pts)
        n = sum(p[1] for p in pts) / len(pts)
        town = L.town(e, n)
        check(town is not None, "illustrative asset %s falls outside the towns" % aid)
        a = {"asset_id": aid, "name": name, "kind": kind, "town": town, "address": address, "postcode": None,
             "contact": None, "web": None, "sessions": sessions or None}
        for i, d in enumerate(DAYS):
            a["hours_" + d] = hours[i] if hours is not None else None
        a["illustrative"] = True
        a["note"] = ASSET_NOTE
        a["source"] = "invented (illustrative)"
        assets.append((a, (e, n)))
    order = {"recovery_cafe": 0, "treatment_service": 1, "library": 2, "pharmacy": 3, "gp_practice": 4}
    assets.sort(key=lambda t: (order[t[0]["kind"]], t[0]["asset_id"]))
    return assets


def build_stops(shared, L):
    """NaPTAN access points (bus stops and stands, bus-station bays, rail and Metro entrances) that are
    active and lie inside the borough or within STOP_MARGIN_M of its outline."""
    stops = []
    for r in read_csv(os.path.join(shared, NAPTAN_FILE)):
        kind = STOP_KINDS.get(r["StopType"])
        if kind is None or r["Status"] != "active":
            continue
        e, n = float(r["Easting"]), float(r["Northing"])
        pt = bng_point(e, n)
        if not L.borough.Contains(pt) and L.borough.Distance(pt) > STOP_MARGIN_M:
            continue
        name = " ".join(r["CommonName"].split())
        ind = " ".join(r["Indicator"].split())
        props = {"stop_id": r["ATCOCode"], "naptan_code": r["NaptanCode"] or None,
                 "name": "%s (%s)" % (name, ind) if ind else name, "indicator": ind or None,
                 "street": " ".join(r["Street"].split()) or None, "locality": r["LocalityName"] or None,
                 "kind": kind, "stop_type": r["StopType"], "town": L.town(e, n)}
        stops.append((props, (e, n)))
    stops.sort(key=lambda t: t[0]["stop_id"])
    return stops


# --------------------------------------------------------------------------------------------
# 6: meetings (ILLUSTRATIVE)

def build_meetings(shared, units, L, venues, lad_names):
    with open(os.path.join(shared, "meetings/meeting_guide_spec/types.json"), encoding="utf-8") as f:
        type_codes = set(json.load(f).keys())
    ref_e, ref_n, _ = units[COUNCIL_HOUSE_POSTCODE]

    def dist(e, n):
        return math.hypot(e - ref_e, n - ref_n)

    meetings = []

    def add(fellowship, name, venue, address, postcode, e_n, area, weekday, start, end, attendance, types):
        for t in types.split(","):
            check(t in type_codes, "meeting type %r is not a Meeting Guide code" % t)
        if e_n is not None:
            e, n = e_n
            town = L.town(e, n)
            in_sandwell = L.inside(e, n)
            geom = point_json_from_bng(e, n)
        else:
            town, in_sandwell, geom = None, False, None
        mid = "%s-%s-%s-%s" % (fellowship.lower(), slug(venue or "online"), weekday.lower(), start.replace(":", ""))
        props = {"meeting_id": mid, "name": name, "fellowship": fellowship, "venue": venue, "address": address,
                 "postcode": postcode, "town": town, "area": area, "in_sandwell": in_sandwell, "weekday": weekday,
                 "start": start, "end": end, "attendance": attendance, "types": types, "illustrative": True,
                 "note": MEETING_NOTE}
        meetings.append((props, geom, e_n))
        return props

    # --- inside Sandwell: 3 AA groups (churches in three different towns) and 1 SMART group
    by_id = {v[0]["venue_id"]: v for v in venues}
    sandwell_slots = [
        ("AA", "osm-w136298857", "Mon", "19:30", "21:00", "O,D"),      # Holy Trinity Church, Smethwick
        ("AA", "osm-w353444688", "Wed", "20:00", "21:00", "C,ST"),     # Lawrence Lane Methodist Church, Rowley Regis
        ("AA", "osm-w1337284480", "Fri", "19:30", "21:00", "O,BE"),    # Seventh Day Adventist Church, West Bromwich
        ("SMART", "osm-w1337496437", "Tue", "18:00", "19:30", "O"),    # Greets Green Resource Centre, West Bromwich
    ]
    aa_towns = set()
    for fel, vid, day, start, end, types in sandwell_slots:
        check(vid in by_id, "venue %s missing from the venues layer" % vid)
        vp, (e, n) = by_id[vid]
        place = vp["town"]
        if fel == "AA":
            nm = "%s %s Night AA Group" % (place, DAY_NAMES[DAYS.index(day.lower())])
            aa_towns.add(place)
        else:
            nm = "SMART Recovery %s (at the treatment service)" % place
        add(fel, nm, vp["name"], vp["address"], vp["postcode"], (e, n), "Sandwell", day, start, end,
            "in_person", types)
    check(len(aa_towns) == 3, "the three Sandwell AA groups must be in three different towns")

    # --- candidate venues outside Sandwell: open libraries of neighbouring councils (geocoded by
    #     Code-Point postcode; the postcode must lie in that council) and GP practices outside Sandwell
    cands = []
    for stem, lad in NEIGHBOUR_LIBRARY_FILES:
        for r in read_csv(os.path.join(shared, "venues/libraries/%s.csv" % stem)):
            if (r["Year closed"] or "").strip():
                continue
            pc = norm_postcode(r["Postcode"])
            if pc not in units or units[pc][2] != lad:
                continue
            e, n, _ = units[pc]
            cands.append({"kind": 0, "name": r["Library name"].strip(), "postcode": pc, "e": float(e), "n": float(n),
                          "area": lad_names[lad], "address": join_address([r["Address 1"], r["Address 2"]])})
    for r in read_csv(os.path.join(shared, "venues/gp_practices_B_DY_WS_WV_2023-12.csv")):
        if r["lad_code"] == SANDWELL or r["geocode"] != "codepoint_unit" or r["lad_code"] not in lad_names:
            continue
        cands.append({"kind": 1, "name": r["name"].strip(), "postcode": norm_postcode(r["postcode"]),
                      "e": float(r["easting"]), "n": float(r["northing"]), "area": lad_names[r["lad_code"]],
                      "address": join_address([r["address_%d" % i] for i in range(1, 6)], r["name"])})
    for c in cands:
        c["d"] = dist(c["e"], c["n"])
        c["outside"] = L.outside_by(c["e"], c["n"])
    # libraries first, then nearest first, then name (total, deterministic order)
    cands.sort(key=lambda c: (c["kind"], c["d"], c["name"], c["postcode"]))
    used = []

    def pick(area, dmin, dmax):
        for c in cands:
            if c["area"] != area or not (dmin <= c["d"] <= dmax) or c["outside"] < OUTSIDE_MARGIN_M:
                continue
            if any(math.hypot(c["e"] - u["e"], c["n"] - u["n"]) < 500.0 for u in used):
                continue  # one meeting per venue, venues at least 500 m apart
            used.append(c)
            return c
        fail("no candidate venue left in %s between %.0f and %.0f m of %s" % (area, dmin, dmax,
                                                                           COUNCIL_HOUSE_POSTCODE))

    def place_name(c):
        nm = c["name"]
        if c["kind"] == 0:
            nm = re.sub(r"\s+(Community\s+)?Library(\s+Link)?$", "", nm)
            nm = re.sub(r"^Library of ", "", nm)
        else:
            nm = re.sub(r"\s+(MEDICAL CENTRE|HEALTH CENTRE|SURGERY|FAMILY PRACTICE|PRACTICE)$", "", nm).title()
        return nm

    def venue_name(c):
        nm = c["name"]
        if c["kind"] == 0 and not re.search(r"librar|hub", nm, re.I):
            nm += " Library"
        return nm

    # --- nine in-person NA meetings within five miles (band 3.0-7.6 km), >= 300 m outside Sandwell
    near_quota = [("Birmingham", 4), ("Dudley", 3), ("Walsall", 2)]
    near_sched = [("Mon", "19:30", "21:00", "O,D"), ("Tue", "19:00", "20:30", "C,ST"),
                  ("Wed", "19:30", "21:00", "O,BE"), ("Thu", "19:30", "21:00", "C,LIT"),
                  ("Fri", "19:00", "20:30", "O,SP"), ("Sat", "11:00", "12:30", "O,D"),
                  ("Sun", "18:00", "19:30", "C,D"), ("Tue", "12:30", "13:30", "O,LIT"),
                  ("Thu", "13:00", "14:00", "C,BE")]
    order = []
    q = dict(near_quota)
    while any(q.values()):  # round-robin over the areas
        for area, _ in near_quota:
            if q[area]:
                order.append(area)
                q[area] -= 1
    for area, (day, start, end, types) in zip(order, near_sched):
        c = pick(area, NA_NEAR_MIN_M, NA_NEAR_MAX_M)
        add("NA", "%s %s NA" % (place_name(c), DAY_NAMES[DAYS.index(day.lower())]), venue_name(c), c["address"],
            c["postcode"], (c["e"], c["n"]), c["area"], day, start, end, "in_person", types)

    # --- further meetings, more than 8.6 km from B69 3DE
    far_slots = [
        ("NA", "Birmingham", "Sat", "19:00", "20:30", "O,D"),
        ("NA", "Wolverhampton", "Mon", "19:00", "20:30", "O,BE"),
        ("NA", "Walsall", "Wed", "19:00", "20:30", "C,ST"),
        ("NA", "Dudley", "Thu", "19:30", "21:00", "O,D"),
        ("NA", "Solihull", "Tue", "19:30", "21:00", "O,LIT"),
        ("NA", "Birmingham", "Sun", "14:00", "15:30", "C,D"),
        ("AA", "Birmingham", "Mon", "12:30", "13:30", "O,D"),
        ("AA", "Wolverhampton", "Tue", "19:30", "21:00", "C,B"),
        ("AA", "Walsall", "Thu", "19:30", "21:00", "O,SP"),
        ("AA", "Dudley", "Sat", "10:30", "12:00", "O,D"),
        ("AA", "Solihull", "Wed", "20:00", "21:30", "C,ST"),
        ("AA", "Wolverhampton", "Fri", "19:30", "21:00", "O,W"),
        ("CA", "Birmingham", "Fri", "19:00", "20:30", "O,D"),
        ("CA", "Walsall", "Sun", "18:30", "20:00", "O"),
    ]
    for fel, area, day, start, end, types in far_slots:
        c = pick(area, BEYOND_MIN_M, BEYOND_MAX_M)
        add(fel, "%s %s %s" % (place_name(c), DAY_NAMES[DAYS.index(day.lower())], fel), venue_name(c), c["address"],
            c["postcode"], (c["e"], c["n"]), c["area"], day, start, end, "in_person", types)

    # --- online-only NA meetings (no geometry)
    add("NA", "Black Country NA Online Lunchtime", None, None, None, None, None, "Wed", "12:30", "13:30",
        "online", "O,D")
    add("NA", "Midlands NA Online Late Night", None, None, None, None, None, "Sun", "21:00", "22:00",
        "online", "C")

    # --- facts (asserted)
    rows = []
    for props, geom, e_n in meetings:
        d = dist(*e_n) if e_n else None
        out = L.outside_by(*e_n) if e_n else None
        rows.append((props, geom, d, out))
    na_in_person = [r for r in rows if r[0]["fellowship"] == "NA" and r[0]["attendance"] != "online"]
    na_within = [r for r in na_in_person if r[2] <= FIVE_MILES_M]
    facts = {
        "na_within_5mi": len(na_within),
        "na_in_borough": sum(1 for r in rows if r[0]["fellowship"] == "NA" and r[0]["in_sandwell"]),
        "aa_in_borough": sum(1 for r in rows if r[0]["fellowship"] == "AA" and r[0]["in_sandwell"]),
        "smart_in_borough": sum(1 for r in rows if r[0]["fellowship"] == "SMART" and r[0]["in_sandwell"]),
    }
    check(facts["na_within_5mi"] == 9, "expected 9 NA meetings within five miles, got %d" % facts["na_within_5mi"])
    check(facts["na_in_borough"] == 0, "expected no NA meeting in Sandwell, got %d" % facts["na_in_borough"])
    check(facts["aa_in_borough"] == 3, "expected 3 AA groups in Sandwell, got %d" % facts["aa_in_borough"])
    check(facts["smart_in_borough"] == 1, "expected 1 SMART group in Sandwell")
    for props, geom, d, out in rows:
        if geom is None:
            continue
        if props["in_sandwell"]:
            check(out == 0.0, "%s: in Sandwell by the outline but not by the ward union" % props["meeting_id"])
            depth = L.borough.GetBoundary().Distance(bng_point(*geom_e_n(geom)))
            check(depth >= OUTSIDE_MARGIN_M, "%s is only %.0f m inside Sandwell" % (props["meeting_id"], depth))
            if props["fellowship"] == "AA":
                check(props["start"] >= "17:00", "Sandwell AA group %s is not an evening meeting" % props["meeting_id"])
            continue
        check(out >= OUTSIDE_MARGIN_M, "%s is only %.0f m outside Sandwell" % (props["meeting_id"], out))
        # margins so that rounding / datum choices can never flip the five-mile fact
        check(d <= NA_NEAR_MAX_M or d >= BEYOND_MIN_M, "%s is %.0f m from B69 3DE, too close to five miles"
              % (props["meeting_id"], d))
        if props["fellowship"] == "NA" and d <= FIVE_MILES_M:
            check(NA_NEAR_MIN_M <= d <= NA_NEAR_MAX_M, "NA meeting %s outside the 3-7.6 km band" % props["meeting_id"])
    # the WGS84 points as written, projected back, must give the same answers
    for props, geom, d, out in rows:
        if geom is None:
            continue
        e2, n2 = to_bng([tuple(geom["coordinates"])])[0]
        check(abs(math.hypot(e2 - ref_e, n2 - ref_n) - d) < 1.0, "rounding moved %s" % props["meeting_id"])
    rows.sort(key=lambda r: r[0]["meeting_id"])
    return rows, facts


# --------------------------------------------------------------------------------------------
# 7: hotspots (MODELLED)

def geom_e_n(geom):
    return to_bng([tuple(geom["coordinates"])])[0]


def largest_remainder(total, weights, keys):
    """integers summing to total, proportional to weights; ties: larger remainder, then key order."""
    s = sum(weights)
    quotas = [total * w / s for w in weights]
    base = [int(math.floor(q)) for q in quotas]
    left = total - sum(base)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - base[i]), keys[i]))
    for i in order[:left]:
        base[i] += 1
    return base


def build_hotspots(shared, inside_units, L):
    # population mid-2022 on LSOA 2021 -> LSOA 2011 (sum split children)
    pop21 = {r["lsoa21cd"]: int(r["population_mid2022"])
             for r in read_csv(os.path.join(shared, "population/lsoa21_population_mid2022_west_midlands_met.csv"))}
    children = defaultdict(list)
    for r in read_csv(os.path.join(shared, "population/lsoa11_to_lsoa21_west_midlands_met.csv")):
        children[r["lsoa11cd"]].append((r["lsoa21cd"], r["chgind"]))
    imd = {r["lsoa11cd"]: int(r["imd_decile"])
           for r in read_csv(os.path.join(shared, "deprivation/imd2019_lsoa_west_midlands_met_county.csv"))}
    lsoa_src = read_geojson(os.path.join(shared, "boundaries/sandwell_lsoa_2011.geojson"))
    lsoas = []
    merged_shared = 0
    for f in sorted(lsoa_src["features"], key=lambda f: f["properties"]["LSOA11CD"]):
        code = f["properties"]["LSOA11CD"]
        check(code in children, "LSOA %s missing from the 2011->2021 lookup" % code)
        check(code in imd, "LSOA %s missing from IMD 2019" % code)
        p = 0
        for c21, chg in children[code]:
            check(c21 in pop21, "LSOA 2021 %s has no mid-2022 population" % c21)
            if chg == "M":  # merged: share the 2021 population between its 2011 parents
                parents = sum(1 for cs in children.values() for c, _ in cs if c == c21)
                p += pop21[c21] / parents
                merged_shared += 1
            else:
                p += pop21[c21]
        weight = 1.0 + 0.25 * (10 - imd[code])
        g = geom_to_bng(geom_from_json(f["geometry"]))
        lsoas.append({"code": code, "pop": p, "decile": imd[code], "weight": weight, "wpop": p * weight,
                      "geom": g, "env": g.GetEnvelope(), "units": []})
    check(len(lsoas) == 186, "expected 186 Sandwell LSOAs")

    # each Sandwell unit postcode (inside the borough outline) -> the LSOA polygon containing it
    nearest_fallback = 0
    unit_lsoa = {}
    for pc in sorted(inside_units, key=pc_key):
        e, n, _ = inside_units[pc]
        pt = bng_point(e, n)
        hit = None
        for l in lsoas:
            x0, x1, y0, y1 = l["env"]
            if x0 <= e <= x1 and y0 <= n <= y1 and l["geom"].Intersects(pt):
                hit = l
                break
        if hit is None:
            hit = min(lsoas, key=lambda l: (l["geom"].Distance(pt), l["code"]))
            nearest_fallback += 1
        hit["units"].append(pc)
        unit_lsoa[pc] = hit
    empty_lsoas = 0
    unit_w = defaultdict(float)
    for l in lsoas:
        if l["units"]:
            share = l["wpop"] / len(l["units"])
            for pc in l["units"]:
                unit_w[pc] += share
        else:  # no postcode inside: give it to the unit nearest its point on surface
            empty_lsoas += 1
            s = l["geom"].PointOnSurface()
            pc = min(inside_units, key=lambda u: (math.hypot(inside_units[u][0] - s.GetX(),
                                                             inside_units[u][1] - s.GetY()), pc_key(u)))
            unit_w[pc] += l["wpop"]

    sectors = defaultdict(list)
    for pc in inside_units:
        sectors[pc[:-2]].append(pc)
    keys = sorted(sectors, key=pc_key)
    weights = [sum(unit_w[pc] for pc in sorted(sectors[k], key=pc_key)) for k in keys]
    totals = {}
    counts = {}
    for cohort, share in COHORT_SHARES:
        totals[cohort] = TOTAL_IN_TREATMENT * share // 100
        counts[cohort] = largest_remainder(totals[cohort], weights, keys)
    check(sum(totals.values()) == TOTAL_IN_TREATMENT, "cohort totals do not sum to %d" % TOTAL_IN_TREATMENT)

    rows = []
    snapped = []
    for i, k in enumerate(keys):
        pts = [inside_units[pc] for pc in sectors[k]]
        e = sum(p[0] for p in pts) / len(pts)
        n = sum(p[1] for p in pts) / len(pts)
        if not L.inside(e, n) or L.town(e, n) is None:
            # the mean of a sector's Sandwell units can fall outside a concave stretch of the outline:
            # use the sector's Sandwell unit nearest to the mean instead
            pc = min(sorted(sectors[k], key=pc_key),
                     key=lambda u: math.hypot(inside_units[u][0] - e, inside_units[u][1] - n))
            e, n = float(inside_units[pc][0]), float(inside_units[pc][1])
            snapped.append((k, pc))
        props = {"sector": k, "town": L.town(e, n), "ward": L.ward(e, n)}
        for cohort, _ in COHORT_SHARES:
            props[cohort] = counts[cohort][i]
        props["total"] = sum(counts[c][i] for c, _ in COHORT_SHARES)
        # for `roisc rank --weight deprivation`: the IMD 2019 weight of the sector's unit postcodes
        # (1 + 0.25 x (10 - decile): 1.00 least deprived .. 3.25 most), averaged over the units
        props["deprivation"] = round(sum(unit_lsoa[pc]["weight"] for pc in sectors[k]) / len(sectors[k]), 2)
        # for `roisc coverage/gaps --by imd-decile`: the IMD 2019 decile holding most of the sector's
        # population (each unit carries an equal share of its LSOA's mid-2022 population; ties: the
        # more deprived decile)
        by_decile = defaultdict(float)
        for pc in sectors[k]:
            l = unit_lsoa[pc]
            by_decile[l["decile"]] += l["pop"] / len(l["units"])
        props["imd_decile"] = min(by_decile, key=lambda d: (-round(by_decile[d], 6), d))
        props["modelled"] = True
        props["method"] = METHOD_TEXT
        rows.append((props, point_json_from_bng(e, n), len(pts)))
    check(sum(r[0]["total"] for r in rows) == TOTAL_IN_TREATMENT, "hotspot totals do not sum to 2000")
    info = {"n_lsoas": len(lsoas), "units": len(inside_units), "nearest_fallback": nearest_fallback,
            "empty_lsoas": empty_lsoas, "pop": sum(l["pop"] for l in lsoas), "merged_shared": merged_shared,
            "deciles": Counter(l["decile"] for l in lsoas), "snapped": snapped}
    return rows, totals, info


# --------------------------------------------------------------------------------------------
# README

def fmt_counter(c, order=None):
    keys = order if order else sorted(c)
    return ", ".join("%s %d" % (k, c[k]) for k in keys if c.get(k))


def readme_text(ctx):
    A = ctx["areas"]
    wards_by_town = defaultdict(list)
    for w in A["wards"]:
        wards_by_town[w["town"]].append(w["name"])
    towns_tbl = "\n".join("| `%s` | %s | %d | %.2f | %s |" % (t["code"], t["name"], t["n_wards"], t["area_km2"],
                                                             ", ".join(sorted(wards_by_town[t["name"]])))
                          for t in A["towns"])
    st = A["simplify_stats"]
    vk = ctx["venue_kinds"]
    vt = ctx["venue_towns"]
    kind_order = ["council", "library", "gp_practice", "pharmacy", "community_centre", "place_of_worship"]
    town_order = [n for _, n in TOWNS]
    venue_tbl = "\n".join(
        "| %s | %s | %d |" % (k, " · ".join("%s %d" % (t, ctx["venue_kind_town"][(k, t)])
                                           for t in town_order if ctx["venue_kind_town"][(k, t)]), vk[k])
        for k in kind_order)
    asset_kt = Counter((a["kind"], a["town"]) for a, _ in ctx["assets"])
    asset_k = Counter(a["kind"] for a, _ in ctx["assets"])
    asset_tbl = "\n".join(
        "| %s | %s | %d |" % (k, " · ".join("%s %d" % (t, asset_kt[(k, t)]) for t in town_order if asset_kt[(k, t)]),
                              asset_k[k])
        for k in ["recovery_cafe", "treatment_service", "library", "pharmacy", "gp_practice"])
    illustrative_tbl = "\n".join(
        "| `%s` | %s | %s | %s | %s |" % (a["asset_id"], a["name"], a["kind"], a["town"],
                                         a["sessions"] or "—")
        for a, _ in ctx["assets"] if a["illustrative"])
    stop_kinds = Counter(st["kind"] for st, _ in ctx["stops"])
    stop_towns = Counter(st["town"] for st, _ in ctx["stops"])
    stops_txt = fmt_counter(stop_kinds, ["bus", "bus_station", "rail", "metro"])
    stops_town_txt = fmt_counter(stop_towns, town_order) + (
        ", outside the towns (within %d m of the outline) %d" % (STOP_MARGIN_M, stop_towns[None]) if stop_towns.get(None) else "")
    near_tbl = "\n".join(
        "| %s | %s | %s | %s | %s %s–%s | %.0f | %.0f |" % (m["meeting_id"], m["venue"], m["postcode"], m["area"],
                                                          m["weekday"], m["start"], m["end"], d, out)
        for m, d, out in ctx["na_near"])
    mt = ctx["meeting_table"]
    hs = ctx["hotspot_rows"]
    top = sorted(hs, key=lambda r: (-r[0]["total"], pc_key(r[0]["sector"])))[:5]
    top_txt = ", ".join("%s %d" % (r[0]["sector"], r[0]["total"]) for r in top)
    hs_town = ctx["hotspot_town"]
    hinfo = ctx["hotspot_info"]
    ref = ctx["ref"]
    pcs = ctx["pc_counts"]
    return f"""# layers/ — the embedded Sandwell default layers

Generated by `scripts/build_sandwell_layers.py` from the public reference data in `../shared/data/`
(see each folder's `SOURCE.md` there). **Do not edit the files in `layers/sandwell/` (or this README)
by hand**: change the script and rebuild. The layers are the project's own *derived* data — generalised
outlines, derived points and attribute subsets — not copies of the shared files.

## Rebuilding

```sh
/usr/bin/python3 scripts/build_sandwell_layers.py [--shared ../shared/data] [--out layers/sandwell]
```

Needs only Python 3 and GDAL's Python bindings (Debian `python3-gdal`, installed by
`scripts/install-deps.sh`). `--shared` defaults to `<repo>/../shared/data`, `--out` to
`<repo>/layers/sandwell`; this README is written beside the output folder (`--readme` overrides).
The build is deterministic (sorted features, fixed rounding, no timestamps): two runs give byte-identical
files. The script asserts the plan's meeting facts and exits non-zero if any fails.

## Conventions (all files)

* GeoJSON per RFC 7946: WGS84 longitude/latitude, no `crs` member, exterior rings counter-clockwise and
  holes clockwise, coordinates rounded to 6 decimals (≈ 0.1 m), one feature per line. Every feature has
  a top-level `id` equal to its identifying property (`code`, `postcode`, `venue_id`, `meeting_id`, `sector`).
* All geometry work (union, simplification, distances, point-in-polygon) is done in EPSG:27700 (British
  National Grid). BNG ↔ WGS84 uses PROJ's *Inverse of British National Grid + OSGB36 to WGS 84 (6)*
  Helmert transformation (≈ 2 m accuracy), pinned in the script so the output does not depend on whether
  the OSTN15 grid is installed.
* Point-in-polygon attributes (`town`, `ward`, "inside the borough") are computed against the generalised
  outlines **as written** (rounded coordinates projected back to EPSG:27700), so roisc gets the same answers
  from these files. `ward` fields hold the ward *name*.
* Reference point: **B69 3DE** (Oldbury Council House, Freeth Street) = Code-Point Open unit point
  E {ref['e']:.0f} N {ref['n']:.0f} = lon {ref['lon']:.6f}, lat {ref['lat']:.6f}.

## Layers

### `borough.geojson` — Sandwell outline (1 Polygon)

Fields: `code` (`E08000028`), `name` (`Sandwell`), `level` (`borough`).
Union (dissolve) of the 24 generalised wards below, so it shares every vertex with `wards.geojson` and
`towns.geojson`. Area {ctx['borough_km2']:.2f} km² (ungeneralised ward union {ctx['borough_orig_km2']:.2f} km²);
valid, no holes. Source: `boundaries/sandwell_wards_2013.geojson`.

### `wards.geojson` — the 24 wards of the 2004–2026 warding (Polygons)

Fields: `code` (WD13CD, E05001260–E05001283), `name` (WD13NM), `town` (from
`towns/sandwell_ward_town_lookup.csv`), `level` (`ward`).
Generalised **as a coverage** with a tolerance of {SIMPLIFY_TOLERANCE_M:.0f} m: the ward rings are cut into
arcs at nodes (vertices where three or more boundary edges meet — {st['nodes']} nodes, {st['arcs']} arcs),
every arc is projected to EPSG:27700 once, and all arcs are simplified together with GEOS' topology-preserving
simplifier (`SimplifyPreserveTopology` on one MultiLineString: arc endpoints kept, no new intersections), then
the rings are re-assembled. Shared boundaries therefore stay identical between neighbouring wards (no gaps or
slivers). Arc vertices {st['vertices_in']} → {st['vertices_out']}: the source is already an ONS *generalised* (≈ 20 m)
boundary set, whose vertices mostly deviate more than 20 m from their neighbours' chord, so little drops out;
the tolerance is not raised, to keep point-in-polygon answers close to the official boundaries.
Ward `town` holds the town's **name** (`Oldbury`, equal to `name` in `towns.geojson`), not its `code` slug.
Note: Sandwell was re-warded for the May 2026 elections; no open boundary file of the new wards was found.

### `towns.geojson` — the six towns (Polygons / MultiPolygons)

Fields: `code` (slug), `name`, `level` (`town`), `n_wards`, `area_km2` (EPSG:27700 area of the written
geometry, 2 dp). Built as the **union of their generalised wards** using the ward → town lookup. The
council officer's own town polygons (`towns/sandwell_towns.geojson`) were *not* used, because that
repository states no licence; the ward-based towns agree with them to within the generalisation (every ward
lies ≥ 99.2 % inside one council town). Tividale is in Rowley Regis here, as in the council's polygons
(its postcodes are B69 / OLDBURY).

| code | name | wards | km² | wards |
|---|---|---|---|---|
{towns_tbl}

### `postcodes.geojson` — postcode points for geocoding (Points)

Fields: `postcode` (normalised: `B69` district, `B69 3` sector, `B69 3DE` unit), `level`
(`district` | `sector` | `unit`), `n_units` (live unit postcodes in the district/sector; 1 for units),
`n_units_sandwell` (of those, units whose Code-Point admin district is Sandwell), `lad_code` (the district's or
sector's dominant local authority; the unit's own), `source` (`{CODEPOINT_SOURCE}`).
Contents: every district and sector of the B, DY, WS and WV areas whose centroid lies within
{SECTOR_RADIUS_M/1000:.0f} km of the borough outline (centroid = unweighted mean easting/northing of the unit
postcodes, from `postcodes/outcodes_…csv` / `sectors_…csv`), and every unit postcode lying inside the borough or
within {UNIT_RADIUS_M/1000:.0f} km of it (`postcodes/postcodes_B_DY_WS_WV_2014.csv`). Points are computed from the
BNG easting/northing. Counts: {pcs['district']} districts, {pcs['sector']} sectors, {pcs['unit']} units
({ctx['units_inside']} inside the borough outline). Code-Point Open 2014 predates newer postcodes (e.g. WS10 7DB);
geocode those by their sector point.

### `venues.geojson` — candidate venues inside Sandwell (Points)

Fields: `venue_id` (stable slug: `library-<name>`, `gp-<ODS code>`, `pharmacy-<ODS code>`, `osm-<OSM id>`,
`council-oldbury-council-house`), `name`, `kind` (`library` | `gp_practice` | `pharmacy` | `community_centre` |
`place_of_worship` | `council`), `town`, `ward` (point-in-polygon in the layers above; null if none), `postcode`,
`address`, `hours_mon` … `hours_sun` (`"HH:MM-HH:MM"`, comma-separated intervals for split days, `""` = closed that
day, null = unknown), `hours_known`, `source`. Only venues inside the borough outline are kept.

* Libraries: the open ones (`open` = true) of `venues/sandwell_libraries_2023.geojson`, with the staffed hours from
  `venues/libraries/sandwell_metropolitan_borough_council.csv` where the GeoJSON has none. Oldbury Library (moved
  into Sandwell Council House in 2021) has no published hours: `hours_known` false, hours null.
* GP practices: `venues/sandwell_gp_practices_2023-12.geojson` (at the BNG easting/northing of their postcode).
* Pharmacies: `venues/sandwell_pharmacies_2020-01.geojson`, placed at their Code-Point unit postcode.
* OSM: named buildings of `osm_samples/sandwell_osm_buildings_sample.geojson` tagged `amenity=place_of_worship`
  (or `building=church|chapel|mosque|temple|gurdwara|synagogue|…`) → `place_of_worship`, or
  `amenity=community_centre|social_facility` → `community_centre`, at the footprint centroid; postcode and address
  null. Social facilities that are housing (`building=apartments|residential|…`: {', '.join(ctx['osm_skipped']) or 'none'})
  are left out. The OSM sample covers only one deprived LSOA per town, not the whole borough.
* Oldbury Council House: kind `council`, postcode B69 3DE, at the B69 3DE unit point, address "Freeth Street, Oldbury".
* Hours are only known for libraries; GP practice and pharmacy hours are not in the sources (null).

| kind | by town | total |
|---|---|---|
{venue_tbl}

Total {ctx['n_venues']} venues. By town: {fmt_counter(vt, town_order)}{(', no town %d' % vt[None]) if vt.get(None) else ''}.
{('Dropped as outside the outline: ' + fmt_counter(ctx['venues_dropped']) + '.') if ctx['venues_dropped'] else ''}

### `assets.geojson` — community assets for `roisc directory` (Points; role `assets`)

Fields: `asset_id` (the venue's id for the public venues; `illustrative-…` for the invented ones), `name`, `kind`
(roisc's asset vocabulary: `recovery_cafe`, `treatment_service`, `library`, `pharmacy`, `gp_practice`, …), `town`,
`address`, `postcode`, `contact` (e-mail), `web`, `sessions` (weekly sessions, `"Tue 10:00-14:00; Thu 10:00-14:00"`),
`hours_mon` … `hours_sun` (as in `venues.geojson`; null = unknown), `illustrative` (true for invented records),
`note`, `source`.

* The real public venues people use, from `venues.geojson` above: the libraries (with their staffed hours, and their
  e-mail and web page from `venues/libraries/sandwell_metropolitan_borough_council.csv`), the pharmacies and the GP
  practices. Pharmacy and GP hours are not in the sources (null). Whether a pharmacy runs a needle exchange is not
  in the sources either, so they are `pharmacy`, not `needle_exchange`.
* **ILLUSTRATIVE — NOT REAL DATA:** a small sample of the recovery assets the Sandwell plan names, to show the
  directory: Community Links Café in Cradley Heath and the treatment provider's sites. Their places (the mean point of
  a postcode sector's unit postcodes inside the borough), hours and sessions are invented; each carries
  `illustrative: true` and a `note` saying so, and its name ends "(illustrative)".

| kind | by town | total |
|---|---|---|
{asset_tbl}

The illustrative ones:

| asset_id | name | kind | town | sessions |
|---|---|---|---|---|
{illustrative_tbl}

### `stops.geojson` — public-transport stops (Points; role `stops`)

Fields: `stop_id` (NaPTAN ATCO code), `naptan_code`, `name` (common name and indicator, `"Oldbury Interchange (Stand A)"`),
`indicator`, `street`, `locality`, `kind` (`bus` on-street stop, `bus_station` bay, `rail` station entrance, `metro`
Metro stop entrance), `stop_type` (NaPTAN `BCT`, `BCS`, `RSE`, `TMU`), `town` (point-in-polygon; null outside the
towns). Derived from `transit/naptan/naptan_bbox_sandwell_plus8km_2026-08.csv` (NaPTAN, 2026-08): the
`active` access points of those four types lying inside the borough outline or within {STOP_MARGIN_M:.0f} m of it (so a stop
across the border road still counts as near), at their NaPTAN easting/northing. Station areas and platforms (`RLY`,
`MET`, `PLT`) are left out: they duplicate the entrances. {len(ctx['stops'])} stops: {stops_txt}; by town
{stops_town_txt}. No timetable is used (none is complete in the sources): a stop is "near" by straight-line distance.

### `meetings.geojson` — ILLUSTRATIVE mutual-aid meetings (Points; null geometry for online-only)

> **ILLUSTRATIVE — NOT REAL DATA.** No UK AA/NA/CA/SMART meeting list with locations is publicly available for
> this area. These meetings are invented to reproduce the facts stated in the Sandwell plan, placed at real
> public buildings (libraries, GP practices, churches) chosen by a fixed rule. Do not publish them as
> meeting information. Every feature carries `illustrative: true` and a `note`.

Fields: `meeting_id` (slug `<fellowship>-<venue>-<day>-<HHMM>`), `name`, `fellowship` (`AA` | `NA` | `CA` | `SMART`),
`venue`, `address`, `postcode`, `town` (Sandwell town, null outside), `area` (local authority; null online),
`in_sandwell`, `weekday` (`Mon`..`Sun`), `start`, `end` (`HH:MM`), `attendance` (`in_person` | `online` |
`hybrid`), `types` (Meeting Guide type codes, e.g. `O,D`; all checked against
`meetings/meeting_guide_spec/types.json`), `illustrative` (true), `note`. (GDAL's GeoJSON driver detects
`start`/`end` as Time fields, "19:30:00"; open with `-oo DATE_AS_STRING=YES` to get the strings as written.)
OSM-sourced venues (the Sandwell churches and Greets Green Resource Centre) have no address or postcode.

Facts reproduced (asserted by the script; distances straight-line in EPSG:27700 from the B69 3DE point):

* **3 AA groups in Sandwell**, in-person, evenings, at churches from the venues layer in three different towns.
* **1 weekly SMART Recovery group** at Greets Green Resource Centre, West Bromwich — it **stands in for the
  treatment service** (the service's own address is not used).
* **No NA meeting in Sandwell.**
* **Exactly 9 in-person NA meetings within five miles (8,046.72 m) of B69 3DE**, all outside the borough: each
  between {NA_NEAR_MIN_M/1000:.1f} and {NA_NEAR_MAX_M/1000:.1f} km from B69 3DE and at least {OUTSIDE_MARGIN_M:.0f} m outside the outline
  (the smaller of the distances to the generalised outline and to the ungeneralised ward union), so neither
  rounding nor a datum shift of a few metres can change the count.
* Further meetings, all more than {BEYOND_MIN_M/1000:.1f} km from B69 3DE: {mt['far_NA']} NA, {mt['far_AA']} AA and {mt['far_CA']} CA,
  in-person; plus {mt['online']} online-only NA meetings (`attendance` online, null geometry and area).

Venue rule (deterministic): candidates are the open libraries of Birmingham, Dudley, Walsall and Wolverhampton
(`venues/libraries/*.csv`, geocoded by their postcode through `postcodes/postcodes_B_DY_WS_WV_2014.csv`, kept
only if the postcode lies in that council) and the GP practices outside Sandwell
(`venues/gp_practices_B_DY_WS_WV_2023-12.csv`), ordered libraries first, then by distance from B69 3DE, then
name. Each meeting slot names an area and a distance band and takes the first candidate in that order that is
≥ {OUTSIDE_MARGIN_M:.0f} m outside Sandwell and ≥ 500 m from every venue already used. The nine near NA slots go round-robin
Birmingham ×4, Dudley ×3, Walsall ×2 (no Wolverhampton venue lies within 7.6 km).

The nine NA meetings within five miles:

| meeting_id | venue | postcode | area | when | m from B69 3DE | m outside Sandwell |
|---|---|---|---|---|---|---|
{near_tbl}

Meetings by fellowship and place: {mt['summary']}.

### `hotspots.geojson` + `hotspots_modelled.csv` — MODELLED treatment demand by postcode sector

> **MODELLED — NOT REAL DATA.** Sandwell's counts of adults in treatment by postcode are not public. These
> numbers are a model built from public population and deprivation data, for testing and demonstration.

Fields: `sector` (`B69 3`), `town`, `ward` (point-in-polygon of the sector point), `opiate`, `non_opiate`,
`alcohol_only`, `non_opiate_and_alcohol`, `total`, `deprivation` (the IMD 2019 weight 1 + 0.25 × (10 − decile) of
the LSOAs of the sector's unit postcodes, averaged over the units: 1.00 least deprived … 3.25 most; real public
data, used by `roisc rank --weight deprivation`), `imd_decile` (the IMD 2019 decile, 1 most deprived … 10 least,
holding most of the sector's population: each unit postcode carries an equal share of its LSOA's mid-2022
population; ties go to the more deprived decile; used by `roisc coverage --by imd-decile`), `modelled` (true),
`method` (short text).
The point is the mean easting/northing of the sector's unit postcodes **inside the borough outline**
(where that mean falls outside the outline or the towns, the sector's unit nearest to it is used instead:
{', '.join('%s → %s' % t for t in hinfo['snapped']) or 'none'}).

Assumptions and method:

1. **{TOTAL_IN_TREATMENT:,} adults in treatment** across Sandwell, split into the four NDTMS adult cohorts with
   national-like shares: opiate 47 % ({ctx['hs_totals']['opiate']}), non-opiate only 11 % ({ctx['hs_totals']['non_opiate']}),
   alcohol only 29 % ({ctx['hs_totals']['alcohol_only']}), non-opiate and alcohol 13 % ({ctx['hs_totals']['non_opiate_and_alcohol']}).
2. Each of the {hinfo['n_lsoas']} Sandwell LSOAs (2011, `boundaries/sandwell_lsoa_2011.geojson`) gets weight
   *population × (1 + 0.25 × (10 − IMD 2019 decile))* — decile 1 (most deprived) ×3.25 … decile 10 ×1.00.
   Population = ONS mid-2022 (`population/lsoa21_population_mid2022_west_midlands_met.csv`) mapped from LSOA 2021
   to 2011 with `population/lsoa11_to_lsoa21_west_midlands_met.csv` (split LSOAs: the two 2021 children summed
   back onto their 2011 parent); total {hinfo['pop']:,.0f}. IMD deciles from
   `deprivation/imd2019_lsoa_west_midlands_met_county.csv` ({fmt_counter(hinfo['deciles'])} LSOAs by decile).
3. Each LSOA's weighted population is spread equally over the {hinfo['units']:,} Code-Point unit postcodes inside the
   borough outline that fall in that LSOA polygon ({hinfo['nearest_fallback']} units in no polygon were given to the
   nearest LSOA; {hinfo['empty_lsoas']} LSOAs without any unit postcode went to the unit nearest their interior point), and
   summed per sector.
4. Each cohort total is shared out over the sectors in proportion and rounded with the **largest-remainder method**
   (ties: postcode-sector order), so every cohort sums exactly to its total and all cohorts to {TOTAL_IN_TREATMENT:,}.

{len(hs)} sectors (every sector with at least one unit postcode inside the outline); largest: {top_txt}. By town:
{fmt_counter(hs_town, town_order)}{(', no town %d' % hs_town[None]) if hs_town.get(None) else ''}.
**Small counts are kept as they are** (including zeros): disclosure control is applied by roisc when it exports,
not here. `hotspots_modelled.csv` holds the same numbers in the NDTMS table layout
(`partial_postcode,opiate,non_opiate,alcohol_only,non_opiate_and_alcohol`, one row per sector) as example input
for `roisc hotspots`.

## Licences and attribution

The layers combine data under these licences; reproduce the attribution lines when publishing maps or data
made from them.

| layer | sources | licence | attribution |
|---|---|---|---|
| borough, wards, towns | ONS ward boundaries (2013) via martinjc/UK-GeoJSON | OGL v3 / OS OpenData; conversion CC BY 4.0 | "Contains OS data © Crown copyright and database right 2016. Contains National Statistics data © Crown copyright and database right 2016. GeoJSON conversion by Martin Chorley (martinjc/UK-GeoJSON), CC BY 4.0." |
| postcodes | OS Code-Point Open 2014.3 | OGL v3 (OS OpenData) | "Contains OS data © Crown copyright and database right 2014. Contains Royal Mail data © Royal Mail copyright and database right 2014. Contains National Statistics data © Crown copyright and database right 2014." |
| venues (GP practices) | NHS England Organisation Data Service, epraccur (Dec 2023) | OGL v3 | "Contains public sector information licensed under the Open Government Licence v3.0 (NHS England Organisation Data Service)." |
| venues (pharmacies) | NHS.UK organisation export (Jan 2020) | OGL v3 | "Contains public sector information licensed under the Open Government Licence v3.0 (NHS.UK)." |
| venues (libraries), meetings (venues) | Arts Council England basic dataset for libraries, curated by Libraries Hacked (2023) | MIT (Libraries Hacked) | "Library data: Libraries Hacked (MIT licence), from the Arts Council England basic dataset for libraries." |
| venues (OSM buildings) | OpenStreetMap, via the AStocking/SandwellFull sample (2025-12) | ODbL 1.0 | "© OpenStreetMap contributors" (ODbL; derived databases must stay under ODbL) |
| venues, meetings, hotspots (locations) | Code-Point Open, as above | OGL v3 | as for postcodes |
| hotspots | ONS mid-2022 LSOA population and LSOA 2011→2021 lookup; MHCLG IoD 2019; ONS LSOA 2011 boundaries via martinjc/UK-GeoJSON | OGL v3; CC BY 4.0 | "Source: Office for National Statistics licensed under the Open Government Licence v3.0. Contains MHCLG data © Crown copyright (English Indices of Deprivation 2019)." plus the boundary line above |
| meetings | invented (illustrative); venue names and places from the sources above | — | as for the venue sources |
| assets | the venue sources above; the illustrative assets invented | as for the venues | as for the venue sources |
| stops | NaPTAN (Department for Transport), via bustimes/scrapings (2026-08) | OGL v3 | "Contains public sector information licensed under the Open Government Licence v3.0 (NaPTAN, DfT)." |

`venues.geojson` (its `osm-…` features) and the meetings placed at those venues contain OpenStreetMap-derived
points: treat those files as ODbL derived databases (keep "© OpenStreetMap contributors" with them, and share
alike), or drop the `osm-…` features when that is not acceptable.
"""


# --------------------------------------------------------------------------------------------
# main

def main(argv=None):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(repo, "..", "shared", "data"),
                    help="shared reference data folder (default: <repo>/../shared/data)")
    ap.add_argument("--out", default=os.path.join(repo, "layers", "sandwell"),
                    help="output folder (default: <repo>/layers/sandwell)")
    ap.add_argument("--readme", default=None, help="README path (default: <out>/../README.md)")
    args = ap.parse_args(argv)
    shared = os.path.normpath(args.shared)
    out = os.path.normpath(args.out)
    readme = args.readme or os.path.join(os.path.dirname(os.path.abspath(out)), "README.md")
    check(os.path.isdir(shared), "shared data folder %s not found (use --shared)" % shared)

    lad_names = {r["lad_code"]: r["lad_name"] for r in read_csv(os.path.join(shared, "postcodes/lad_names_2013.csv"))}

    A = build_areas(shared)
    L = Locator(A)
    sizes = write_areas(out, A)

    units = load_units(shared)
    pc_feats, pc_counts, inside_units, sandwell_outside = build_postcodes(shared, units, L)
    sizes["postcodes.geojson"] = write_geojson(os.path.join(out, "postcodes.geojson"), "sandwell_postcodes",
                                               pc_feats, "postcode")

    venues, dropped, osm_skipped = build_venues(shared, units, L)
    sizes["venues.geojson"] = write_geojson(os.path.join(out, "venues.geojson"), "sandwell_venues",
                                            [(p, point_json_from_bng(*en)) for p, en in venues], "venue_id")

    assets = build_assets(shared, L, venues, inside_units)
    sizes["assets.geojson"] = write_geojson(os.path.join(out, "assets.geojson"), "sandwell_assets",
                                            [(p, point_json_from_bng(*en)) for p, en in assets], "asset_id")
    stops = build_stops(shared, L)
    sizes["stops.geojson"] = write_geojson(os.path.join(out, "stops.geojson"), "sandwell_stops",
                                           [(p, point_json_from_bng(*en)) for p, en in stops], "stop_id")

    rows, facts = build_meetings(shared, units, L, venues, lad_names)
    sizes["meetings.geojson"] = write_geojson(os.path.join(out, "meetings.geojson"), "illustrative_meetings",
                                              [(p, g) for p, g, _, _ in rows], "meeting_id")

    hs_rows, hs_totals, hs_info = build_hotspots(shared, inside_units, L)
    sizes["hotspots.geojson"] = write_geojson(os.path.join(out, "hotspots.geojson"), "modelled_hotspots",
                                              [(p, g) for p, g, _ in hs_rows], "sector")
    csv_lines = ["partial_postcode,opiate,non_opiate,alcohol_only,non_opiate_and_alcohol"]
    for p, _, _ in hs_rows:
        csv_lines.append("%s,%d,%d,%d,%d" % (p["sector"], p["opiate"], p["non_opiate"], p["alcohol_only"],
                                             p["non_opiate_and_alcohol"]))
    write_atomic(os.path.join(out, "hotspots_modelled.csv"), "\n".join(csv_lines) + "\n")
    sizes["hotspots_modelled.csv"] = os.path.getsize(os.path.join(out, "hotspots_modelled.csv"))

    # ---- summary / README context
    ref_e, ref_n, _ = units[COUNCIL_HOUSE_POSTCODE]
    ref_lon, ref_lat = to_wgs([(ref_e, ref_n)])[0]
    venue_kinds = Counter(p["kind"] for p, _ in venues)
    venue_towns = Counter(p["town"] for p, _ in venues)
    venue_kind_town = Counter((p["kind"], p["town"]) for p, _ in venues)
    na_near = [(p, d, o) for p, g, d, o in rows
               if p["fellowship"] == "NA" and g is not None and d <= FIVE_MILES_M]
    na_near.sort(key=lambda t: t[1])
    where = Counter()
    for p, g, d, o in rows:
        if g is None:
            w = "online"
        elif p["in_sandwell"]:
            w = "in Sandwell"
        elif d <= FIVE_MILES_M:
            w = "outside, within 5 mi"
        else:
            w = "outside, beyond 8.6 km"
        where[(p["fellowship"], w)] += 1
    summary = "; ".join("%s %s %d" % (f, w, n) for (f, w), n in sorted(where.items()))
    far = Counter(p["fellowship"] for p, g, d, o in rows if g is not None and not p["in_sandwell"] and d > BEYOND_MIN_M)
    meeting_table = {"far_NA": far["NA"], "far_AA": far["AA"], "far_CA": far["CA"],
                     "online": sum(1 for p, g, _, _ in rows if g is None), "summary": summary}
    hs_town = Counter(p["town"] for p, _, _ in hs_rows)
    ctx = {"areas": A, "venue_kinds": venue_kinds, "venue_towns": venue_towns, "venue_kind_town": venue_kind_town,
           "n_venues": len(venues), "venues_dropped": dropped, "osm_skipped": osm_skipped, "na_near": na_near,
           "meeting_table": meeting_table, "hotspot_rows": hs_rows, "hotspot_town": hs_town,
           "hotspot_info": hs_info, "hs_totals": hs_totals, "pc_counts": pc_counts, "units_inside": len(inside_units),
           "ref": {"e": ref_e, "n": ref_n, "lon": ref_lon, "lat": ref_lat},
           "assets": assets, "stops": stops,
           "borough_km2": A["borough"].GetArea() / 1e6, "borough_orig_km2": A["borough_orig"].GetArea() / 1e6}
    write_atomic(readme, readme_text(ctx))

    # ---- print summary
    p = print
    p("build_sandwell_layers: wrote %s" % out)
    for fn in sorted(sizes):
        p("  %-24s %9d bytes" % (fn, sizes[fn]))
    p("  README                   %s" % readme)
    p("borough: 1 polygon, %.2f km2 (ward union %.2f km2); wards %d; towns %s" % (
        ctx["borough_km2"], ctx["borough_orig_km2"], len(A["wards"]),
        ", ".join("%s %.2f km2 (%d wards)" % (t["name"], t["area_km2"], t["n_wards"]) for t in A["towns"])))
    p("postcodes: %s (units inside the outline %d; Sandwell-LAD units outside it %d)" % (
        fmt_counter(pc_counts, ["district", "sector", "unit"]), len(inside_units), sandwell_outside))
    p("venues: %d — %s" % (len(venues), fmt_counter(venue_kinds)))
    p("assets: %d — %s" % (len(assets), fmt_counter(Counter(a["kind"] for a, _ in assets))))
    p("stops: %d — %s" % (len(stops), fmt_counter(Counter(st["kind"] for st, _ in stops))))
    p("meetings: %d — %s" % (len(rows), summary))
    p("hotspots: %d sectors, total %d (%s)" % (len(hs_rows), sum(r[0]["total"] for r in hs_rows),
                                               ", ".join("%s %d" % kv for kv in hs_totals.items())))
    p("B69 3DE: E %d N %d = lon %.6f lat %.6f" % (ref_e, ref_n, ref_lon, ref_lat))
    p("facts (asserted): NA within 5 mi of B69 3DE = %d; NA in Sandwell = %d; AA in Sandwell = %d; SMART in Sandwell = %d"
      % (facts["na_within_5mi"], facts["na_in_borough"], facts["aa_in_borough"], facts["smart_in_borough"]))
    for m, d, o in na_near:
        p("  %-44s %-13s %7.0f m from B69 3DE, %5.0f m outside Sandwell" % (m["meeting_id"], m["area"], d, o))
    return 0


if __name__ == "__main__":
    sys.exit(main())
