// The bar chart of the share reached per group: the page (title, subtitle, notes, credit, as the
// maps lay them out), the axes and the bars. Bars are the palette's coverage blue; a group with no
// published people is a hatched stub in the suppressed hotspots' colours, labelled "suppressed".
#include "roisc/render/chart.hpp"

#include "map_drawing.hpp"

#include "roisc/core/error.hpp"
#include "roisc/version.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace roisc::render {
using namespace detail;

namespace {

std::string percent(double share) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * share);
    return buf;
}

// A stub that says "a group is here, its share is not shown": hatched, outlined, fixed height.
void draw_suppressed_bar(Painter& p, double x, double y_base, double w, double h) {
    cairo_t* cr = p.cr();
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, x, y_base - h, w, h);
    p.colour(white);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    p.colour(hotspot_line);
    cairo_set_line_width(cr, 0.7);
    for (double d = -h; d <= w + h; d += 4.0) {
        cairo_move_to(cr, x + d, y_base);
        cairo_line_to(cr, x + d + h, y_base - h);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, x, y_base - h, w, h);
    p.colour(hotspot_line);
    cairo_set_line_width(cr, 1.0);
    cairo_stroke(cr);
}

void draw_chart_page(Painter& p, const ChartContent& chart, const Page& page) {
    cairo_t* cr = p.cr();
    const double W = page.width_pt, H = page.height_pt, margin = 24;
    p.colour(white);
    cairo_paint(cr);

    double y = margin - 6;
    p.font(17, true);
    for (const auto& line : p.wrap(chart.title, W - 2 * margin)) {
        y += 20;
        p.text(margin, y, line, MapTextRole::title, ink);
    }
    y += 6;
    p.font(9.5);
    for (const auto& s : chart.subtitle) {
        for (const auto& line : p.wrap(s, W - 2 * margin)) {
            y += 13;
            p.text(margin, y, line, MapTextRole::subtitle, grey);
        }
    }

    // The foot: notes (the disclosure note first), then the credit.
    p.font(8);
    std::vector<std::string> notes;
    for (const auto& n : chart.notes) {
        for (const auto& line : p.wrap(n, W - 2 * margin)) notes.push_back(line);
    }
    p.font(6.5);
    const auto credit = p.wrap(chart.credit, W - 2 * margin);
    const double foot_h = 11.0 * static_cast<double>(notes.size()) + 8.5 * static_cast<double>(credit.size()) + 6;

    // The plot: a y axis of 0-100 % on the left, the bars, their labels under the axis.
    const double axis_w = 44, top = y + 34, bottom = H - margin - foot_h - 44;
    const double left = margin + axis_w, right = W - margin;
    const double plot_h = bottom - top;
    p.font(8.5);
    cairo_set_line_width(cr, 0.5);
    for (int pct = 0; pct <= 100; pct += 20) {
        const double gy = bottom - plot_h * pct / 100.0;
        p.colour(hex(palette::outside_fill));
        cairo_move_to(cr, left, gy);
        cairo_line_to(cr, right, gy);
        cairo_stroke(cr);
        p.text(left - 6, gy + 3, std::to_string(pct) + "%", MapTextRole::scale, grey, Align::right);
    }
    p.colour(ink);
    cairo_set_line_width(cr, 1.0);
    cairo_move_to(cr, left, top);
    cairo_line_to(cr, left, bottom);
    cairo_line_to(cr, right, bottom);
    cairo_stroke(cr);
    // The axis title, turned.
    cairo_save(cr);
    cairo_translate(cr, margin + 8, (top + bottom) / 2);
    cairo_rotate(cr, -pi / 2);
    p.font(9);
    p.text(0, 0, "Share of the people reached", MapTextRole::legend, ink, Align::centre);
    cairo_restore(cr);

    const std::size_t n = std::max<std::size_t>(chart.bars.size(), 1);
    const double slot = (right - left) / static_cast<double>(n);
    const bool compare = !chart.before_label.empty();
    const double bar_w = compare ? std::min(slot * 0.4, 40.0) : std::min(slot * 0.62, 70.0);
    const Rgb bar = hex(palette::coverage.outline);
    const Rgb bar_partial = hex(palette::over_white(palette::coverage.outline, 0.55));
    const Rgb before_bar = hex(palette::over_white(palette::coverage.outline, 0.3));
    auto draw_share = [&](double x, double share, bool partial, const Rgb& colour, bool bold) {
        const double h = plot_h * std::clamp(share, 0.0, 1.0);
        cairo_new_path(cr);
        cairo_rectangle(cr, x, bottom - h, bar_w, h);
        p.colour(colour);
        cairo_fill(cr);
        p.font(compare ? 8 : 9, bold);
        p.text(x + bar_w / 2, bottom - h - 5, percent(share) + (partial ? " *" : ""), MapTextRole::legend, bold ? ink : grey,
               Align::centre, compare ? 2.5 : 0);
    };
    auto overall_line = [&](double share, const Rgb& colour, const std::string& label, double label_dy) {
        const double gy = bottom - plot_h * std::clamp(share, 0.0, 1.0);
        const double dash[] = {5.0, 3.0};
        cairo_save(cr);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_line_width(cr, 1.2);
        p.colour(colour);
        cairo_move_to(cr, left, gy);
        cairo_line_to(cr, right, gy);
        cairo_stroke(cr);
        cairo_restore(cr);
        p.font(8.5, true);
        p.text(right, gy + label_dy, label + percent(share), MapTextRole::legend, colour, Align::right, 2.5);
    };
    // Compared: the two dashed lines under the bars, so that no line crosses a bar's label.
    auto draw_overall = [&] {
        if (compare && chart.overall_before) {
            // Below its line when the two lines are close, so the labels do not overlap.
            const bool close = chart.overall && std::fabs(*chart.overall - *chart.overall_before) < 0.05;
            overall_line(*chart.overall_before, grey, "All, " + chart.before_label + ": ", close ? 11 : -4);
        }
        if (chart.overall) overall_line(*chart.overall, vermillion, compare ? "All, " + chart.after_label + ": " : "All: ", -4);
    };
    if (compare) draw_overall();
    for (std::size_t i = 0; i < chart.bars.size(); ++i) {
        const ChartBar& b = chart.bars[i];
        const double cx = left + slot * (static_cast<double>(i) + 0.5);
        // Compared: today on the left, after on the right, touching.
        const double x = compare ? cx : cx - bar_w / 2;
        if (b.share) {
            if (compare && b.before) draw_share(cx - bar_w, *b.before, b.before_partial, before_bar, false);
            draw_share(x, *b.share, b.partial, b.partial ? bar_partial : bar, true);
        } else if (!b.empty) {
            draw_suppressed_bar(p, cx - bar_w / 2, bottom, bar_w, 18);
            p.font(8);
            p.text(cx, bottom - 23, "suppressed", MapTextRole::legend, hotspot_line, Align::centre);
        } else {
            p.font(8);
            p.text(cx, bottom - 5, "no hotspots", MapTextRole::legend, grey, Align::centre);
        }
        p.font(10, true);
        p.text(cx, bottom + 14, b.label, MapTextRole::legend, ink, Align::centre);
        p.font(7.5);
        p.text(cx, bottom + 25, b.people + " people", MapTextRole::legend_reference, grey, Align::centre);
    }
    if (!compare) draw_overall();
    if (compare) {
        // The key, above the plot on the right.
        p.font(8.5);
        double kx = right;
        for (const auto& [label, colour] : {std::pair{chart.after_label, bar}, std::pair{chart.before_label, before_bar}}) {
            kx -= p.width(label) + 4;
            p.text(kx, top - 12, label, MapTextRole::legend, ink);
            kx -= 14;
            cairo_new_path(cr);
            cairo_rectangle(cr, kx, top - 20, 10, 10);
            p.colour(colour);
            cairo_fill(cr);
            kx -= 14;
        }
    }
    p.font(9.5);
    p.text((left + right) / 2, bottom + 40, chart.axis_label, MapTextRole::legend, ink, Align::centre);

    double fy = H - margin - foot_h + 6;
    p.font(8);
    for (const auto& line : notes) {
        fy += 11;
        p.text(margin, fy, line, MapTextRole::attribution, grey);
    }
    p.font(6.5);
    for (const auto& line : credit) {
        fy += 8.5;
        p.text(margin, fy, line, MapTextRole::credit, grey);
    }
}


}  // namespace

RenderedMap render_chart(const ChartContent& chart, MapFormat format, const Page& page) {
    return draw_document(format, page, {chart.title, chart.description, chart.description},
                         [&](Painter& painter) { draw_chart_page(painter, chart, page); });
}

}  // namespace roisc::render
