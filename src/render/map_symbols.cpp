// The map's symbols: fellowship shapes for meetings, proportional and suppressed hotspot circles,
// numbered discs for new venues.
#include "map_drawing.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace roisc::render::detail {

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

namespace {
double small_radius(MeetingLook look) { return look == MeetingLook::counted ? 2.0 : look == MeetingLook::not_counted ? 1.6 : 1.3; }
}  // namespace

void add_small_meeting(cairo_t* cr, const FellowshipStyle& style, MeetingLook look, double x, double y) {
    add_shape(cr, style.shape, x, y, small_radius(look));
}

// Fills the path of small symbols added for one fellowship and look; the not counted ones hollow.
// No ink outline: at this size it would darken the map more than the colours.
void paint_small_meetings(Painter& p, const FellowshipStyle& style, MeetingLook look) {
    cairo_t* cr = p.cr();
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    if (look == MeetingLook::not_counted) {
        p.colour(white);
        cairo_fill_preserve(cr);
        p.colour(style.colour);
        cairo_set_line_width(cr, 0.7);
        cairo_stroke(cr);
    } else {
        p.colour(style.colour);
        cairo_fill(cr);
    }
}

void draw_small_meeting(Painter& p, const FellowshipStyle& style, MeetingLook look, double x, double y) {
    cairo_new_path(p.cr());
    add_small_meeting(p.cr(), style, look, x, y);
    paint_small_meetings(p, style, look);
}

void draw_published_hotspot(Painter& p, double x, double y, double r) {
    cairo_t* cr = p.cr();
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * pi);
    p.colour(hotspot_fill, palette::hotspot_opacity);
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
    p.colour(hex(palette::new_venue_outline));
    cairo_fill(cr);
    cairo_arc(cr, x, y, r, 0, 2 * M_PI);
    p.colour(hex(palette::new_venue_fill));
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

}  // namespace roisc::render::detail
