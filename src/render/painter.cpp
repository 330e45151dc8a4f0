// Drawing primitives: Cairo status checks, fitting the map into its frame, and areas (rings,
// polygons) filled and outlined on the page.
#include "map_drawing.hpp"

#include "roisc/core/error.hpp"

#include <algorithm>

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
    for (int i = 0; i < ring->getNumPoints(); ++i) {
        const double x = v.px(ring->getX(i)), y = v.py(ring->getY(i));
        if (i == 0) cairo_move_to(cr, x, y);
        else cairo_line_to(cr, x, y);
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
