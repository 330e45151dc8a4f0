// Improving a choice of candidates: swaps and additions (local search), and iterated local search
// from random perturbations with a fixed seed.
#include "solver.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace roisc::covering {

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

}  // namespace roisc::covering
