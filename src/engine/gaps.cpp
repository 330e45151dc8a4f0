#include "roisc/engine/gaps.hpp"

namespace roisc {

GapCounts protect_gap_counts(const Study& study, const std::vector<HotspotAccess>& access, const DisclosurePolicy& policy) {
    GapCounts out;
    for (const auto& a : access) {
        if (!a.covered) out.gaps.push_back(&a);
    }
    CountTable counts(study.cohorts);
    for (const auto& t : study.towns) out.region_of[t.name] = counts.add_region(t.name);
    out.row_of.resize(out.gaps.size());
    for (std::size_t i = 0; i < out.gaps.size(); ++i) {
        const Hotspot& h = study.hotspots[out.gaps[i]->hotspot];
        const std::string town = h.town.empty() ? outside_the_towns : h.town;
        if (!out.region_of.count(town)) out.region_of[town] = counts.add_region(town);
        out.row_of[i] = counts.add_row(out.region_of[town], h.id, h.counts);
    }
    out.published = protect(counts, policy);
    return out;
}

}  // namespace roisc
