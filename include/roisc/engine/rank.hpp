#pragma once
// Where the next meetings should go: candidate venues chosen to reach the most people whom no
// eligible meeting reaches today (maximal covering location), and when each new group could meet.
//
// Two layers. The covering problem (roisc/engine/covering/) knows nothing of geography: demand
// points with weights, candidates with the points they reach, and the rules on a choice (how many,
// per group, pairs that may not both be chosen). rank_venues() builds that problem from a study,
// solves it and turns the answer back into venues, times (roisc/engine/opening_hours.hpp) and people.
#include "roisc/core/time_of_week.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/engine/covering/covering.hpp"
#include "roisc/engine/covering/lp_file.hpp"
#include "roisc/engine/opening_hours.hpp"
#include "roisc/model/study.hpp"
#include "roisc/engine/travel.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace roisc {

// ---------------------------------------------------------------------------------------------
// Ranking venues

// How far a meeting reaches: a straight-line distance, or a travel time under a travel model
// (network, or straight line × detour). The same rule decides who is reached today and whom a new
// meeting would reach.
struct ReachRule {
    std::string text = "1mi";                 // as the user wrote it
    double metres = 1609.344;                 // distance rule (when no model)
    std::optional<TravelModel> model;         // time rule: the model and the seconds
    double seconds = 0;

    bool by_time() const { return model.has_value(); }
    // Indices of the points in `to` reached from `from` (people travel from `from`).
    std::vector<std::size_t> reached(const Point& from, const std::vector<Point>& to) const;
    // The land from which `at` is reached (a circle, or the network's reachable area). Working CRS.
    GeometryPtr catchment(const Point& at) const;
};

struct RankQuery {
    MeetingFilter existing;              // the existing meetings that count (fellowship required)
    ReachRule reach;
    TimeWindow window = TimeWindow::any();  // when a new meeting may be held
    int slot_minutes = 90;
    int new_meetings = 3;
    int max_per_town = 0;                // 0 = no limit
    int min_per_town = 0;
    double min_spacing_metres = 0;       // between new meetings; 0 = none
    std::vector<std::string> venue_kinds;  // allowed kinds; empty = every kind
    std::vector<double> cohort_weights;  // one per study cohort; empty = 1 each
    std::vector<double> hotspot_weights; // one per study hotspot (e.g. deprivation); empty = 1 each
    SolveOptions solve;
    // The officer's choice of venues: ids left out, ids picked whatever they add (they count toward
    // new_meetings and keep every other rule), only venues whose hours are known every day, only
    // venues with a stop within a walk (the straight line × stop_detour).
    std::vector<std::string> exclude_venues, require_venues;
    bool known_hours_only = false;
    std::optional<double> near_stop_walk_m;
    double stop_detour = 1.0;
    // False when siting something that is not a meeting (rank --for hubs): venues are not judged by
    // their hours and no weekday or time is suggested (each pick's note says so).
    bool suggest_times = true;
};

// A venue of the layer that cannot host, and why ("not open for a whole 90-minute slot in the window").
struct VenueNotEligible {
    std::size_t venue = 0;  // index into Study::venues
    std::string reason;
    bool by_choice = false;  // left out by the officer's choice (excluded, hours unknown, no stop near)
};

// Per weekday (Monday first), the name of a meeting of the query's fellowship within reach of `at`
// that meets that day, "" when none does: a new group there should meet on another day.
std::vector<std::string> fellowship_days_near(const Study& study, const RankQuery& query, const Point& at);

// A weekday and time for a new group.
struct SuggestedTime {
    std::optional<WeeklySlot> slot;      // none when the venue has no slot in the window at all
    bool hours_known = true;             // false: the venue's hours on that day are not known
    std::string note;                    // "hours unknown", clashes that could not be avoided, …
};

struct RankedPick {
    std::size_t venue = 0;                   // index into Study::venues
    std::vector<std::size_t> new_hotspots;   // hotspots it reaches first (in pick order)
    std::vector<long long> reached;          // people in those hotspots, by cohort (true counts)
    double score = 0;                        // weighted reach (== people when unweighted)
    std::optional<MeetingIndex::Hit> nearest_meeting;  // nearest meeting of the fellowship, any time
    SuggestedTime time;
    long long reached_total() const;
};

// The venue left out that would do best in the first pick's place, the other picks kept (among
// those that keep the rules): what the first pick does that it would not.
struct RunnerUp {
    std::size_t venue = 0;
    std::vector<std::size_t> hotspots;        // hotspots it would reach that no other pick reaches
    std::vector<std::size_t> first_hotspots;  // the same for the first pick
    double score = 0, first_score = 0;        // weighted reach of those hotspots
};

struct RankResult {
    std::vector<HotspotAccess> access;       // per hotspot: nearest eligible existing meeting
    std::vector<std::size_t> unreached;      // hotspots beyond reach of every eligible meeting
    std::vector<std::size_t> eligible;       // venues that could host (kind, place, hours)
    int excluded_kind = 0, excluded_outside = 0, excluded_closed = 0;
    int excluded_by_choice = 0;              // --exclude, --known-hours-only, --near-stops
    std::vector<VenueNotEligible> not_eligible;  // every venue that cannot host, layer order
    std::vector<OpeningHours> hours;         // per venue: as read (unknown where unreadable)
    std::vector<std::vector<WeeklySlot>> slots;  // per venue: open slots in the window, best first
    std::vector<std::size_t> hours_unknown;  // eligible venues with hours unknown on some day
    std::vector<std::string> notes;          // for stderr
    CoveringProblem problem;                 // demand = unreached hotspots, candidates = eligible
    std::vector<std::size_t> problem_hotspot;  // demand point -> hotspot
    CoveringSolution solution;
    std::vector<RankedPick> picks;
    std::optional<RunnerUp> runner_up;
    // Hotspot -> 0 already reached, k = reached first by pick k (1-based), -1 still unreached.
    std::vector<int> reached_by;
};

// `access`: per hotspot, whether an eligible existing meeting reaches it today under the same
// rule (assess_access for a distance, the travel model's AccessTimes for a time).
// Throws ArgumentError when the query cannot be answered as asked (no fellowship, unknown venue
// kind or id, the rules cannot be kept), naming the option and what to do; DataError when a
// required venue cannot host (saying why).
RankResult rank_venues(const Study& study, const MeetingIndex& index, const RankQuery& query,
                       std::vector<HotspotAccess> access);

}  // namespace roisc
