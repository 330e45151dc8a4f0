#pragma once
// The gap hotspots of an access result and their counts, protected as one table grouped by town.
// Every output of a gap result (roisc gaps, roisc map) publishes these, so they all hide the same
// counts.
#include "roisc/engine/access.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/model/study.hpp"

#include <map>
#include <string>
#include <vector>

namespace roisc {

// The region of the gap hotspots that lie in no town.
inline constexpr const char* outside_the_towns = "outside the towns";

struct GapCounts {
    std::vector<const HotspotAccess*> gaps;        // not covered, in the study's hotspot order
    std::map<std::string, std::size_t> region_of;  // town (or outside_the_towns) -> region of `published`
    std::vector<std::size_t> row_of;               // gaps[i] -> row of `published`
    ProtectedTable published;
};
GapCounts protect_gap_counts(const Study& study, const std::vector<HotspotAccess>& access, const DisclosurePolicy& policy);

}  // namespace roisc
