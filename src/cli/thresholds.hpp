#pragma once
#include "roisc/core/units.hpp"

#include <string>

namespace roisc::cli {

// A distance threshold from the command line. Time thresholds (20min) are understood but need the
// travel-time model, which is not built yet: they get an argument error that says so.
Threshold distance_threshold(const std::string& text, const std::string& option);

}  // namespace roisc::cli
