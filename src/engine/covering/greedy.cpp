// The greedy covering solver: lazy greedy, the submodular upper bound it reports, and its a-priori
// guarantee.
#include "roisc/engine/covering/covering.hpp"

#include "solver.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <queue>

namespace roisc {

namespace covering {

// The best choice of candidates by their scores alone, under the count and per-group rules (not the
// conflicts): the top `least` of each group, then the best of the rest while scores are positive.
// With no minimum this is a laminar matroid, where greedy is optimal; with one, each group's
// sorted scores are concave and the extra picks are again taken greedily.
void select_best(const std::vector<int>& order, const std::vector<double>& score, const std::vector<int>& group,
                 int picks, const std::vector<int>& cap_left, const std::vector<int>& must, Selection& out,
                 std::vector<int>& count) {
    out.chosen.clear();
    out.value = 0;
    std::fill(count.begin(), count.end(), 0);
    int mandatory = 0;
    for (int m : must) mandatory += m;
    std::vector<char> taken;
    if (mandatory > 0) {
        taken.assign(score.size(), 0);
        for (int j : order) {
            const int g = group[static_cast<std::size_t>(j)];
            if (g < 0 || count[static_cast<std::size_t>(g)] >= must[static_cast<std::size_t>(g)]) continue;
            ++count[static_cast<std::size_t>(g)];
            taken[static_cast<std::size_t>(j)] = 1;
            out.chosen.push_back(j);
            out.value += score[static_cast<std::size_t>(j)];
        }
    }
    int extra = picks - static_cast<int>(out.chosen.size());
    for (int j : order) {
        if (extra <= 0) break;
        if (mandatory > 0 && taken[static_cast<std::size_t>(j)]) continue;
        if (score[static_cast<std::size_t>(j)] <= 0) break;
        const int g = group[static_cast<std::size_t>(j)];
        if (g >= 0 && !cap_left.empty() && count[static_cast<std::size_t>(g)] >= cap_left[static_cast<std::size_t>(g)]) continue;
        if (g >= 0) ++count[static_cast<std::size_t>(g)];
        out.chosen.push_back(j);
        out.value += score[static_cast<std::size_t>(j)];
        --extra;
    }
}

// --------------------------------------------------------------------------------------------
// Greedy
GreedyResult lazy_greedy(const Compact& c, const std::vector<int>& start) {
    const std::size_t n = c.n();
    std::vector<char> covered(c.m(), 0), blocked(n, 0);
    std::vector<int> per_group(static_cast<std::size_t>(c.groups), 0);
    GreedyResult r;
    auto take = [&](int j) {
        r.chosen.push_back(j);
        blocked[static_cast<std::size_t>(j)] = 1;
        for (int i : c.reach[static_cast<std::size_t>(j)]) {
            if (!covered[static_cast<std::size_t>(i)]) {
                covered[static_cast<std::size_t>(i)] = 1;
                r.value += c.w[static_cast<std::size_t>(i)];
            }
        }
        for (int k : c.conflicts[static_cast<std::size_t>(j)]) blocked[static_cast<std::size_t>(k)] = 1;
        const int g = c.group[static_cast<std::size_t>(j)];
        if (g >= 0) ++per_group[static_cast<std::size_t>(g)];
    };
    for (int j : start) take(j);
    auto gain = [&](int j) {
        double g = 0;
        for (int i : c.reach[static_cast<std::size_t>(j)]) {
            if (!covered[static_cast<std::size_t>(i)]) g += c.w[static_cast<std::size_t>(i)];
        }
        return g;
    };
    // (gain, -index) so ties go to the lower index; stamp = picks made when the gain was computed.
    struct Entry {
        double gain;
        int j;
        std::size_t stamp;
        bool operator<(const Entry& o) const { return gain != o.gain ? gain < o.gain : j > o.j; }
    };
    std::priority_queue<Entry> queue;
    for (std::size_t j = 0; j < n; ++j) {
        if (!blocked[j]) queue.push({gain(static_cast<int>(j)), static_cast<int>(j), r.chosen.size()});
    }
    while (static_cast<int>(r.chosen.size()) < c.p && !queue.empty()) {
        int need = 0;
        for (int g = 0; g < c.groups; ++g) need += std::max(0, c.least - per_group[static_cast<std::size_t>(g)]);
        const int left = c.p - static_cast<int>(r.chosen.size());
        const Entry top = queue.top();
        queue.pop();
        const int j = top.j;
        if (blocked[static_cast<std::size_t>(j)]) continue;
        const int g = c.group[static_cast<std::size_t>(j)];
        if (g >= 0 && c.cap > 0 && per_group[static_cast<std::size_t>(g)] >= c.cap) continue;
        // Every remaining pick is needed for a group still short of its minimum.
        if (need >= left && (g < 0 || per_group[static_cast<std::size_t>(g)] >= c.least)) continue;
        if (top.stamp != r.chosen.size()) {
            queue.push({gain(j), j, r.chosen.size()});
            continue;
        }
        if (top.gain <= 0 && need == 0) break;
        take(j);
    }
    for (int g = 0; g < c.groups; ++g) {
        if (per_group[static_cast<std::size_t>(g)] < c.least) r.feasible = false;
    }
    return r;
}

// Upper bound from submodularity: the optimum is at most the value of `chosen` plus the best
// selection (count and per-group limits) of the gains each candidate would still add.
double greedy_bound(const Compact& c, const std::vector<int>& chosen) {
    std::vector<char> covered(c.m(), 0);
    double value = 0;
    for (int j : chosen) {
        for (int i : c.reach[static_cast<std::size_t>(j)]) {
            if (!covered[static_cast<std::size_t>(i)]) covered[static_cast<std::size_t>(i)] = 1, value += c.w[static_cast<std::size_t>(i)];
        }
    }
    std::vector<double> gain(c.n(), 0);
    for (std::size_t j = 0; j < c.n(); ++j) {
        for (int i : c.reach[j]) {
            if (!covered[static_cast<std::size_t>(i)]) gain[j] += c.w[static_cast<std::size_t>(i)];
        }
    }
    std::vector<int> order(c.n());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        return gain[static_cast<std::size_t>(a)] != gain[static_cast<std::size_t>(b)] ? gain[static_cast<std::size_t>(a)] > gain[static_cast<std::size_t>(b)] : a < b;
    });
    std::vector<int> cap_left;
    if (c.cap > 0) cap_left.assign(static_cast<std::size_t>(c.groups), c.cap);
    std::vector<int> count(static_cast<std::size_t>(c.groups), 0);
    Selection s;
    select_best(order, gain, c.group, c.p, cap_left, {}, s, count);
    return value + s.value;
}
double greedy_guarantee(const Compact& c) {
    bool conflicts = false;
    for (const auto& k : c.conflicts) conflicts = conflicts || !k.empty();
    if (conflicts || c.least > 0) return 0;
    if (c.cap > 0 && c.cap < c.p) return 0.5;
    const double p = std::max(1, c.p);
    return 1.0 - std::pow(1.0 - 1.0 / p, p);
}

}  // namespace covering

using namespace covering;

CoveringSolution solve_greedy(const CoveringProblem& problem) {
    problem.check();
    const auto start = Clock::now();
    const Compact c = compact(problem);
    const GreedyResult g = lazy_greedy(c);
    CoveringSolution s = finish(problem, c, g.chosen);
    s.method = "greedy";
    s.feasible = g.feasible;
    s.guarantee = greedy_guarantee(c);
    s.bound = std::max(s.objective, std::min(greedy_bound(c, {}), greedy_bound(c, g.chosen)));
    if (c.integral) s.bound = std::floor(s.bound + 1e-6);
    s.optimal = s.objective >= s.bound;
    s.seconds = seconds_since(start);
    if (!s.feasible) s.chosen.clear(), s.objective = 0;
    return s;
}

}  // namespace roisc
