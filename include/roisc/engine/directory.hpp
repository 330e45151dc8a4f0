#pragma once
// The recovery directory: for each town, what there is and what there is not (meetings by
// fellowship, assets by kind), and the listing of each town's places with their nearest stops.
// It lists services; it holds no counts of people, so disclosure control does not apply.
#include "roisc/model/study.hpp"

#include <optional>
#include <string>
#include <vector>

namespace roisc {

struct DirectoryQuery {
    double stop_walk_m = 400;      // stops within this straight-line distance are "near"
    std::size_t stops_per_place = 3;  // at most this many, nearest first
    // Whether the study has meetings / assets to list at all: without them their rows are left out,
    // rather than shown as "none" (which would say there are none).
    bool meetings = true;
    bool assets = true;
    // Throws QueryError by concept ("the walk to a stop", "the stops per place").
    void validate() const;
};

// One row of the summary: a fellowship's meetings or an asset kind.
struct DirectoryCategory {
    std::string name;   // "NA", "recovery_cafe"
    std::string label;  // "NA (Narcotics Anonymous)", "recovery café"
    std::optional<Fellowship> fellowship;
    std::optional<AssetKind> kind;
};

struct NearStop {
    std::size_t stop = 0;   // into study.stops
    double distance_m = 0;  // straight line
};

// One listed place: an asset, or a meeting (all its weekly slots).
struct DirectoryListing {
    enum class What { asset, meeting };
    What what = What::asset;
    std::size_t index = 0;       // into study.assets or study.meetings
    std::size_t category = 0;    // into Directory::categories
    std::vector<NearStop> stops; // nearest first
};

struct DirectoryArea {
    std::string name;                       // the town, or the study
    std::vector<int> counts;                // per category: meetings (weekly slots) or assets
    std::vector<DirectoryListing> listings; // meetings by weekday and time, then assets by kind and name
};

struct Directory {
    std::vector<DirectoryCategory> categories;  // fellowships, then asset kinds (Other only when present)
    std::vector<DirectoryArea> towns;           // the study's towns, in order
    DirectoryArea study;                        // the whole study area: counts only
    std::size_t outside_towns = 0;              // assets inside the study but in no town (counted in `study` only)
};

// The stops within `within_m` (straight line) of `at`, nearest first (ties by stop id), at most
// `at_most`: the directory's listings and rank's shortlist and --near-stops use this one rule.
std::vector<NearStop> stops_near(const Study& study, const Point& at, double within_m, std::size_t at_most);

// Meetings count as the schedule counts them (roisc schedule): each weekly slot of a placed,
// in-person meeting lying in the town (its edge included); the study's column counts those inside
// its boundary. Assets count once each, in the town that contains them.
Directory build_directory(const Study& study, const DirectoryQuery& query);

}  // namespace roisc
