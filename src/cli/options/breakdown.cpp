#include "breakdown.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"

namespace roisc::cli {

void BreakdownOptions::declare(CLI::App& app) {
    // --by itself is the travel options' (options/travel.hpp): a model's name or a grouping.
    app.add_flag("--chart", chart, "With --by GROUPING: also draw the share reached per group as a bar chart (PNG, SVG, PDF)");
}

void BreakdownOptions::validate() const {
    if (chart && by.empty()) throw ArgumentError("--chart: draws the breakdown; add --by imd-decile or --by FIELD.");
    if (by == "field:") throw ArgumentError("--by field:: name the demand field after field:.");
    if (!by.empty() && by.find_first_not_of(" \t") == std::string::npos) {
        throw ArgumentError("--by: name a grouping: imd-decile, or a field of the demand layer.");
    }
}

bool BreakdownOptions::by_imd_decile() const {
    const std::string b = lower(by);
    return b == "imd-decile" || b == "imd_decile" || b == "imd";
}

std::string BreakdownOptions::field() const {
    if (by_imd_decile()) return imd_decile_field;
    return by.rfind("field:", 0) == 0 ? by.substr(6) : by;
}

}  // namespace roisc::cli
