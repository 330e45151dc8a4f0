// Drawing primitives: Cairo status checks, fitting the map into its frame, and areas (rings,
// polygons) filled and outlined on the page.
#include "map_drawing.hpp"

#include "roisc/core/error.hpp"
#include "roisc/version.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include <algorithm>
#include <cmath>

namespace roisc::render::detail {

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void check(cairo_status_t status, const char* what) {
    if (status != CAIRO_STATUS_SUCCESS) {
        throw RuntimeFailure(std::string("drawing the map failed while ") + what + ": " + cairo_status_to_string(status) +
                             ". Check that the output folder is writable and memory is not exhausted.");
    }
}
namespace {

std::string xml_escaped(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// Cairo writes text as glyph outlines; a <title> and <desc> make the SVG searchable and tell
// screen readers what it shows.
void add_svg_description(std::string& svg, const std::string& title, const std::string& description) {
    const auto open = svg.find("<svg");
    if (open == std::string::npos) return;
    const auto end = svg.find('>', open);
    if (end == std::string::npos) return;
    svg.insert(end + 1, "\n<title>" + xml_escaped(title) + "</title>\n<desc>" + xml_escaped(description) + "</desc>");
}

// Cairo names the page's group after a counter that runs for the whole process ("surface373"), so a
// second page drawn in one process would differ; the group is never referenced, so it gets a fixed name.
void fix_page_id(std::string& svg) {
    const std::string prefix = "<g id=\"surface";
    const auto at = svg.find(prefix);
    if (at == std::string::npos) return;
    const auto digits = at + prefix.size();
    const auto close = svg.find('"', digits);
    if (close == std::string::npos) return;
    const std::string name = svg.substr(at + 7, close - (at + 7));  // surface373
    if (svg.find("#" + name + "\"") != std::string::npos) return;
    svg.replace(at + 7, name.size(), "page");
}

}  // namespace

RenderedMap draw_document(MapFormat format, const Page& page, const Document& doc, const std::function<void(Painter&)>& draw) {
    RenderedMap out;
    SurfacePtr surface;
    switch (format) {
        case MapFormat::png:
            surface.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, page.png_width(), page.png_height()));
            break;
        case MapFormat::svg:
            surface.reset(cairo_svg_surface_create_for_stream(append_bytes, &out.bytes, page.width_pt, page.height_pt));
            cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PT);
            break;
        case MapFormat::pdf: {
            surface.reset(cairo_pdf_surface_create_for_stream(append_bytes, &out.bytes, page.width_pt, page.height_pt));
            cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
            cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_SUBJECT, doc.subject.c_str());
            const std::string creator = std::string("roisc ") + roisc::version;
            cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, creator.c_str());
            // No creation date (Cairo would write the clock's): the same inputs give the same bytes.
            cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, "");
            break;
        }
    }
    check(cairo_surface_status(surface.get()), "creating the page");
    {
        ContextPtr cr(cairo_create(surface.get()));
        if (format == MapFormat::png) cairo_scale(cr.get(), page.dpi / 72.0, page.dpi / 72.0);
        // Unhinted metrics: the text is laid out the same in every format and at every dpi.
        cairo_font_options_t* options = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
        cairo_set_font_options(cr.get(), options);
        cairo_font_options_destroy(options);
        Painter painter(cr.get(), out.texts);
        draw(painter);
        check(cairo_status(cr.get()), "drawing");
    }
    if (format == MapFormat::png) {
        cairo_surface_flush(surface.get());
        check(cairo_surface_write_to_png_stream(surface.get(), append_bytes, &out.bytes), "encoding the PNG");
    } else {
        cairo_surface_finish(surface.get());
        check(cairo_surface_status(surface.get()), "finishing the file");
    }
    if (format == MapFormat::svg) {
        add_svg_description(out.bytes, doc.title, doc.svg_description);
        fix_page_id(out.bytes);
    }
    return out;
}

View fit(const MapBox& want, const Frame& frame) {
    View v;
    v.frame = frame;
    const double w = std::max(want.width(), 1.0), h = std::max(want.height(), 1.0);
    v.scale = std::min(frame.w / w, frame.h / h);
    const double cx = (want.min_x + want.max_x) / 2, cy = (want.min_y + want.max_y) / 2;
    const double half_w = frame.w / v.scale / 2, half_h = frame.h / v.scale / 2;
    v.box = {cx - half_w, cy - half_h, cx + half_w, cy + half_h};
    return v;
}

void add_ring(cairo_t* cr, const View& v, const OGRLinearRing* ring) {
    if (!ring) return;
    double last_x = 0, last_y = 0;
    for (int i = 0; i < ring->getNumPoints(); ++i) {
        const double x = v.px(ring->getX(i)), y = v.py(ring->getY(i));
        if (i > 0 && v.thin_pt > 0 && std::abs(x - last_x) < v.thin_pt && std::abs(y - last_y) < v.thin_pt) continue;
        if (i == 0) cairo_move_to(cr, x, y);
        else cairo_line_to(cr, x, y);
        last_x = x;
        last_y = y;
    }
    cairo_close_path(cr);
}

// The polygonal parts of a geometry as a path; lines and points left over from a difference have
// no area and are skipped.
void add_polygonal(cairo_t* cr, const View& v, const OGRGeometry* g) {
    if (!g || g->IsEmpty()) return;
    switch (wkbFlatten(g->getGeometryType())) {
        case wkbPolygon: {
            const OGRPolygon* p = g->toPolygon();
            add_ring(cr, v, p->getExteriorRing());
            for (int i = 0; i < p->getNumInteriorRings(); ++i) add_ring(cr, v, p->getInteriorRing(i));
            break;
        }
        case wkbMultiPolygon:
            for (const auto* p : *g->toMultiPolygon()) add_polygonal(cr, v, p);
            break;
        case wkbGeometryCollection:
            for (const auto* part : *g->toGeometryCollection()) add_polygonal(cr, v, part);
            break;
        default: break;
    }
}
void fill_area(Painter& p, const View& v, const OGRGeometry* g, const Rgb& c, double alpha) {
    cairo_t* cr = p.cr();
    cairo_new_path(cr);
    add_polygonal(cr, v, g);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    p.colour(c, alpha);
    cairo_fill(cr);
}

void outline_area(Painter& p, const View& v, const OGRGeometry* g, const Rgb& c, double width) {
    cairo_t* cr = p.cr();
    cairo_new_path(cr);
    add_polygonal(cr, v, g);
    p.colour(c);
    cairo_set_line_width(cr, width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
}

// The ground under a rectangle of the page.
std::unique_ptr<OGRPolygon> ground(const View& v, double x0, double y0, double x1, double y1) {
    auto ring = std::make_unique<OGRLinearRing>();
    const double gx0 = v.box.min_x + (x0 - v.frame.x) / v.scale, gx1 = v.box.min_x + (x1 - v.frame.x) / v.scale;
    const double gy0 = v.box.max_y - (y1 - v.frame.y) / v.scale, gy1 = v.box.max_y - (y0 - v.frame.y) / v.scale;
    ring->addPoint(gx0, gy0);
    ring->addPoint(gx1, gy0);
    ring->addPoint(gx1, gy1);
    ring->addPoint(gx0, gy1);
    ring->closeRings();
    auto poly = std::make_unique<OGRPolygon>();
    poly->addRingDirectly(ring.release());
    return poly;
}

}  // namespace roisc::render::detail
