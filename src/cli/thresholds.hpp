#pragma once
#include "roisc/core/units.hpp"

#include <string>

namespace roisc::cli {

// A distance threshold from the command line, for options that take only a distance. A time (20min)
// gets an argument error naming the commands that take one.
Threshold distance_threshold(const std::string& text, const std::string& option);

}  // namespace roisc::cli
