#include "thresholds.hpp"

#include "roisc/core/error.hpp"

namespace roisc::cli {

Threshold distance_threshold(const std::string& text, const std::string& option) {
    Threshold t = parse_threshold(text, option);
    if (t.is_time()) {
        throw ArgumentError(option + " " + text +
                            ": this command takes a distance (e.g. 1mi or 2km). Travel times work in within, coverage, "
                            "gaps and isochrones (e.g. roisc gaps --beyond 20min --mode walk).");
    }
    return t;
}

}  // namespace roisc::cli
