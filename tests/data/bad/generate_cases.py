#!/usr/bin/env python3
"""Writes the generated bad-input cases of tests/data/bad/ (one folder each, with case.cmake).

Each case is the embedded Sandwell default (layers/sandwell, read in place) with one thing
changed: a layer file edited, a manifest line, a hotspot table, or one option. case.cmake says
the command, the exit code and the message parts (regular expressions) the CLI test asserts
(tests/cli/CMakeLists.txt runs every folder holding one). Run from anywhere:
    python3 tests/data/bad/generate_cases.py
The hand-written cases (folders without case.cmake) are left alone.
"""
import copy
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SANDWELL = os.path.join(HERE, "..", "..", "..", "layers", "sandwell")
REL = "../../../../layers/sandwell/"

LAYERS = {
    "borough": 'role = "areas"\nlevel = "borough"\nsource = "{src}"\nfields = {{ id = "code", name = "name" }}',
    "towns": 'role = "areas"\nlevel = "town"\nsource = "{src}"\nfields = {{ id = "code", name = "name" }}',
    "postcodes": 'role = "postcodes"\nsource = "{src}"\nfields = {{ postcode = "postcode", level = "level", n_units = "n_units" }}',
    "venues": 'role = "venues"\nsource = "{src}"\nfields = {{ id = "venue_id", name = "name", kind = "kind", town = "town", postcode = "postcode" }}',
    "meetings": 'role = "meetings"\nsource = "{src}"\nfields = {{ id = "meeting_id", name = "name", fellowship = "fellowship", weekday = "weekday", start = "start", end = "end", attendance = "attendance", types = "types", venue = "venue", postcode = "postcode" }}',
    "hotspots": 'role = "demand"\nsource = "{src}"\ncohorts = ["opiate", "non_opiate", "alcohol_only", "non_opiate_and_alcohol"]\nfields = {{ id = "sector", town = "town" }}',
}


def load(name):
    with open(os.path.join(SANDWELL, name + ".geojson"), encoding="utf-8") as f:
        return json.load(f)


def manifest(local=(), extra="", replace=None, study_extra="", omit=()):
    """The Sandwell manifest; layers in `local` are read from the case folder, `replace` maps a
    layer to its whole TOML body, `extra` is appended."""
    replace = replace or {}
    out = '[study]\nname = "Sandwell"\ncrs = "EPSG:27700"\nboundary = "borough"\ntowns = "towns"\n' + study_extra + "\n"
    for name, body in LAYERS.items():
        if name in omit:
            continue
        src = name + ".geojson" if name in local else REL + name + ".geojson"
        out += "[layers.%s]\n%s\n\n" % (name, replace.get(name, body.format(src=src)))
    return out + extra


def features_edit(layer, fn):
    d = load(layer)
    fn(d["features"])
    return {layer + ".geojson": json.dumps(d, ensure_ascii=False)}


def set_prop(layer, index, **props):
    def fn(fs):
        fs[index]["properties"].update(props)
    return features_edit(layer, fn)


def set_geom(layer, index, geometry):
    def fn(fs):
        fs[index]["geometry"] = geometry
    return features_edit(layer, fn)


CASES = []


WRITES_FILES = {"within", "schedule", "gaps", "coverage", "isochrones", "map", "rank", "hotspots"}


def case(name, exit_code, args, stderr=(), stdout=(), files=None, man=None, note=""):
    # A case runs in its own folder of the source tree: one that succeeds writes no files there.
    if exit_code == 0 and WRITES_FILES.intersection(args) and "--no-files" not in args and "--out" not in args:
        args = args + ["--no-files"]
    CASES.append(dict(name=name, exit=exit_code, args=args, stderr=list(stderr), stdout=list(stdout),
                      files=files or {}, manifest=man, note=note))


CHECK = ["-q", "layers", "--check", "--manifest", "manifest.toml"]
GAPS = ["gaps", "--beyond", "2mi", "-f", "NA", "--no-files", "--manifest", "manifest.toml"]
M0 = load("meetings")["features"][0]["properties"]["meeting_id"]

# ---- 1. plausibility of coordinates for the declared CRS, geometry kinds --------------------------
venues_csv = "venue_id,name,kind,lon,lat\nv1,Oldbury Library,library,-2.0163,52.5050\nv2,Tipton Library,library,-2.0447,52.5290\n"
venues_csv_body = 'role = "venues"\nsource = "venues.csv"\ncrs = "{crs}"\nx = "lon"\ny = "lat"\nfields = {{ id = "venue_id" }}'
case("degrees_declared_27700_csv", 3, CHECK,
     ["venues\\.csv", "layer 'venues'", "look(s)? like longitude/latitude", "EPSG:27700", "Fix: .*crs = \"EPSG:4326\""],
     files={"venues.csv": venues_csv}, man=manifest(replace={"venues": venues_csv_body.format(crs="EPSG:27700")}),
     note="lon/lat columns declared as British National Grid")
case("degrees_declared_27700_csv_gaps", 3, ["gaps", "--beyond", "2mi", "--no-files", "--manifest", "manifest.toml"],
     ["layer 'hotspots'", "longitude/latitude", "EPSG:27700"],
     files={"hotspots.csv": "sector,lon,lat,opiate,non_opiate,alcohol_only,non_opiate_and_alcohol\nB69 3,-2.0163,52.5050,41,6,22,4\n"},
     man=manifest(replace={"hotspots": 'role = "demand"\nsource = "hotspots.csv"\ncrs = "EPSG:27700"\nx = "lon"\ny = "lat"\ncohorts = ["opiate", "non_opiate", "alcohol_only", "non_opiate_and_alcohol"]\nfields = { id = "sector" }'}),
     note="the issue's example: gaps put everyone beyond reach")
d = load("meetings")
d["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}
case("degrees_declared_27700_geojson_member", 3, CHECK,
     ["meetings\\.geojson", "longitude/latitude", "EPSG:27700", "Fix:"],
     files={"meetings.geojson": json.dumps(d)}, man=manifest(local=["meetings"]))
case("eastings_declared_4326_csv", 3, CHECK, ["venues\\.csv", "not longitude/latitude", "EPSG:27700"],
     files={"venues.csv": "venue_id,name,kind,lon,lat\nv1,Oldbury Library,library,399500,289600\n"},
     man=manifest(replace={"venues": venues_csv_body.format(crs="EPSG:4326")}))
case("unknown_crs_code", 3, CHECK, ["venues\\.csv", "EPSG:99999", "not a CRS GDAL knows", "Fix:"],
     files={"venues.csv": venues_csv}, man=manifest(replace={"venues": venues_csv_body.format(crs="EPSG:99999")}))
case("unknown_crs_words", 3, CHECK, ["\"British grid\" is not a CRS GDAL knows"],
     files={"venues.csv": venues_csv}, man=manifest(replace={"venues": venues_csv_body.format(crs="British grid")}))
d = load("meetings")
d["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::99999"}}
case("unknown_crs_geojson_member", 3, CHECK, ["meetings\\.geojson", "crs member names \"urn:ogc:def:crs:EPSG::99999\", which is not a CRS GDAL knows", "Fix:"],
     files={"meetings.geojson": json.dumps(d)}, man=manifest(local=["meetings"]))
case("meetings_in_edinburgh", 3, CHECK, ["layer 'meetings'", "km from the study area", "Fix: check that this is the right file"],
     files=features_edit("meetings", lambda fs: [f.update(geometry={"type": "Point", "coordinates": [-3.19 + i * 0.001, 55.95]}) for i, f in enumerate(fs)]),
     man=manifest(local=["meetings"]), note="a layer far from the study area")
case("hotspots_in_london", 3, ["gaps", "--beyond", "2mi", "--no-files", "--manifest", "manifest.toml"],
     ["layer 'hotspots'", "km from the study area"],
     files=features_edit("hotspots", lambda fs: [f.update(geometry={"type": "Point", "coordinates": [-0.12 + i * 0.001, 51.5]}) for i, f in enumerate(fs)]),
     man=manifest(local=["hotspots"]))
case("meetings_in_sydney", 3, CHECK, ["meetings\\.geojson", "far outside the area of EPSG:27700"],
     files=features_edit("meetings", lambda fs: fs[0].update(geometry={"type": "Point", "coordinates": [151.2, -33.9]})),
     man=manifest(local=["meetings"]))
case("multipoint_meeting", 3, CHECK, ["meetings\\.geojson", "feature 1 \\(id \"%s\"\\)" % M0, "MultiPoint of 2 different points", "Fix: give it a single Point"],
     files=set_geom("meetings", 0, {"type": "MultiPoint", "coordinates": [[-1.8855, 52.4589], [-2.0091, 52.5040]]}),
     man=manifest(local=["meetings"]), note="was moved to a made-up point between the two")
case("multipoint_meeting_gaps", 3, GAPS, ["MultiPoint of 2 different points"],
     files=set_geom("meetings", 0, {"type": "MultiPoint", "coordinates": [[-1.8855, 52.4589], [-2.0091, 52.5040]]}),
     man=manifest(local=["meetings"]))
case("multipoint_one_point_is_fine", 0, CHECK, [],
     files=set_geom("meetings", 0, {"type": "MultiPoint", "coordinates": [[-1.885501, 52.458915]]}),
     man=manifest(local=["meetings"]), note="the documented rule: a MultiPoint of one point is that point")
case("multipoint_venue", 3, CHECK, ["venues\\.geojson", "feature 1", "MultiPoint of 2"],
     files=set_geom("venues", 0, {"type": "MultiPoint", "coordinates": [[-2.0, 52.5], [-2.01, 52.51]]}),
     man=manifest(local=["venues"]))
case("multipoint_hotspot", 3, CHECK, ["hotspots\\.geojson", "feature 1", "MultiPoint of 2"],
     files=set_geom("hotspots", 0, {"type": "MultiPoint", "coordinates": [[-2.0, 52.5], [-2.01, 52.51]]}),
     man=manifest(local=["hotspots"]))
case("points_as_towns", 3, CHECK, ["towns\\.geojson", "feature 1", "is a Point, but a areas layer needs polygons"],
     files=set_geom("towns", 0, {"type": "Point", "coordinates": [-2.0, 52.5]}), man=manifest(local=["towns"]))
case("polygon_as_meeting", 3, CHECK, ["meetings\\.geojson", "is a Polygon, but a meetings layer needs points"],
     files=set_geom("meetings", 2, {"type": "Polygon", "coordinates": [[[-2.0, 52.5], [-2.01, 52.5], [-2.01, 52.51], [-2.0, 52.5]]]}),
     man=manifest(local=["meetings"]))
case("line_as_hotspot", 3, CHECK, ["hotspots\\.geojson", "is a Line ?String, but a demand layer needs points"],
     files=set_geom("hotspots", 3, {"type": "LineString", "coordinates": [[-2.0, 52.5], [-2.01, 52.5]]}), man=manifest(local=["hotspots"]))
case("empty_polygon_town", 3, CHECK, ["towns\\.geojson", "feature 1 \\(id \"oldbury\"\\)", "the area has no polygon", "Fix:"],
     files=set_geom("towns", 0, {"type": "Polygon", "coordinates": []}), man=manifest(local=["towns"]),
     note="the town vanished from the town table")
case("null_geometry_town", 3, GAPS, ["towns\\.geojson", "id \"oldbury\"", "the area has no polygon"],
     files=set_geom("towns", 0, None), man=manifest(local=["towns"]))
case("empty_polygon_borough", 3, CHECK, ["borough\\.geojson", "the area has no polygon"],
     files=set_geom("borough", 0, {"type": "MultiPolygon", "coordinates": []}), man=manifest(local=["borough"]))

# ---- 2. nothing dropped in silence -----------------------------------------------------------------
LEFT = "left out: 1 record\\(s\\) not used as written"
for cmd, args in [("gaps", GAPS),
                  ("within", ["within", "--from", "B69 3DE", "--radius", "5mi", "--manifest", "manifest.toml"]),
                  ("coverage", ["coverage", "--within", "1mi", "--no-files", "--manifest", "manifest.toml"]),
                  ("schedule", ["schedule", "--manifest", "manifest.toml"]),
                  ("isochrones", ["isochrones", "--times", "10min", "--no-files", "--manifest", "manifest.toml"])]:
    case("weekday_funday_" + cmd, 0, args, [LEFT, "meetings\\.geojson, feature 3 \\(id \"[^\"]+\"\\), meeting '[^']+': weekday 'Funday' is not a day of the week; the meeting is left out"],
         files=set_prop("meetings", 2, weekday="Funday"), man=manifest(local=["meetings"]))
case("weekday_funday_strict", 3, ["--strict"] + GAPS, ["1 record\\(s\\) cannot be used as written \\(--strict\\)", "weekday 'Funday'"],
     files=set_prop("meetings", 2, weekday="Funday"), man=manifest(local=["meetings"]))
case("weekday_funday_check_lists_it", 0, ["layers", "--check", "--manifest", "manifest.toml"],
     ["left out: meetings\\.geojson, feature 3 ", "1 record\\(s\\) would be left out"],
     files=set_prop("meetings", 2, weekday="Funday"), man=manifest(local=["meetings"]))
case("weekday_funday_check_strict", 3, ["--strict", "layers", "--check", "--manifest", "manifest.toml"],
     ["left out: meetings\\.geojson, feature 3 ", "1 record\\(s\\) left out \\(--strict\\)"],
     files=set_prop("meetings", 2, weekday="Funday"), man=manifest(local=["meetings"]))
case("weekday_empty", 0, GAPS, [LEFT, "no weekday"], files=set_prop("meetings", 4, weekday=""), man=manifest(local=["meetings"]))
case("weekday_null", 0, GAPS, [LEFT, "no weekday"], files=set_prop("meetings", 4, weekday=None), man=manifest(local=["meetings"]))
case("start_7_30pm_is_read", 0, GAPS, ["note: meetings\\.geojson, feature 3 \\(id [^)]+\\): read the 12-hour time '7\\.30pm' as 19:30"],
     files=set_prop("meetings", 2, start="7.30pm"), man=manifest(local=["meetings"]),
     note="a real-world start time: parsed, and said")
case("start_7pm_is_read", 0, GAPS, ["read the 12-hour time '7pm' as 19:00"],
     files=set_prop("meetings", 2, start="7pm"), man=manifest(local=["meetings"]))
case("start_19_30_dot_is_read", 0, ["-q"] + GAPS, [], files=set_prop("meetings", 2, start="19.30"), man=manifest(local=["meetings"]))
case("start_half_seven", 0, GAPS, [LEFT, "start 'half seven' is not a time of day"],
     files=set_prop("meetings", 2, start="half seven"), man=manifest(local=["meetings"]))
case("start_25_00", 0, GAPS, [LEFT, "start '25:00' is not a time of day"], files=set_prop("meetings", 2, start="25:00"), man=manifest(local=["meetings"]))
case("start_19_30pm", 0, GAPS, [LEFT, "start '19:30pm'"], files=set_prop("meetings", 2, start="19:30pm"), man=manifest(local=["meetings"]))
case("start_empty", 0, GAPS, [LEFT, "no start time"], files=set_prop("meetings", 2, start=""), man=manifest(local=["meetings"]))
case("end_late", 0, GAPS, [LEFT, "end 'late' is not a time of day"], files=set_prop("meetings", 2, end="late"), man=manifest(local=["meetings"]))
case("fellowship_unknown", 0, GAPS, [LEFT, "fellowship 'Friends of Bill' is not one roisc knows", "counts as Other"],
     files=set_prop("meetings", 2, fellowship="Friends of Bill"), man=manifest(local=["meetings"]), note="miscounted before")
case("fellowship_unknown_strict", 3, ["--strict"] + GAPS, ["--strict", "Friends of Bill"],
     files=set_prop("meetings", 2, fellowship="Friends of Bill"), man=manifest(local=["meetings"]))
case("fellowship_long_name_is_read", 0, ["-q", "--strict"] + GAPS, [],
     files=set_prop("meetings", 2, fellowship="Narcotics Anonymous (NA)"), man=manifest(local=["meetings"]))
case("attendance_unknown", 0, GAPS, [LEFT, "attendance 'sometimes'"], files=set_prop("meetings", 2, attendance="sometimes"), man=manifest(local=["meetings"]))
case("meeting_in_person_without_location", 0, GAPS, [LEFT, "an in-person meeting with no location"],
     files=set_geom("meetings", 2, None), man=manifest(local=["meetings"]))
case("meeting_online_without_location_is_fine", 0, ["-q", "--strict"] + GAPS, [],
     files=features_edit("meetings", lambda fs: (fs[2].update(geometry=None), fs[2]["properties"].update(attendance="online"))),
     man=manifest(local=["meetings"]))
case("hotspot_without_location", 0, GAPS, [LEFT, "hotspots\\.geojson, feature 1 \\(id \"B16 0\"\\), hotspot 'B16 0': no location"],
     files=set_geom("hotspots", 0, None), man=manifest(local=["hotspots"]), note="was dropped unnamed")
case("hotspot_without_location_strict", 3, ["--strict"] + GAPS, ["hotspot 'B16 0': no location"],
     files=set_geom("hotspots", 0, None), man=manifest(local=["hotspots"]))
# One hotspot far away in a layer otherwise about Sandwell (its coordinates mistyped): named and left
# out, never counted in the totals; the same for a coverage run and for layers --check.
FAR = set_geom("hotspots", 0, {"type": "Point", "coordinates": [-0.5, 51.2]})
case("hotspot_far_away", 0, GAPS, [LEFT, "hotspots\\.geojson, hotspot 'B16 0': lies 171 km from the study area, at 504898, 145601 \\(EPSG:27700\\); its people are left out"],
     files=FAR, man=manifest(local=["hotspots"]), note="was counted in Sandwell's total")
case("hotspot_far_away_strict", 3, ["--strict"] + GAPS, ["hotspot 'B16 0': lies 171 km from the study area"],
     files=FAR, man=manifest(local=["hotspots"]))
case("hotspot_far_away_check", 0, ["layers", "--check", "--manifest", "manifest.toml"], ["left out: hotspots\\.geojson, hotspot 'B16 0': lies 171 km"],
     files=FAR, man=manifest(local=["hotspots"]))
case("venue_without_location_check", 0, ["layers", "--check", "--manifest", "manifest.toml"], ["left out: venues\\.geojson, feature 1 \\(id [^)]+\\), venue 'Oldbury Council House': no location"],
     files=set_geom("venues", 0, None), man=manifest(local=["venues"]))
case("two_left_out_counted", 0, GAPS, ["left out: 2 record\\(s\\)", "Funday", "sometimes"],
     files=features_edit("meetings", lambda fs: (fs[2]["properties"].update(weekday="Funday"), fs[5]["properties"].update(attendance="sometimes"))),
     man=manifest(local=["meetings"]))
case("left_out_quiet_still_fails_strict", 3, ["-q", "--strict"] + GAPS, ["Funday"],
     files=set_prop("meetings", 2, weekday="Funday"), man=manifest(local=["meetings"]))

# ---- 3. one layer per role, or all ---------------------------------------------------------------
extra_meeting = load("meetings")
extra_meeting["features"] = [extra_meeting["features"][0]]
extra_meeting["features"][0]["properties"].update(meeting_id="extra-oldbury-na", name="Extra Oldbury NA", fellowship="NA",
                                                   weekday="Wed", start="19:00", end="20:00")
extra_meeting["features"][0]["geometry"] = {"type": "Point", "coordinates": [-2.0091, 52.5040]}
case("two_meetings_layers_both_read", 0, ["within", "--from", "B69 3DE", "--radius", "1mi", "-f", "NA", "--manifest", "manifest.toml"], [],
     ["Extra Oldbury NA"], files={"more_meetings.geojson": json.dumps(extra_meeting)},
     man=manifest(extra="[layers.more_meetings]\n" + LAYERS["meetings"].format(src="more_meetings.geojson") + "\n"),
     note="the second meetings layer was never read")
case("two_demand_layers_other_cohorts", 3, GAPS, ["demand layers 'hotspots' and 'more' count different cohorts"],
     man=manifest(extra='[layers.more]\nrole = "demand"\nsource = "%shotspots.geojson"\ncohorts = ["opiate"]\nfields = { id = "sector" }\n' % REL))
case("two_areas_layers_no_towns", 3, GAPS, ["2 areas layers \\(borough, towns\\) and no \\[study\\] towns"],
     man=manifest().replace('towns = "towns"\n', "").replace('boundary = "borough"\n', ""))
case("two_venues_layers_usable", 0, ["-q", "--strict", "layers", "--check", "--manifest", "manifest.toml"], [],
     man=manifest(extra="[layers.more_venues]\n" + LAYERS["venues"].format(src=REL + "venues.geojson") + "\n"))

# ---- 4. table readers ----------------------------------------------------------------------------
HEAD = "partial_postcode,opiate,non_opiate,alcohol_only,non_opiate_and_alcohol\n"
HOT = ["hotspots", "table.csv", "--out", "/tmp/roisc-bad-case-never-written"]
def table(name, exit_code, text, stderr, note=""):
    case(name, exit_code, HOT, stderr, files={"table.csv": text}, note=note)
table("table_stray_comma", 3, HEAD + "B69 3,41,6,22,4\nB70,7,12,18,51,9\n", ["table\\.csv line 3: 6 fields where the header has 5", "double quotes"],
      note="was placed at district B70 with every count shifted one cohort")
table("table_missing_field", 3, HEAD + "B69 3,41,6,22\n", ["table\\.csv line 2: 4 fields where the header has 5"])
table("table_duplicate_header", 3, "partial_postcode,opiate,opiate,alcohol_only\nB69 3,1,2,3\n", ["columns 2 and 3 are both called 'opiate'"])
table("table_duplicate_header_spelling", 3, "partial_postcode,Opiate,opiate ,alcohol_only\nB69 3,1,2,3\n", ["are both called"])
table("table_too_large_1e18", 3, HEAD + "B69 3,1e18,6,22,4\n", ["line 2, field 'opiate': '1e18' is too large"])
table("table_too_large_int64", 3, HEAD + "B69 3,9223372036854775807,6,22,4\n", ["'9223372036854775807' is too large"])
table("table_too_large_above_ceiling", 3, HEAD + "B69 3,10000001,6,22,4\n", ["'10000001' is too large", "at most 10,000,000"])
table("table_at_ceiling_is_read", 0, HEAD + "B69 3,10000000,6,22,4\n", [])
table("table_semicolons", 3, "partial_postcode;opiate;non_opiate\nB69 3;1;2\n", ["semicolons \\(';'\\)", "comma"])
table("table_tabs", 3, "partial_postcode\topiate\tnon_opiate\nB69 3\t1\t2\n", ["separated by tabs"])
table("table_control_byte", 3, HEAD + "B69 3,4\x07,6,22,4\n", ["'4\\\\x07' is not a whole number"])
table("table_negative", 3, HEAD + "B69 3,-4,6,22,4\n", ["'-4' is not a whole number of 0 or more"])
table("table_empty_count", 3, HEAD + "B69 3,,6,22,4\n", ["field 'opiate': the count is empty"])
table("table_decimal", 3, HEAD + "B69 3,2.5,6,22,4\n", ["'2\\.5' is not a whole number"])
table("table_total_wrong", 3, HEAD.strip() + ",total\nB69 3,1,2,3,4,99\n", ["'99' is not the sum of the cohorts \\(10\\)"])
table("table_no_postcode_column", 3, "place,opiate\nB69 3,1\n", ["no postcode column"])
table("table_no_count_columns", 3, "partial_postcode,people_count_x\nB69 3,1\n", ["no count columns"])
table("table_empty_file", 3, "", ["the file is empty"])
table("table_header_only", 3, HEAD, ["no rows under the header"])
table("table_unclosed_quote", 3, HEAD + "\"B69 3,1,2,3,4\n", ["never ends"])
def demand_csv(name, exit_code, count, stderr):
    case(name, exit_code, CHECK, stderr,
         files={"hotspots.csv": "sector,easting,northing,opiate,non_opiate,alcohol_only,non_opiate_and_alcohol\nB69 3,399500,289600,%s,6,22,4\n" % count},
         man=manifest(replace={"hotspots": 'role = "demand"\nsource = "hotspots.csv"\ncrs = "EPSG:27700"\nx = "easting"\ny = "northing"\ncohorts = ["opiate", "non_opiate", "alcohol_only", "non_opiate_and_alcohol"]\nfields = { id = "sector" }'}))
demand_csv("demand_csv_too_large_1e18", 3, "1e18", ["hotspots\\.csv", "line 2", "field 'opiate'", "\"1e18\" is too large"])
demand_csv("demand_csv_too_large_int64", 3, "9223372036854775807", ["\"9223372036854775807\" is too large"])
demand_csv("demand_csv_overflowing", 3, "99999999999999999999", ["\"99999999999999999999\" is too large"])
demand_csv("demand_csv_above_ceiling", 3, "10000001", ["\"10000001\" is too large"])
demand_csv("demand_csv_control_byte", 3, "4\x01", ["\"4\\\\x01\" is not a whole number"])
case("demand_geojson_too_large", 3, CHECK, ["hotspots\\.geojson", "feature 1", "too large"],
     files=set_prop("hotspots", 0, opiate=1e18), man=manifest(local=["hotspots"]), note="rank ran for minutes growing to 3.5 GB")
case("demand_geojson_int64_max", 3, CHECK, ["hotspots\\.geojson", "too large"],
     files=set_prop("hotspots", 0, opiate=9223372036854775807), man=manifest(local=["hotspots"]))
case("demand_suppressed_null", 3, CHECK, ["hotspots\\.geojson", "feature 1", "field 'opiate'", "the count is empty \\(null\\)"],
     files=set_prop("hotspots", 0, opiate=None), man=manifest(local=["hotspots"]), note="roisc hotspots output used as demand")
case("demand_text_count", 3, CHECK, ["\"two\" is not a whole number"], files=set_prop("hotspots", 0, opiate="two"), man=manifest(local=["hotspots"]))
case("demand_fraction", 3, CHECK, ["\"2.5\" is not a whole number"], files=set_prop("hotspots", 0, opiate=2.5), man=manifest(local=["hotspots"]))
case("demand_missing_cohort_field", 3, CHECK, ["required field \"opiates\""],
     man=manifest(replace={"hotspots": LAYERS["hotspots"].replace('"opiate"', '"opiates"').format(src=REL + "hotspots.geojson")}))

# ---- 5. places typed by the user -----------------------------------------------------------------
W = ["within", "--radius", "1mi", "--from"]
case("from_latitude_first", 2, W + ["52.5,-2.0"], ["looks like latitude,longitude", "--from -2,52\\.5"], note="was '0 meetings', exit 0")
case("from_sydney", 2, W + ["151.21,-33.87"], ["lies [0-9]+ km from Sandwell"])
case("from_sydney_latitude_first", 2, W + ["-33.87,151.21"], ["-33\\.87,151\\.21"])
case("from_empty", 2, ["within", "--radius", "1mi", "--from="], ["--from"])
case("from_out_of_range", 2, W + ["200,52"], ["longitude -180 to 180"])
case("from_nan", 2, W + ["nan,52.5"], ["write longitude,latitude in degrees"])
case("from_coverage_style_swapped_far", 2, W + ["52.48,-1.99"], ["looks like latitude,longitude", "--from -1\\.99,52\\.48"])
case("from_near_border_is_fine", 0, ["-q"] + W + ["-1.95,52.45"], [])

# ---- 6. numeric options --------------------------------------------------------------------------
E = ["within", "--from", "B69 3DE", "--radius", "20min", "--by", "estimate"]
for v in ["nan", "inf", "0", "-2", "1e308", "0.5", "11"]:
    case("detour_" + v.replace("-", "minus").replace(".", "_"), 2, E + ["--detour", v], ["--detour '%s': give a factor from 1 to 10" % v.replace(".", "\\.")],
         note="nan became 1.31" if v == "nan" else "")
I = ["isochrones", "--no-files", "--times"]
case("times_100000min", 2, I + ["100000min"], ["at most 24 hours"], note="drew a polygon round the globe")
case("times_zero", 2, I + ["0min"], ["more than zero"])
case("times_negative", 2, I + ["-5min"], ["--times"])
case("times_nan", 2, I + ["nanmin"], ["--times"])
case("times_word", 2, I + ["ten"], ["--times"])
G = ["gaps", "--beyond", "2mi", "--no-files"]
for v in ["-1", "0", "1e12", "nan"]:
    case("top_" + v.replace("-", "minus"), 2, G + ["--top", v], ["--top"])
case("per_town_0", 2, ["map", "--beyond", "2mi", "--per-town", "0"], [], note="meant 'no limit'")
for v in ["nan", "0", "100000", "-150"]:
    case("dpi_" + v.replace("-", "minus"), 2, ["map", "--beyond", "2mi", "--dpi", v], ["--dpi '%s': give a resolution from 50 to 600" % v])
for v in ["dots", "GRIDS"]:
    case("map_hotspots_" + v.lower(), 2, ["map", "--beyond", "2mi", "--hotspots", v],
         ["--hotspots '%s': give auto" % v])
for v in ["0", "-5", "nan", "100000"]:
    case("threshold_" + v.replace("-", "minus"), 2, G + ["--threshold", v], ["--threshold"])
N = ["within", "--from", "B69 3DE", "--radius", "20min", "--by", "network", "--snap-limit"]
for v in ["0m", "nanm", "1000km", "5min"]:
    case("snap_limit_" + v, 2, N + [v], ["--snap-limit"])
for v in ["0mi", "nanmi", "infkm", "100000km", "2", "-1mi", "25h"]:
    case("beyond_" + v.replace("-", "minus"), 2, ["gaps", "--no-files", "--beyond", v], ["--beyond"])
# demand model --total: a number CLI11 cannot convert is worded, not "Could not convert".
D = ["demand", "model", "--population", "population.gpkg", "--deprivation", "imd.csv", "--out", "modelled", "--total"]
for v in ["1e18", "2.5", "abc"]:
    case("total_" + v.replace(".", "_"), 2, D + [v], ["--total: '%s' is not a whole number of people: give digits" % v.replace(".", "[.]")])
case("total_99999999999999999999", 2, D + ["99999999999999999999"], ["--total: '99999999999999999999' is more than roisc counts in one place"])


def case_files(c):
    """A case's files, name -> text, as write_case writes them."""
    files = dict(c["files"])
    if c["manifest"]:
        files["manifest.toml"] = c["manifest"]

    def cm(items):
        return " ".join('"%s"' % i.replace("\\", "\\\\").replace('"', '\\"') for i in items)
    files["case.cmake"] = ("# Generated by generate_cases.py.%s\n" % (" " + c["note"] if c["note"] else "") +
                           "set(EXIT %d)\nset(ARGS %s)\nset(STDERR %s)\nset(STDOUT %s)\n" % (c["exit"], cm(c["args"]), cm(c["stderr"]), cm(c["stdout"])))
    return files


def write_case(c):
    d = os.path.join(HERE, c["name"])
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    for name, text in case_files(c).items():
        with open(os.path.join(d, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)


def differing(c):
    """Why the committed folder of a case is not what this script writes ("" when it is)."""
    d = os.path.join(HERE, c["name"])
    files = case_files(c)
    if not os.path.isdir(d):
        return "missing"
    on_disk = sorted(os.listdir(d))
    if on_disk != sorted(files):
        return "files %s, expected %s" % (on_disk, sorted(files))
    for name, text in files.items():
        with open(os.path.join(d, name), encoding="utf-8", newline="") as f:
            if f.read() != text:
                return name + " differs"
    return ""


if __name__ == "__main__":
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    if sys.argv[1:] == ["--check"]:
        # CTest: the committed cases are the ones this script writes (edit the script, then run it).
        bad = [(c["name"], differing(c)) for c in CASES if differing(c)]
        for name, why in bad:
            print("tests/data/bad/%s: %s; run python3 tests/data/bad/generate_cases.py" % (name, why))
        print("%d of %d generated cases as committed" % (len(CASES) - len(bad), len(CASES)))
        sys.exit(1 if bad else 0)
    for c in CASES:
        write_case(c)
    print(len(CASES), "cases written")
