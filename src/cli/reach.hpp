#pragma once
// Who is within reach of an eligible meeting, by distance or by travel time: the one computation
// coverage and gaps share, so a time threshold (20min) and a distance (2mi) go through the same
// tables, disclosure control and outputs.
#include "isochrones.hpp"

#include "roisc/core/units.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/io/output.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace roisc::cli {

struct ReachResult {
    std::vector<HotspotAccess> access;  // nearest meeting (straight-line distance) and covered
    std::vector<double> seconds;        // travel time to it, when the threshold is a time
    GeometryPtr land;                   // the land within reach
    std::string model;                  // one line for reports
    Metadata model_metadata;            // model, mode, speeds, detour factor
    bool by_time = false;
    std::optional<TravelModel> travel_model;  // the model, when the threshold is a time (rank reuses it)
};

// Distances use the straight line (the meeting index); times use the travel model the options
// choose (network, or straight line × calibrated detour where there is none: noted on `err`).
ReachResult compute_reach(const Study& study, const Manifest& manifest, const MeetingFilter& filter,
                          const Threshold& threshold, const TravelOptions& travel, std::ostream& err, bool quiet);

// The run's metadata with the travel model's (model, mode, speeds, detour factor) added.
Metadata with_model(Metadata metadata, const ReachResult& reach);

// "12 min" for tables.
std::string minutes_text(double seconds);

}  // namespace roisc::cli
