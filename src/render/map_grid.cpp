// Maps at national scale: how crowded the marks would be in the frame, and the hotspot grid that
// replaces the circles when they crowd (sums of published counts in round-sized squares).
#include "map_drawing.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace roisc::render {

namespace {

// The largest round number at most `v` (v >= 1): any whole number to 10, then 1, 2, 2.5, 5 × 10^k.
long long round_down(double v) {
    if (v < 10) return std::max(1LL, static_cast<long long>(std::floor(v)));
    long long best = 10;
    for (long long p = 10; p <= 1'000'000'000'000LL; p *= 10) {
        for (long long m : {10LL, 20LL, 25LL, 50LL}) {
            if (static_cast<double>(m * p / 10) <= v) best = m * p / 10;
        }
    }
    return best;
}

// Written so that a coordinate that is not a number is outside.
bool inside(const Point& p, const MapBox& box) {
    return p.x >= box.min_x && p.x <= box.max_x && p.y >= box.min_y && p.y <= box.max_y;
}

}  // namespace

std::vector<HotspotCell> hotspot_cells(const std::vector<MapHotspot>& hotspots, double cell_metres, const MapBox& within) {
    std::map<std::pair<long long, long long>, HotspotCell> cells;  // (row, column): ordered, so deterministic
    for (const auto& h : hotspots) {
        if (!inside(h.at, within)) continue;
        const auto column = static_cast<long long>(std::floor(h.at.x / cell_metres));
        const auto row = static_cast<long long>(std::floor(h.at.y / cell_metres));
        HotspotCell& c = cells[{row, column}];
        c.column = column;
        c.row = row;
        if (const auto value = h.people.value()) {
            c.published_sum += *value;
            ++c.published;
        } else {
            ++c.suppressed;  // its count is not known here, and never added
        }
    }
    std::vector<HotspotCell> out;
    out.reserve(cells.size());
    for (auto& kv : cells) out.push_back(kv.second);
    return out;
}

double crowding(const std::vector<Point>& points, const MapBox& within, double points_per_metre, double bin_pt) {
    const double bin_m = bin_pt / points_per_metre;
    const auto columns = static_cast<std::size_t>(std::ceil(within.width() / bin_m)) + 1;
    const auto rows = static_cast<std::size_t>(std::ceil(within.height() / bin_m)) + 1;
    std::vector<bool> occupied(columns * rows, false);
    std::size_t marks = 0, squares = 0;
    for (const auto& p : points) {
        if (!inside(p, within)) continue;
        ++marks;
        const auto c = static_cast<std::size_t>((p.x - within.min_x) / bin_m);
        const auto r = static_cast<std::size_t>((p.y - within.min_y) / bin_m);
        const std::size_t at = std::min(r, rows - 1) * columns + std::min(c, columns - 1);
        if (!occupied[at]) {
            occupied[at] = true;
            ++squares;
        }
    }
    return squares == 0 ? 0 : static_cast<double>(marks) / static_cast<double>(squares);
}

double grid_cell_metres(double points_per_metre) {
    const double want = min_cell_pt / points_per_metre;
    for (double p = 1; p < 1e9; p *= 10) {
        for (double m : {1.0, 2.0, 5.0}) {
            if (m * p >= want) return m * p;
        }
    }
    return 1e9;
}

std::vector<long long> grid_classes(std::vector<long long> sums) {
    sums.erase(std::remove_if(sums.begin(), sums.end(), [](long long s) { return s <= 0; }), sums.end());
    if (sums.empty()) return {};
    std::sort(sums.begin(), sums.end());
    // The first class starts at the smallest sum, rounded down (5 under the standard policy, whose
    // published counts are 0 or 5 and more), so no empty "1–4" class is shown.
    std::vector<long long> bounds{round_down(static_cast<double>(sums.front()))};
    for (int q = 1; q < 5; ++q) {
        const std::size_t at = sums.size() * static_cast<std::size_t>(q) / 5;
        const long long b = round_down(static_cast<double>(sums[std::min(at, sums.size() - 1)]));
        // A class starts above the one before and holds at least one square.
        if (b > bounds.back() && b <= sums.back()) bounds.push_back(b);
    }
    return bounds;
}

namespace detail {

namespace {
// The hatching of squares of suppressed counts only: lighter than the suppressed symbol's, since
// it may cover much of a national map.
constexpr double hatch_pt = 2.5, hatch_line_pt = 0.45;
}  // namespace

std::string grid_cell_text(double metres) {
    if (metres >= 1000) return std::to_string(std::llround(metres / 1000)) + " km";
    return std::to_string(std::llround(metres)) + " m";
}

std::string class_text(const std::vector<long long>& bounds, std::size_t cls) {
    const long long low = bounds[cls];
    if (cls + 1 == bounds.size()) return std::to_string(low) + " or more";
    const long long high = bounds[cls + 1] - 1;
    return low == high ? std::to_string(low) : std::to_string(low) + "–" + std::to_string(high);
}

std::size_t class_of(const std::vector<long long>& bounds, long long sum) {
    std::size_t cls = 0;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        if (sum >= bounds[i]) cls = i;
    }
    return cls;
}

Rgb class_colour(std::size_t cls, std::size_t classes) { return hex(palette::hotspot_class_colour(cls, classes)); }

MapPlan plan_map(const MapContent& map, const View& v) {
    MapPlan plan;
    std::vector<Point> at;
    at.reserve(map.hotspots.size());
    for (const auto& h : map.hotspots) at.push_back(h.at);
    const bool grid = map.hotspot_drawing == HotspotDrawing::grid ||
                      (map.hotspot_drawing == HotspotDrawing::automatic &&
                       crowding(at, v.box, v.scale, hotspot_bin_pt) > crowded_marks_per_square);
    if (grid && !map.hotspots.empty()) {
        plan.cell_metres = grid_cell_metres(v.scale);
        plan.cells = hotspot_cells(map.hotspots, plan.cell_metres, v.box);
        std::vector<long long> sums;
        sums.reserve(plan.cells.size());
        for (const auto& c : plan.cells) sums.push_back(c.published_sum);
        plan.classes = grid_classes(std::move(sums));
    }
    at.clear();
    for (const auto& m : map.meetings) at.push_back(m.at);
    plan.small_meetings = crowding(at, v.box, v.scale, meeting_bin_pt) > crowded_marks_per_square;
    return plan;
}

void draw_hotspot_grid(Painter& p, const MapPlan& plan, const View& v) {
    cairo_t* cr = p.cr();
    const double c = plan.cell_metres;
    auto add_cell = [&](const HotspotCell& cell) {
        const double x0 = v.px(static_cast<double>(cell.column) * c), x1 = v.px(static_cast<double>(cell.column + 1) * c);
        const double y0 = v.py(static_cast<double>(cell.row + 1) * c), y1 = v.py(static_cast<double>(cell.row) * c);
        cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
    };
    cairo_save(cr);
    // Squares abut: without anti-aliasing no hairline of the ground shows between them.
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    // One path per class: the files hold a handful of paths, not a shape per square.
    for (std::size_t k = 0; k < plan.classes.size(); ++k) {
        cairo_new_path(cr);
        for (const auto& cell : plan.cells) {
            if (cell.published_sum > 0 && class_of(plan.classes, cell.published_sum) == k) add_cell(cell);
        }
        p.colour(class_colour(k, plan.classes.size()));
        cairo_fill(cr);
    }
    // Squares of suppressed counts only: white, hatched as the suppressed hotspot symbol is.
    cairo_new_path(cr);
    bool any = false;
    for (const auto& cell : plan.cells) {
        if (!cell.only_suppressed()) continue;
        add_cell(cell);
        any = true;
    }
    if (any) {
        // Half-white, so the gap areas under them still show.
        p.colour(white, 0.5);
        cairo_fill_preserve(cr);
        cairo_clip(cr);
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
        cairo_new_path(cr);
        const Frame& f = v.frame;
        for (double d = -f.h; d <= f.w; d += hatch_pt) {
            cairo_move_to(cr, f.x + d, f.y + f.h);
            cairo_line_to(cr, f.x + d + f.h, f.y);
        }
        p.colour(hotspot_line);
        cairo_set_line_width(cr, hatch_line_pt);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

void draw_grid_swatch(Painter& p, double cx, double cy, const Rgb* fill) {
    cairo_t* cr = p.cr();
    const double s = 10;
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, cx - s / 2, cy - s / 2, s, s);
    p.colour(fill ? *fill : white);
    cairo_fill_preserve(cr);
    if (!fill) {
        cairo_save(cr);
        cairo_clip_preserve(cr);
        cairo_new_path(cr);
        for (double d = -s; d <= s; d += hatch_pt) {
            cairo_move_to(cr, cx - s / 2 + d, cy + s / 2);
            cairo_line_to(cr, cx - s / 2 + d + s, cy - s / 2);
        }
        p.colour(hotspot_line);
        cairo_set_line_width(cr, hatch_line_pt);
        cairo_stroke(cr);
        cairo_restore(cr);
        cairo_rectangle(cr, cx - s / 2, cy - s / 2, s, s);
    }
    p.colour(grey);
    cairo_set_line_width(cr, 0.4);
    cairo_stroke(cr);
    cairo_restore(cr);
}

}  // namespace detail

}  // namespace roisc::render
