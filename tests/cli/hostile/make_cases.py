#!/usr/bin/python3
"""Hostile demand layers for the two ways roisc reads them (docs/robustness.md, "Hostile demand layers").

    /usr/bin/python3 make_cases.py OUT_DIR SANDWELL_LAYERS_DIR

writes OUT_DIR/<case>/manifest.toml and the case's demand file, and OUT_DIR/cases.txt: one line per
case, "<case> <exit code gaps must give> <text stderr must hold, or ->". Every case is run through
`gaps` and `coverage` twice by compare_paths.sh, through GDAL's Arrow stream and feature by feature
(ROISC_TEST_NO_ARROW=1), and the two runs must agree to the byte. Needs Debian's python3-gdal.
Deterministic: the same cases, the same bytes.
"""
import os
import shutil
import sys

from osgeo import gdal, ogr, osr

gdal.UseExceptions()

OUT, SANDWELL = sys.argv[1], os.path.abspath(sys.argv[2])
N = 4500  # more than one of the 4,096-point blocks the readers move at once


def srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


TO_BNG = osr.CoordinateTransformation(srs(4326), srs(27700))


def clean_rows(n=N):
    """Points spread over Sandwell (lon/lat), ids like postcodes, small counts (many hidden by disclosure)."""
    rows = []
    for i in range(n):
        lon = -2.07 + (i % 100) * 0.0014
        lat = 52.47 + (i // 100) * 0.0015
        rows.append({"id": "B%d %d" % (60 + i % 10, i), "opiate": (i * 7) % 9, "alcohol": (i * 13) % 6,
                     "lonlat": (lon, lat), "shape": "point"})
    return rows


def bng(lon, lat):
    x, y, _ = TO_BNG.TransformPoint(lon, lat)
    return x, y


def geometry(row, epsg, shape=None):
    shape = shape or row["shape"]
    x, y = row["lonlat"] if epsg == 4326 else bng(*row["lonlat"])
    if "xy" in row:
        x, y = row["xy"]
    if shape == "none":
        return None
    if shape == "empty":
        return ogr.Geometry(ogr.wkbPoint)
    if shape == "point":
        g = ogr.Geometry(ogr.wkbPoint)
        g.AddPoint_2D(x, y)
        return g
    if shape in ("z", "m", "zm"):
        return ogr.CreateGeometryFromWkt({"z": "POINT Z (%r %r 12)", "m": "POINT M (%r %r 3)",
                                          "zm": "POINT ZM (%r %r 12 3)"}[shape] % (x, y))
    if shape in ("multi1", "multi2"):
        g = ogr.Geometry(ogr.wkbMultiPoint)
        for k in range(1 if shape == "multi1" else 2):
            p = ogr.Geometry(ogr.wkbPoint)
            p.AddPoint_2D(x + k * 100, y)
            g.AddGeometry(p)
        return g
    if shape == "polygon":
        d = 50 if epsg != 4326 else 0.0007
        return ogr.CreateGeometryFromWkt("POLYGON ((%r %r, %r %r, %r %r, %r %r))" % (x, y, x + d, y, x + d, y + d, x, y))
    raise ValueError(shape)


def write(path, rows, epsg=27700, driver="GPKG", layer="demand", count_type=ogr.OFTInteger,
          id_type=ogr.OFTString, names=("postcode", "opiate", "alcohol"), geom_type=ogr.wkbUnknown, extra=None,
          options=None):
    """One demand layer; a value None is NULL. `epsg` None writes no CRS."""
    exists = os.path.exists(path)
    ds = ogr.Open(path, 1) if exists else ogr.GetDriverByName(driver).CreateDataSource(path)
    lyr = ds.CreateLayer(layer, srs(epsg) if epsg else None, geom_type, options=options or [])
    for name, t in zip(names, (id_type, count_type, count_type)):
        lyr.CreateField(ogr.FieldDefn(name, t))
    if extra:
        lyr.CreateField(ogr.FieldDefn(extra, ogr.OFTString))
    defn = lyr.GetLayerDefn()
    lyr.StartTransaction()
    for r in rows:
        f = ogr.Feature(defn)
        for name, key in zip(names, ("id", "opiate", "alcohol")):
            v = r[key]
            if v is None:
                f.SetFieldNull(name)
            else:
                f.SetField(name, v)
        g = geometry(r, epsg or 27700)
        if g is not None:
            f.SetGeometry(g)
        lyr.CreateFeature(f)
    lyr.CommitTransaction()
    ds = None


def sql(path, *statements):
    """Plain SQL on a GeoPackage through GDAL (its triggers call GDAL's ST_ functions)."""
    ds = ogr.Open(path, 1)
    for s in statements:
        ds.ExecuteSQL(s)
    ds = None


def manifest(case_dir, demand_file, layer=None, crs=None, cohorts=("opiate", "alcohol"), fields='{ id = "postcode" }',
             xy=None):
    lines = ['[study]', 'name = "Hostile"', 'crs = "EPSG:27700"', 'boundary = "borough"', 'towns = "towns"', '']
    for name, role, extra in (("borough", "areas", 'level = "borough"\nfields = { id = "code", name = "name" }'),
                              ("towns", "areas", 'level = "town"\nfields = { id = "code", name = "name" }'),
                              ("meetings", "meetings",
                               'fields = { id = "meeting_id", name = "name", fellowship = "fellowship", weekday = "weekday", '
                               'start = "start", end = "end", attendance = "attendance", types = "types", venue = "venue", '
                               'postcode = "postcode" }')):
        lines += ['[layers.%s]' % name, 'role = "%s"' % role, 'source = "%s/%s.geojson"' % (SANDWELL, name), extra, '']
    lines += ['[layers.demand]', 'role = "demand"', 'source = "%s"' % demand_file,
              'cohorts = [%s]' % ", ".join('"%s"' % c for c in cohorts), 'fields = %s' % fields]
    if layer:
        lines.append('layer = "%s"' % layer)
    if crs:
        lines.append('crs = "%s"' % crs)
    if xy:
        lines += ['x = "%s"' % xy[0], 'y = "%s"' % xy[1]]
    with open(os.path.join(case_dir, "manifest.toml"), "w") as f:
        f.write("\n".join(lines) + "\n")


cases = []

# Dirty layers whose three readings (Arrow stream, feature by feature, whole features) are shown to
# give the same problems in-process by tests/unit/io/demand_columns_test.cpp and
# demand_hostile_test.cpp: run once here, for the command's exit code and wording (the suite's
# time is a minute).
PROVEN_IN_PROCESS = {"duplicate_id", "null_id", "empty_id", "blank_id", "not_utf8_id", "count_null", "count_negative",
                     "count_fraction", "multipoint_of_two", "far_outside", "lonlat_labelled_bng",
                     "integer_column_holds_text", "integer_column_holds_fraction", "integer_column_holds_blob",
                     "int32_column_holds_big", "real_column_holds_text"}


def case(name, exit_code, expect, build, once=False, **manifest_args):
    """once: the run stops (or, for CSV, reads) before the Arrow stream could be tried: one run is enough."""
    d = os.path.join(OUT, name)
    os.makedirs(d)
    demand = build(d)
    manifest(d, os.path.basename(demand), **manifest_args)
    once = once or name in PROVEN_IN_PROCESS
    cases.append("%s %d %s %s" % (name, exit_code, "once" if once else "both",
                                  expect.replace(" ", "\\s") if expect else "-"))


def gpkg(rows=None, **kw):
    def build(d):
        p = os.path.join(d, "demand.gpkg")
        write(p, clean_rows() if rows is None else rows, **kw)
        return p
    return build


def changed(edit, n=N):
    rows = clean_rows(n)
    edit(rows)
    return rows


def set_at(i, **values):
    def edit(rows):
        rows[i].update(values)
    return edit


def gpkg_then_sql(*statements, **kw):
    def build(d):
        p = gpkg(**kw)(d)
        sql(p, *statements)
        return p
    return build


if os.path.exists(OUT):
    shutil.rmtree(OUT)
os.makedirs(OUT)

# Clean: the Arrow path takes these; the results must equal the loop's.
case("clean_bng", 0, None, gpkg())
case("clean_lonlat", 0, None, gpkg(epsg=4326))
case("clean_real_counts", 0, None, gpkg(count_type=ogr.OFTReal))
case("clean_text_counts", 0, None, gpkg(changed(lambda rows: [r.update(opiate=str(r["opiate"]), alcohol=str(r["alcohol"]))
                                                             for r in rows]), count_type=ogr.OFTString))
case("second_layer_named", 0, None,
     lambda d: (gpkg(layer="other")(d), gpkg()(d))[1], layer="demand")

# The CRS.
case("lonlat_labelled_bng", 3, "degrees_in_projected_crs|looks like longitude/latitude",
     gpkg(changed(lambda rows: [r.update(xy=r["lonlat"]) for r in rows])))
case("bng_labelled_lonlat", 3, "not longitude/latitude", gpkg(changed(lambda rows: [r.update(xy=bng(*r["lonlat"])) for r in rows]),
                                                                 epsg=4326))
# A GeoPackage without a CRS says "undefined geographic": its eastings read as bad degrees.
case("no_crs", 3, "set crs = \"EPSG:27700\"", gpkg(epsg=None), once=True)
case("lonlat_row_in_bng", 0, None, gpkg(changed(set_at(4400, xy=(-2.0, 52.5)))))

# Geometries.
case("null_geometry", 0, "no location", gpkg(changed(set_at(4100, shape="none"))))
case("empty_geometry", 0, "no location", gpkg(changed(set_at(17, shape="empty"))))
case("multipoint_of_one", 0, None, gpkg(changed(set_at(4300, shape="multi1"))))
case("multipoint_of_two", 3, "MultiPoint of 2 different points", gpkg(changed(set_at(4300, shape="multi2"))))
case("polygon", 3, "needs points", gpkg(changed(set_at(3, shape="polygon"))))
case("point_z", 0, None, gpkg(changed(set_at(4096, shape="z"))))
case("point_zm", 0, None, gpkg(changed(set_at(0, shape="zm"))))
case("far_outside", 3, "fall far outside the area of EPSG:27700", gpkg(changed(set_at(4097, xy=(5.0e6, 5.0e6)))))
case("outside_study", 0, None, gpkg(changed(set_at(10, lonlat=(-0.1, 51.5)))))
case("infinite_coordinate", 3, "-", gpkg(changed(set_at(10, xy=(float("inf"), 285000.0)))))

# Ids.
case("duplicate_id", 3, "is also used by", gpkg(changed(set_at(4200, id="B60 0"))))
case("null_id", 3, "the id is empty", gpkg(changed(set_at(20, id=None))))
case("empty_id", 3, "the id is empty", gpkg(changed(set_at(20, id=""))))
case("blank_id", 3, "the id is empty", gpkg(changed(set_at(4499, id="   "))))
case("not_utf8_id", 3, "not valid UTF-8", gpkg_then_sql("UPDATE demand SET postcode = CAST(X'4236392045E9' AS TEXT) WHERE fid = 9"))

# Counts.
case("count_null", 3, "the count is empty", gpkg(changed(set_at(4400, alcohol=None))))
case("count_negative", 3, "is negative", gpkg(changed(set_at(3, opiate=-2))))
case("count_fraction", 3, "\"2.5\" is not a whole number", gpkg(changed(set_at(4499, opiate=2.5)), count_type=ogr.OFTReal))
case("count_text_seven", 3, "\"seven\" is not a whole number",
     gpkg(changed(lambda rows: [r.update(opiate=str(r["opiate"]), alcohol=str(r["alcohol"])) for r in rows] and None
                  or rows[12].update(opiate="seven")), count_type=ogr.OFTString))
case("count_text_padded", 3, "is not a whole number",
     gpkg(changed(lambda rows: [r.update(opiate=str(r["opiate"]), alcohol=str(r["alcohol"])) for r in rows] and None
                  or rows[12].update(opiate=" 7 ")), count_type=ogr.OFTString))
case("count_int64_max", 3, "too large for a count", gpkg(changed(set_at(40, alcohol=2**63 - 1)), count_type=ogr.OFTInteger64))
case("count_real_inf", 3, "too large for a count", gpkg(changed(set_at(41, alcohol=float("inf"))), count_type=ogr.OFTReal))
# SQLite turns NaN into NULL: the count is empty.
case("count_real_nan", 3, "the count is empty", gpkg(changed(set_at(41, alcohol=float("nan"))), count_type=ogr.OFTReal))
# A GeoPackage lets a row hold any value in any column; GDAL reads them as the column's type.
case("integer_column_holds_text", 3, "\"seven\" is not a whole number",
     gpkg_then_sql("UPDATE demand SET opiate = 'seven' WHERE fid = 4450"))
case("integer_column_holds_fraction", 3, "is not a whole number",
     gpkg_then_sql("UPDATE demand SET alcohol = 2.5 WHERE fid = 7", count_type=ogr.OFTInteger64))
case("integer_column_holds_blob", 3, "X'0102'", gpkg_then_sql("UPDATE demand SET opiate = X'0102' WHERE fid = 100"))
case("int32_column_holds_big", 3, "too large for a count",
     gpkg_then_sql("UPDATE demand SET opiate = 4294967303 WHERE fid = 4460"))
case("real_column_holds_text", 3, "\"seven\" is not a whole number",
     gpkg_then_sql("UPDATE demand SET alcohol = 'seven' WHERE fid = 4401", count_type=ogr.OFTReal))
case("integer_column_holds_numeric_text", 0, None, gpkg_then_sql("UPDATE demand SET opiate = '7' WHERE fid = 4402"))

# Fields and layers.
case("field_other_case", 0, None, gpkg(names=("POSTCODE", "Opiate", "alcohol")))
case("field_misspelt", 3, "\"opiate\" .opiate, for role demand. is not in the source", gpkg(names=("postcode", "opiates", "alcohol")), once=True)
case("extra_text_field", 0, None, gpkg(extra="note"))
case("wrong_layer_name", 3, "has no layer named \"demnd\"", gpkg(), layer="demnd", once=True)
case("two_layers", 3, "holds 2 layers", lambda d: (gpkg(layer="other")(d), gpkg()(d))[1], once=True)
case("extra_geometry_column", 0, None, gpkg_then_sql("ALTER TABLE demand ADD COLUMN geom2 POINT"))


def corrupt(d):
    p = gpkg(rows=clean_rows(12000))(d)
    size = os.path.getsize(p)
    with open(p, "r+b") as f:
        f.seek(size * 3 // 10 // 4096 * 4096)
        f.write(bytes((i * 151 + 7) % 256 for i in range(3 * 4096)))
    return p


def truncated(d):
    p = gpkg()(d)
    with open(p, "r+b") as f:
        f.truncate(os.path.getsize(p) // 2)
    return p


case("corrupt_pages", 3, "reading stopped after", corrupt)
case("truncated", 3, "cannot be opened", truncated, once=True)
case("feature_count_lies_high", 0, None,
     gpkg_then_sql("UPDATE gpkg_ogr_contents SET feature_count = 9000000000000000000 WHERE table_name = 'demand'"))
case("feature_count_lies_zero", 3, "the layer has no features",
     gpkg_then_sql("UPDATE gpkg_ogr_contents SET feature_count = 0 WHERE table_name = 'demand'"), once=True)


# Other formats.
def other(driver, ext, rows=None, **kw):
    def build(d):
        p = os.path.join(d, "demand." + ext)
        write(p, clean_rows() if rows is None else rows, driver=driver, **kw)
        return p
    return build


case("fgb_clean", 0, None, other("FlatGeobuf", "fgb", geom_type=ogr.wkbPoint))
# GDAL 3.6 writes no FlatGeobuf feature without a geometry or with an empty one (it leaves it out).
case("fgb_far_outside", 3, "fall far outside the area of EPSG:27700",
     other("FlatGeobuf", "fgb", changed(set_at(4097, xy=(5.0e6, 5.0e6))), geom_type=ogr.wkbPoint))
case("fgb_duplicate_id", 3, "is also used by", other("FlatGeobuf", "fgb", changed(set_at(4200, id="B60 0")),
                                                     geom_type=ogr.wkbPoint))
case("geojson_clean", 0, None, other("GeoJSON", "geojson", epsg=4326))
case("geojson_null_count", 3, "the count is empty", other("GeoJSON", "geojson", changed(set_at(2, opiate=None)), epsg=4326))
case("geojson_bng_labelled_lonlat", 3, "not longitude/latitude",
     other("GeoJSON", "geojson", changed(lambda rows: [r.update(xy=bng(*r["lonlat"])) for r in rows]), epsg=4326))


def csv(rows):
    def build(d):
        p = os.path.join(d, "demand.csv")
        with open(p, "w") as f:
            f.write("postcode,opiate,alcohol,easting,northing\n")
            for r in rows:
                x, y = bng(*r["lonlat"])
                f.write('"%s",%s,%s,%r,%r\n' % (r["id"], r["opiate"], r["alcohol"], x, y))
        return p
    return build


case("csv_fraction", 3, "is not a whole number", csv(changed(set_at(9, opiate="2.5"))), crs="EPSG:27700",
     xy=("easting", "northing"), once=True)

with open(os.path.join(OUT, "cases.txt"), "w") as f:
    f.write("\n".join(cases) + "\n")
print("%d cases in %s" % (len(cases), OUT))
