#include "roisc/engine/gaps.hpp"

namespace roisc {

GapCounts count_gaps(const Study& study, const std::vector<HotspotAccess>& access, const ProtectedDemand& demand) {
    GapCounts out;
    std::map<std::string, std::vector<std::size_t>> in_town;
    std::vector<std::size_t> all;
    for (const auto& a : access) {
        if (a.covered) continue;
        out.gaps.push_back(&a);
        const Hotspot& h = study.hotspots[a.hotspot];
        in_town[h.town.empty() ? outside_the_towns : h.town].push_back(a.hotspot);
        all.push_back(a.hotspot);
    }
    for (const auto& t : study.towns) out.by_town[t.name] = demand.total_of(in_town[t.name]);
    if (in_town.count(outside_the_towns)) out.by_town[outside_the_towns] = demand.total_of(in_town[outside_the_towns]);
    out.whole = demand.total_of(all);
    return out;
}

}  // namespace roisc
