// The covering problem: its checks, the value and feasibility of a choice, the compact form the
// solvers work on, pick order, and the choice of solver.
#include "roisc/engine/covering/covering.hpp"

#include "roisc/core/error.hpp"
#include "solver.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <set>
#include <string>

namespace roisc {

void CoveringProblem::check() const {
    const std::size_t n = reach.size();
    if (!group.empty() && group.size() != n) throw RuntimeFailure("covering problem: one group per candidate expected");
    for (std::size_t j = 0; j < n; ++j) {
        for (int i : reach[j]) {
            if (i < 0 || static_cast<std::size_t>(i) >= demand.size()) {
                throw RuntimeFailure("covering problem: candidate " + std::to_string(j) + " reaches no such point " +
                                     std::to_string(i));
            }
        }
        if (!group.empty() && (group[j] < -1 || group[j] >= groups)) {
            throw RuntimeFailure("covering problem: candidate " + std::to_string(j) + " has no such group");
        }
    }
    for (double w : demand) {
        if (!(w >= 0) || !std::isfinite(w)) throw RuntimeFailure("covering problem: demand weights must be >= 0");
    }
    for (const auto& [a, b] : conflicts) {
        if (a < 0 || b < 0 || static_cast<std::size_t>(a) >= n || static_cast<std::size_t>(b) >= n || a == b) {
            throw RuntimeFailure("covering problem: a conflict names no such candidate");
        }
    }
    if (new_sites < 0 || max_per_group < 0 || min_per_group < 0) throw RuntimeFailure("covering problem: negative limit");
}

double covered_weight(const CoveringProblem& problem, const std::vector<int>& chosen) {
    std::vector<char> seen(problem.demand.size(), 0);
    double w = 0;
    for (int j : chosen) {
        for (int i : problem.reach[static_cast<std::size_t>(j)]) {
            if (!seen[static_cast<std::size_t>(i)]) {
                seen[static_cast<std::size_t>(i)] = 1;
                w += problem.demand[static_cast<std::size_t>(i)];
            }
        }
    }
    return w;
}

bool is_feasible(const CoveringProblem& problem, const std::vector<int>& chosen) {
    if (static_cast<int>(chosen.size()) > problem.new_sites) return false;
    std::set<int> set(chosen.begin(), chosen.end());
    if (set.size() != chosen.size()) return false;
    std::vector<int> per_group(static_cast<std::size_t>(problem.groups), 0);
    for (int j : chosen) {
        const int g = problem.group_of(static_cast<std::size_t>(j));
        if (g >= 0) ++per_group[static_cast<std::size_t>(g)];
    }
    for (int c : per_group) {
        if (problem.max_per_group > 0 && c > problem.max_per_group) return false;
        if (c < problem.min_per_group) return false;
    }
    for (const auto& [a, b] : problem.conflicts) {
        if (set.count(a) && set.count(b)) return false;
    }
    return true;
}

double CoveringSolution::gap() const {
    if (optimal || bound <= 0) return 0;
    return std::max(0.0, (bound - objective) / bound);
}

namespace covering {

// Per demand point, the candidates that reach it (each once, in index order).
std::vector<std::vector<int>> reachers_of_points(const CoveringProblem& problem) {
    std::vector<std::vector<int>> by_point(problem.demand.size());
    for (std::size_t j = 0; j < problem.candidates(); ++j) {
        std::vector<int> r = problem.reach[j];
        std::sort(r.begin(), r.end());
        r.erase(std::unique(r.begin(), r.end()), r.end());
        for (int i : r) by_point[static_cast<std::size_t>(i)].push_back(static_cast<int>(j));
    }
    return by_point;
}

Compact compact(const CoveringProblem& problem) {
    Compact c;
    const std::size_t n = problem.candidates();
    const std::vector<std::vector<int>> by_point = reachers_of_points(problem);
    std::map<std::vector<int>, int> index;
    c.reach.resize(n);
    for (std::size_t i = 0; i < by_point.size(); ++i) {
        const double w = problem.demand[i];
        if (by_point[i].empty() || w <= 0) continue;
        auto [it, fresh] = index.emplace(by_point[i], static_cast<int>(c.w.size()));
        if (fresh) {
            c.w.push_back(w);
            c.reached_by.push_back(by_point[i]);
            for (int j : by_point[i]) c.reach[static_cast<std::size_t>(j)].push_back(it->second);
        } else {
            c.w[static_cast<std::size_t>(it->second)] += w;
        }
    }
    for (double w : c.w) c.integral = c.integral && std::floor(w) == w && w < 9e15;
    c.group.resize(n);
    for (std::size_t j = 0; j < n; ++j) c.group[j] = problem.group_of(j);
    c.groups = problem.groups;
    c.group_size.assign(static_cast<std::size_t>(c.groups), 0);
    for (int g : c.group) {
        if (g >= 0) ++c.group_size[static_cast<std::size_t>(g)];
    }
    c.p = problem.new_sites;
    c.cap = problem.max_per_group;
    c.least = problem.min_per_group;
    c.conflicts.resize(n);
    for (const auto& [a, b] : problem.conflicts) {
        c.conflicts[static_cast<std::size_t>(a)].push_back(b);
        c.conflicts[static_cast<std::size_t>(b)].push_back(a);
    }
    return c;
}

double value_of(const Compact& c, const std::vector<int>& chosen, std::vector<int>& mark, int& stamp) {
    ++stamp;
    double v = 0;
    for (int j : chosen) {
        for (int i : c.reach[static_cast<std::size_t>(j)]) {
            if (mark[static_cast<std::size_t>(i)] != stamp) {
                mark[static_cast<std::size_t>(i)] = stamp;
                v += c.w[static_cast<std::size_t>(i)];
            }
        }
    }
    return v;
}

// The chosen candidates in pick order: each adds the most given those before it (ties: lower index).
// Picks that add nothing are dropped unless a per-group minimum needs them.
std::vector<int> pick_order(const Compact& c, std::vector<int> chosen) {
    std::vector<char> covered(c.m(), 0);
    std::vector<int> out;
    while (!chosen.empty()) {
        std::size_t best = 0;
        double best_gain = -1;
        for (std::size_t k = 0; k < chosen.size(); ++k) {
            double g = 0;
            for (int i : c.reach[static_cast<std::size_t>(chosen[k])]) {
                if (!covered[static_cast<std::size_t>(i)]) g += c.w[static_cast<std::size_t>(i)];
            }
            if (g > best_gain || (g == best_gain && chosen[k] < chosen[best])) best_gain = g, best = k;
        }
        const int j = chosen[best];
        chosen.erase(chosen.begin() + static_cast<std::ptrdiff_t>(best));
        for (int i : c.reach[static_cast<std::size_t>(j)]) covered[static_cast<std::size_t>(i)] = 1;
        out.push_back(j);
    }
    if (c.least == 0) {
        // Nothing-adding picks come last in this order; with no minimum to keep they go.
        while (!out.empty()) {
            double g = 0;
            std::vector<char> cov(c.m(), 0);
            for (std::size_t k = 0; k + 1 < out.size(); ++k) {
                for (int i : c.reach[static_cast<std::size_t>(out[k])]) cov[static_cast<std::size_t>(i)] = 1;
            }
            for (int i : c.reach[static_cast<std::size_t>(out.back())]) {
                if (!cov[static_cast<std::size_t>(i)]) g += c.w[static_cast<std::size_t>(i)];
            }
            if (g > 0) break;
            out.pop_back();
        }
    }
    return out;
}

CoveringSolution finish(const CoveringProblem& problem, const Compact& c, std::vector<int> chosen) {
    CoveringSolution s;
    s.chosen = pick_order(c, std::move(chosen));
    s.objective = covered_weight(problem, s.chosen);
    return s;
}

}  // namespace covering

CoveringSolution solve_covering(const CoveringProblem& problem, const SolveOptions& options) {
    std::size_t pairs = 0;
    for (const auto& r : problem.reach) pairs += r.size();
    const bool greedy = options.solver == SolverKind::greedy ||
                        (options.solver == SolverKind::automatic && pairs > options.exact_up_to_pairs);
    return greedy ? solve_greedy(problem) : solve_exact(problem, options.time_limit_seconds);
}

}  // namespace roisc
