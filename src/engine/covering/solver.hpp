#pragma once
// Inside the covering solvers: the compact form of a problem they all work on, and the pieces the
// greedy, local search and branch-and-bound solvers share. Not part of the public interface.
#include "roisc/engine/covering/covering.hpp"

#include <chrono>
#include <cstddef>
#include <vector>

namespace roisc::covering {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The problem as the solvers work on it: points no candidate reaches are dropped and points reached
// by exactly the same candidates are merged (neither changes any choice's value).
struct Compact {
    std::vector<double> w;
    std::vector<std::vector<int>> reach;     // per candidate
    std::vector<std::vector<int>> reached_by;  // per point
    std::vector<int> group;                  // per candidate, -1 = none
    int groups = 0;
    int p = 0;
    int cap = 0;   // 0 = none
    int least = 0;
    std::vector<std::vector<int>> conflicts;  // per candidate
    bool integral = true;                     // every weight a whole number
    std::vector<int> group_size;

    std::size_t n() const { return reach.size(); }
    std::size_t m() const { return w.size(); }
};

// Per demand point, the candidates that reach it (each once, in index order).
std::vector<std::vector<int>> reachers_of_points(const CoveringProblem& problem);
Compact compact(const CoveringProblem& problem);
double value_of(const Compact& c, const std::vector<int>& chosen, std::vector<int>& mark, int& stamp);
// The chosen candidates in pick order: each adds the most given those before it (ties: lower index).
// Picks that add nothing are dropped unless a per-group minimum needs them.
std::vector<int> pick_order(const Compact& c, std::vector<int> chosen);
// A solution holding `chosen` in pick order and the weight it reaches.
CoveringSolution finish(const CoveringProblem& problem, const Compact& c, std::vector<int> chosen);

// The best choice of candidates by their scores alone, under the count and per-group rules (not the
// conflicts): the top `least` of each group, then the best of the rest while scores are positive.
// With no minimum this is a laminar matroid, where greedy is optimal; with one, each group's
// sorted scores are concave and the extra picks are again taken greedily.
struct Selection {
    std::vector<int> chosen;
    double value = 0;
};

void select_best(const std::vector<int>& order, const std::vector<double>& score, const std::vector<int>& group,
                 int picks, const std::vector<int>& cap_left, const std::vector<int>& must, Selection& out,
                 std::vector<int>& count);

struct GreedyResult {
    std::vector<int> chosen;
    double value = 0;
    bool feasible = true;
};

// Lazy greedy from `start` (kept): the candidate adding the most until the count is reached.
GreedyResult lazy_greedy(const Compact& c, const std::vector<int>& start = {});
// Upper bound from submodularity: the optimum is at most the value of `chosen` plus the best
// selection (count and per-group limits) of the gains each candidate would still add.
double greedy_bound(const Compact& c, const std::vector<int>& chosen);
// The share of the optimum greedy is guaranteed a priori; 0 when the rules void the guarantee.
double greedy_guarantee(const Compact& c);

// Swaps (one out, one in) and additions while they add weight and keep the rules.
void local_search(const Compact& c, std::vector<int>& chosen, Clock::time_point deadline);
// Iterated local search: drop a few picks at random, refill greedily, improve by swaps; walk on
// from the result when it is no worse than a little below the current one, keeping the best. A fixed seed and round count keep runs reproducible.
void perturbation_search(const Compact& c, std::vector<int>& chosen, int rounds, Clock::time_point deadline);

}  // namespace roisc::covering
