#pragma once
// Who can reach an eligible meeting: the meeting filter, a spatial index over meeting places, and
// the nearest-eligible-meeting and within-radius queries every gap and coverage question uses.
#include "roisc/core/time_of_week.hpp"
#include "roisc/model/study.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace roisc {

// Which meetings count. Defaults: any fellowship, physical attendance (in person or hybrid), any
// time of the week.
struct MeetingFilter {
    FellowshipSet fellowships;              // empty = any
    std::vector<std::string> types;         // every code must be present ("W", "O", …)
    std::optional<TimeWindow> window;       // a slot must lie wholly inside it
    bool include_online = false;            // count online-only meetings (they have no place)

    bool accepts(const Meeting& meeting) const;
    std::string describe() const;           // "NA, in person or hybrid, weekday-evenings"
};

class MeetingIndex {
public:
    explicit MeetingIndex(const std::vector<Meeting>& meetings);
    ~MeetingIndex();
    MeetingIndex(const MeetingIndex&) = delete;
    MeetingIndex& operator=(const MeetingIndex&) = delete;

    struct Hit {
        std::size_t meeting = 0;  // index into the study's meetings
        double distance = 0;      // metres, straight line in the working CRS
    };
    // The nearest meeting the filter accepts: the R-tree visits meetings in distance order and
    // stops past the first accepted one, so filters never force a scan of every meeting. Ties
    // (several accepted meetings at the least distance, at one place or at several) go to the
    // first of them in the study's order, as in nearest_all.
    std::optional<Hit> nearest(const Point& from, const MeetingFilter& filter) const;
    // Every accepted meeting within `radius` metres, nearest first.
    std::vector<Hit> within(const Point& from, double radius, const MeetingFilter& filter) const;
    // The nearest accepted meeting for each point, in the order given: the batch form of nearest()
    // for whole demand layers (1.7 million points in well under a second; bench/bench_nearest.cpp).
    // The filter is applied once per meeting, to build an index of the accepted meetings' places
    // (one entry per distinct place, standing for the first accepted meeting there in the study's
    // order), so each query is a plain nearest-neighbour search with no predicate. Distances are
    // always those nearest() gives, and so are the meetings: where several accepted meetings lie
    // at the least distance (at one place or at several), both name the first in the study's
    // order. The points are split into `threads` contiguous chunks (0 = one per hardware thread;
    // small inputs use fewer); results never depend on the number of threads.
    std::vector<std::optional<Hit>> nearest_all(const std::vector<Point>& from, const MeetingFilter& filter,
                                                unsigned threads = 0) const;

private:
    struct Tree;
    const std::vector<Meeting>& meetings_;
    std::unique_ptr<Tree> tree_;
};

// A hotspot's access to the nearest eligible meeting.
struct HotspotAccess {
    std::size_t hotspot = 0;
    std::optional<MeetingIndex::Hit> nearest;  // none when no meeting is eligible at all
    bool covered = false;                      // nearest within the threshold
};

std::vector<HotspotAccess> assess_access(const Study& study, const MeetingIndex& index, const MeetingFilter& filter,
                                         double threshold_metres);

// Demand per area (towns, then the whole study), by cohort: all of it, and the part covered.
struct AreaCoverage {
    std::string area;
    std::vector<long long> demand;   // one per cohort
    std::vector<long long> covered;  // one per cohort
    int hotspots = 0;
    int hotspots_covered = 0;
    long long demand_total() const;
    long long covered_total() const;
};
std::vector<AreaCoverage> coverage_by_town(const Study& study, const std::vector<HotspotAccess>& access);

// The land within `radius` of any accepted meeting: dissolved buffers, in the working CRS.
GeometryPtr coverage_area(const Study& study, const MeetingFilter& filter, double radius);

// Each town minus the coverage area.
struct GapArea {
    std::string town;
    GeometryPtr geometry;  // may be empty when the town is wholly covered
    double area_km2 = 0;
    double town_km2 = 0;
};
std::vector<GapArea> gap_areas(const Study& study, const OGRGeometry* coverage);

}  // namespace roisc
