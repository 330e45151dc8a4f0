#pragma once
// The meetings a command lists, as a point layer styled by fellowship (every fellowship its map
// colour and shape), with the same fields wherever it is written.
#include "roisc/io/output.hpp"
#include "roisc/model/study.hpp"

#include <optional>
#include <string>
#include <vector>

namespace roisc::cli {

struct ListedMeeting {
    std::size_t meeting = 0;              // into study.meetings
    std::optional<double> distance_m;     // straight line from the place asked about
    std::optional<double> travel_s;       // travel time from it, when asked by time
};

// Fields: meeting, fellowship, when, venue, address, postcode, place, in_study, distance_km,
// distance_mi, and travel_min when `by_time`. Meetings without a place are left out.
OutputLayer meetings_layer(const std::string& name, const std::string& title, const Study& study,
                           const std::vector<ListedMeeting>& meetings, bool by_time);

}  // namespace roisc::cli
