#pragma once
// Who is within reach of an eligible meeting, by distance or by travel time: the one job coverage,
// gaps, map and rank share, so a time (20min) and a distance (2mi) go through the same tables,
// disclosure control and outputs.
#include "roisc/core/units.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/engine/travel.hpp"
#include "roisc/model/metadata.hpp"
#include "roisc/model/study.hpp"

#include <optional>
#include <string>
#include <vector>

namespace roisc {

// Which meetings count, and how far (a distance) or how long (a time) is within reach.
struct AccessQuery {
    MeetingFilter meetings;
    Threshold reach;
};

// Throws QueryError ("the reach …") for a query that cannot mean anything: a reach of zero or
// less, not finite, or beyond any journey (more than 1,000 km or 24 hours).
void validate(const AccessQuery& query);

struct AccessResult {
    std::vector<HotspotAccess> access;  // per hotspot: nearest meeting (straight-line distance) and covered
    std::vector<double> seconds;        // per hotspot: travel time to it, when the reach is a time
    GeometryPtr land;                   // the land within reach
    std::string model;                  // one line for reports
    Metadata model_metadata;            // model, mode, speeds, detour factor
    bool by_time = false;
    std::optional<TravelModel> travel_model;  // the model, when the reach is a time (rank reuses it)
    std::size_t eligible = 0;           // meetings the filter accepts and that have a place
    int flagged = 0;                    // hotspots beyond the snap limit of any usable road (not reached)
};

// Distances use the straight line (the meeting index); times use `model`, which must be given
// when the reach is a time.
AccessResult answer(const Study& study, const AccessQuery& query, const TravelModel* model);

// The run's metadata with the travel model's (model, mode, speeds, detour factor) added.
Metadata with_model(Metadata metadata, const AccessResult& result);

// "12.0" minutes for tables; "unreachable" for no time.
std::string minutes_text(double seconds);

}  // namespace roisc
