#pragma once
// A bar chart of the share of people reached per group (IMD decile, or a demand field's values),
// drawn with the maps' Cairo painter, palette and typography, as PNG, SVG or PDF.
//
// Like the maps, the chart knows nothing of queries: it is given shares already computed from the
// published cells of the protected demand table. A group with no published people has no share:
// it is drawn as a hatched stub marked "suppressed", never as a bar of its true size.
#include "roisc/render/map.hpp"

#include <optional>
#include <string>
#include <vector>

namespace roisc::render {

struct ChartBar {
    std::string label;             // "1", "2", …, or a field value
    std::optional<double> share;   // share reached, 0..1, of the published people; nothing: suppressed
    std::string people;            // the published count as printed ("1231", "1231+*", "*", "0")
    bool partial = false;          // hidden cells are left out of the share
    bool empty = false;            // no hotspot in the group at all
    // With ChartContent::before_label: the share before (e.g. today, before rank's picks), drawn
    // beside `share` as a lighter bar.
    std::optional<double> before;
    bool before_partial = false;
};

struct ChartContent {
    std::string title;
    std::vector<std::string> subtitle;
    std::string axis_label;            // under the bars: "IMD 2019 decile (1 = most deprived)"
    std::vector<ChartBar> bars;
    std::optional<double> overall;     // the whole study's share, drawn as a dashed line
    // Two bars a group, before and after ("today", "with the 3 new meetings"): set both labels.
    std::string before_label, after_label;
    std::optional<double> overall_before;
    std::vector<std::string> notes;    // the disclosure note and the measures, under the chart
    std::string credit;                // "roisc 0.1.0: roisc coverage …"
    std::string description;           // SVG <desc>, PDF subject
};

// Draws the chart on a landscape page; the same content gives the same bytes. Throws
// RuntimeFailure when Cairo fails.
RenderedMap render_chart(const ChartContent& chart, MapFormat format, const Page& page);

}  // namespace roisc::render
