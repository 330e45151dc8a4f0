#pragma once
// Drawing the map with Cairo: the painter (one font, every text recorded), the view from the
// working CRS to the page, and the pieces the page is drawn from (symbols, scale bar, north arrow,
// legend). Internal to src/render.
#include "map_style.hpp"
#include "roisc/render/map.hpp"

#include <cairo.h>
#include <ogr_geometry.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace roisc::render::detail {

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;
cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length);
// Throws RuntimeFailure when Cairo reports a failure.
void check(cairo_status_t status, const char* what);

enum class Align { left, centre, right };

class Painter;
// One page in a format: what a PDF's metadata and an SVG's <title>/<desc> say.
struct Document {
    std::string title;
    std::string subject;          // the PDF's subject
    std::string svg_description;  // the SVG's <desc>
};
// The page set-up every picture shares (maps, charts): the surface per format, unhinted text, the
// PDF's metadata without a date, the SVG's title and a fixed page id, so the same inputs give the
// same bytes. `draw` paints the page.
RenderedMap draw_document(MapFormat format, const Page& page, const Document& doc, const std::function<void(Painter&)>& draw);

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
    // Outline vertices closer than this on the page (both ways) to the last one drawn are skipped;
    // 0 draws every vertex. Set on crowded (national) maps, whose outlines would fill the files.
    double thin_pt = 0;
    double px(double x) const { return frame.x + (x - box.min_x) * scale; }
    double py(double y) const { return frame.y + (box.max_y - y) * scale; }
    bool shows(const Point& p, double margin_pt = 0) const {
        const double x = px(p.x), y = py(p.y);
        return x >= frame.x - margin_pt && x <= frame.x + frame.w + margin_pt && y >= frame.y - margin_pt &&
               y <= frame.y + frame.h + margin_pt;
    }
};

// ---- primitives (painter.cpp)

View fit(const MapBox& want, const Frame& frame);
void add_ring(cairo_t* cr, const View& v, const OGRLinearRing* ring);
// The polygonal parts of a geometry as a path; lines and points left over from a difference have
// no area and are skipped.
void add_polygonal(cairo_t* cr, const View& v, const OGRGeometry* g);
void fill_area(Painter& p, const View& v, const OGRGeometry* g, const Rgb& c, double alpha = 1);
void outline_area(Painter& p, const View& v, const OGRGeometry* g, const Rgb& c, double width);
// The ground under a rectangle of the page.
std::unique_ptr<OGRPolygon> ground(const View& v, double x0, double y0, double x1, double y1);

// ---- symbols (map_symbols.cpp)

void add_shape(cairo_t* cr, Shape shape, double x, double y, double r);
// Counted meetings: filled, heavy outline. Meetings of the asked fellowship that the query does
// not count (other times, types): hollow. Other fellowships: filled, light outline.
enum class MeetingLook { counted, not_counted, other };
void draw_meeting(Painter& p, const FellowshipStyle& style, MeetingLook look, double x, double y);
// The small symbols of a crowded map: the same shapes and colours, a third of the size (counted
// ones a little larger), without outlines.
void add_small_meeting(cairo_t* cr, const FellowshipStyle& style, MeetingLook look, double x, double y);
void paint_small_meetings(Painter& p, const FellowshipStyle& style, MeetingLook look);
void draw_small_meeting(Painter& p, const FellowshipStyle& style, MeetingLook look, double x, double y);
void draw_published_hotspot(Painter& p, double x, double y, double r);
// The one symbol for every suppressed count: fixed size, hollow and hatched, so it reads as
// "a count is here but not shown" and says nothing of how large.
void draw_suppressed_hotspot(Painter& p, double x, double y);
// A new venue: its pick number in white on a vermillion disc with a white ring.
void draw_pick(Painter& p, int rank, double x, double y);
long long largest_published(const std::vector<MapHotspot>& hotspots);

// ---- frame, scale bar and north arrow (map_scale.cpp)

void draw_frame_border(Painter& p, const Frame& f);
// Kilometres above, miles below, from one origin: alternate black and white segments.
Frame draw_scale_bar(Painter& p, const View& v);
Frame draw_north_arrow(Painter& p, const View& v);

// ---- crowding and the hotspot grid (map_grid.cpp)

// The page squares crowding is measured in: about a symbol's width.
constexpr double hotspot_bin_pt = 12;
constexpr double meeting_bin_pt = 12;

// What the frame's density decided (map.md).
struct MapPlan {
    double cell_metres = 0;          // the hotspot grid's square; 0: hotspots drawn as circles
    std::vector<HotspotCell> cells;
    std::vector<long long> classes;  // lower bounds of the classes of the sums
    bool small_meetings = false;     // meetings drawn small, without reach circles
    bool crowded() const { return grid() || small_meetings; }
    bool grid() const { return cell_metres > 0; }
};
MapPlan plan_map(const MapContent& map, const View& v);
// On a crowded map, outline vertices closer than this are merged (map.md).
constexpr double crowded_thin_pt = 0.3;
void draw_hotspot_grid(Painter& p, const MapPlan& plan, const View& v);
// A legend square: filled with `fill`, or hatched (suppressed only) when null.
void draw_grid_swatch(Painter& p, double cx, double cy, const Rgb* fill);
std::string grid_cell_text(double metres);                                // "10 km", "500 m"
std::string class_text(const std::vector<long long>& bounds, std::size_t cls);  // "10–49", "500 or more"
std::size_t class_of(const std::vector<long long>& bounds, long long sum);
Rgb class_colour(std::size_t cls, std::size_t classes);

// ---- the legend (map_legend.cpp)

void draw_legend(Painter& p, const MapContent& map, const View& v, const Frame& box, const MapPlan& plan);

}  // namespace roisc::render::detail
