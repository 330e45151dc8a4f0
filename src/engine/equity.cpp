#include "roisc/engine/equity.hpp"

#include "roisc/core/error.hpp"

#include <algorithm>
#include <cmath>

namespace roisc {

std::optional<double> GroupReach::share_reached() const {
    if (people.published <= 0) return std::nullopt;
    return static_cast<double>(reached.published) / static_cast<double>(people.published);
}

ReachBreakdown break_down(const HotspotGroups& groups, const std::vector<HotspotAccess>& access,
                          const ProtectedDemand& demand) {
    const std::size_t n_hotspots = demand.table().rows.size();
    if (groups.group_of.size() != n_hotspots) {
        throw QueryError("the grouping", "gives a group to " + std::to_string(groups.group_of.size()) + " of the " +
                                             std::to_string(n_hotspots) + " hotspots; every hotspot needs one");
    }
    std::vector<std::vector<std::size_t>> in(groups.names.size()), reached(groups.names.size()),
        missed(groups.names.size());
    std::vector<std::size_t> all_reached, all_missed;
    for (const auto& a : access) {
        const std::size_t g = groups.group_of.at(a.hotspot);
        if (g >= groups.names.size()) throw QueryError("the grouping", "names a group it does not have");
        in[g].push_back(a.hotspot);
        (a.covered ? reached[g] : missed[g]).push_back(a.hotspot);
        (a.covered ? all_reached : all_missed).push_back(a.hotspot);
    }
    ReachBreakdown out;
    out.by = groups.by;
    out.whole.group = "all";
    for (std::size_t g = 0; g < groups.names.size(); ++g) {
        GroupReach row;
        row.group = groups.names[g];
        row.hotspots = in[g].size();
        // The group's people are the sum of its hotspots' published totals: a group is not a
        // region of the base table, so it has no total of its own to publish.
        row.people = demand.total_of(in[g]);
        row.reached = demand.total_of(reached[g]);
        row.not_reached = demand.total_of(missed[g]);
        out.whole.hotspots += row.hotspots;
        out.whole.people += row.people;
        out.groups.push_back(std::move(row));
    }
    out.whole.reached = demand.total_of(all_reached);
    out.whole.not_reached = demand.total_of(all_missed);
    return out;
}

bool breakdown_published(const ProtectedDemand& demand, std::size_t h, const std::vector<long long>& cells) {
    return breakdown_publishable(demand.hotspot(h).total, cells, demand.policy());
}

bool breakdown_publishable(const ProtectedCell& total, const std::vector<long long>& cells, const DisclosurePolicy& policy) {
    if (total.is_suppressed()) return false;
    long long rounded = 0;
    for (const long long c : cells) {
        if (policy.is_small(c)) return false;
        rounded += policy.rounded(c);
    }
    return rounded == total.shown;
}

ReachBreakdown break_down_counts(const CountBreakdown& breakdown, const std::vector<std::vector<long long>>& cells,
                                 const std::vector<HotspotAccess>& access, const ProtectedDemand& demand) {
    const std::size_t n_hotspots = demand.table().rows.size();
    const std::size_t n = breakdown.columns.size();
    if (cells.size() != n_hotspots) {
        throw QueryError("the breakdown", "gives counts for " + std::to_string(cells.size()) + " of the " +
                                              std::to_string(n_hotspots) + " hotspots; every hotspot needs them");
    }
    const DisclosurePolicy& policy = demand.policy();
    ReachBreakdown out;
    out.by = breakdown.name;
    out.whole.group = "all";
    out.groups.resize(n);
    for (std::size_t c = 0; c < n; ++c) out.groups[c].group = breakdown.columns[c];
    std::vector<std::size_t> rest, rest_reached, rest_missed, all_reached, all_missed;
    for (const auto& a : access) {
        if (a.hotspot >= n_hotspots || cells[a.hotspot].size() != n) {
            throw QueryError("the breakdown", "has no counts for hotspot " + std::to_string(a.hotspot));
        }
        (a.covered ? all_reached : all_missed).push_back(a.hotspot);
        ++out.whole.hotspots;
        if (!breakdown_published(demand, a.hotspot, cells[a.hotspot])) {
            rest.push_back(a.hotspot);
            (a.covered ? rest_reached : rest_missed).push_back(a.hotspot);
            continue;
        }
        for (std::size_t c = 0; c < n; ++c) {
            const long long v = cells[a.hotspot][c];
            if (v == 0) continue;
            GroupReach& g = out.groups[c];
            ++g.hotspots;
            const DerivedCount cell{policy.rounded(v), 0};
            g.people += cell;
            (a.covered ? g.reached : g.not_reached) += cell;
        }
    }
    if (!rest.empty()) {
        GroupReach g;
        g.group = not_broken_down;
        g.hotspots = rest.size();
        g.people = demand.total_of(rest);
        g.reached = demand.total_of(rest_reached);
        g.not_reached = demand.total_of(rest_missed);
        out.groups.push_back(std::move(g));
    }
    out.whole.people = demand.total_of(all_reached);
    out.whole.people += demand.total_of(all_missed);
    out.whole.reached = demand.total_of(all_reached);
    out.whole.not_reached = demand.total_of(all_missed);
    return out;
}

std::optional<Inequality> inequality_of(const ReachBreakdown& most_deprived_first) {
    struct G {
        double f, mu;
        long long n;
    };
    std::vector<G> gs;
    long long n = 0, reached = 0;
    for (const auto& g : most_deprived_first.groups) {
        if (g.people.published <= 0) continue;
        gs.push_back({0, static_cast<double>(g.reached.published) / static_cast<double>(g.people.published),
                      g.people.published});
        n += g.people.published;
        reached += g.reached.published;
    }
    if (gs.size() < 2 || reached == 0) return std::nullopt;
    Inequality out;
    out.people = n;
    out.groups = gs.size();
    const double mu = static_cast<double>(reached) / static_cast<double>(n);
    out.share_reached = mu;
    for (auto& g : gs) g.f = static_cast<double>(g.n) / static_cast<double>(n);

    // C = (2/mu) sum f_t mu_t R_t - 1, R_t the fractional rank of the group's midpoint.
    std::vector<double> rank(gs.size());
    double before = 0, sum = 0;
    for (std::size_t t = 0; t < gs.size(); ++t) {
        rank[t] = before + gs[t].f / 2;
        sum += gs[t].f * gs[t].mu * rank[t];
        before += gs[t].f;
    }
    const double c = 2.0 / mu * sum - 1.0;
    out.index = c;

    // Kakwani, Wagstaff & van Doorslaer (1997), grouped data: var(C) = (1/n)[sum f_t a_t^2 - (1+C)^2]
    // + (1/n) sum f_t s_t^2 (2R_t - 1 - C)^2, a_t = (mu_t/mu)(2R_t - 1 - C) + 2 - q_{t-1} - q_t,
    // q_t the concentration curve's ordinate at the group's end, s_t^2 = mu_t(1 - mu_t) (reached
    // or not is a yes/no).
    double q_before = 0, between = 0, within = 0;
    for (std::size_t t = 0; t < gs.size(); ++t) {
        const double q = q_before + gs[t].mu * gs[t].f / mu;
        const double a = gs[t].mu / mu * (2 * rank[t] - 1 - c) + 2 - q_before - q;
        between += gs[t].f * a * a;
        within += gs[t].f * gs[t].mu * (1 - gs[t].mu) * std::pow(2 * rank[t] - 1 - c, 2);
        q_before = q;
    }
    const double variance = ((between - (1 + c) * (1 + c)) + within) / static_cast<double>(n);
    if (variance >= 0 && std::isfinite(variance)) {
        out.standard_error = std::sqrt(variance);
        out.ci_low = c - 1.96 * *out.standard_error;
        out.ci_high = c + 1.96 * *out.standard_error;
    }

    // The share reached in [lo, hi] of the people ranked most deprived first, groups spread evenly
    // over their stretch of the ranking.
    auto share_between = [&](double lo, double hi) {
        double at = 0, people = 0, got = 0;
        for (const auto& g : gs) {
            const double overlap = std::max(0.0, std::min(hi, at + g.f) - std::max(lo, at));
            people += overlap;
            got += overlap * g.mu;
            at += g.f;
        }
        return people > 0 ? got / people : 0.0;
    };
    out.most_deprived_fifth = share_between(0.0, 0.2);
    out.least_deprived_fifth = share_between(0.8, 1.0);
    return out;
}

}  // namespace roisc
