#!/usr/bin/env python3
"""Opens every layer roisc wrote in real QGIS (PyQGIS, standalone QgsApplication) and checks it.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/check_qgis.py OUTPUTS_DIR [--png-dir DIR]

OUTPUTS_DIR holds one folder per query run (as scripts/check_qgis.sh lays it out), or is itself one
output folder. For every .geojson (with the .qml beside it) and every feature table of every .gpkg
(with its default style from layer_styles) it checks:

  * the layer is valid, has a geometry type, and has features (counts reported);
  * the CRS (GeoJSON must be EPSG:4326; a GeoPackage layer must have one);
  * a style was found and applied: the renderer QGIS built is not the random default, and its colours
    are the ones written in the QML (parsed independently of QGIS);
  * every field the style uses (data-defined expressions, renderer attributes, label field) exists;
  * it renders (QgsMapRendererParallelJob) to a PNG that is not blank and shows the style's colours.

Then it compares the formats: the same layer as GeoJSON and in the GeoPackage (field names, feature
counts, palette, labels), the CSV beside it (column names), and prints the palette of every style
(category -> colour), flagging a category or layer drawn in different colours in different styles
and one colour used for different things.

Exit 0 when nothing failed, 1 on any failure (warnings alone do not fail unless --strict), 2 on bad
usage. --run-failures FILE adds the queries that roisc failed to run (one "name<TAB>reason" a line).
"""

import argparse
import csv
import os
import sqlite3
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict

RENDER_SIZE = (1000, 800)
DEST_CRS = "EPSG:27700"  # every PNG in British National Grid, so GeoJSON and GeoPackage renders compare


# --------------------------------------------------------------------------------------------------
# Results


class Layer:
    def __init__(self, query, path, name, fmt):
        self.query, self.path, self.name, self.fmt = query, path, name, fmt
        self.fails, self.warns, self.notes = [], [], []
        self.features = None
        self.geometry = "?"
        self.crs = "?"
        self.style_source = "none"
        self.renderer = "?"
        self.palette = []  # [(key, description, fill_rgba or None, stroke_rgba or None, opacity)]
        self.labels = "off"
        self.fields = []
        self.png = None
        self.qlayer = None

    @property
    def status(self):
        return "FAIL" if self.fails else ("WARN" if self.warns else "OK")

    @property
    def label(self):
        return f"{self.query}/{os.path.basename(self.path)}" + (f"|{self.name}" if self.fmt == "gpkg" else "")


def rgba(colour):
    """A QColor as 'r,g,b,a' (the QML way of writing colours)."""
    return f"{colour.red()},{colour.green()},{colour.blue()},{colour.alpha()}"


def hexa(text):
    """'r,g,b,a' as #rrggbb (plus /alpha when not opaque)."""
    if text is None:
        return "-"
    r, g, b, a = (int(float(x)) for x in text.split(",")[:4])
    return f"#{r:02x}{g:02x}{b:02x}" + ("" if a == 255 else f"/a{a}")


# --------------------------------------------------------------------------------------------------
# The QML as written (read without QGIS, so what QGIS applied can be compared with it)


def declared_style(qml_text):
    """renderer type, its attribute, and per category the fill and stroke colours written in the QML."""
    out = {"renderer": None, "attr": None, "entries": [], "label_field": None, "version": None, "error": None}
    try:
        root = ET.fromstring(qml_text.split("\n", 1)[1] if qml_text.startswith("<!DOCTYPE") else qml_text)
    except ET.ParseError as e:
        out["error"] = f"QML does not parse: {e}"
        return out
    out["version"] = root.get("version")
    renderer = root.find("renderer-v2")
    if renderer is not None:
        out["renderer"] = renderer.get("type")
        out["attr"] = renderer.get("attr")
        symbols = {}
        for sym in renderer.findall("./symbols/symbol"):
            opts = {}
            for layer in sym.findall("layer"):
                for o in layer.findall("./Option/Option"):
                    opts.setdefault(o.get("name"), o.get("value"))
            symbols[sym.get("name")] = (opts.get("color"), opts.get("outline_color"), sym.get("alpha"))
        if out["renderer"] == "categorizedSymbol":
            for c in renderer.findall("./categories/category"):
                out["entries"].append((c.get("value"),) + symbols.get(c.get("symbol"), (None, None, None)))
        elif out["renderer"] == "graduatedSymbol":
            for r in renderer.findall("./ranges/range"):
                out["entries"].append((f"{r.get('lower')}-{r.get('upper')}",) + symbols.get(r.get("symbol"), (None, None, None)))
        elif "0" in symbols:
            out["entries"].append(("(all)",) + symbols["0"])
    ts = root.find("./labeling/settings/text-style")
    if ts is not None:
        out["label_field"] = ts.get("fieldName")
    return out


# --------------------------------------------------------------------------------------------------
# What QGIS made of the style


def symbol_colours(symbol):
    """(fill, stroke, opacity, shape, data-defined descriptions, referenced fields) of a symbol."""
    from qgis.core import QgsExpressionContext, QgsSimpleMarkerSymbolLayerBase, QgsSymbolLayer

    fill = stroke = shape = None
    dd, fields = [], set()
    for i in range(symbol.symbolLayerCount()):
        sl = symbol.symbolLayer(i)
        if fill is None and hasattr(sl, "fillColor"):
            fill = rgba(sl.fillColor())
        elif fill is None:
            fill = rgba(sl.color())
        if stroke is None and hasattr(sl, "strokeColor"):
            stroke = rgba(sl.strokeColor())
        if shape is None and hasattr(sl, "shape"):
            try:
                shape = QgsSimpleMarkerSymbolLayerBase.encodeShape(sl.shape())
            except Exception:  # noqa: BLE001 - not a simple marker
                shape = None
        props = sl.dataDefinedProperties()
        for key in props.propertyKeys():
            p = props.property(key)
            if not p.isActive():
                continue
            pdef = QgsSymbolLayer.propertyDefinitions().get(key)
            name = pdef.name() if pdef else str(key)
            dd.append(f"{name}={p.expressionString() or p.field()}")
            fields |= set(p.referencedFields(QgsExpressionContext()))
    return fill, stroke, symbol.opacity(), shape, dd, fields


def renderer_palette(renderer):
    """[(key, description, fill, stroke, opacity)] and the fields the renderer uses."""
    from qgis.core import QgsRenderContext

    entries, fields = [], set()
    kind = renderer.type()
    if kind == "singleSymbol":
        items = [("(all)", renderer.symbol())]
    elif kind == "categorizedSymbol":
        # categories() returns copies that own their symbols: keep a clone, or the symbol dangles
        # once the copy is collected (a segfault with categorized styles).
        cats = renderer.categories()
        items = [(f"{renderer.classAttribute()}={c.value()}" + (f" ({c.label()})" if c.label() != str(c.value()) else ""), c.symbol().clone())
                 for c in cats]
    elif kind == "graduatedSymbol":
        ranges = renderer.ranges()
        items = [(f"{renderer.classAttribute()} {r.lowerValue():g}-{r.upperValue():g}", r.symbol().clone()) for r in ranges]
    elif kind == "RuleRenderer":
        items = [(r.label() or r.filterExpression() or "(else)", r.symbol()) for r in renderer.rootRule().descendants() if r.symbol()]
    else:
        items = []
    for key, sym in items:
        fill, stroke, opacity, shape, dd, f = symbol_colours(sym)
        fields |= f
        extra = (f"{shape} " if shape else "") + (f"dd[{'; '.join(dd)}]" if dd else "")
        entries.append((key, extra.strip(), fill, stroke, opacity))
    try:
        fields |= set(renderer.usedAttributes(QgsRenderContext()))
    except Exception:  # noqa: BLE001
        pass
    return entries, fields


# --------------------------------------------------------------------------------------------------
# Opening and checking one layer


def gpkg_feature_tables(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid")]
        try:
            styles = {r[0]: (r[1], r[2], r[3]) for r in con.execute(
                "SELECT f_table_name, styleName, useAsDefault, styleQML FROM layer_styles ORDER BY useAsDefault")}
        except sqlite3.Error:
            styles = None  # no layer_styles table
    finally:
        con.close()
    return tables, styles


def check_layer(rec, uri, declared, declared_source, expect_crs, allow_empty):
    from qgis.core import QgsVectorLayer, QgsWkbTypes, QgsExpression

    opts = QgsVectorLayer.LayerOptions()
    opts.loadDefaultStyle = False  # load the style explicitly below, to know where it came from
    layer = QgsVectorLayer(uri, rec.name, "ogr", opts)
    rec.qlayer = layer
    if not layer.isValid():
        rec.fails.append(f"invalid layer ({layer.error().summary() or 'QGIS cannot open it'})")
        return
    rec.features = layer.featureCount()
    rec.geometry = QgsWkbTypes.displayString(layer.wkbType())
    rec.fields = layer.fields().names()
    if layer.geometryType() in (QgsWkbTypes.UnknownGeometry, QgsWkbTypes.NullGeometry):
        rec.fails.append(f"no usable geometry type ({rec.geometry})")
    if rec.features <= 0:
        (rec.warns if allow_empty else rec.fails).append(f"{rec.features} features")
    rec.crs = layer.crs().authid() or ("(custom) " + layer.crs().description() if layer.crs().isValid() else "none")
    if not layer.crs().isValid():
        rec.fails.append("no CRS")
    elif expect_crs and rec.crs != expect_crs:
        rec.fails.append(f"CRS {rec.crs}, expected {expect_crs}")

    random_renderer = layer.renderer().clone() if layer.renderer() else None
    # Load the style the way QGIS does when a user adds the layer.
    if rec.fmt == "geojson":
        if declared is None:
            rec.fails.append("no .qml beside it")
        else:
            msg, ok = layer.loadNamedStyle(declared_source)
            rec.style_source = f"{os.path.basename(declared_source)}" if ok else f"qml NOT loaded ({msg})"
            if not ok:
                rec.fails.append(f"QGIS did not load {os.path.basename(declared_source)}: {msg}")
    else:
        n, ids, names, descs, err = layer.listStylesInDatabase()
        related = list(zip(ids, names))[:n]
        msg, ok = layer.loadDefaultStyle()
        if ok:
            rec.style_source = f"layer_styles '{related[0][1] if related else '?'}' ({msg})"
        else:
            rec.style_source = f"NOT loaded ({msg})"
            rec.fails.append(f"no default style loaded from layer_styles: {msg or err}")
        if declared is None:
            rec.fails.append("no row in layer_styles for this table")
    if declared and declared.get("error"):
        rec.fails.append(declared["error"])

    renderer = layer.renderer()
    if renderer is None:
        rec.fails.append("no renderer")
        return
    rec.renderer = renderer.type()
    rec.palette, used = renderer_palette(renderer)
    if renderer.type() == "categorizedSymbol":
        rec.renderer += f" on {renderer.classAttribute()} ({len(renderer.categories())} categories)"
    if renderer.type() == "graduatedSymbol":
        rec.renderer += f" on {renderer.classAttribute()} ({len(renderer.ranges())} ranges)"

    # Was the style applied as written? Compare QGIS's renderer with the QML text.
    if declared and declared.get("renderer"):
        if declared["renderer"] != renderer.type():
            rec.fails.append(f"QML says {declared['renderer']}, QGIS built {renderer.type()}")
        else:
            got = [(e[2], e[3]) for e in rec.palette]
            want = [(e[1], e[2]) for e in declared["entries"]]
            for (gf, gs), (wf, ws) in zip(got, want):
                if wf and gf != wf:
                    rec.fails.append(f"fill {hexa(gf)} applied, QML says {hexa(wf)}")
                if ws and gs != ws:
                    rec.fails.append(f"stroke {hexa(gs)} applied, QML says {hexa(ws)}")
            if len(got) != len(want):
                rec.fails.append(f"{len(got)} symbols applied, QML has {len(want)}")
    elif random_renderer is not None and rec.style_source.startswith(("qml NOT", "NOT")):
        pass
    if declared and declared.get("version"):
        from qgis.core import Qgis
        running = Qgis.QGIS_VERSION.split("-")[0]
        if tuple(int(x) for x in declared["version"].split(".")[:2]) > tuple(int(x) for x in running.split(".")[:2]):
            rec.notes.append(f"QML claims QGIS {declared['version']}, opened in {running}")

    # Labels
    if layer.labelsEnabled() and layer.labeling() is not None:
        s = layer.labeling().settings()
        rec.labels = f"on: {'expr ' if s.isExpression else ''}{s.fieldName}"
        if s.isExpression:
            used |= set(QgsExpression(s.fieldName).referencedColumns())
        elif s.fieldName:
            used.add(s.fieldName)
    elif declared and declared.get("label_field"):
        rec.fails.append(f"QML labels by {declared['label_field']} but QGIS has labels off")
    missing = sorted(f for f in used if f and f not in rec.fields and f != QgsExpression.ALL_ATTRIBUTES)
    if missing:
        rec.fails.append(f"style uses field(s) the layer lacks: {', '.join(missing)}")


# --------------------------------------------------------------------------------------------------
# Rendering


def geometry_order(layer):
    from qgis.core import QgsWkbTypes
    return {QgsWkbTypes.PointGeometry: 0, QgsWkbTypes.LineGeometry: 1, QgsWkbTypes.PolygonGeometry: 2}.get(layer.geometryType(), 3)


def composite_on_white(fill, opacity):
    r, g, b, a = (int(float(x)) for x in fill.split(",")[:4])
    alpha = opacity * a / 255.0
    return tuple(round(alpha * c + (1 - alpha) * 255) for c in (r, g, b)), alpha


def render(recs, png_path, title):
    """Renders the layers together (points on top) to png_path; returns (problems, summary)."""
    from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsMapRendererParallelJob,
                           QgsMapSettings, QgsProject, QgsRectangle)
    from qgis.PyQt.QtCore import QSize, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QPainter

    layers = sorted([r.qlayer for r in recs if r.qlayer is not None and r.qlayer.isValid()], key=geometry_order)
    if not layers:
        return ["nothing to render"], ""
    dest = QgsCoordinateReferenceSystem(DEST_CRS)
    extent = QgsRectangle()
    extent.setMinimal()
    for l in layers:
        tr = QgsCoordinateTransform(l.crs(), dest, QgsProject.instance())
        extent.combineExtentWith(tr.transformBoundingBox(l.extent()))
    if extent.isEmpty() or extent.width() == 0:
        extent.grow(500)
    extent.scale(1.1)
    ms = QgsMapSettings()
    ms.setLayers(layers)
    ms.setDestinationCrs(dest)
    ms.setTransformContext(QgsProject.instance().transformContext())
    ms.setOutputSize(QSize(*RENDER_SIZE))
    ms.setExtent(extent)
    ms.setBackgroundColor(QColor(255, 255, 255))
    ms.setFlag(QgsMapSettings.Antialiasing, True)
    ms.setFlag(QgsMapSettings.DrawLabeling, True)
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    problems = [f"render error in {e.layerID}: {e.message}" for e in job.errors()]

    # Labels QGIS placed, per layer: a labelled layer whose labels all vanish is a failure.
    placed = Counter()
    results = job.takeLabelingResults()
    if results is not None:
        for pos in results.labelsWithinRect(ms.visibleExtent()):
            placed[pos.layerID] += 1
    for rec in recs:
        l = rec.qlayer
        if l is None or not l.isValid() or not rec.labels.startswith("on") or not rec.features:
            continue
        n = placed[l.id()]
        where = os.path.basename(png_path)
        if n == 0:
            rec.fails.append(f"labels on ({rec.labels[4:]}) but none of {rec.features} placed in {where}")
        elif n < rec.features:
            rec.warns.append(f"{n} of {rec.features} labels placed in {where}")
        rec.notes.append(f"{n}/{rec.features} labels placed in {where}")

    # What is on the image: non-background pixels and the commonest colours.
    painted, colours = 0, Counter()
    w, h = img.width(), img.height()
    for y in range(0, h, 2):
        for x in range(0, w, 2):
            c = img.pixelColor(x, y)
            if (c.red(), c.green(), c.blue()) != (255, 255, 255):
                painted += 1
                colours[(c.red() // 8 * 8, c.green() // 8 * 8, c.blue() // 8 * 8)] += 1
    total = (w // 2) * (h // 2)
    share = painted / total
    if painted == 0:
        problems.append("blank render (only background)")
    # Does each layer's main colour show? (fill composited over white at the symbol's opacity)
    for rec in recs:
        for key, _desc, fill, _stroke, opacity in rec.palette:
            if not fill:
                continue
            target, alpha = composite_on_white(fill, opacity)
            if alpha < 0.05:
                continue
            near = sum(n for (r, g, b), n in colours.items()
                       if abs(r + 4 - target[0]) <= 24 and abs(g + 4 - target[1]) <= 24 and abs(b + 4 - target[2]) <= 24)
            if near == 0:
                rec.warns.append(f"{key} colour {hexa(fill)} (≈#{target[0]:02x}{target[1]:02x}{target[2]:02x} on white) not seen in {os.path.basename(png_path)}")
    # A caption, so a PNG says what it is.
    p = QPainter(img)
    p.setFont(QFont("DejaVu Sans", 10))
    p.setPen(QColor(0, 0, 0))
    p.drawText(8, 18, title)
    p.end()
    if not img.save(png_path, "PNG"):
        problems.append(f"could not write {png_path}")
    top = ", ".join(f"#{r:02x}{g:02x}{b:02x} {100 * n / total:.1f}%" for (r, g, b), n in colours.most_common(4))
    return problems, f"{100 * share:.1f}% painted; commonest: {top}"


# --------------------------------------------------------------------------------------------------
# Main


def find_output_dirs(root):
    entries = sorted(os.listdir(root))
    if any(e.endswith((".geojson", ".gpkg")) for e in entries):
        return [(os.path.basename(os.path.normpath(root)), root)]
    return [(e, os.path.join(root, e)) for e in entries if os.path.isdir(os.path.join(root, e))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outputs", help="folder of query output folders (or one output folder)")
    ap.add_argument("--png-dir", default="/tmp/qgis_check", help="where the PNGs go (default /tmp/qgis_check)")
    ap.add_argument("--allow-empty", action="append", default=[], metavar="LAYER",
                    help="a layer name that may have no features (warn instead of fail); repeatable")
    ap.add_argument("--run-failures", help="file of queries roisc failed to run: name<TAB>reason a line")
    ap.add_argument("--strict", action="store_true", help="warnings fail too")
    args = ap.parse_args()
    if not os.path.isdir(args.outputs):
        print(f"check_qgis: {args.outputs} is not a folder", file=sys.stderr)
        return 2
    os.makedirs(args.png_dir, exist_ok=True)

    from qgis.core import Qgis, QgsApplication
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    print(f"check_qgis: QGIS {Qgis.QGIS_VERSION}, outputs {args.outputs}, PNGs in {args.png_dir}")

    run_failures = []
    if args.run_failures and os.path.exists(args.run_failures):
        with open(args.run_failures) as f:
            run_failures = [line.rstrip("\n").split("\t", 1) for line in f if line.strip()]

    records, renders, render_fails, no_layers = [], [], [], []
    declared_by_rec = {}
    for query, folder in find_output_dirs(args.outputs):
        files = sorted(os.listdir(folder))
        geojsons = [f for f in files if f.endswith(".geojson")]
        gpkgs = [f for f in files if f.endswith(".gpkg")]
        if not geojsons and not gpkgs:
            no_layers.append((query, ", ".join(sorted({os.path.splitext(f)[1] or f for f in files})) or "empty"))
            continue
        for gj in geojsons:
            path = os.path.join(folder, gj)
            rec = Layer(query, path, os.path.splitext(gj)[0], "geojson")
            qml = os.path.splitext(path)[0] + ".qml"
            declared = declared_style(open(qml, encoding="utf-8").read()) if os.path.exists(qml) else None
            check_layer(rec, path, declared, qml, "EPSG:4326", rec.name in args.allow_empty)
            declared_by_rec[id(rec)] = declared
            records.append(rec)
            png = os.path.join(args.png_dir, f"{query}__{rec.name}.geojson.png")
            problems, summary = render([rec], png, f"{query}/{gj} + {os.path.basename(qml)} (QGIS {Qgis.QGIS_VERSION.split('-')[0]})")
            rec.png = png
            rec.fails += problems
            renders.append((png, summary, problems))
        for gp in gpkgs:
            path = os.path.join(folder, gp)
            tables, styles = gpkg_feature_tables(path)
            recs = []
            if styles is None:
                render_fails.append(f"{query}/{gp}: no layer_styles table")
            if not tables:
                render_fails.append(f"{query}/{gp}: no feature tables")
            for t in tables:
                rec = Layer(query, path, t, "gpkg")
                declared = declared_style(styles[t][2]) if styles and t in styles else None
                if styles and t in styles and not styles[t][1]:
                    rec.warns.append("its layer_styles row is not useAsDefault")
                check_layer(rec, f"{path}|layername={t}", declared, None, None, t in args.allow_empty)
                declared_by_rec[id(rec)] = declared
                records.append(rec)
                recs.append(rec)
            if recs:
                png = os.path.join(args.png_dir, f"{query}__{os.path.splitext(gp)[0]}.gpkg.png")
                problems, summary = render(recs, png, f"{query}/{gp}: {', '.join(r.name for r in recs)} (styles from layer_styles)")
                for r in recs:
                    r.png = png
                if problems:
                    recs[0].fails += problems
                renders.append((png, summary, problems))

    # ---------------------------------------------------------------- per-layer report
    print("\n== Layers")
    for r in records:
        print(f"[{r.status}] {r.label}")
        print(f"    features {r.features}, {r.geometry}, CRS {r.crs}")
        print(f"    style: {r.style_source}; renderer {r.renderer}; labels {r.labels}")
        for key, desc, fill, stroke, opacity in r.palette:
            print(f"    palette: {key:<14} fill {hexa(fill):<14} stroke {hexa(stroke):<10} opacity {opacity:g} {desc}")
        print(f"    fields: {', '.join(r.fields)}")
        print(f"    png: {r.png}")
        for m in r.fails:
            print(f"    FAIL: {m}")
        for m in r.warns:
            print(f"    warn: {m}")
        for m in r.notes:
            print(f"    note: {m}")

    print("\n== Renders")
    for png, summary, problems in renders:
        print(f"{'FAIL' if problems else 'ok  '} {png}: {summary}" + (f" -- {'; '.join(problems)}" if problems else ""))

    # ---------------------------------------------------------------- across formats
    print("\n== Across formats (the same layer as GeoJSON and in the GeoPackage, and the CSV beside it)")
    inconsistencies = []
    by_key = defaultdict(dict)
    for r in records:
        by_key[(r.query, r.name)][r.fmt] = r
    for (query, name), fmts in sorted(by_key.items()):
        gj, gp = fmts.get("geojson"), fmts.get("gpkg")
        if gj and not gp:
            inconsistencies.append(f"{query}/{name}: GeoJSON only, not in the GeoPackage")
        if gp and not gj:
            inconsistencies.append(f"{query}/{name}: in the GeoPackage only, no GeoJSON")
        if gj and gp and gj.qlayer and gp.qlayer:
            a, b = set(gj.fields), set(gp.fields) - {"fid"}
            if a != b:
                inconsistencies.append(f"{query}/{name}: fields GeoJSON-only {sorted(a - b)} vs GeoPackage-only {sorted(b - a)}")
            if gj.features != gp.features:
                inconsistencies.append(f"{query}/{name}: {gj.features} features in GeoJSON, {gp.features} in the GeoPackage")
            if [e[2:] for e in gj.palette] != [e[2:] for e in gp.palette] or gj.renderer != gp.renderer:
                inconsistencies.append(f"{query}/{name}: palette differs: qml {[(e[0], hexa(e[2])) for e in gj.palette]} vs gpkg {[(e[0], hexa(e[2])) for e in gp.palette]}")
            if gj.labels != gp.labels:
                inconsistencies.append(f"{query}/{name}: labels {gj.labels} (qml) vs {gp.labels} (gpkg)")
            dj, dg = declared_by_rec.get(id(gj)), declared_by_rec.get(id(gp))
            if dj and dg and dj != dg:
                inconsistencies.append(f"{query}/{name}: the .qml and the layer_styles QML differ")
        csv_path = os.path.join(os.path.dirname((gj or gp).path), name + ".csv")
        if gj and os.path.exists(csv_path):
            with open(csv_path, newline="", encoding="utf-8") as f:
                header = next(csv.reader(f), [])
            a, b = set(gj.fields), set(header)
            if a != b:
                inconsistencies.append(f"{query}/{name}: CSV columns differ from the GeoJSON fields: CSV-only {sorted(b - a)}, GeoJSON-only {sorted(a - b)}")
    for line in inconsistencies:
        print(f"  - {line}")
    if not inconsistencies:
        print("  (none)")

    # ---------------------------------------------------------------- palette across styles
    print("\n== Palette: every style's category -> colour (fill / stroke / opacity)")
    by_category = defaultdict(set)  # (layer name, key) -> {(fill, stroke, opacity)}
    by_colour = defaultdict(set)    # fill -> {layer:key}
    for r in records:
        for key, desc, fill, stroke, opacity in r.palette:
            print(f"  {r.label:<62} {key:<14} {hexa(fill):<12} {hexa(stroke):<10} {opacity:g} {desc}")
            by_category[(r.name, key)].add((fill, stroke, opacity))
            if fill and not fill.endswith(",0"):
                by_colour[fill].add(f"{r.name}:{key}")
            cat_value = key.split("=", 1)[1].split(" ")[0] if "=" in key else None
            if cat_value:
                by_category[("*", cat_value)].add((fill, stroke, opacity))
    palette_issues = []
    for (layer, key), looks in sorted(by_category.items()):
        if len(looks) > 1:
            where = "category " + key + " in every style" if layer == "*" else f"{layer} {key}"
            palette_issues.append(f"{where} has {len(looks)} looks: {sorted((hexa(f), hexa(s), o) for f, s, o in looks)}")
    for fill, uses in sorted(by_colour.items()):
        if len({u.split(':')[0] for u in uses}) > 1:
            palette_issues.append(f"{hexa(fill)} is the fill of different layers: {', '.join(sorted(uses))}")
    cats = sorted(k for (l, k) in by_category if l == "*")
    print(f"  categorized values seen: {', '.join(cats) if cats else 'none (every style is single symbol)'}")
    for line in palette_issues:
        print(f"  - {line}")

    # ---------------------------------------------------------------- summary
    print("\n== Summary")
    for name, reason in run_failures:
        print(f"FAIL query {name}: roisc run failed: {reason}")
    failed_names = {f[0] for f in run_failures}
    for query, kinds in no_layers:
        if query in failed_names:
            continue
        print(f"note query {query}: no layers to open (wrote {kinds})")
    for m in render_fails:
        print(f"FAIL {m}")
    width = max((len(r.label) for r in records), default=10)
    for r in records:
        print(f"{r.status:<4} {r.label:<{width}} {r.fmt:<7} {str(r.features):>4} feat  {r.crs:<10} {r.renderer:<16} "
              f"colours {' '.join(hexa(e[2]) for e in r.palette)}  labels {r.labels}")
    fails = sum(1 for r in records if r.fails) + len(run_failures) + len(render_fails)
    warns = sum(1 for r in records if r.warns) + len(inconsistencies) + len(palette_issues)
    print(f"check_qgis: {len(records)} layers, {len(renders)} renders, {fails} failed, {warns} warnings/inconsistencies")
    sys.stdout.flush()
    sys.stderr.flush()
    # Leave without tearing QGIS down: PyQGIS often crashes in exitQgis() while layers are still alive.
    os._exit(1 if fails or (args.strict and warns) else 0)


if __name__ == "__main__":
    sys.exit(main())
