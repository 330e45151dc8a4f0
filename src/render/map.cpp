#include "roisc/render/map.hpp"

#include "roisc/core/error.hpp"
#include "roisc/version.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace roisc::render {

namespace {

constexpr double pi = 3.14159265358979323846;

struct Rgb {
    double r, g, b;
};
constexpr Rgb hex(unsigned v) {
    return {((v >> 16) & 0xFFu) / 255.0, ((v >> 8) & 0xFFu) / 255.0, (v & 0xFFu) / 255.0};
}

// Okabe and Ito's palette: told apart with the common colour-vision deficiencies and in grey.
constexpr Rgb orange = hex(0xE69F00);
constexpr Rgb sky_blue = hex(0x56B4E9);
constexpr Rgb bluish_green = hex(0x009E73);
constexpr Rgb yellow = hex(0xF0E442);
constexpr Rgb blue = hex(0x0072B2);
constexpr Rgb vermillion = hex(0xD55E00);
constexpr Rgb reddish_purple = hex(0xCC79A7);
constexpr Rgb black = hex(0x000000);
// Tints and neutrals.
constexpr Rgb white = hex(0xFFFFFF);
constexpr Rgb gap_fill = hex(gap_fill_rgb);
constexpr Rgb outside_fill = hex(0xECECEC);  // land beyond the study area
constexpr Rgb coverage_fill = hex(0xCFE8F7);  // sky blue, lightened: land within reach
constexpr Rgb ink = hex(0x1A1A1A);
constexpr Rgb grey = hex(0x4D4D4D);
constexpr Rgb town_line = hex(0x666666);
constexpr Rgb hotspot_line = hex(0x7A3B63);

// Isochrone bands: a sequential ramp from dark (the shortest time) to light (yellow-green-blue,
// after ColorBrewer's YlGnBu), translucent so the study area and its outlines show through.
constexpr unsigned isochrone_ramp[] = {0x253494, 0x2C7FB8, 0x41B6C4, 0x7FCDBB, 0xA1DAB4, 0xD9F0A3};
constexpr std::size_t isochrone_ramp_size = sizeof isochrone_ramp / sizeof isochrone_ramp[0];
constexpr double isochrone_alpha = 0.65;

// The ramp colour of band `band` of `bands`: spread over the ramp so that few bands differ clearly.
unsigned isochrone_colour(std::size_t band, std::size_t bands) {
    if (bands <= 1) return isochrone_ramp[1];
    const std::size_t n = std::min(bands, isochrone_ramp_size);
    const std::size_t b = std::min(band, n - 1);
    // 2 bands: 1, 3; 3 bands: 0, 2, 4; 4 or more: evenly from 0 to 5.
    if (n == 2) return isochrone_ramp[1 + 2 * b];
    if (n == 3) return isochrone_ramp[2 * b];
    return isochrone_ramp[(b * (isochrone_ramp_size - 1) + (n - 1) / 2) / (n - 1)];
}

// ---------------------------------------------------------------------------------------------
// Cairo plumbing

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;

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

enum class Align { left, centre, right };

// Drawing with one font and the record of every text drawn.
class Painter {
public:
    Painter(cairo_t* cr, std::vector<MapText>& texts) : cr_(cr), texts_(texts) {}
    cairo_t* cr() const { return cr_; }

    void colour(const Rgb& c, double alpha = 1) const { cairo_set_source_rgba(cr_, c.r, c.g, c.b, alpha); }

    void font(double size, bool bold = false) const {
        cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr_, size);
    }

    double width(const std::string& s) const {
        cairo_text_extents_t e;
        cairo_text_extents(cr_, s.c_str(), &e);
        return e.x_advance;
    }

    // `s` with its baseline at y; a white halo keeps it legible over the map.
    void text(double x, double y, const std::string& s, MapTextRole role, const Rgb& c, Align align = Align::left,
              double halo = 0) {
        if (s.empty()) return;
        if (align == Align::centre) x -= width(s) / 2;
        if (align == Align::right) x -= width(s);
        if (halo > 0) {
            cairo_save(cr_);
            cairo_move_to(cr_, x, y);
            cairo_text_path(cr_, s.c_str());
            colour(white, 0.92);
            cairo_set_line_width(cr_, halo);
            cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
            cairo_stroke(cr_);
            cairo_restore(cr_);
        }
        colour(c);
        cairo_move_to(cr_, x, y);
        cairo_show_text(cr_, s.c_str());
        cairo_new_path(cr_);
        texts_.push_back({role, s});
    }

    // The words of `s` in lines no wider than `max_width` (a longer word gets a line of its own).
    std::vector<std::string> wrap(const std::string& s, double max_width) const {
        std::vector<std::string> lines;
        std::string line, word;
        auto flush_word = [&] {
            if (word.empty()) return;
            const std::string candidate = line.empty() ? word : line + " " + word;
            if (!line.empty() && width(candidate) > max_width) {
                lines.push_back(line);
                line = word;
            } else {
                line = candidate;
            }
            word.clear();
        };
        for (char c : s) {
            if (c == ' ') flush_word();
            else word += c;
        }
        flush_word();
        if (!line.empty()) lines.push_back(line);
        return lines;
    }

private:
    cairo_t* cr_;
    std::vector<MapText>& texts_;
};

// ---------------------------------------------------------------------------------------------
// From the working CRS to the page

struct Frame {
    double x = 0, y = 0, w = 0, h = 0;
};

// One scale for both axes (the working CRS is projected), north up.
struct View {
    Frame frame;
    MapBox box;        // the ground the frame shows
    double scale = 1;  // points per metre
    double px(double x) const { return frame.x + (x - box.min_x) * scale; }
    double py(double y) const { return frame.y + (box.max_y - y) * scale; }
    bool shows(const Point& p, double margin_pt = 0) const {
        const double x = px(p.x), y = py(p.y);
        return x >= frame.x - margin_pt && x <= frame.x + frame.w + margin_pt && y >= frame.y - margin_pt &&
               y <= frame.y + frame.h + margin_pt;
    }
};

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

void fill_area(Painter& p, const View& v, const OGRGeometry* g, const Rgb& c, double alpha = 1) {
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

// Where a town's name goes: on the largest piece of the town in view, clear of the scale bar and
// the north arrow. Nothing when no piece has room for a label of `room` square points.
std::optional<Point> label_point(const OGRGeometry& town, const View& v, const std::vector<Frame>& reserved, double room) {
    const Frame& f = v.frame;
    GeometryPtr visible(ground(v, f.x + 8, f.y + 8, f.x + f.w - 8, f.y + f.h - 8).release());
    for (const Frame& r : reserved) {
        const auto hole = ground(v, r.x - 6, r.y - 6, r.x + r.w + 6, r.y + r.h + 6);
        visible.reset(visible->Difference(hole.get()));
        if (!visible) return std::nullopt;
    }
    GeometryPtr part(town.Intersection(visible.get()));
    if (!part || part->IsEmpty()) return std::nullopt;
    const OGRPolygon* largest = nullptr;
    double largest_area = 0;
    auto consider = [&](const OGRGeometry* g, auto& self) -> void {
        const auto flat = wkbFlatten(g->getGeometryType());
        if (flat == wkbPolygon) {
            const double a = g->toPolygon()->get_Area();
            if (a > largest_area) {
                largest = g->toPolygon();
                largest_area = a;
            }
        } else if (flat == wkbMultiPolygon || flat == wkbGeometryCollection) {
            for (const auto* sub : *g->toGeometryCollection()) self(sub, self);
        }
    };
    consider(part.get(), consider);
    if (!largest || largest_area * v.scale * v.scale < room) return std::nullopt;
    OGRPoint c;
    if (largest->Centroid(&c) != OGRERR_NONE || !largest->Contains(&c)) {
        if (largest->PointOnSurface(&c) != OGRERR_NONE) return std::nullopt;
    }
    return Point{c.getX(), c.getY()};
}

// ---------------------------------------------------------------------------------------------
// Symbols

enum class Shape { triangle, circle, square, diamond, inverted_triangle, cross };

struct FellowshipStyle {
    const char* key;
    const char* legend;
    Shape shape;
    Rgb colour;
};

const std::vector<FellowshipStyle>& fellowship_styles() {
    static const std::vector<FellowshipStyle> styles = {
        {"NA", "NA (Narcotics Anonymous)", Shape::triangle, vermillion},
        {"AA", "AA (Alcoholics Anonymous)", Shape::circle, blue},
        {"CA", "CA (Cocaine Anonymous)", Shape::diamond, orange},
        {"SMART", "SMART Recovery", Shape::square, bluish_green},
        {"Al-Anon", "Al-Anon (family and friends)", Shape::inverted_triangle, yellow},
        {"Other", "Other fellowship", Shape::cross, reddish_purple},
    };
    return styles;
}

bool same_name(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    }
    return true;
}

const FellowshipStyle& style_for(const std::string& fellowship) {
    for (const auto& s : fellowship_styles()) {
        if (same_name(fellowship, s.key)) return s;
    }
    return fellowship_styles().back();
}

void add_shape(cairo_t* cr, Shape shape, double x, double y, double r) {
    switch (shape) {
        case Shape::circle:
            cairo_new_sub_path(cr);
            cairo_arc(cr, x, y, r * 0.85, 0, 2 * pi);
            break;
        case Shape::square: cairo_rectangle(cr, x - r * 0.78, y - r * 0.78, r * 1.56, r * 1.56); break;
        case Shape::triangle:
            cairo_move_to(cr, x, y - r * 1.1);
            cairo_line_to(cr, x + r, y + r * 0.7);
            cairo_line_to(cr, x - r, y + r * 0.7);
            cairo_close_path(cr);
            break;
        case Shape::inverted_triangle:
            cairo_move_to(cr, x, y + r * 1.1);
            cairo_line_to(cr, x + r, y - r * 0.7);
            cairo_line_to(cr, x - r, y - r * 0.7);
            cairo_close_path(cr);
            break;
        case Shape::diamond:
            cairo_move_to(cr, x, y - r * 1.1);
            cairo_line_to(cr, x + r * 0.85, y);
            cairo_line_to(cr, x, y + r * 1.1);
            cairo_line_to(cr, x - r * 0.85, y);
            cairo_close_path(cr);
            break;
        case Shape::cross: {
            const double t = r * 0.35;
            const double pts[][2] = {{-t, -r}, {t, -r}, {t, -t}, {r, -t}, {r, t}, {t, t},
                                     {t, r},   {-t, r}, {-t, t}, {-r, t}, {-r, -t}, {-t, -t}};
            cairo_move_to(cr, x + pts[0][0], y + pts[0][1]);
            for (const auto& p : pts) cairo_line_to(cr, x + p[0], y + p[1]);
            cairo_close_path(cr);
            break;
        }
    }
}

// Counted meetings: filled, heavy outline. Meetings of the asked fellowship that the query does
// not count (other times, types): hollow. Other fellowships: filled, light outline.
enum class MeetingLook { counted, not_counted, other };

void draw_meeting(Painter& p, const FellowshipStyle& style, MeetingLook look, double x, double y) {
    cairo_t* cr = p.cr();
    const double r = look == MeetingLook::counted ? 6.2 : 5.0;
    cairo_new_path(cr);
    add_shape(cr, style.shape, x, y, r);
    p.colour(look == MeetingLook::not_counted ? white : style.colour);
    cairo_fill_preserve(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    if (look == MeetingLook::not_counted) {
        p.colour(style.colour);
        cairo_set_line_width(cr, 1.6);
    } else {
        p.colour(ink);
        cairo_set_line_width(cr, look == MeetingLook::counted ? 1.0 : 0.6);
    }
    cairo_stroke(cr);
}

void draw_published_hotspot(Painter& p, double x, double y, double r) {
    cairo_t* cr = p.cr();
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * pi);
    p.colour(reddish_purple, 0.78);
    cairo_fill_preserve(cr);
    p.colour(hotspot_line);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
}

// The one symbol for every suppressed count: fixed size, hollow and hatched, so it reads as
// "a count is here but not shown" and says nothing of how large.
void draw_suppressed_hotspot(Painter& p, double x, double y) {
    cairo_t* cr = p.cr();
    const double r = suppressed_radius_pt;
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * pi);
    p.colour(white);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    p.colour(hotspot_line);
    cairo_set_line_width(cr, 0.7);
    for (double d = -2 * r; d <= 2 * r; d += 2.0) {
        cairo_move_to(cr, x + d - r, y + r);
        cairo_line_to(cr, x + d + r, y - r);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * pi);
    p.colour(hotspot_line);
    cairo_set_line_width(cr, 1.0);
    cairo_stroke(cr);
}

// A new venue: its pick number in white on a vermillion disc with a white ring.
void draw_pick(Painter& p, int rank, double x, double y) {
    cairo_t* cr = p.cr();
    constexpr double r = 8.5;
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r + 1.2, 0, 2 * M_PI);
    p.colour(white);
    cairo_fill(cr);
    cairo_arc(cr, x, y, r, 0, 2 * M_PI);
    p.colour(hex(pick_fill_rgb));
    cairo_fill(cr);
    p.font(rank < 10 ? 10 : 8, true);
    p.text(x, y + (rank < 10 ? 3.6 : 2.9), std::to_string(rank), MapTextRole::pick, white, Align::centre);
}

long long largest_published(const std::vector<MapHotspot>& hotspots) {
    long long largest = 0;
    for (const auto& h : hotspots) {
        if (const auto v = h.people.value()) largest = std::max(largest, *v);
    }
    return largest;
}

// ---------------------------------------------------------------------------------------------
// The map, the scale bar and the north arrow

void draw_map_body(Painter& p, const MapContent& map, const View& v) {
    cairo_t* cr = p.cr();
    const Frame& f = v.frame;
    cairo_save(cr);
    cairo_rectangle(cr, f.x, f.y, f.w, f.h);
    cairo_clip(cr);

    p.colour(outside_fill);
    cairo_paint(cr);
    if (map.boundary) fill_area(p, v, map.boundary->outline.get(), white);
    for (const auto& t : map.towns) fill_area(p, v, t.outline.get(), white);
    // Reach is shaded only where the study looks (outside it there is no demand to reach); the
    // dashed circles below still show it beyond the boundary.
    if (map.coverage) {
        cairo_save(cr);
        cairo_new_path(cr);
        if (map.boundary) add_polygonal(cr, v, map.boundary->outline.get());
        else for (const auto& t : map.towns) add_polygonal(cr, v, t.outline.get());
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_clip(cr);
        fill_area(p, v, map.coverage.get(), coverage_fill);
        cairo_restore(cr);
    }
    for (const auto& g : map.gaps) fill_area(p, v, g.get(), gap_fill);

    // Isochrones: each band alone (its time's land less the shorter time's), so the translucent
    // colours do not pile up and each band shows in its legend colour.
    for (std::size_t i = map.isochrones.size(); i-- > 0;) {
        const OGRGeometry* area = map.isochrones[i].area.get();
        if (!area || area->IsEmpty()) continue;
        GeometryPtr band;
        const OGRGeometry* shorter = i > 0 ? map.isochrones[i - 1].area.get() : nullptr;
        if (shorter && !shorter->IsEmpty()) band.reset(area->Difference(shorter));
        fill_area(p, v, band ? band.get() : area, hex(isochrone_colour(i, map.isochrones.size())), isochrone_alpha);
    }

    // Each eligible meeting's reach, dashed, so overlapping circles stay readable.
    if (map.reach_metres > 0) {
        const double dash[] = {3.0, 2.0};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_line_width(cr, 0.7);
        p.colour(blue, 0.85);
        for (const auto& m : map.meetings) {
            if (!m.eligible) continue;
            cairo_new_sub_path(cr);
            cairo_arc(cr, v.px(m.at.x), v.py(m.at.y), map.reach_metres * v.scale, 0, 2 * pi);
        }
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }

    for (const auto& t : map.towns) {
        const bool focus = !map.focus_town.empty() && t.name == map.focus_town;
        if (!focus) outline_area(p, v, t.outline.get(), town_line, 0.8);
    }
    if (map.boundary) outline_area(p, v, map.boundary->outline.get(), ink, 1.6);
    // A town's own map pales everything around it, keeping it for context.
    for (const auto& t : map.towns) {
        if (t.name != map.focus_town) continue;
        cairo_new_path(cr);
        cairo_rectangle(cr, f.x, f.y, f.w, f.h);
        add_polygonal(cr, v, t.outline.get());
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        p.colour(white, 0.5);
        cairo_fill(cr);
    }
    for (const auto& t : map.towns) {
        if (t.name == map.focus_town) outline_area(p, v, t.outline.get(), ink, 2.4);
    }

    // Hotspots: the largest first, so smaller ones stay on top; suppressed ones last, all alike.
    const long long largest = largest_published(map.hotspots);
    std::vector<std::pair<double, const MapHotspot*>> published;
    for (const auto& h : map.hotspots) {
        const auto value = h.people.value();
        if (value && *value > 0) published.emplace_back(hotspot_radius(*value, largest), &h);
    }
    std::stable_sort(published.begin(), published.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [r, h] : published) draw_published_hotspot(p, v.px(h->at.x), v.py(h->at.y), r);
    for (const auto& h : map.hotspots) {
        if (h.people.is_suppressed()) draw_suppressed_hotspot(p, v.px(h.at.x), v.py(h.at.y));
    }

    // Meetings: other fellowships underneath, counted meetings on top.
    for (int pass = 0; pass < 3; ++pass) {
        for (const auto& m : map.meetings) {
            if (!v.shows(m.at, 10)) continue;
            const bool asked = map.fellowship.empty() || same_name(style_for(m.fellowship).key, style_for(map.fellowship).key);
            const MeetingLook look = m.eligible ? MeetingLook::counted : asked ? MeetingLook::not_counted : MeetingLook::other;
            const int order = look == MeetingLook::other ? 0 : look == MeetingLook::not_counted ? 1 : 2;
            if (order == pass) draw_meeting(p, style_for(m.fellowship), look, v.px(m.at.x), v.py(m.at.y));
        }
    }

    // New venues: each catchment dashed, then the numbered discs over everything, last pick first
    // so the first stays on top where they crowd.
    for (const auto& pick : map.picks) {
        if (!pick.catchment) continue;
        const double dash[] = {5.0, 3.0};
        cairo_set_dash(cr, dash, 2, 0);
        outline_area(p, v, pick.catchment.get(), hex(pick_fill_rgb), 1.4);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    for (std::size_t k = map.picks.size(); k-- > 0;) {
        const MapPick& pick = map.picks[k];
        if (!v.shows(pick.at, 12)) continue;
        draw_pick(p, pick.rank, v.px(pick.at.x), v.py(pick.at.y));
    }

    cairo_restore(cr);
}

// Town names, drawn last so nothing covers them, clear of the scale bar and north arrow.
void draw_town_labels(Painter& p, const MapContent& map, const View& v, const std::vector<Frame>& reserved) {
    const Frame& f = v.frame;
    for (const auto& t : map.towns) {
        const bool focus = t.name == map.focus_town;
        p.font(focus ? 13 : 11, true);
        const double w = p.width(t.name), h = focus ? 13 : 11;
        const auto at = label_point(*t.outline, v, reserved, 2.5 * w * h);
        if (!at) continue;
        const double x = std::clamp(v.px(at->x), f.x + w / 2 + 6, f.x + f.w - w / 2 - 6);
        double y = std::clamp(v.py(at->y) + h * 0.36, f.y + h + 6, f.y + f.h - 6);
        // A name never hides a pick's number: it moves below the disc (or above, at the frame's foot).
        for (const auto& pick : map.picks) {
            const double px = v.px(pick.at.x), py = v.py(pick.at.y), r = 10;
            if (px + r < x - w / 2 || px - r > x + w / 2 || py + r < y - h || py - r > y + 2) continue;
            y = py + r + h + 2 <= f.y + f.h - 6 ? py + r + h + 2 : py - r - 4;
        }
        p.text(x, y, t.name, MapTextRole::town, ink, Align::centre, 3.5);
    }
}

void draw_frame_border(Painter& p, const Frame& f) {
    cairo_t* cr = p.cr();
    cairo_new_path(cr);
    cairo_rectangle(cr, f.x, f.y, f.w, f.h);
    p.colour(ink);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
}

// 1, 2 or 5 times a power of ten, the nearest to x on a log scale.
double nice_step(double x) {
    const double base = std::pow(10.0, std::floor(std::log10(x)));
    const double f = x / base;
    const double n = f < 1.4142 ? 1 : f < 3.1623 ? 2 : f < 7.0711 ? 5 : 10;
    return n * base;
}

std::string number_text(double v) {
    char buf[32];
    if (std::fabs(v - std::round(v)) < 1e-9) std::snprintf(buf, sizeof buf, "%.0f", v);
    else std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

struct ScaleBar {
    const char* unit;
    double unit_metres;
    double step = 1;  // in units
    int steps = 1;
};

ScaleBar choose_bar(const char* unit, double unit_metres, double target_metres) {
    ScaleBar bar{unit, unit_metres};
    const double target = target_metres / unit_metres;
    bar.step = nice_step(target / 4);
    bar.steps = std::clamp(static_cast<int>(std::floor(target / bar.step + 1e-9)), 1, 5);
    return bar;
}

// Kilometres above, miles below, from one origin: alternate black and white segments.
Frame draw_scale_bar(Painter& p, const View& v) {
    cairo_t* cr = p.cr();
    const double target = v.frame.w * 0.24 / v.scale;
    const ScaleBar km = choose_bar("km", 1000, target);
    const ScaleBar mi = choose_bar("mi", 1609.344, target);
    const double len_km = km.step * km.steps * km.unit_metres * v.scale;
    const double len_mi = mi.step * mi.steps * mi.unit_metres * v.scale;
    const double bar_h = 4.5, pad = 7;
    const double x0 = v.frame.x + 12 + pad;
    p.font(7.5);
    const double box_w = std::max(len_km, len_mi) + p.width(" km") + 2 * pad + 8;
    const double box_h = 2 * bar_h + 2 * 10 + 2 * pad;
    const double box_y = v.frame.y + v.frame.h - 12 - box_h;
    cairo_new_path(cr);
    cairo_rectangle(cr, x0 - pad, box_y, box_w, box_h);
    p.colour(white);
    cairo_fill(cr);

    const double km_y = box_y + pad + 10;  // top of the km bar
    const double mi_y = km_y + bar_h;
    auto bar = [&](const ScaleBar& b, double y, bool labels_above) {
        const double seg = b.step * b.unit_metres * v.scale;
        for (int i = 0; i < b.steps; ++i) {
            cairo_new_path(cr);
            cairo_rectangle(cr, x0 + i * seg, y, seg, bar_h);
            p.colour(i % 2 == 0 ? ink : white);
            cairo_fill_preserve(cr);
            p.colour(ink);
            cairo_set_line_width(cr, 0.6);
            cairo_stroke(cr);
        }
        const bool every = seg >= 18;
        const double ty = labels_above ? y - 3 : y + bar_h + 8.5;
        for (int i = 0; i <= b.steps; ++i) {
            if (!every && i != 0 && i != b.steps) continue;
            const double x = x0 + i * seg;
            const std::string n = number_text(b.step * i);
            p.text(x, ty, n, MapTextRole::scale, ink, Align::centre);
            if (i == b.steps) p.text(x + p.width(n) / 2 + 2.5, ty, b.unit, MapTextRole::scale, ink);
        }
    };
    bar(km, km_y, true);
    bar(mi, mi_y, false);
    return {x0 - pad, box_y, box_w, box_h};
}

Frame draw_north_arrow(Painter& p, const View& v) {
    cairo_t* cr = p.cr();
    const double cx = v.frame.x + v.frame.w - 24, top = v.frame.y + 10;
    cairo_new_path(cr);
    cairo_rectangle(cr, cx - 14, top, 28, 46);
    p.colour(white);
    cairo_fill(cr);
    p.font(11, true);
    p.text(cx, top + 14, "N", MapTextRole::north, ink, Align::centre);
    const double tip = top + 18, base = top + 42, half = 7.5, notch = top + 35;
    // Left half filled, right half white: the classic arrow, legible in grey.
    cairo_new_path(cr);
    cairo_move_to(cr, cx, tip);
    cairo_line_to(cr, cx - half, base);
    cairo_line_to(cr, cx, notch);
    cairo_close_path(cr);
    p.colour(ink);
    cairo_fill(cr);
    cairo_new_path(cr);
    cairo_move_to(cr, cx, tip);
    cairo_line_to(cr, cx + half, base);
    cairo_line_to(cr, cx, notch);
    cairo_line_to(cr, cx - half, base);
    cairo_close_path(cr);
    p.colour(ink);
    cairo_set_line_width(cr, 0.8);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_stroke(cr);
    return {cx - 14, top, 28, 46};
}

// ---------------------------------------------------------------------------------------------
// The legend

// Reference sizes for the proportional symbols: round numbers up to the largest published count.
std::vector<long long> reference_counts(long long largest) {
    static const long long nice[] = {5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000};
    std::vector<long long> out;
    long long top = 0;
    for (long long n : nice) {
        if (n <= largest) top = n;
    }
    if (top == 0) {
        if (largest > 0) out.push_back(largest);
        return out;
    }
    out.push_back(top);
    for (double f : {2.5, 6.0}) {
        long long pick = 0;
        for (long long n : nice) {
            if (n <= static_cast<double>(top) / f) pick = n;
        }
        if (pick > 0 && pick < out.back()) out.push_back(pick);
    }
    return out;
}

class Legend {
public:
    Legend(Painter& p, const Frame& box) : p_(p), box_(box), y_(box.y) {}

    void heading(const std::string& s, double size) {
        p_.font(size, true);
        for (const auto& line : p_.wrap(s, box_.w)) {
            y_ += size + 2;
            p_.text(box_.x, y_, line, MapTextRole::legend, ink);
        }
        y_ += 4;
    }

    // A row: a symbol drawn in the swatch column, then the wrapped label.
    template <typename DrawSwatch>
    void row(const std::string& label, DrawSwatch swatch) {
        p_.font(8);
        const auto lines = p_.wrap(label, box_.w - swatch_w);
        const double h = std::max(14.0, 10.0 * static_cast<double>(lines.size()) + 4);
        swatch(box_.x + swatch_w / 2 - 3, y_ + std::min(h, 14.0) / 2);
        p_.font(8);
        double ty = y_ + 9;
        for (const auto& line : lines) {
            p_.text(box_.x + swatch_w, ty, line, MapTextRole::legend, ink);
            ty += 10;
        }
        y_ += h + 2;
    }

    void space(double h) { y_ += h; }
    double y() const { return y_; }
    double& cursor() { return y_; }
    const Frame& box() const { return box_; }

    static constexpr double swatch_w = 28;

private:
    Painter& p_;
    Frame box_;
    double y_;
};

void area_swatch(Painter& p, double cx, double cy, const Rgb& fill, double alpha, const Rgb& line, double width,
                 bool dashed = false) {
    cairo_t* cr = p.cr();
    cairo_new_path(cr);
    cairo_rectangle(cr, cx - 10, cy - 6, 20, 12);
    p.colour(white);
    cairo_fill_preserve(cr);
    p.colour(fill, alpha);
    cairo_fill_preserve(cr);
    if (dashed) {
        const double dash[] = {3.0, 2.0};
        cairo_set_dash(cr, dash, 2, 0);
    }
    p.colour(line);
    cairo_set_line_width(cr, width);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
}

void draw_legend(Painter& p, const MapContent& map, const View& v, const Frame& box) {
    cairo_t* cr = p.cr();
    Legend legend(p, box);
    legend.heading("Key", 11);

    if (!map.gap_label.empty()) {
        legend.row(map.gap_label, [&](double x, double y) { area_swatch(p, x, y, gap_fill, 1, town_line, 0.6); });
    }
    if (!map.coverage_label.empty()) {
        const Rgb fill = map.coverage ? coverage_fill : white;  // unshaded: the dashed circles alone
        legend.row(map.coverage_label,
                   [&](double x, double y) { area_swatch(p, x, y, fill, 1, blue, 0.8, map.reach_metres > 0); });
    }
    if (!map.isochrones.empty()) {
        legend.space(4);
        legend.heading(map.isochrone_heading, 8.5);
        for (std::size_t i = 0; i < map.isochrones.size(); ++i) {
            const Rgb c = hex(isochrone_colour(i, map.isochrones.size()));
            legend.row(map.isochrones[i].label, [&](double x, double y) { area_swatch(p, x, y, c, isochrone_alpha, grey, 0.4); });
        }
        legend.space(4);
    }
    if (map.boundary) {
        legend.row(map.boundary->name + " boundary", [&](double x, double y) { area_swatch(p, x, y, white, 1, ink, 1.6); });
    }
    legend.row(map.towns.empty() ? "Area boundary" : "Town boundary", [&](double x, double y) {
        cairo_new_path(cr);
        cairo_move_to(cr, x - 10, y);
        cairo_line_to(cr, x + 10, y);
        p.colour(town_line);
        cairo_set_line_width(cr, 0.9);
        cairo_stroke(cr);
    });
    legend.row("Beyond " + (map.boundary ? map.boundary->name : std::string("the study area")),
               [&](double x, double y) { area_swatch(p, x, y, outside_fill, 1, town_line, 0.4); });

    // Proportional symbols: nested circles on one baseline, each with its count.
    const long long largest = largest_published(map.hotspots);
    const auto refs = map.hotspot_label.empty() ? std::vector<long long>{} : reference_counts(largest);
    if (!map.hotspot_label.empty()) {
        legend.space(6);
        legend.heading(map.hotspot_label, 8.5);
        legend.space(4);
    }
    if (!refs.empty()) {
        const double big = hotspot_radius(refs.front(), largest);
        const double cx = box.x + 4 + big, base = legend.y() + 2 * big + 2;
        p.font(7.5);
        for (long long n : refs) {
            const double r = hotspot_radius(n, largest);
            cairo_new_path(cr);
            cairo_arc(cr, cx, base - r, r, 0, 2 * pi);
            p.colour(reddish_purple, 0.35);
            cairo_fill_preserve(cr);
            p.colour(hotspot_line);
            cairo_set_line_width(cr, 0.7);
            cairo_stroke(cr);
            cairo_new_path(cr);
            cairo_move_to(cr, cx, base - 2 * r);
            cairo_line_to(cr, cx + big + 8, base - 2 * r);
            p.colour(grey);
            cairo_set_line_width(cr, 0.4);
            cairo_stroke(cr);
            p.text(cx + big + 10, base - 2 * r + 2.5, std::to_string(n), MapTextRole::legend_reference, ink);
        }
        legend.cursor() = base + 6;
    }
    if (!map.suppressed_label.empty() && !map.hotspot_label.empty()) {
        legend.row(map.suppressed_label, [&](double x, double y) { draw_suppressed_hotspot(p, x, y); });
    }

    if (!map.picks.empty() && !map.picks_label.empty()) {
        legend.space(6);
        legend.row(map.picks_label, [&](double x, double y) {
            cairo_save(cr);
            draw_pick(p, 1, x, y);
            cairo_restore(cr);
        });
    }

    // Meetings: the fellowships that appear on this map, the one asked about first.
    legend.space(6);
    legend.heading(map.meetings_label, 8.5);
    bool any = false;
    auto present = [&](const FellowshipStyle& style, int look) {
        for (const auto& m : map.meetings) {
            if (!v.shows(m.at) || &style_for(m.fellowship) != &style) continue;
            const bool asked =
                map.fellowship.empty() || same_name(style.key, style_for(map.fellowship).key);
            const int l = m.eligible ? 0 : asked ? 1 : 2;
            if (l == look) return true;
        }
        return false;
    };
    std::vector<const FellowshipStyle*> order;
    if (!map.fellowship.empty()) order.push_back(&style_for(map.fellowship));
    for (const auto& s : fellowship_styles()) {
        if (std::find(order.begin(), order.end(), &s) == order.end()) order.push_back(&s);
    }
    for (const FellowshipStyle* s : order) {
        if (present(*s, 0)) {
            any = true;
            legend.row(std::string(s->legend) + ", counted",
                       [&](double x, double y) { draw_meeting(p, *s, MeetingLook::counted, x, y); });
        }
        if (present(*s, 1)) {
            any = true;
            legend.row(std::string(s->key) + ", not counted (time or type)",
                       [&](double x, double y) { draw_meeting(p, *s, MeetingLook::not_counted, x, y); });
        }
        if (present(*s, 2)) {
            any = true;
            legend.row(s->legend, [&](double x, double y) { draw_meeting(p, *s, MeetingLook::other, x, y); });
        }
    }
    if (!any) legend.row("No meeting in this map's extent", [](double, double) {});
}

// ---------------------------------------------------------------------------------------------
// The page

void draw_page(Painter& p, const MapContent& map, const Page& page) {
    cairo_t* cr = p.cr();
    const double W = page.width_pt, H = page.height_pt, margin = 24, legend_w = 200, gutter = 16;
    p.colour(white);
    cairo_paint(cr);

    double y = margin + 14;
    p.font(17, true);
    p.text(margin, y, map.title, MapTextRole::title, ink);
    y += 4;
    p.font(9.5);
    for (const auto& s : map.subtitle) {
        for (const auto& line : p.wrap(s, W - 2 * margin)) {
            y += 13;
            p.text(margin, y, line, MapTextRole::subtitle, grey);
        }
    }
    const double frame_top = y + 10;

    p.font(7);
    const auto attribution = p.wrap(map.attribution, W - 2 * margin);
    p.font(6.5);
    const auto credit = p.wrap(map.credit, W - 2 * margin);
    const double foot_h = 9.0 * static_cast<double>(attribution.size()) + 8.5 * static_cast<double>(credit.size());
    const double frame_bottom = H - margin - foot_h - 6;

    const Frame frame{margin, frame_top, W - 2 * margin - legend_w - gutter, frame_bottom - frame_top};
    const View view = fit(map.extent, frame);
    draw_map_body(p, map, view);
    const Frame bar = draw_scale_bar(p, view);
    const Frame arrow = draw_north_arrow(p, view);
    draw_town_labels(p, map, view, {bar, arrow});
    draw_frame_border(p, frame);
    draw_legend(p, map, view, Frame{frame.x + frame.w + gutter, frame_top, legend_w, frame.h});

    double fy = frame_bottom + 6;
    p.font(7);
    for (const auto& line : attribution) {
        fy += 9;
        p.text(margin, fy, line, MapTextRole::attribution, grey);
    }
    p.font(6.5);
    for (const auto& line : credit) {
        fy += 8.5;
        p.text(margin, fy, line, MapTextRole::credit, grey);
    }
}

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
void add_svg_description(std::string& svg, const MapContent& map) {
    const auto open = svg.find("<svg");
    if (open == std::string::npos) return;
    const auto end = svg.find('>', open);
    if (end == std::string::npos) return;
    std::string towns;
    for (const auto& t : map.towns) towns += (towns.empty() ? "" : ", ") + t.name;
    std::string desc = map.description;
    for (const auto& s : map.subtitle) desc += "\n" + s;
    if (!towns.empty()) desc += "\nTowns: " + towns + ".";
    desc += "\n" + map.attribution;
    svg.insert(end + 1, "\n<title>" + xml_escaped(map.title) + "</title>\n<desc>" + xml_escaped(desc) + "</desc>");
}

// Cairo names the page's group after a counter that runs for the whole process ("surface373"), so a
// second map drawn in one process would differ; the group is never referenced, so it gets a fixed name.
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

std::optional<MapFormat> map_format_from_string(const std::string& text) {
    if (same_name(text, "png")) return MapFormat::png;
    if (same_name(text, "svg")) return MapFormat::svg;
    if (same_name(text, "pdf")) return MapFormat::pdf;
    return std::nullopt;
}

const char* extension(MapFormat format) {
    switch (format) {
        case MapFormat::png: return "png";
        case MapFormat::svg: return "svg";
        case MapFormat::pdf: return "pdf";
    }
    return "png";
}

std::optional<Page> Page::named(const std::string& name, double dpi) {
    Page page;
    page.dpi = dpi;
    if (same_name(name, "A4")) {
        page.name = "A4";
        page.width_pt = 841.89;
        page.height_pt = 595.28;
        return page;
    }
    if (same_name(name, "A3")) {
        page.name = "A3";
        page.width_pt = 1190.55;
        page.height_pt = 841.89;
        return page;
    }
    return std::nullopt;
}

int Page::png_width() const { return static_cast<int>(std::lround(width_pt / 72.0 * dpi)); }
int Page::png_height() const { return static_cast<int>(std::lround(height_pt / 72.0 * dpi)); }

MapBox MapBox::of(const OGRGeometry& geometry) {
    OGREnvelope e;
    geometry.getEnvelope(&e);
    return {e.MinX, e.MinY, e.MaxX, e.MaxY};
}

MapBox MapBox::grown(double metres) const { return {min_x - metres, min_y - metres, max_x + metres, max_y + metres}; }

unsigned isochrone_band_rgb(std::size_t band, std::size_t bands) {
    const unsigned c = isochrone_colour(band, bands);
    unsigned out = 0;
    for (int shift : {16, 8, 0}) {
        const double channel = static_cast<double>((c >> shift) & 0xFFu);
        const auto v = static_cast<unsigned>(std::lround(channel * isochrone_alpha + 255.0 * (1 - isochrone_alpha)));
        out |= std::min(v, 255u) << shift;
    }
    return out;
}

double hotspot_radius(long long count, long long largest) {
    if (count <= 0 || largest <= 0) return 0;
    constexpr double largest_radius = 18;
    return std::max(2.0, largest_radius * std::sqrt(static_cast<double>(count) / static_cast<double>(largest)));
}

RenderedMap render_map(const MapContent& map, MapFormat format, const Page& page) {
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
            cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, map.title.c_str());
            cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_SUBJECT, map.description.c_str());
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
        draw_page(painter, map, page);
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
        add_svg_description(out.bytes, map);
        fix_page_id(out.bytes);
    }
    return out;
}

}  // namespace roisc::render
