#include "roisc/engine/protected_demand.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace roisc {

std::string DerivedCount::text(const DisclosurePolicy& policy) const {
    if (hidden == 0) return std::to_string(published);
    if (published == 0) return policy.marker;
    return std::to_string(published) + "+" + policy.marker;
}

DerivedCount& DerivedCount::operator+=(const DerivedCount& other) {
    published += other.published;
    hidden += other.hidden;
    return *this;
}

ProtectedDemand::ProtectedDemand(const Study& study, const DisclosurePolicy& policy) {
    // Regions as roisc hotspots lays them out: towns in name order, then the hotspots outside.
    for (const auto& t : study.towns) region_names_.push_back(t.name);
    std::sort(region_names_.begin(), region_names_.end());
    region_names_.erase(std::unique(region_names_.begin(), region_names_.end()), region_names_.end());
    const bool outside = std::any_of(study.hotspots.begin(), study.hotspots.end(), [](const Hotspot& h) { return h.town.empty(); });
    if (outside) region_names_.push_back(outside_the_towns);
    CountTable counts(study.cohorts);
    for (const auto& name : region_names_) counts.add_region(name);
    counts.reserve_rows(study.hotspots.size());
    // Each hotspot's region by a lookup, not a scan of the names (wards as towns are hundreds).
    std::unordered_map<std::string_view, std::size_t> region_of;
    for (std::size_t r = 0; r < region_names_.size(); ++r) region_of.emplace(region_names_[r], r);
    for (const auto& h : study.hotspots) {
        const auto found = region_of.find(h.town.empty() ? std::string_view(outside_the_towns) : std::string_view(h.town));
        const std::size_t at = found == region_of.end() ? region_names_.size() : found->second;  // none: add_row refuses it
        // No name: the line of hotspot h is row h, and a national table's copies of the ids would
        // be tens of megabytes held through the protection.
        counts.add_row(static_cast<std::size_t>(at), std::string(), h.counts);
    }
    table_ = protect(std::move(counts), policy);  // its rows are released as they are copied
}

const ProtectedLine* ProtectedDemand::town(const std::string& name) const {
    const auto at = std::find(region_names_.begin(), region_names_.end(), name);
    return at == region_names_.end() ? nullptr : &table_.regions[static_cast<std::size_t>(at - region_names_.begin())];
}

DerivedCount ProtectedDemand::of(const ProtectedCell& cell) {
    DerivedCount d;
    if (cell.is_suppressed()) {
        d.hidden = 1;
    } else {
        d.published = cell.shown;  // rounded under the policy: derived sums add rounded cells
    }
    return d;
}

DerivedCount ProtectedDemand::total_of(const std::vector<std::size_t>& hotspots) const {
    DerivedCount d;
    for (std::size_t h : hotspots) d += of(table_.rows[h].total);
    return d;
}

DerivedCount ProtectedDemand::cohort_of(const std::vector<std::size_t>& hotspots, std::size_t cohort) const {
    DerivedCount d;
    for (std::size_t h : hotspots) d += of(table_.rows[h].cells[cohort]);
    return d;
}

}  // namespace roisc
