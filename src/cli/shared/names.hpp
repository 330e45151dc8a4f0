#pragma once
// Default result names ("gaps-na-2mi-weekday-evenings") and other words shared by the commands'
// reports.
#include "roisc/engine/access.hpp"

#include <string>

namespace roisc::cli {

std::string slug(const std::string& text);
std::string result_name(const std::string& command, const MeetingFilter& filter, const std::string& threshold,
                        const std::string& when);
// Area of the polygonal parts of a geometry, in square metres.
double polygonal_area(const OGRGeometry* geometry);

}  // namespace roisc::cli
