// The map's frame border, scale bar (kilometres and miles) and north arrow.
#include "map_drawing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace roisc::render::detail {

void draw_frame_border(Painter& p, const Frame& f) {
    cairo_t* cr = p.cr();
    cairo_new_path(cr);
    cairo_rectangle(cr, f.x, f.y, f.w, f.h);
    p.colour(ink);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
}
namespace {

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
}  // namespace

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

}  // namespace roisc::render::detail
