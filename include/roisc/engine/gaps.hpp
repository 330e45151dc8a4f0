#pragma once
// The gap hotspots of an access result and the people beyond reach by town, derived from the
// study's protected demand table (engine/protected_demand.hpp), so every output of a gap result
// (roisc gaps, roisc map) shows the same cells, in every run.
#include "roisc/engine/access.hpp"
#include "roisc/engine/protected_demand.hpp"
#include "roisc/model/study.hpp"

#include <map>
#include <string>
#include <vector>

namespace roisc {

struct GapCounts {
    std::vector<const HotspotAccess*> gaps;          // not covered, in the study's hotspot order
    std::map<std::string, DerivedCount> by_town;     // town (or outside_the_towns) -> people beyond reach
    DerivedCount whole;                              // people beyond reach in the whole study
};
GapCounts count_gaps(const Study& study, const std::vector<HotspotAccess>& access, const ProtectedDemand& demand);

}  // namespace roisc
