#pragma once
// The maximal covering problem and its solvers. Generic: demand points with weights, candidates
// with the points they reach, and the rules on a choice (how many, per group, pairs that may not
// both be chosen). Knows nothing of venues, meetings or geography.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace roisc {

// Choose at most `new_sites` candidates so that the weight of the demand points within reach of at
// least one chosen candidate is as large as possible.
struct CoveringProblem {
    std::vector<double> demand;                    // weight of each demand point, >= 0
    std::vector<std::vector<int>> reach;           // per candidate: the demand points it reaches
    std::vector<int> group;                        // per candidate: its group (town), or -1; empty = none
    int groups = 0;                                // number of groups
    int new_sites = 1;                             // at most this many candidates are chosen
    int max_per_group = 0;                         // at most this many per group; 0 = no limit
    int min_per_group = 0;                         // at least this many in every group; 0 = none
    std::vector<std::pair<int, int>> conflicts;    // pairs that may not both be chosen (too close)
    // For the LP file's comments only.
    std::vector<std::string> candidate_names, group_names, demand_names;

    std::size_t candidates() const { return reach.size(); }
    int group_of(std::size_t candidate) const {
        return group.empty() ? -1 : group[candidate];
    }
    // Throws RuntimeFailure when the shapes disagree or an index is out of range.
    void check() const;
};

// Weight of the demand points reached by the chosen candidates.
double covered_weight(const CoveringProblem& problem, const std::vector<int>& chosen);
// Whether a choice keeps every rule (count, per group, conflicts).
bool is_feasible(const CoveringProblem& problem, const std::vector<int>& chosen);

enum class SolverKind { automatic, exact, greedy };

struct SolveOptions {
    SolverKind solver = SolverKind::automatic;
    double time_limit_seconds = 10;
    // automatic: greedy when the problem has more (candidate, point) pairs than this.
    std::size_t exact_up_to_pairs = 2'000'000;
};

struct CoveringSolution {
    bool feasible = true;        // false when the rules cannot all be kept (then nothing is chosen)
    std::vector<int> chosen;     // pick order: each adds the most given the ones before it
    double objective = 0;        // weight reached
    double bound = 0;            // proven upper bound on the best possible weight
    bool optimal = false;        // objective == the best possible (bound reached or search complete)
    std::string method;          // "branch and bound" | "greedy"
    // Greedy: the share of the optimum it is guaranteed a priori (1 - (1 - 1/p)^p >= 1 - 1/e with
    // only the count rule, 1/2 with per-group limits); 0 when the rules void the guarantee.
    double guarantee = 0;
    bool timed_out = false;
    long long nodes = 0;         // branch-and-bound nodes explored
    double seconds = 0;
    // (bound - objective) / bound, 0 when optimal.
    double gap() const;
};

// Lazy greedy: adds the candidate with the largest gain until `new_sites` are chosen or nothing is
// gained; gains are recomputed only when a candidate reaches the top of the queue (they can only
// fall). The bound is the data-dependent one: reached weight + the sum of the best remaining gains.
CoveringSolution solve_greedy(const CoveringProblem& problem);
// Branch and bound with Lagrangian bounds (relaxing "a point counts only if a chosen candidate
// reaches it"), reduced-cost fixing and a Lagrangian heuristic, started from greedy plus swaps.
// Stops at the time limit with the best choice found and the remaining gap.
CoveringSolution solve_exact(const CoveringProblem& problem, double time_limit_seconds);
CoveringSolution solve_covering(const CoveringProblem& problem, const SolveOptions& options);

}  // namespace roisc
