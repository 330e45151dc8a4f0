#include "thresholds.hpp"

#include "roisc/core/error.hpp"

namespace roisc::cli {

Threshold distance_threshold(const std::string& text, const std::string& option) {
    Threshold t = parse_threshold(text, option);
    if (t.is_time()) {
        throw ArgumentError(option + " " + text +
                            ": travel-time thresholds need the road-network travel model, which roisc does not have "
                            "yet. Give a straight-line distance instead, e.g. 1mi (about 20 minutes' walk) or 2km.");
    }
    return t;
}

}  // namespace roisc::cli
