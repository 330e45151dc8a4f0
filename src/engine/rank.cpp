#include "roisc/engine/rank.hpp"

#include "roisc/core/error.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <queue>
#include <set>
#include <sstream>

namespace roisc {

// =============================================================================================
// The covering problem

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

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
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

struct GreedyResult {
    std::vector<int> chosen;
    double value = 0;
    bool feasible = true;
};

GreedyResult lazy_greedy(const Compact& c, const std::vector<int>& start = {}) {
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

// Swaps (one out, one in) and additions while they add weight and keep the rules.
void local_search(const Compact& c, std::vector<int>& chosen, Clock::time_point deadline) {
    // Best move each round among all additions (picks left) and swaps (one out, one in), found in
    // one pass over the reach lists: a point reached once is lost with its one reacher and won back
    // by any newcomer reaching it, which the per-reacher bonus counts.
    const std::size_t n = c.n(), m = c.m();
    const double eps = c.integral ? 0.5 : 1e-9;
    std::vector<int> cover(m), owner(m), conflicts_in(n), per_group(static_cast<std::size_t>(c.groups));
    std::vector<double> loss(n), bonus(n, 0);
    std::vector<char> in(n, 0);
    std::vector<int> touched, by_loss;
    for (int round = 0; round < 100000; ++round) {
        if ((round & 7) == 7 && Clock::now() > deadline) return;
        std::fill(cover.begin(), cover.end(), 0);
        std::fill(owner.begin(), owner.end(), 0);
        std::fill(conflicts_in.begin(), conflicts_in.end(), 0);
        std::fill(per_group.begin(), per_group.end(), 0);
        std::fill(in.begin(), in.end(), 0);
        for (int j : chosen) {
            in[static_cast<std::size_t>(j)] = 1;
            loss[static_cast<std::size_t>(j)] = 0;
            for (int i : c.reach[static_cast<std::size_t>(j)]) ++cover[static_cast<std::size_t>(i)], owner[static_cast<std::size_t>(i)] += j;
            for (int k : c.conflicts[static_cast<std::size_t>(j)]) ++conflicts_in[static_cast<std::size_t>(k)];
            if (c.group[static_cast<std::size_t>(j)] >= 0) ++per_group[static_cast<std::size_t>(c.group[static_cast<std::size_t>(j)])];
        }
        for (int j : chosen) {
            for (int i : c.reach[static_cast<std::size_t>(j)]) {
                if (cover[static_cast<std::size_t>(i)] == 1) loss[static_cast<std::size_t>(j)] += c.w[static_cast<std::size_t>(i)];
            }
        }
        by_loss = chosen;
        std::sort(by_loss.begin(), by_loss.end(), [&](int a, int b) {
            return loss[static_cast<std::size_t>(a)] != loss[static_cast<std::size_t>(b)] ? loss[static_cast<std::size_t>(a)] < loss[static_cast<std::size_t>(b)] : a < b;
        });
        const bool room = static_cast<int>(chosen.size()) < c.p;
        auto can_swap = [&](int k, int j) {
            const int conflicts = conflicts_in[static_cast<std::size_t>(k)];
            if (conflicts > 1) return false;
            if (conflicts == 1) {
                const auto& ck = c.conflicts[static_cast<std::size_t>(k)];
                if (std::find(ck.begin(), ck.end(), j) == ck.end()) return false;
            }
            const int gk = c.group[static_cast<std::size_t>(k)], gj = c.group[static_cast<std::size_t>(j)];
            if (gk == gj) return true;
            if (gk >= 0 && c.cap > 0 && per_group[static_cast<std::size_t>(gk)] >= c.cap) return false;
            if (gj >= 0 && per_group[static_cast<std::size_t>(gj)] - 1 < c.least) return false;
            return true;
        };
        double best = eps;
        int best_k = -1, best_j = -1;
        for (std::size_t kk = 0; kk < n; ++kk) {
            if (in[kk]) continue;
            const int k = static_cast<int>(kk);
            double gain = 0;
            touched.clear();
            for (int i : c.reach[kk]) {
                const int cv = cover[static_cast<std::size_t>(i)];
                if (cv == 0) {
                    gain += c.w[static_cast<std::size_t>(i)];
                } else if (cv == 1) {
                    const int o = owner[static_cast<std::size_t>(i)];
                    if (bonus[static_cast<std::size_t>(o)] == 0) touched.push_back(o);
                    bonus[static_cast<std::size_t>(o)] += c.w[static_cast<std::size_t>(i)];
                }
            }
            if (gain > best) {
                const int gk = c.group[kk];
                if (room && conflicts_in[kk] == 0 && (gk < 0 || c.cap == 0 || per_group[static_cast<std::size_t>(gk)] < c.cap)) {
                    best = gain, best_k = k, best_j = -1;
                }
                for (int j : touched) {
                    const double d = gain - loss[static_cast<std::size_t>(j)] + bonus[static_cast<std::size_t>(j)];
                    if (d > best && can_swap(k, j)) best = d, best_k = k, best_j = j;
                }
                for (int j : by_loss) {
                    if (gain - loss[static_cast<std::size_t>(j)] <= best) break;
                    if (bonus[static_cast<std::size_t>(j)] != 0 || !can_swap(k, j)) continue;
                    best = gain - loss[static_cast<std::size_t>(j)], best_k = k, best_j = j;
                    break;
                }
            } else {
                for (int j : touched) {
                    const double d = gain - loss[static_cast<std::size_t>(j)] + bonus[static_cast<std::size_t>(j)];
                    if (d > best && can_swap(k, j)) best = d, best_k = k, best_j = j;
                }
            }
            for (int j : touched) bonus[static_cast<std::size_t>(j)] = 0;
        }
        if (best_k < 0) return;
        if (best_j < 0) {
            chosen.push_back(best_k);
        } else {
            *std::find(chosen.begin(), chosen.end(), best_j) = best_k;
        }
    }
}

// Iterated local search: drop a few picks at random, refill greedily, improve by swaps; walk on
// from the result when it is no worse than a little below the current one, keeping the best. A fixed seed and round count keep runs reproducible.
void perturbation_search(const Compact& c, std::vector<int>& chosen, int rounds, Clock::time_point deadline) {
    if (chosen.empty() || c.p < 2) return;
    std::vector<int> mark(c.m(), 0);
    int stamp = 0;
    std::uint64_t state = 0x9e3779b97f4a7c15ULL;
    auto next = [&]() {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        return state;
    };
    std::vector<int> current = chosen;
    double current_value = value_of(c, current, mark, stamp), best_value = current_value;
    const int most_dropped = std::max(2, static_cast<int>(current.size()) / 8);
    // Moves a little downhill are accepted too (5 in 10,000), so the walk can leave a plateau.
    const double slack = 5e-4 * current_value;
    for (int round = 0; round < rounds && Clock::now() < deadline; ++round) {
        std::vector<int> trial = current;
        const int drop = 1 + static_cast<int>(next() % static_cast<std::uint64_t>(most_dropped));
        for (int d = 0; d < drop && !trial.empty(); ++d) {
            trial.erase(trial.begin() + static_cast<std::ptrdiff_t>(next() % trial.size()));
        }
        GreedyResult g = lazy_greedy(c, trial);
        if (!g.feasible) continue;
        trial = g.chosen;
        local_search(c, trial, deadline);
        const double v = value_of(c, trial, mark, stamp);
        if (v >= current_value - slack) {
            current = trial;
            current_value = v;
            if (v > best_value) best_value = v, chosen = trial;
        }
    }
}

double greedy_guarantee(const Compact& c) {
    bool conflicts = false;
    for (const auto& k : c.conflicts) conflicts = conflicts || !k.empty();
    if (conflicts || c.least > 0) return 0;
    if (c.cap > 0 && c.cap < c.p) return 0.5;
    const double p = std::max(1, c.p);
    return 1.0 - std::pow(1.0 - 1.0 / p, p);
}

// --------------------------------------------------------------------------------------------
// Branch and bound
//
// Relaxing "point i counts only if a chosen candidate reaches it" with multipliers 0 <= l_i <= w_i
// leaves  sum_i (w_i - l_i) + max { sum_{j chosen} s_j : count and group rules },  s_j = sum of l_i
// over the points j reaches: an upper bound for every l, minimised by subgradient steps. Its best
// value equals the LP relaxation's. Candidates whose forced choice (or forced omission) would
// bring the bound below the best known choice are fixed, which is what keeps the tree small.
// The average of the selections over the steps estimates the LP's x; the search branches on the
// most fractional candidate and explores the open node with the highest bound first.

class Search {
public:
    Search(const Compact& c, Clock::time_point deadline) : c_(c), deadline_(deadline) {
        mark_.assign(c.m(), 0);
        debug_ = std::getenv("ROISC_RANK_DEBUG") != nullptr;
    }

    void set_incumbent(const std::vector<int>& chosen) { offer(chosen); }

    struct Outcome {
        bool complete = false;
        double bound = 0;
        long long nodes = 0;
    };

    Outcome run() {
        struct Open {
            double bound;
            long long order;
            std::vector<signed char> fix;
            std::vector<double> lambda;
            bool operator<(const Open& o) const { return bound != o.bound ? bound < o.bound : order < o.order; }
        };
        // Open nodes keep their multipliers (to warm-start); past this many, the search dives.
        const std::size_t most_open = std::max<std::size_t>(64, (std::size_t{256} << 20) / (8 * std::max<std::size_t>(1, c_.m()) + c_.n()));
        std::priority_queue<Open> open;
        long long order = 0;
        open.push({std::numeric_limits<double>::infinity(), order++, std::vector<signed char>(c_.n(), 0), c_.w});
        Outcome out;
        bool root = true;
        std::optional<Open> dive;
        auto stop = [&](double current) {
            double ub = std::max(best_, current);
            if (!open.empty()) ub = std::max(ub, open.top().bound);
            out.bound = ub;
            out.nodes = nodes_;
            return out;
        };
        while (dive || !open.empty()) {
            Open node;
            if (dive) {
                node = std::move(*dive);
                dive.reset();
            } else {
                node = open.top();
                open.pop();
            }
            if (Clock::now() > deadline_) return stop(node.bound);
            if (node.bound != std::numeric_limits<double>::infinity() && prunable(node.bound)) continue;
            ++nodes_;
            int branch = -1;
            double bound = 0;
            const bool is_open = process(node.fix, node.lambda, root, branch, bound);
            if (root && debug_) std::fprintf(stderr, "root: bound %.3f incumbent %.0f at %.2f s\n", bound, best_, std::chrono::duration<double>(Clock::now() - (deadline_ - std::chrono::seconds(30))).count());
            root = false;
            if (!is_open) continue;
            if (Clock::now() > deadline_) return stop(bound);
            Open off{bound, order++, node.fix, node.lambda};
            off.fix[static_cast<std::size_t>(branch)] = -1;
            Open on{bound, order++, std::move(node.fix), std::move(node.lambda)};
            on.fix[static_cast<std::size_t>(branch)] = 1;
            open.push(std::move(off));
            if (open.size() >= most_open) {
                dive = std::move(on);
            } else {
                open.push(std::move(on));
            }
        }
        out.complete = true;
        out.bound = best_;
        out.nodes = nodes_;
        return out;
    }

    double best() const { return best_; }
    bool has_incumbent() const { return have_incumbent_; }
    const std::vector<int>& best_set() const { return best_set_; }

private:
    bool prunable(double bound) const {
        if (!have_incumbent_) return false;
        if (c_.integral) return bound < best_ + 1.0 - 1e-6;
        return bound <= best_ + 1e-9 * std::max(1.0, std::fabs(best_));
    }

    bool offer(const std::vector<int>& chosen) {
        if (!is_feasible_compact(chosen)) return false;
        const double v = value_of(c_, chosen, mark_, stamp_);
        if (!have_incumbent_ || v > best_) {
            best_ = v;
            best_set_ = chosen;
            have_incumbent_ = true;
            return true;
        }
        return false;
    }

    // Works on one node: fixes what it can, bounds it, and says which candidate to branch on.
    // Returns false when the node is closed (pruned, infeasible or a leaf).
    bool process(std::vector<signed char>& fix, std::vector<double>& lambda, bool root, int& branch, double& bound) {
        const std::size_t n = c_.n(), m = c_.m();
        for (int round = 0; round < 10; ++round) {
            if (!propagate(fix)) return false;
            std::vector<int> in, free;
            std::vector<int> in_group(static_cast<std::size_t>(c_.groups), 0), free_group(static_cast<std::size_t>(c_.groups), 0);
            for (std::size_t j = 0; j < n; ++j) {
                const int g = c_.group[j];
                if (fix[j] == 1) {
                    in.push_back(static_cast<int>(j));
                    if (g >= 0) ++in_group[static_cast<std::size_t>(g)];
                } else if (fix[j] == 0) {
                    free.push_back(static_cast<int>(j));
                    if (g >= 0) ++free_group[static_cast<std::size_t>(g)];
                }
            }
            const int picks = c_.p - static_cast<int>(in.size());
            std::vector<int> cap_left, must(static_cast<std::size_t>(c_.groups), 0);
            if (c_.cap > 0) {
                cap_left.resize(static_cast<std::size_t>(c_.groups));
                for (int g = 0; g < c_.groups; ++g) cap_left[static_cast<std::size_t>(g)] = c_.cap - in_group[static_cast<std::size_t>(g)];
            }
            int mandatory = 0;
            for (int g = 0; g < c_.groups; ++g) {
                must[static_cast<std::size_t>(g)] = std::max(0, c_.least - in_group[static_cast<std::size_t>(g)]);
                if (must[static_cast<std::size_t>(g)] > free_group[static_cast<std::size_t>(g)]) return false;
                mandatory += must[static_cast<std::size_t>(g)];
            }
            if (picks < 0 || mandatory > picks) return false;

            ++stamp_;
            double fixed_value = 0;
            for (int j : in) {
                for (int i : c_.reach[static_cast<std::size_t>(j)]) {
                    if (mark_[static_cast<std::size_t>(i)] != stamp_) mark_[static_cast<std::size_t>(i)] = stamp_, fixed_value += c_.w[static_cast<std::size_t>(i)];
                }
            }
            if (picks == 0 || free.empty()) {
                if (mandatory == 0) offer(in);
                bound = fixed_value;
                return false;
            }
            // Points still open: not reached by the fixed-in, reachable by a free candidate.
            active_.assign(m, 0);
            for (int j : free) {
                for (int i : c_.reach[static_cast<std::size_t>(j)]) {
                    if (mark_[static_cast<std::size_t>(i)] != stamp_) active_[static_cast<std::size_t>(i)] = 1;
                }
            }
            const bool first = root && round == 0;
            Selection best_sel;
            std::vector<double> score, xbar;
            bound = subgradient(free, in, picks, cap_left, must, fixed_value, lambda, first ? 20000 : root ? 300 : 120, first,
                                best_sel, score, xbar);
            if (root && debug_) std::fprintf(stderr, "root subgradient: %.3f at %.2f s\n", bound, std::chrono::duration<double>(Clock::now() - (deadline_ - std::chrono::seconds(30))).count());
            if (root && round == 0) improve_incumbent(bound);
            if (prunable(bound)) return false;
            if (Clock::now() > deadline_) {
                branch = choose_branch(free, best_sel, score, xbar);
                return branch >= 0;
            }
            // Reduced-cost fixing (a per-group minimum breaks the exchange argument: none then).
            const int fixed = c_.least > 0 ? 0 : fix_by_bound(fix, free, picks, cap_left, bound, best_sel, score);
            if (root && debug_) {
                int ins = 0, outs = 0;
                for (auto f : fix) ins += f == 1, outs += f == -1;
                std::fprintf(stderr, "root round %d: bound %.3f incumbent %.0f fixed %d (in %d, out %d of %zu)\n", round, bound,
                             best_, fixed, ins, outs, n);
            }
            if (fixed < 0) return false;
            if (fixed == 0) {
                branch = choose_branch(free, best_sel, score, xbar);
                return branch >= 0;
            }
        }
        // Still fixing after many rounds: branch on the free candidate reaching most.
        if (!propagate(fix)) return false;
        double best_reach = -1;
        for (std::size_t j = 0; j < n; ++j) {
            if (fix[j] != 0) continue;
            double r = 0;
            for (int i : c_.reach[j]) r += c_.w[static_cast<std::size_t>(i)];
            if (r > best_reach) best_reach = r, branch = static_cast<int>(j);
        }
        return branch >= 0;
    }

    // Local search from the best choice and the last Lagrangian choices, then perturbations.
    void improve_incumbent(double bound) {
        std::vector<std::vector<int>> starts = recent_;
        starts.push_back(best_set_);
        for (auto& s : starts) {
            if (Clock::now() > deadline_) break;
            local_search(c_, s, deadline_);
            offer(s);
        }
        recent_.clear();
        if (prunable(bound)) return;
        std::vector<int> s = best_set_;
        const double gap = have_incumbent_ && bound > 0 ? (bound - best_) / bound : 1.0;
        // Effort in proportion to the gap left, and at most a third of the time left.
        const int rounds = static_cast<int>(std::clamp(gap * 500000.0, 20.0, 20000.0));
        const auto t0 = Clock::now();
        perturbation_search(c_, s, rounds, t0 + (deadline_ - t0) / 3);
        if (debug_) std::fprintf(stderr, "perturbation: %d rounds, %.2f s, %.0f -> %.0f\n", rounds, seconds_since(t0), best_, value_of(c_, s, mark_, stamp_));
        offer(s);
    }

    // Conflicts and limits of the fixed-in close the candidates they exclude. False when the fixed-in
    // already break a rule.
    bool propagate(std::vector<signed char>& fix) const {
        std::vector<int> in_group(static_cast<std::size_t>(c_.groups), 0);
        int count = 0;
        for (std::size_t j = 0; j < c_.n(); ++j) {
            if (fix[j] != 1) continue;
            ++count;
            if (c_.group[j] >= 0) ++in_group[static_cast<std::size_t>(c_.group[j])];
            for (int k : c_.conflicts[j]) {
                if (fix[static_cast<std::size_t>(k)] == 1) return false;
                fix[static_cast<std::size_t>(k)] = -1;
            }
        }
        if (count > c_.p) return false;
        for (int g = 0; g < c_.groups; ++g) {
            if (c_.cap > 0 && in_group[static_cast<std::size_t>(g)] > c_.cap) return false;
        }
        for (std::size_t j = 0; j < c_.n(); ++j) {
            if (fix[j] != 0) continue;
            const int g = c_.group[j];
            if (count == c_.p || (g >= 0 && c_.cap > 0 && in_group[static_cast<std::size_t>(g)] >= c_.cap)) fix[j] = -1;
        }
        return true;
    }

    double subgradient(const std::vector<int>& free, const std::vector<int>& in, int picks, const std::vector<int>& cap_left,
                       const std::vector<int>& must, double fixed_value, std::vector<double>& lambda, int iterations,
                       bool first, Selection& best_sel, std::vector<double>& best_score, std::vector<double>& xbar) {
        const std::size_t m = c_.m();
        std::vector<double> score(c_.n(), 0), best_lambda = lambda;
        std::vector<int> order(free), count(static_cast<std::size_t>(c_.groups), 0), cover(m, 0);
        xbar.assign(c_.n(), 0);
        double xbar_weight = 0;
        Selection sel;
        double best = std::numeric_limits<double>::infinity();
        double mu = first ? 2.0 : 0.5;
        int stall = 0;
        const int patience = first ? 100 : 6;
        const int heuristic_every = first ? 5 : 10;
        for (int it = 0; it < iterations; ++it) {
            double constant = fixed_value;
            for (std::size_t i = 0; i < m; ++i) {
                if (active_[i]) constant += c_.w[i] - lambda[i];
            }
            for (int j : free) {
                double s = 0;
                for (int i : c_.reach[static_cast<std::size_t>(j)]) {
                    if (active_[static_cast<std::size_t>(i)]) s += lambda[static_cast<std::size_t>(i)];
                }
                score[static_cast<std::size_t>(j)] = s;
            }
            std::sort(order.begin(), order.end(), [&](int a, int b) {
                return score[static_cast<std::size_t>(a)] != score[static_cast<std::size_t>(b)] ? score[static_cast<std::size_t>(a)] > score[static_cast<std::size_t>(b)] : a < b;
            });
            select_best(order, score, c_.group, picks, cap_left, must, sel, count);
            const double value = constant + sel.value;
            if (value < best - 1e-12) {
                best = value;
                best_lambda = lambda;
                best_sel = sel;
                best_score = score;
                stall = 0;
            } else if (++stall >= patience) {
                mu /= 2;
                stall = 0;
            }
            // The selections' running average, later steps (closer to the dual optimum) weighing more.
            const double wgt = 1.0 + it;
            for (int j : sel.chosen) xbar[static_cast<std::size_t>(j)] += wgt;
            xbar_weight += wgt;
            if (it % heuristic_every == 0) heuristic(in, sel.chosen, first);
            if (prunable(best) || mu < 1e-3) break;
            if ((it & 15) == 15 && Clock::now() > deadline_) break;
            // Step: minimise the bound. d/dl_i = (times i is reached by the selection) - (l_i < w_i).
            std::fill(cover.begin(), cover.end(), 0);
            for (int j : sel.chosen) {
                for (int i : c_.reach[static_cast<std::size_t>(j)]) ++cover[static_cast<std::size_t>(i)];
            }
            double norm = 0;
            for (std::size_t i = 0; i < m; ++i) {
                if (!active_[i]) continue;
                const double g = cover[i] - (lambda[i] < c_.w[i] ? 1.0 : 0.0);
                norm += g * g;
            }
            if (norm == 0) break;  // the selection reaches each open point once: the bound is exact
            const double target = have_incumbent_ ? best_ : 0.0;
            const double step = mu * std::max(value - target, 1e-3 * std::max(1.0, value)) / norm;
            for (std::size_t i = 0; i < m; ++i) {
                if (!active_[i]) continue;
                const double g = cover[i] - (lambda[i] < c_.w[i] ? 1.0 : 0.0);
                lambda[i] = std::clamp(lambda[i] - step * g, 0.0, c_.w[i]);
            }
        }
        if (xbar_weight > 0) {
            for (double& x : xbar) x /= xbar_weight;
        }
        lambda = best_lambda;
        return best;
    }

    // Lagrangian heuristic: the selection plus the fixed-in, kept to the rules, then filled greedily.
    void heuristic(const std::vector<int>& in, const std::vector<int>& selected, bool keep) {
        std::vector<int> trial = in;
        std::vector<char> blocked(c_.n(), 0);
        for (int j : in) {
            for (int k : c_.conflicts[static_cast<std::size_t>(j)]) blocked[static_cast<std::size_t>(k)] = 1;
        }
        for (int j : selected) {
            if (blocked[static_cast<std::size_t>(j)]) continue;
            trial.push_back(j);
            for (int k : c_.conflicts[static_cast<std::size_t>(j)]) blocked[static_cast<std::size_t>(k)] = 1;
        }
        if (static_cast<int>(trial.size()) < c_.p) {
            GreedyResult g = lazy_greedy(c_, trial);
            if (g.feasible) trial = g.chosen;
        }
        offer(trial);
        if (keep && is_feasible_compact(trial)) {
            // Keep a few distinct recent ones for the local search after the root.
            if (recent_.size() >= 6) recent_.erase(recent_.begin());
            recent_.push_back(trial);
        }
    }

    bool is_feasible_compact(const std::vector<int>& chosen) const {
        if (static_cast<int>(chosen.size()) > c_.p) return false;
        std::vector<int> per_group(static_cast<std::size_t>(c_.groups), 0);
        std::vector<char> in(c_.n(), 0);
        for (int j : chosen) {
            if (in[static_cast<std::size_t>(j)]) return false;
            in[static_cast<std::size_t>(j)] = 1;
            if (c_.group[static_cast<std::size_t>(j)] >= 0) ++per_group[static_cast<std::size_t>(c_.group[static_cast<std::size_t>(j)])];
        }
        for (int g = 0; g < c_.groups; ++g) {
            if (c_.cap > 0 && per_group[static_cast<std::size_t>(g)] > c_.cap) return false;
            if (per_group[static_cast<std::size_t>(g)] < c_.least) return false;
        }
        for (int j : chosen) {
            for (int k : c_.conflicts[static_cast<std::size_t>(j)]) {
                if (in[static_cast<std::size_t>(k)]) return false;
            }
        }
        return true;
    }

    // Fixes candidates whose forced inclusion (omission) bounds the node below the incumbent.
    // Returns how many were fixed.
    int fix_by_bound(std::vector<signed char>& fix, const std::vector<int>& free, int picks, const std::vector<int>& cap_left,
                     double bound, const Selection& sel, const std::vector<double>& score) {
        if (!have_incumbent_ || score.empty()) return 0;
        std::vector<char> in_sel(c_.n(), 0);
        std::vector<int> count(static_cast<std::size_t>(c_.groups), 0);
        const double inf = std::numeric_limits<double>::infinity();
        std::vector<double> min_in_group(static_cast<std::size_t>(c_.groups), inf);
        double min_sel = inf;
        for (int j : sel.chosen) {
            in_sel[static_cast<std::size_t>(j)] = 1;
            const int g = c_.group[static_cast<std::size_t>(j)];
            const double s = score[static_cast<std::size_t>(j)];
            min_sel = std::min(min_sel, s);
            if (g >= 0) ++count[static_cast<std::size_t>(g)], min_in_group[static_cast<std::size_t>(g)] = std::min(min_in_group[static_cast<std::size_t>(g)], s);
        }
        const bool card_tight = static_cast<int>(sel.chosen.size()) >= picks;
        auto group_tight = [&](int g) {
            return g >= 0 && !cap_left.empty() && count[static_cast<std::size_t>(g)] >= cap_left[static_cast<std::size_t>(g)];
        };
        std::vector<double> best_out_group(static_cast<std::size_t>(c_.groups), 0);
        double best_out_open = 0;
        for (int j : free) {
            if (in_sel[static_cast<std::size_t>(j)]) continue;
            const int g = c_.group[static_cast<std::size_t>(j)];
            const double s = std::max(0.0, score[static_cast<std::size_t>(j)]);
            if (g >= 0) best_out_group[static_cast<std::size_t>(g)] = std::max(best_out_group[static_cast<std::size_t>(g)], s);
            if (!group_tight(g)) best_out_open = std::max(best_out_open, s);
        }
        int fixed = 0;
        for (int j : free) {
            const int g = c_.group[static_cast<std::size_t>(j)];
            const double s = score[static_cast<std::size_t>(j)];
            if (!in_sel[static_cast<std::size_t>(j)]) {
                const double drop = group_tight(g) ? min_in_group[static_cast<std::size_t>(g)] : card_tight ? min_sel : 0.0;
                if (prunable(bound + s - drop)) fix[static_cast<std::size_t>(j)] = -1, ++fixed;
            } else {
                double replace = card_tight ? best_out_open : 0.0;
                if (g >= 0) replace = std::max(replace, best_out_group[static_cast<std::size_t>(g)]);
                if (prunable(bound - s + replace)) fix[static_cast<std::size_t>(j)] = 1, ++fixed;
            }
        }
        return fixed;
    }

    // The most fractional candidate of the averaged selections; failing one, the best selected.
    int choose_branch(const std::vector<int>& free, const Selection& sel, const std::vector<double>& score,
                      const std::vector<double>& xbar) const {
        int branch = -1;
        double best = 0.02;
        for (int j : free) {
            const double x = xbar.empty() ? 0 : xbar[static_cast<std::size_t>(j)];
            const double f = std::min(x, 1 - x);
            if (f > best + 1e-12 || (branch >= 0 && std::fabs(f - best) <= 1e-12 && score[static_cast<std::size_t>(j)] > score[static_cast<std::size_t>(branch)])) {
                best = f;
                branch = j;
            }
        }
        if (branch >= 0) return branch;
        best = -1;
        for (int j : sel.chosen) {
            if (score[static_cast<std::size_t>(j)] > best) best = score[static_cast<std::size_t>(j)], branch = j;
        }
        if (branch >= 0) return branch;
        for (int j : free) {
            double r = 0;
            for (int i : c_.reach[static_cast<std::size_t>(j)]) r += active_[static_cast<std::size_t>(i)] ? c_.w[static_cast<std::size_t>(i)] : 0;
            if (r > best) best = r, branch = j;
        }
        return branch;
    }

    const Compact& c_;
    Clock::time_point deadline_;
    bool debug_ = false;
    std::vector<int> mark_;
    int stamp_ = 0;
    std::vector<char> active_;
    double best_ = 0;
    std::vector<int> best_set_;
    bool have_incumbent_ = false;
    long long nodes_ = 0;
    std::vector<std::vector<int>> recent_;
};

CoveringSolution finish(const CoveringProblem& problem, const Compact& c, std::vector<int> chosen) {
    CoveringSolution s;
    s.chosen = pick_order(c, std::move(chosen));
    s.objective = covered_weight(problem, s.chosen);
    return s;
}

}  // namespace

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

CoveringSolution solve_exact(const CoveringProblem& problem, double time_limit_seconds) {
    problem.check();
    const auto start = Clock::now();
    const Compact c = compact(problem);
    const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(time_limit_seconds));
    GreedyResult g = lazy_greedy(c);
    Search search(c, deadline);
    if (g.feasible) {
        local_search(c, g.chosen, deadline);
        search.set_incumbent(g.chosen);
    }
    const Search::Outcome o = search.run();
    CoveringSolution s = finish(problem, c, search.has_incumbent() ? search.best_set() : std::vector<int>{});
    s.method = "branch and bound";
    s.nodes = o.nodes;
    s.timed_out = !o.complete;
    s.feasible = search.has_incumbent() && is_feasible(problem, s.chosen);
    if (o.complete) {
        s.bound = s.objective;
        s.optimal = s.feasible;
    } else {
        s.bound = std::max(o.bound, s.objective);
        if (c.integral) s.bound = std::floor(s.bound + 1e-6);
        s.optimal = s.objective >= s.bound;
    }
    s.seconds = seconds_since(start);
    if (!s.feasible) s.chosen.clear(), s.objective = 0, s.optimal = false;
    return s;
}

CoveringSolution solve_covering(const CoveringProblem& problem, const SolveOptions& options) {
    std::size_t pairs = 0;
    for (const auto& r : problem.reach) pairs += r.size();
    const bool greedy = options.solver == SolverKind::greedy ||
                        (options.solver == SolverKind::automatic && pairs > options.exact_up_to_pairs);
    return greedy ? solve_greedy(problem) : solve_exact(problem, options.time_limit_seconds);
}

// =============================================================================================
// LP file

namespace {

std::string number_text(double v) {
    char buf[40];
    if (std::floor(v) == v && std::fabs(v) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        std::snprintf(buf, sizeof buf, "%.12g", v);
    }
    return buf;
}

// CPLEX LP comments: one line each, nothing that could end the comment early.
std::string comment_text(std::string s) {
    for (auto& ch : s) {
        if (ch == '\n' || ch == '\r') ch = ' ';
    }
    return s;
}

// Writes "name: t1 + t2 ..." with at most eight terms a line (glpsol and cbc read long lines, but
// people read the file too).
class Expression {
public:
    Expression(std::ostream& out, const std::string& name) : out_(out) { out_ << " " << name << ":"; }
    void term(double coefficient, const std::string& variable) {
        if (terms_ > 0 && terms_ % 8 == 0) out_ << "\n   ";
        if (coefficient < 0) {
            out_ << " - ";
            coefficient = -coefficient;
        } else if (terms_ > 0) {
            out_ << " + ";
        } else {
            out_ << " ";
        }
        if (coefficient != 1) out_ << number_text(coefficient) << " ";
        out_ << variable;
        ++terms_;
    }
    int terms() const { return terms_; }

private:
    std::ostream& out_;
    int terms_ = 0;
};

}  // namespace

void write_lp(std::ostream& out, const CoveringProblem& problem, const std::string& title) {
    problem.check();
    const std::size_t n = problem.candidates();
    const std::vector<std::vector<int>> by_point = reachers_of_points(problem);
    std::vector<std::size_t> points;
    for (std::size_t i = 0; i < by_point.size(); ++i) {
        if (!by_point[i].empty() && problem.demand[i] > 0) points.push_back(i);
    }
    auto x = [](std::size_t j) { return "x" + std::to_string(j + 1); };
    auto y = [](std::size_t i) { return "y" + std::to_string(i + 1); };

    out << "\\ " << comment_text(title) << "\n";
    out << "\\ Maximal covering location: choose at most " << problem.new_sites
        << " candidates (x) to maximise the weight of the points (y) reached.\n";
    out << "\\ y are continuous in [0, 1]: at an optimum each is 1 exactly when a chosen x reaches it.\n";
    for (std::size_t j = 0; j < n; ++j) {
        if (j < problem.candidate_names.size()) out << "\\ " << x(j) << " = " << comment_text(problem.candidate_names[j]) << "\n";
    }
    for (std::size_t i : points) {
        if (i < problem.demand_names.size()) out << "\\ " << y(i) << " = " << comment_text(problem.demand_names[i]) << "\n";
    }
    out << "Maximize\n";
    {
        Expression e(out, "reach");
        for (std::size_t i : points) e.term(problem.demand[i], y(i));
        if (e.terms() == 0) e.term(0, "x1");
        out << "\n";
    }
    out << "Subject To\n";
    for (std::size_t i : points) {
        Expression e(out, "reach_" + y(i));
        e.term(1, y(i));
        for (int j : by_point[i]) e.term(-1, x(static_cast<std::size_t>(j)));
        out << " <= 0\n";
    }
    if (n > 0) {
        Expression e(out, "new_sites");
        for (std::size_t j = 0; j < n; ++j) e.term(1, x(j));
        out << " <= " << problem.new_sites << "\n";
    }
    for (int g = 0; g < problem.groups; ++g) {
        std::vector<std::size_t> members;
        for (std::size_t j = 0; j < n; ++j) {
            if (problem.group_of(j) == g) members.push_back(j);
        }
        const std::string name = static_cast<std::size_t>(g) < problem.group_names.size() ? problem.group_names[static_cast<std::size_t>(g)] : std::to_string(g);
        if (problem.max_per_group > 0 && !members.empty()) {
            out << "\\ at most " << problem.max_per_group << " in " << comment_text(name) << "\n";
            Expression e(out, "most_g" + std::to_string(g + 1));
            for (std::size_t j : members) e.term(1, x(j));
            out << " <= " << problem.max_per_group << "\n";
        }
        if (problem.min_per_group > 0) {
            out << "\\ at least " << problem.min_per_group << " in " << comment_text(name) << "\n";
            Expression e(out, "least_g" + std::to_string(g + 1));
            for (std::size_t j : members) e.term(1, x(j));
            if (members.empty()) e.term(0, "x1");
            out << " >= " << problem.min_per_group << "\n";
        }
    }
    for (std::size_t k = 0; k < problem.conflicts.size(); ++k) {
        Expression e(out, "apart_" + std::to_string(k + 1));
        e.term(1, x(static_cast<std::size_t>(problem.conflicts[k].first)));
        e.term(1, x(static_cast<std::size_t>(problem.conflicts[k].second)));
        out << " <= 1\n";
    }
    out << "Bounds\n";
    for (std::size_t i : points) out << " 0 <= " << y(i) << " <= 1\n";
    out << "Binaries\n";
    for (std::size_t j = 0; j < n; ++j) out << " " << x(j) << ((j + 1) % 10 == 0 || j + 1 == n ? "\n" : "");
    out << "End\n";
}

// =============================================================================================
// Opening hours

std::optional<OpeningHours> OpeningHours::parse(const std::vector<std::optional<std::string>>& days, std::string* problem) {
    OpeningHours h;
    for (std::size_t d = 0; d < 7 && d < days.size(); ++d) {
        if (!days[d]) continue;
        Stretches stretches;
        std::string text = *days[d];
        std::string piece;
        std::vector<std::string> pieces;
        for (char ch : text + ",") {
            if (ch == ',' || ch == ';') {
                std::string t;
                for (char k : piece) {
                    if (!std::isspace(static_cast<unsigned char>(k))) t += k;
                }
                if (!t.empty()) pieces.push_back(t);
                piece.clear();
            } else {
                piece += ch;
            }
        }
        for (const auto& p : pieces) {
            const std::size_t dash = p.find('-');
            const auto from = dash == std::string::npos ? std::nullopt : parse_clock(p.substr(0, dash));
            const auto to = dash == std::string::npos ? std::nullopt : parse_clock(p.substr(dash + 1), true);
            if (!from || !to || *to <= *from) {
                if (problem) {
                    *problem = std::string(full_name(weekday_from_index(static_cast<int>(d)))) + " hours '" + text +
                               "' are not HH:MM-HH:MM (several joined by commas; empty when closed)";
                }
                return std::nullopt;
            }
            stretches.emplace_back(*from, *to);
        }
        std::sort(stretches.begin(), stretches.end());
        h.days_[d] = std::move(stretches);
    }
    return h;
}

bool OpeningHours::all_known() const {
    return std::all_of(days_.begin(), days_.end(), [](const auto& d) { return d.has_value(); });
}

bool OpeningHours::any_known() const {
    return std::any_of(days_.begin(), days_.end(), [](const auto& d) { return d.has_value(); });
}

bool OpeningHours::open_for(const WeeklySlot& slot) const {
    const auto& day = days_[static_cast<std::size_t>(day_index(slot.weekday))];
    if (!day) return !slot.ends_next_day() || !days_[static_cast<std::size_t>(day_index(next_day(slot.weekday)))];
    for (const auto& [from, to] : *day) {
        if (slot.start >= from && slot.end <= to) return true;
    }
    return false;
}

std::string OpeningHours::describe() const {
    std::string s;
    for (int d = 0; d < 7; ++d) {
        if (!s.empty()) s += "; ";
        s += abbreviation(weekday_from_index(d));
        s += " ";
        const auto& day = days_[static_cast<std::size_t>(d)];
        if (!day) {
            s += "unknown";
        } else if (day->empty()) {
            s += "closed";
        } else {
            for (std::size_t k = 0; k < day->size(); ++k) {
                s += (k ? "," : "") + format_clock((*day)[k].first) + "-" + format_clock((*day)[k].second);
            }
        }
    }
    return s;
}

// =============================================================================================
// Ranking venues

namespace {

// Evening first (a start from 17:00 to 21:00, nearest 19:00 best), then afternoon (nearest 16:00),
// morning (nearest 10:00), then the small hours.
std::pair<int, int> slot_preference(const WeeklySlot& s) {
    if (s.start >= 17 * 60 && s.start <= 21 * 60) return {0, std::abs(s.start - 19 * 60)};
    if (s.start >= 12 * 60 && s.start < 17 * 60) return {1, std::abs(s.start - 16 * 60)};
    if (s.start >= 7 * 60 && s.start < 12 * 60) return {2, std::abs(s.start - 10 * 60)};
    return {3, s.start};
}

}  // namespace

std::vector<WeeklySlot> open_slots(const OpeningHours& hours, const TimeWindow& window, int slot_minutes) {
    std::vector<WeeklySlot> out;
    for (int d = 0; d < 7; ++d) {
        for (int start = 0; start < minutes_per_day; start += 30) {
            WeeklySlot s{weekday_from_index(d), start, start + slot_minutes};
            if (window.contains(s) && hours.open_for(s)) out.push_back(s);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const WeeklySlot& a, const WeeklySlot& b) {
        const auto pa = slot_preference(a), pb = slot_preference(b);
        if (pa != pb) return pa < pb;
        return day_index(a.weekday) < day_index(b.weekday);
    });
    return out;
}

long long RankedPick::reached_total() const {
    long long t = 0;
    for (long long c : reached) t += c;
    return t;
}

std::vector<std::size_t> ReachRule::reached(const Point& from, const std::vector<Point>& to) const {
    std::vector<std::size_t> out;
    if (model) {
        for (const auto& mt : meetings_within(*model, from, to, seconds)) out.push_back(mt.meeting);
        std::sort(out.begin(), out.end());
    } else {
        for (std::size_t k = 0; k < to.size(); ++k) {
            if (distance(from, to[k]) <= metres) out.push_back(k);
        }
    }
    return out;
}

GeometryPtr ReachRule::catchment(const Point& at) const {
    if (model) return AccessTimes(*model, {at}).reachable_area(seconds);
    OGRPoint centre(at.x, at.y);
    return GeometryPtr(centre.Buffer(metres, 32));
}

RankResult rank_venues(const Study& study, const MeetingIndex& index, const RankQuery& query,
                       std::vector<HotspotAccess> access) {
    if (query.existing.fellowships.members().size() != 1) {
        throw ArgumentError("rank: --fellowship is needed: new meetings are planned for one fellowship (e.g. --fellowship NA).");
    }
    if (query.new_meetings < 1) throw ArgumentError("--new " + std::to_string(query.new_meetings) + ": plan at least one new meeting.");
    if (query.reach.by_time() ? !(query.reach.seconds > 0) : !(query.reach.metres > 0)) {
        throw ArgumentError("--within: the reach must be more than zero.");
    }
    if (access.size() != study.hotspots.size()) throw RuntimeFailure("rank: one access entry per hotspot expected");
    if (query.max_per_town > 0 && query.min_per_town > query.max_per_town) {
        throw ArgumentError("--min-per-town " + std::to_string(query.min_per_town) + " is more than --per-town " +
                            std::to_string(query.max_per_town) + ". Lower one of them.");
    }
    if (!query.cohort_weights.empty() && query.cohort_weights.size() != study.cohorts.size()) {
        throw RuntimeFailure("rank: one cohort weight per cohort expected");
    }
    if (!query.hotspot_weights.empty() && query.hotspot_weights.size() != study.hotspots.size()) {
        throw RuntimeFailure("rank: one hotspot weight per hotspot expected");
    }

    RankResult r;
    r.access = std::move(access);
    r.reached_by.assign(study.hotspots.size(), 0);
    for (const auto& a : r.access) {
        if (!a.covered) {
            r.unreached.push_back(a.hotspot);
            r.reached_by[a.hotspot] = -1;
        }
    }

    // Kinds asked for must exist, so a typo is not silently "no venue".
    std::set<std::string> kinds;
    for (const auto& v : study.venues) kinds.insert(v.kind);
    for (const auto& k : query.venue_kinds) {
        if (!kinds.count(k)) {
            std::string list;
            for (const auto& have : kinds) list += (list.empty() ? "" : ", ") + have;
            throw ArgumentError("--venues: no venue of kind '" + k + "' in the venues layer. Its kinds: " + list + ".");
        }
    }

    std::vector<OpeningHours> hours(study.venues.size());
    std::vector<std::vector<WeeklySlot>> slots(study.venues.size());
    for (std::size_t v = 0; v < study.venues.size(); ++v) {
        const Venue& site = study.venues[v];
        if (!query.venue_kinds.empty() &&
            std::find(query.venue_kinds.begin(), query.venue_kinds.end(), site.kind) == query.venue_kinds.end()) {
            ++r.excluded_kind;
            continue;
        }
        if (!study.in_study(site.at)) {
            ++r.excluded_outside;
            continue;
        }
        std::string problem;
        if (auto h = OpeningHours::parse(site.hours, &problem)) {
            hours[v] = *h;
        } else {
            r.notes.push_back("venue " + site.id + " (" + site.name + "): " + problem + "; its hours are treated as unknown.");
        }
        slots[v] = open_slots(hours[v], query.window, query.slot_minutes);
        if (slots[v].empty()) {
            ++r.excluded_closed;
            continue;
        }
        r.eligible.push_back(v);
        if (!hours[v].all_known()) r.hours_unknown.push_back(v);
    }

    // The covering problem: unreached hotspots with weight, eligible venues with their reach.
    CoveringProblem& p = r.problem;
    std::vector<int> point_of(study.hotspots.size(), -1);
    for (std::size_t h : r.unreached) {
        const Hotspot& spot = study.hotspots[h];
        double w = 0;
        for (std::size_t k = 0; k < spot.counts.size(); ++k) {
            w += static_cast<double>(spot.counts[k]) * (query.cohort_weights.empty() ? 1.0 : query.cohort_weights[k]);
        }
        if (!query.hotspot_weights.empty()) w *= query.hotspot_weights[h];
        point_of[h] = static_cast<int>(p.demand.size());
        p.demand.push_back(w);
        p.demand_names.push_back(spot.id + (spot.town.empty() ? "" : " (" + spot.town + ")"));
        r.problem_hotspot.push_back(h);
    }
    std::map<std::string, int> town_group;
    for (const auto& t : study.towns) {
        if (!town_group.count(t.name)) {
            town_group[t.name] = p.groups++;
            p.group_names.push_back(t.name);
        }
    }
    // Each unreached hotspot's reach to the eligible venues: people travel from the hotspot.
    std::vector<Point> venue_points;
    for (std::size_t v : r.eligible) venue_points.push_back(study.venues[v].at);
    p.reach.assign(r.eligible.size(), {});
    std::vector<std::vector<char>> covers(r.eligible.size(), std::vector<char>(study.hotspots.size(), 0));
    for (std::size_t h : r.unreached) {
        for (std::size_t e : query.reach.reached(study.hotspots[h].at, venue_points)) {
            p.reach[e].push_back(point_of[h]);
            covers[e][h] = 1;
        }
    }
    auto reaches = [&](std::size_t venue, std::size_t h) {
        const auto e = std::lower_bound(r.eligible.begin(), r.eligible.end(), venue) - r.eligible.begin();
        return covers[static_cast<std::size_t>(e)][h] != 0;
    };
    for (std::size_t v : r.eligible) {
        const Venue& site = study.venues[v];
        const auto g = town_group.find(site.town);
        p.group.push_back(g == town_group.end() ? -1 : g->second);
        p.candidate_names.push_back(site.id + " (" + site.name + ", " + site.kind + (site.town.empty() ? "" : ", " + site.town) + ")");
    }
    p.new_sites = query.new_meetings;
    p.max_per_group = query.max_per_town;
    p.min_per_group = query.min_per_town;
    if (query.min_spacing_metres > 0) {
        for (std::size_t a = 0; a < r.eligible.size(); ++a) {
            for (std::size_t b = a + 1; b < r.eligible.size(); ++b) {
                if (distance(study.venues[r.eligible[a]].at, study.venues[r.eligible[b]].at) < query.min_spacing_metres) {
                    p.conflicts.emplace_back(static_cast<int>(a), static_cast<int>(b));
                }
            }
        }
    }
    if (query.min_per_town > 0) {
        if (static_cast<long long>(query.min_per_town) * p.groups > query.new_meetings) {
            throw ArgumentError("--min-per-town " + std::to_string(query.min_per_town) + " in each of the " +
                                std::to_string(p.groups) + " towns needs at least " +
                                std::to_string(query.min_per_town * p.groups) + " new meetings, but --new is " +
                                std::to_string(query.new_meetings) + ". Raise --new or lower --min-per-town.");
        }
        for (const auto& [town, g] : town_group) {
            int n = 0;
            for (int cg : p.group) n += cg == g;
            if (n < query.min_per_town) {
                throw ArgumentError("--min-per-town " + std::to_string(query.min_per_town) + ": " + town + " has only " +
                                    std::to_string(n) + " eligible venue(s) (kind, place, opening hours in the window). "
                                    "Lower --min-per-town, allow more --venues kinds or widen --when.");
            }
        }
    }

    r.solution = solve_covering(p, query.solve);
    if (!r.solution.feasible) {
        throw ArgumentError("rank: no choice of venues keeps every rule (--new, --per-town, --min-per-town, "
                            "--min-spacing). Relax --min-spacing or --min-per-town.");
    }

    // Picks, in order, with the people each reaches first.
    const MeetingFilter same_fellowship = [&] {
        MeetingFilter f;
        f.fellowships = query.existing.fellowships;
        return f;
    }();
    // Meetings of the same fellowship at any time, in person: a new group should not meet on their day.
    std::vector<Point> fellowship_points;
    std::vector<std::size_t> fellowship_sites;
    for (std::size_t m = 0; m < study.meetings.size(); ++m) {
        if (study.meetings[m].at && same_fellowship.accepts(study.meetings[m])) {
            fellowship_points.push_back(*study.meetings[m].at);
            fellowship_sites.push_back(m);
        }
    }
    for (std::size_t k = 0; k < r.solution.chosen.size(); ++k) {
        const std::size_t v = r.eligible[static_cast<std::size_t>(r.solution.chosen[k])];
        RankedPick pick;
        pick.venue = v;
        pick.reached.assign(study.cohorts.size(), 0);
        for (std::size_t h : r.unreached) {
            if (r.reached_by[h] != -1) continue;
            if (!reaches(v, h)) continue;
            r.reached_by[h] = static_cast<int>(k) + 1;
            pick.new_hotspots.push_back(h);
            for (std::size_t c = 0; c < pick.reached.size(); ++c) pick.reached[c] += study.hotspots[h].counts[c];
            if (point_of[h] >= 0) pick.score += p.demand[static_cast<std::size_t>(point_of[h])];
        }
        pick.nearest_meeting = index.nearest(study.venues[v].at, query.existing);
        r.picks.push_back(std::move(pick));
    }

    // Times: open, in the window, on a day no meeting of the fellowship within reach uses, and not
    // the day of another new group within reach; days no new group uses yet come first, so the new
    // groups meet at different times. The venues with fewest good days choose first (a library
    // open late on one evening only keeps that evening; a venue of unknown hours takes another).
    std::vector<std::vector<std::string>> clash_day(r.picks.size(), std::vector<std::string>(7));
    std::vector<std::size_t> order(r.picks.size());
    std::vector<int> good_days(r.picks.size(), 0);
    for (std::size_t k = 0; k < r.picks.size(); ++k) {
        order[k] = k;
        const std::size_t v = r.picks[k].venue;
        for (std::size_t k2 : query.reach.reached(study.venues[v].at, fellowship_points)) {
            const Meeting& near = study.meetings[fellowship_sites[k2]];
            for (const auto& s : near.slots) {
                auto& clash = clash_day[k][static_cast<std::size_t>(day_index(s.weekday))];
                if (clash.empty()) clash = near.name;
            }
        }
        std::vector<char> day(7, 0);
        for (const auto& s : slots[v]) {
            const int d = day_index(s.weekday);
            if (clash_day[k][static_cast<std::size_t>(d)].empty() &&
                slot_preference(s).first == slot_preference(slots[v].front()).first) {
                day[static_cast<std::size_t>(d)] = 1;
            }
        }
        good_days[k] = static_cast<int>(std::count(day.begin(), day.end(), 1));
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return good_days[a] < good_days[b]; });
    std::vector<int> day_use(7, 0);
    std::vector<std::size_t> booked;  // picks with a time already
    for (std::size_t k : order) {
        RankedPick& pick = r.picks[k];
        const std::size_t v = pick.venue;
        std::vector<std::string>& clash = clash_day[k];
        for (std::size_t other : booked) {
            const std::size_t ov = r.picks[other].venue;
            const int d = day_index(r.picks[other].time.slot->weekday);
            if (clash[static_cast<std::size_t>(d)].empty() && !query.reach.reached(study.venues[v].at, {study.venues[ov].at}).empty()) {
                clash[static_cast<std::size_t>(d)] = "the new group at " + study.venues[ov].name;
            }
        }
        const WeeklySlot* chosen = nullptr;
        for (int pass = 0; pass < 2 && !chosen; ++pass) {
            for (const auto& s : slots[v]) {
                const int d = day_index(s.weekday);
                if (!clash[static_cast<std::size_t>(d)].empty()) continue;
                if (pass == 0 && day_use[static_cast<std::size_t>(d)] > 0) continue;
                // Only move to an unused day within the same part of the day.
                if (pass == 0 && slot_preference(s).first > slot_preference(slots[v].front()).first) continue;
                chosen = &s;
                break;
            }
        }
        if (chosen) {
            pick.time.slot = *chosen;
        } else if (!slots[v].empty()) {
            pick.time.slot = slots[v].front();
            pick.time.note = "every open slot clashes: " + clash[static_cast<std::size_t>(day_index(slots[v].front().weekday))] +
                             " meets on " + full_name(slots[v].front().weekday);
        }
        if (pick.time.slot) {
            pick.time.hours_known = hours[v].known(pick.time.slot->weekday);
            if (!pick.time.hours_known) {
                pick.time.note = pick.time.note.empty() ? "hours unknown: check the venue is free then"
                                                        : pick.time.note + "; hours unknown";
            }
            ++day_use[static_cast<std::size_t>(day_index(pick.time.slot->weekday))];
            booked.push_back(k);
        }
    }

    // The runner-up: the venue left out that would do best in the first pick's place, the other
    // picks kept, among those that keep the rules.
    if (!r.picks.empty()) {
        const std::vector<int>& chosen = r.solution.chosen;
        const int first = chosen.front();
        double best = -1;
        for (std::size_t j = 0; j < p.candidates(); ++j) {
            if (std::find(chosen.begin(), chosen.end(), static_cast<int>(j)) != chosen.end()) continue;
            std::vector<int> swapped = chosen;
            swapped.front() = static_cast<int>(j);
            if (!is_feasible(p, swapped)) continue;
            std::vector<int> others(chosen.begin() + 1, chosen.end());
            others.push_back(static_cast<int>(j));
            const double v = covered_weight(p, others);
            if (v > best) {
                best = v;
                RunnerUp up;
                up.venue = r.eligible[j];
                r.runner_up = up;
            }
        }
        if (r.runner_up) {
            std::vector<char> by_others(study.hotspots.size(), 0);
            for (std::size_t k = 1; k < chosen.size(); ++k) {
                for (int i : p.reach[static_cast<std::size_t>(chosen[k])]) by_others[r.problem_hotspot[static_cast<std::size_t>(i)]] = 1;
            }
            const std::size_t first_venue = r.eligible[static_cast<std::size_t>(first)];
            for (std::size_t h : r.unreached) {
                if (by_others[h] || point_of[h] < 0) continue;
                const double w = p.demand[static_cast<std::size_t>(point_of[h])];
                if (reaches(r.runner_up->venue, h)) {
                    r.runner_up->hotspots.push_back(h);
                    r.runner_up->score += w;
                }
                if (reaches(first_venue, h)) {
                    r.runner_up->first_hotspots.push_back(h);
                    r.runner_up->first_score += w;
                }
            }
        }
    }
    return r;
}

}  // namespace roisc
