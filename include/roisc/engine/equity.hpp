#pragma once
// Who is left out, by group: the people reached and not reached in each group of hotspots (IMD
// deciles, the values of a demand field), and how unequal reach is across deprivation.
//
// A group is like a town: a fixed partition of the study's hotspots that depends on the demand
// layer alone (its field values), never on the query. Every count is derived from the study's
// protected demand table (engine/protected_demand.hpp): the sum of the published hotspot totals
// it holds, with "+*" where hidden ones are left out, so no combination of runs says more than
// the base table does. The inequality measures are computed from those published parts only.
#include "roisc/engine/access.hpp"
#include "roisc/engine/protected_demand.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace roisc {

// The partition: every study hotspot in exactly one group.
struct HotspotGroups {
    std::string by;                      // what the groups are: "imd_decile", "sex"
    std::vector<std::string> names;      // in report order (IMD deciles: 1 most deprived .. 10)
    std::vector<std::size_t> group_of;   // per study hotspot, an index into names
};

struct GroupReach {
    std::string group;
    std::size_t hotspots = 0;
    DerivedCount people, reached, not_reached;
    // The share of the group's published people who are reached; nothing when none are published.
    std::optional<double> share_reached() const;
};

struct ReachBreakdown {
    std::string by;
    std::vector<GroupReach> groups;  // in the partition's order
    GroupReach whole;                // the whole study: the sum of the groups
};

// Throws QueryError when the partition does not cover the study's hotspots.
ReachBreakdown break_down(const HotspotGroups& groups, const std::vector<HotspotAccess>& access,
                          const ProtectedDemand& demand);

// The group of the people in hotspots whose breakdown is not published (break_down_counts).
inline constexpr const char* not_broken_down = "not broken down";

// Whether hotspot h's breakdown cells may be published: its total is published in the protected
// table and each of its cells is 0 or not small (under rounding: the rounded cells add up to the
// rounded total). Such a row says nothing the published total does not allow: its cells are
// counts a table may show. Any other row is not broken down at all, so no cell of it, zero or
// not, is ever published, and nothing ties it to the published totals but its own total.
bool breakdown_published(const ProtectedDemand& demand, std::size_t h, const std::vector<long long>& cells);
// The same rule for a hotspot whose protected total is `total` (roisc hotspots' layer).
bool breakdown_publishable(const ProtectedCell& total, const std::vector<long long>& cells, const DisclosurePolicy& policy);

// Who is reached per column of a count breakdown (sex, age band): the sums of the published cells
// of the reached and not reached hotspots, column by column, and a last group "not broken down"
// with the hotspots whose cells are not published, counted by their published totals ("N+*").
// The groups add up to the whole, exactly: the published parts to its published part, the hidden
// hotspots to its hidden ones. Hotspot h's cells are study.hotspots[h].breakdown_counts.
ReachBreakdown break_down_counts(const CountBreakdown& breakdown, const std::vector<std::vector<long long>>& cells,
                                 const std::vector<HotspotAccess>& access, const ProtectedDemand& demand);

// The concentration index of reach across deprivation (Kakwani, Wagstaff & van Doorslaer 1997;
// O'Donnell et al. 2008, ch. 8), for groups ordered most deprived first, over the people in
// published cells: C = (2/mu) * sum_t f_t mu_t R_t - 1, with f_t the group's share of the
// people, mu_t its share reached, mu the overall share reached and R_t = sum_{s<t} f_s + f_t/2
// its fractional rank. C < 0: reach is concentrated among the more deprived; C > 0: among the
// less deprived. docs/coverage.md states the method and its limits.
struct Inequality {
    double index = 0;                          // C
    std::optional<double> standard_error;      // Kakwani et al. (1997) for grouped data
    std::optional<double> ci_low, ci_high;     // 95 %: C -/+ 1.96 SE
    long long people = 0;                      // n: the people in published cells
    std::size_t groups = 0;                    // groups holding published people
    double share_reached = 0;                  // mu
    // The share reached in the most and the least deprived fifth of the people (ranked by group,
    // a group cut by a fifth's edge shared pro rata), and their difference in percentage points.
    double most_deprived_fifth = 0, least_deprived_fifth = 0;
    double fifths_gap_points() const { return 100.0 * (most_deprived_fifth - least_deprived_fifth); }
};

// Nothing when fewer than two groups hold published people or nobody in them is reached.
std::optional<Inequality> inequality_of(const ReachBreakdown& most_deprived_first);

}  // namespace roisc
