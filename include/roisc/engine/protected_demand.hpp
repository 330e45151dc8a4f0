#pragma once
// Disclosure control that holds across runs: the study's demand is protected once, at the source,
// and every count any command publishes is derived from that table's published cells only.
//
// The base table is hotspot x cohort, hotspots grouped by town (regions in name order, then the
// hotspots outside every town), with every total, protected by the policy (primary and secondary
// suppression). It depends on the demand layer and the policy alone, so it is the same in every
// run whatever the fellowship, time window, reach or command. A count over some hotspots (the
// people beyond reach in a town, the people a new venue would reach) is the sum of their published
// cells plus, where any of them is hidden, a visible "plus hidden" marker: never a hidden value.
// A reader who combines any number of outputs therefore learns nothing the base table does not
// say. docs/disclosure.md states the threat model; tests/disclosure_audit/ plays the attacker.
#include "roisc/engine/disclosure.hpp"
#include "roisc/model/study.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace roisc {

// A count derived from the base table: the sum of the published cells, and how many hidden cells
// the sum leaves out (each is at least 1, which a reader knows from the base table already).
struct DerivedCount {
    long long published = 0;
    std::size_t hidden = 0;

    bool exact() const { return hidden == 0; }
    // "97"; "97+*" when hidden cells are left out ("*" alone when nothing published is in it).
    std::string text(const DisclosurePolicy& policy) const;
    DerivedCount& operator+=(const DerivedCount& other);
};

// The region of the hotspots that lie in no town.
inline constexpr const char* outside_the_towns = "outside the towns";

class ProtectedDemand {
public:
    ProtectedDemand(const Study& study, const DisclosurePolicy& policy);

    const DisclosurePolicy& policy() const { return table_.policy; }
    const ProtectedTable& table() const { return table_; }
    // The published line of hotspot h (study order): its cohort cells and total (its name is empty:
    // the hotspot is the study's hotspot h).
    const ProtectedLine& hotspot(std::size_t h) const { return table_.rows[h]; }
    // The base table's published line of a town (or outside_the_towns); nullptr for none.
    const ProtectedLine* town(const std::string& name) const;

    // Sums over the given hotspots (indexes into the study's hotspots) of their published totals,
    // or of one cohort's published cells.
    DerivedCount total_of(const std::vector<std::size_t>& hotspots) const;
    DerivedCount cohort_of(const std::vector<std::size_t>& hotspots, std::size_t cohort) const;
    // A single published cell as a derived count.
    static DerivedCount of(const ProtectedCell& cell);

private:
    ProtectedTable table_;
    std::vector<std::string> region_names_;
};

}  // namespace roisc
