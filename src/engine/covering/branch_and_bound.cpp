// The exact covering solver: branch and bound with Lagrangian bounds, started from greedy plus
// local search, stopping at a time limit with the remaining gap.
#include "roisc/engine/covering/covering.hpp"

#include "solver.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <queue>

namespace roisc {

namespace covering {
namespace {

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

}  // namespace
}  // namespace covering

using namespace covering;

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

}  // namespace roisc
