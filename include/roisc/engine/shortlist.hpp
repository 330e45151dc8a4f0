#pragma once
// The project officer's shortlist (rank --list): every venue rank finds eligible, town by town,
// with the people it would reach on its own (beyond every eligible meeting today, disclosure
// controlled), its free evening slots (open, and on a day no meeting of the fellowship within
// reach uses: rank's own rule for suggested times), and its nearest stops. Built from rank's answer,
// so the list and the picks always agree on which venues may host.
#include "roisc/engine/protected_demand.hpp"
#include "roisc/engine/rank.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace roisc {

struct ShortlistQuery {
    double stop_walk_m = 400;        // stops within this walk are listed
    std::size_t stops_per_venue = 3;  // at most this many, nearest first
    double stop_detour = 1.0;        // the walk to a stop = the straight line × this
    // Throws QueryError by concept ("the walk to a stop", "the stops per venue", "the detour to a stop").
    void validate() const;
};

struct ShortlistStop {
    std::size_t stop = 0;  // into Study::stops
    double straight_m = 0;
    double walk_m = 0;     // straight_m × the detour
};

struct ShortlistVenue {
    std::size_t venue = 0;               // into Study::venues
    std::vector<std::size_t> reaches;    // hotspots beyond reach today that it reaches on its own
    DerivedCount people;                 // their published count ("N+*" when hidden cells are left out)
    bool hours_known = true;             // its hours are known for every day
    std::vector<WeeklySlot> free_evenings;  // one per free day (its best evening start), Monday first
    std::vector<ShortlistStop> stops;    // nearest first
    std::optional<int> pick;             // its place in rank's choice (1 = first pick)
};

struct ShortlistTown {
    std::string name;                    // a town, or outside_the_towns
    std::vector<ShortlistVenue> venues;  // most people first (published count, then hidden cells), then by name
};

struct Shortlist {
    std::vector<ShortlistTown> towns;    // the study's towns in order (every town, even with no venue), then the rest
    std::size_t venues = 0;              // eligible venues listed
};

// `result` is rank_venues' answer to `rank`; `demand` the study's protected demand table.
Shortlist build_shortlist(const Study& study, const RankQuery& rank, const RankResult& result, const ProtectedDemand& demand,
                          const ShortlistQuery& query);

}  // namespace roisc
