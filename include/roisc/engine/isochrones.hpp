#pragma once
// Isochrones: for each travel time, the land from which an eligible meeting is reached within it;
// one multi-source pass from the eligible meetings under the chosen travel model.
#include "roisc/core/units.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/engine/travel.hpp"
#include "roisc/model/study.hpp"

#include <string>
#include <vector>

namespace roisc {

struct IsochroneQuery {
    MeetingFilter meetings;
    std::vector<Threshold> times;  // each a time of more than zero
    double buffer_m = 25;          // half-width of the band around reachable roads
};

// Throws QueryError ("the times …", "the buffer …") for times that are not times of more than
// zero and at most 24 hours, or a buffer that is not a distance of more than zero.
void validate(const IsochroneQuery& query);

struct Isochrones {
    TravelModel model;
    EligibleMeetings eligible;
    std::vector<std::size_t> unplaced;  // into eligible: beyond the snap limit, left out
    std::vector<Threshold> times;       // shortest first
    std::vector<GeometryPtr> areas;     // one per time, working CRS
    std::vector<Snap> meeting_snaps;    // per eligible meeting, where it met the network (network model)
    std::vector<std::string> notes;     // for reports: the model's shape, meetings left out
    std::size_t used() const { return eligible.points.size() - unplaced.size(); }
};
Isochrones answer(const Study& study, const IsochroneQuery& query, const TravelModel& model);

}  // namespace roisc
