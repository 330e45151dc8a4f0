// The map's legend: what each symbol, fill and outline on the map means, with reference sizes
// for the hotspot circles.
#include "map_drawing.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace roisc::render::detail {

namespace {

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

    void heading(const std::string& s, double size, MapTextRole role = MapTextRole::legend) {
        p_.font(size, true);
        for (const auto& line : p_.wrap(s, box_.w)) {
            y_ += size + 2;
            p_.text(box_.x, y_, line, role, ink);
        }
        y_ += 4;
    }

    // A row: a symbol drawn in the swatch column, then the wrapped label.
    template <typename DrawSwatch>
    void row(const std::string& label, DrawSwatch swatch, MapTextRole role = MapTextRole::legend) {
        p_.font(8);
        const auto lines = p_.wrap(label, box_.w - swatch_w);
        const double h = std::max(14.0, 10.0 * static_cast<double>(lines.size()) + 4);
        swatch(box_.x + swatch_w / 2 - 3, y_ + std::min(h, 14.0) / 2);
        p_.font(8);
        double ty = y_ + 9;
        for (const auto& line : lines) {
            p_.text(box_.x + swatch_w, ty, line, role, ink);
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
}  // namespace

void draw_legend(Painter& p, const MapContent& map, const View& v, const Frame& box, const MapPlan& plan) {
    cairo_t* cr = p.cr();
    Legend legend(p, box);
    legend.heading("Key", 11);

    if (!map.gap_label.empty()) {
        legend.row(map.gap_label, [&](double x, double y) { area_swatch(p, x, y, hex(palette::gap.fill), palette::gap.fill_opacity, town_line, 0.6); });
    }
    const bool circles = map.reach_metres > 0 && !plan.small_meetings;
    const std::string coverage_label = map.coverage_label + (circles ? map.reach_circles_note : std::string());
    if (!coverage_label.empty()) {
        // Unshaded without a coverage area: the dashed circles alone.
        const double opacity = map.coverage ? palette::coverage.fill_opacity : 0.0;
        legend.row(coverage_label, [&](double x, double y) {
            area_swatch(p, x, y, hex(palette::coverage.fill), opacity, hex(palette::coverage.outline), 0.8, circles);
        });
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

    if (plan.grid() && !map.hotspot_label.empty()) {
        // The grid: a square per class, its range of sums; the cell size in the heading.
        legend.space(6);
        legend.heading(map.hotspot_label, 8.5);
        legend.heading("Sum per " + grid_cell_text(plan.cell_metres) + " square, published counts only", 8, MapTextRole::legend_grid);
        for (std::size_t k = 0; k < plan.classes.size(); ++k) {
            const Rgb c = class_colour(k, plan.classes.size());
            legend.row(class_text(plan.classes, k), [&](double x, double y) { draw_grid_swatch(p, x, y, &c); }, MapTextRole::legend_grid);
        }
        if (!map.suppressed_label.empty()) {
            legend.row(map.suppressed_cell_label, [&](double x, double y) { draw_grid_swatch(p, x, y, nullptr); });
        }
    }

    // Proportional symbols: nested circles on one baseline, each with its count.
    const long long largest = largest_published(map.hotspots);
    const bool points = !plan.grid() && !map.hotspot_label.empty();
    const auto refs = points ? reference_counts(largest) : std::vector<long long>{};
    if (points) {
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
            p.colour(hotspot_fill, 0.35);
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
    if (!map.suppressed_label.empty() && points) {
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
    auto draw = [&](const FellowshipStyle& s, MeetingLook look, double x, double y) {
        if (plan.small_meetings) draw_small_meeting(p, s, look, x, y);
        else draw_meeting(p, s, look, x, y);
    };
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
    if (!map.sites_row.empty()) {
        const FellowshipStyle& s = style_for(map.meetings.empty() ? std::string("Other") : map.meetings.front().fellowship);
        const bool shown = std::any_of(map.meetings.begin(), map.meetings.end(), [&](const MapMeeting& m) { return v.shows(m.at); });
        if (shown) legend.row(map.sites_row, [&](double x, double y) { draw(s, MeetingLook::counted, x, y); });
        else legend.row("None in this map's extent", [](double, double) {});
        return;
    }
    for (const FellowshipStyle* s : order) {
        if (present(*s, 0)) {
            any = true;
            legend.row(std::string(s->legend) + ", counted",
                       [&](double x, double y) { draw(*s, MeetingLook::counted, x, y); });
        }
        if (present(*s, 1)) {
            any = true;
            legend.row(std::string(s->key) + ", not counted (time or type)",
                       [&](double x, double y) { draw(*s, MeetingLook::not_counted, x, y); });
        }
        if (present(*s, 2)) {
            any = true;
            legend.row(s->legend, [&](double x, double y) { draw(*s, MeetingLook::other, x, y); });
        }
    }
    if (!any) legend.row("No meeting in this map's extent", [](double, double) {});
}

}  // namespace roisc::render::detail
