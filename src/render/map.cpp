// The map's layout and output: the map body (areas, catchments, hotspots, meetings, picks), town
// labels, the page around it, and rendering to PNG, SVG or PDF. Styles: map_style.*; drawing
// pieces: map_drawing.hpp.
#include "roisc/render/map.hpp"

#include "map_drawing.hpp"

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
using namespace detail;

namespace {

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
// The map

void draw_hotspot_points(Painter& p, const MapContent& map, const View& v) {
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
}

// Meetings: other fellowships underneath, counted meetings on top. Crowded, they are drawn small,
// one path per fellowship and look (a few paths in the files, not a shape per meeting).
void draw_meetings(Painter& p, const MapContent& map, const View& v, const MapPlan& plan) {
    auto look_of = [&](const MapMeeting& m) {
        const bool asked = map.fellowship.empty() || same_name(style_for(m.fellowship).key, style_for(map.fellowship).key);
        return m.eligible ? MeetingLook::counted : asked ? MeetingLook::not_counted : MeetingLook::other;
    };
    if (plan.small_meetings) {
        cairo_t* cr = p.cr();
        for (const MeetingLook look : {MeetingLook::other, MeetingLook::not_counted, MeetingLook::counted}) {
            for (const auto& style : fellowship_styles()) {
                cairo_new_path(cr);
                bool any = false;
                for (const auto& m : map.meetings) {
                    if (!v.shows(m.at, 4) || &style_for(m.fellowship) != &style || look_of(m) != look) continue;
                    add_small_meeting(cr, style, look, v.px(m.at.x), v.py(m.at.y));
                    any = true;
                }
                if (any) paint_small_meetings(p, style, look);
                cairo_new_path(cr);
            }
        }
        return;
    }
    for (int pass = 0; pass < 3; ++pass) {
        for (const auto& m : map.meetings) {
            if (!v.shows(m.at, 10)) continue;
            const bool asked = map.fellowship.empty() || same_name(style_for(m.fellowship).key, style_for(map.fellowship).key);
            const MeetingLook look = m.eligible ? MeetingLook::counted : asked ? MeetingLook::not_counted : MeetingLook::other;
            const int order = look == MeetingLook::other ? 0 : look == MeetingLook::not_counted ? 1 : 2;
            if (order == pass) draw_meeting(p, style_for(m.fellowship), look, v.px(m.at.x), v.py(m.at.y));
        }
    }
}

void draw_map_body(Painter& p, const MapContent& map, const View& v, const MapPlan& plan) {
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
        fill_area(p, v, map.coverage.get(), hex(palette::coverage.fill), palette::coverage.fill_opacity);
        cairo_restore(cr);
    }
    for (const auto& g : map.gaps) fill_area(p, v, g.get(), hex(palette::gap.fill), palette::gap.fill_opacity);

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

    // The hotspot grid under the outlines, so the towns' edges show over its squares.
    if (plan.grid()) draw_hotspot_grid(p, plan, v);

    // Each eligible meeting's reach, dashed, so overlapping circles stay readable; where the meetings
    // crowd, the circles would be a texture: the shading shows the reach.
    if (map.reach_metres > 0 && !plan.small_meetings) {
        const double dash[] = {3.0, 2.0};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_line_width(cr, 0.7);
        p.colour(hex(palette::coverage.outline), 0.85);
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
    if (!plan.grid()) draw_hotspot_points(p, map, v);
    draw_meetings(p, map, v, plan);

    // New venues: each catchment dashed, then the numbered discs over everything, last pick first
    // so the first stays on top where they crowd.
    for (const auto& pick : map.picks) {
        if (!pick.catchment) continue;
        const double dash[] = {5.0, 3.0};
        cairo_set_dash(cr, dash, 2, 0);
        outline_area(p, v, pick.catchment.get(), hex(palette::catchment.outline), 1.4);
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
// ---------------------------------------------------------------------------------------------
// The page

// Draws the page; gives what the frame's density decided.
MapPlan draw_page(Painter& p, const MapContent& map, const Page& page) {
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
    View view = fit(map.extent, frame);
    MapPlan plan = plan_map(map, view);
    if (plan.crowded()) view.thin_pt = crowded_thin_pt;
    draw_map_body(p, map, view, plan);
    const Frame bar = draw_scale_bar(p, view);
    const Frame arrow = draw_north_arrow(p, view);
    draw_town_labels(p, map, view, {bar, arrow});
    draw_frame_border(p, frame);
    draw_legend(p, map, view, Frame{frame.x + frame.w + gutter, frame_top, legend_w, frame.h}, plan);

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
    return plan;
}

// The SVG's <desc>: the map's description, its subtitle, its towns and the data credits.
std::string svg_description(const MapContent& map) {
    std::string towns;
    for (const auto& t : map.towns) towns += (towns.empty() ? "" : ", ") + t.name;
    std::string desc = map.description;
    for (const auto& sub : map.subtitle) desc += "\n" + sub;
    if (!towns.empty()) desc += "\nTowns: " + towns + ".";
    desc += "\n" + map.attribution;
    return desc;
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

RenderedMap render_map(const MapContent& map, MapFormat format, const Page& page) {
    MapPlan plan;
    RenderedMap out = draw_document(format, page, {map.title, map.description, svg_description(map)},
                                    [&](Painter& painter) { plan = draw_page(painter, map, page); });
    out.hotspot_cell_metres = plan.cell_metres;
    out.small_meetings = plan.small_meetings;
    return out;
}

namespace {

// The listing's pages: lines wrapped to the page, a running heading, the footer at the bottom.
void draw_listing(Painter& p, cairo_t* cr, const BookletSection& section, const std::string& footer, const Page& page) {
    const double W = page.width_pt, H = page.height_pt, margin = 36, line_h = 11.5;
    p.font(7);
    const auto foot = p.wrap(footer, W - 2 * margin);
    const double bottom = H - margin - 9.0 * static_cast<double>(foot.size()) - 8;
    int page_number = 0;
    double y = 0;
    auto start_page = [&] {
        if (page_number++ > 0) cairo_show_page(cr);
        p.colour(white);
        cairo_paint(cr);
        p.font(14, true);
        y = margin + 12;
        p.text(margin, y, section.heading + (page_number > 1 ? " (continued)" : ": " + section.listing_title), MapTextRole::title, ink);
        y += 10;
        double fy = bottom + 8;
        p.font(7);
        for (const auto& line : foot) {
            fy += 9;
            p.text(margin, fy, line, MapTextRole::attribution, grey);
        }
    };
    start_page();
    for (const auto& l : section.lines) {
        p.font(l.indent == 0 ? 9 : 8, l.heading);
        const double x = margin + 14.0 * l.indent;
        const auto wrapped = p.wrap(l.text, W - margin - x);
        if (l.heading && l.indent == 0 && y + line_h * 3 > bottom) start_page();
        for (const auto& w : wrapped) {
            if (y + line_h > bottom) {
                start_page();
                p.font(l.indent == 0 ? 9 : 8, l.heading);
            }
            y += line_h;
            p.text(x, y, w, MapTextRole::legend, l.indent == 0 ? ink : grey);
        }
        if (l.heading && l.indent == 0) y += 2;
    }
}

}  // namespace

RenderedMap render_booklet(const Booklet& booklet, const Page& page) {
    RenderedMap out;
    SurfacePtr surface(cairo_pdf_surface_create_for_stream(append_bytes, &out.bytes, page.width_pt, page.height_pt));
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, booklet.title.c_str());
    const std::string creator = std::string("roisc ") + roisc::version;
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, creator.c_str());
    // No creation date (Cairo would write the clock's): the same inputs give the same bytes.
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, "");
    check(cairo_surface_status(surface.get()), "creating the booklet");
    {
        ContextPtr cr(cairo_create(surface.get()));
        cairo_font_options_t* options = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
        cairo_set_font_options(cr.get(), options);
        cairo_font_options_destroy(options);
        Painter painter(cr.get(), out.texts);
        // The cover: the title, what the booklet holds, and the towns.
        painter.colour(white);
        cairo_paint(cr.get());
        painter.font(24, true);
        painter.text(48, 120, booklet.title, MapTextRole::title, ink);
        double y = 150;
        painter.font(11);
        for (const auto& line : booklet.cover) {
            for (const auto& w : painter.wrap(line, page.width_pt - 96)) {
                y += 16;
                painter.text(48, y, w, MapTextRole::subtitle, grey);
            }
        }
        for (const auto& section : booklet.sections) {
            cairo_show_page(cr.get());
            draw_page(painter, section.map, page);
            cairo_show_page(cr.get());
            draw_listing(painter, cr.get(), section, booklet.footer, page);
        }
        check(cairo_status(cr.get()), "drawing the booklet");
    }
    cairo_surface_finish(surface.get());
    check(cairo_surface_status(surface.get()), "finishing the booklet");
    return out;
}

}  // namespace roisc::render
