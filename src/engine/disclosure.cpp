#include "roisc/engine/disclosure.hpp"

#include "roisc/core/error.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <queue>

namespace roisc {

// ---------------------------------------------------------------------------------------------
// Policy

DisclosurePolicy DisclosurePolicy::standard(long long threshold) {
    DisclosurePolicy p;
    p.method = DisclosureMethod::standard;
    p.threshold = threshold;
    return p;
}

DisclosurePolicy DisclosurePolicy::none() {
    DisclosurePolicy p;
    p.method = DisclosureMethod::none;
    p.threshold = 0;
    return p;
}

DisclosurePolicy DisclosurePolicy::from_options(const std::string& name, std::optional<long long> threshold,
                                                const std::string& rounding) {
    if (rounding != "none" && rounding != "5") {
        throw QueryError("the disclosure rounding", "'" + rounding + "' is not a rounding roisc knows. Use none (the "
                                                    "default) or 5 (published counts to the nearest multiple of 5).");
    }
    if (name == "none") {
        if (threshold) {
            throw QueryError("the disclosure threshold", "applies only to the standard policy; the policy 'none' "
                                                         "suppresses nothing. Drop one of them.");
        }
        if (rounding != "none") {
            throw QueryError("the disclosure rounding", "applies only to the standard policy; the policy 'none' "
                                                        "publishes exact counts. Drop one of them.");
        }
        return none();
    }
    if (name != "standard") {
        throw QueryError("the disclosure policy", "'" + name + "' is not one roisc knows. Use standard (the default) or none.");
    }
    const long long t = threshold.value_or(5);
    if (t < 2 || t > 1000) {
        throw QueryError("the disclosure threshold", "(" + std::to_string(t) +
                                                     ", the smallest count to publish) must be between 2 and 1000 (usually 5 or 10).");
    }
    DisclosurePolicy p = standard(t);
    p.rounding = rounding == "5" ? 5 : 0;
    return p;
}

const char* DisclosurePolicy::name() const { return method == DisclosureMethod::none ? "none" : "standard"; }

bool DisclosurePolicy::is_small(long long count) const {
    return method == DisclosureMethod::standard && count >= 1 && count < threshold;
}

long long DisclosurePolicy::rounded(long long count) const {
    if (rounding <= 1) return count;
    return (count + rounding / 2) / rounding * rounding;
}

std::string DisclosurePolicy::summary() const {
    if (method == DisclosureMethod::none) {
        return "Disclosure control: none (--disclosure none). Counts are exact, small ones included: for use inside "
               "the secure environment only; do not share these results.";
    }
    return "Disclosure control: standard, threshold " + std::to_string(threshold) + ". Counts of 1 to " +
           std::to_string(threshold - 1) + " are shown as " + marker +
           ", and so are other counts where they would let a hidden one be worked out from the totals. Zeros are "
           "shown. Every count derives from one protected demand table, the same in every run: a sum that leaves "
           "hidden counts out is shown as its published part followed by +" + marker + " (e.g. 97+" + marker + ")." +
           (rounding > 1 ? " Published counts are rounded to the nearest multiple of " + std::to_string(rounding) +
                               "; a total made of several counts is the sum of their rounded values, so it may differ "
                               "from the true total rounded."
                         : std::string());
}

std::vector<std::pair<std::string, std::string>> DisclosurePolicy::metadata() const {
    if (method == DisclosureMethod::none) {
        return {{"disclosure_policy", "none"},
                {"disclosure_threshold", "none"},
                {"disclosure_method", "no suppression (--disclosure none): exact counts for the secure environment only"},
                {"disclosure_rounding", "none"},
                {"disclosure_counts", "the exact counts of the demand table, unprotected (--disclosure none)"},
                {"disclosure_note", summary()}};
    }
    return {{"disclosure_policy", "standard"},
            {"disclosure_threshold", std::to_string(threshold)},
            {"disclosure_method",
             "primary suppression of counts 1 to " + std::to_string(threshold - 1) +
                 "; secondary suppression over the table of hotspots by cohort with hotspot, town and whole-area "
                 "totals, so that no suppressed count is determined by the published counts and totals (knowing "
                 "that suppressed counts are at least 1); zeros shown"},
            {"disclosure_marker", marker},
            {"disclosure_rounding", rounding > 1 ? std::to_string(rounding) : "none"},
            {"disclosure_counts",
             "derived from the protected demand table (hotspot x cohort with town and whole-area totals, protected "
             "once per demand layer and policy): sums of its published cells only" +
                 std::string(rounding > 1 ? " (each rounded to the nearest multiple of " + std::to_string(rounding) +
                                                " before it is added)"
                                          : "") +
                 "; '+" + marker + "' marks a sum that leaves hidden cells out, never their value"},
            {"disclosure_note", summary()}};
}

std::string PublishedCount::text(const DisclosurePolicy& policy) const {
    return value_ ? std::to_string(*value_) : policy.marker;
}

// ---------------------------------------------------------------------------------------------
// Table

CountTable::CountTable(std::vector<std::string> cohorts) : cohorts_(std::move(cohorts)) {
    if (cohorts_.empty()) throw RuntimeFailure("a count table needs at least one cohort");
}

std::size_t CountTable::add_region(std::string name, long long importance) {
    if (importance < 1) throw RuntimeFailure("count table: a region's importance is 1 or more");
    regions_.push_back(std::move(name));
    importance_.push_back(importance);
    return regions_.size() - 1;
}

std::size_t CountTable::add_row(std::size_t region, std::string name, std::vector<long long> counts) {
    if (region >= regions_.size()) throw RuntimeFailure("count table: no region " + std::to_string(region));
    if (counts.size() != cohorts_.size()) throw RuntimeFailure("count table: row '" + name + "' has the wrong number of counts");
    for (long long c : counts) {
        if (c < 0) throw RuntimeFailure("count table: row '" + name + "' has a negative count");
    }
    rows_.push_back({std::move(name), region, std::move(counts)});
    return rows_.size() - 1;
}

std::size_t ProtectedTable::suppressed_count() const {
    std::size_t n = 0;
    auto line = [&](const ProtectedLine& l) {
        for (const auto& c : l.cells) n += c.is_suppressed();
        n += l.total.is_suppressed();
    };
    for (const auto& l : rows) line(l);
    for (const auto& l : regions) line(l);
    line(whole);
    return n;
}

std::size_t ProtectedTable::cell_count() const {
    return (rows.size() + regions.size() + 1) * (cohorts.size() + 1);
}

// ---------------------------------------------------------------------------------------------
// Secondary suppression
//
// The table with all its totals is a flow network: every count is an arc, every "parts add up to
// a total" is conservation of flow at a node:
//
//   source -> town T            (town total)        town T -> hotspot h     (hotspot total)
//   hotspot h -> (T, cohort k)  (hotspot count)     (T, k) -> cohort k      (town count)
//   cohort k -> sink            (cohort total)      sink -> source          (grand total)
//
// (The town rows' own equation, town counts adding up to the town total, follows from these.)
// Someone who knows the published counts can vary the suppressed ones only along cycles of
// suppressed arcs, each up or down as long as none falls below 1. So a suppressed count is safe
// exactly when some cycle of suppressed arcs through it can be pushed one way or the other: an arc
// may be pushed forward (its count goes up) always, and backward only when its count is 2 or more.
//
// A graph search per suppressed count is quadratic, and a national table has millions. So the
// protection works in three near-linear steps, repeated until nothing changes:
//
//  1. Group by group, from a worklist: the nodes, and each town's line (its cohort counts add up to
//     its total), which is a cut rather than a node. A group (a total and its parts) that has suppressed arcs must
//     leave each of them a partner to move with: at least two suppressed, and a 1 (which can only
//     go up) one on the other side, or one above 1 on its side. Where the suppressed arcs are all
//     parts of a published total, the total gives their sum away, so the sum must be at least the
//     threshold. A group that fails hides its cheapest published arc, counting for each candidate
//     what its other groups would need next (a one-step look-ahead: it closes cycles rather than
//     starting chains). One hidden arc always satisfies the group, so each acts at most once.
//  2. The exact test, for every suppressed arc at once. In the graph of the moves the suppressed
//     arcs allow, a 1 is safe when its two ends are strongly connected; a larger count when its
//     arc is not a bridge of its strongly connected component (then a path joins its ends, one way
//     or the other, without it). One pass for the components, one for the bridges.
//  3. An arc still unsafe gets the cheapest cycle of published arcs that frees it (Dijkstra, as
//     before), and step 1 looks again at the groups that touched.
//
// Suppressing more never makes a safe count unsafe, nor a satisfied group unsatisfied, so this ends.

namespace {

struct Arc {
    long long value = 0;
    long long cost = 0;  // of hiding it: the weight of its level (totals are dearer to lose) x value
    int from = 0, to = 0;
    int line = -1;         // the town line it is in (a town's total or cohort count), or -1
    bool line_total = false;  // it is that line's total
    Suppression state = Suppression::none;
    bool hidden() const { return state != Suppression::none; }
    // A published count that may be hidden: zeros are always shown.
    bool hideable() const { return state == Suppression::none && value > 0; }
};

// What a group (a node, or a town line) knows of its suppressed arcs: how many are on each side of
// its equation (in and out of a node; a town's total and its cohort counts), how many of them are
// more than 1 (may go down), and what they add up to.
struct NodeState {
    int in = 0, out = 0, in_above_one = 0, out_above_one = 0;
    long long in_sum = 0, out_sum = 0;

    void add(const Arc& a, bool incoming) {
        (incoming ? in : out) += 1;
        (incoming ? in_above_one : out_above_one) += a.value > 1;
        (incoming ? in_sum : out_sum) += a.value;
    }

    bool satisfied(long long threshold) const {
        if (in + out == 0) return true;
        if (in + out < 2) return false;
        // All on one side of a published total: the total gives their sum away.
        if (in == 0 && out_sum < threshold) return false;
        if (out == 0 && in_sum < threshold) return false;
        // A 1 goes up with an arc on the other side going up, or one on its own side going down.
        if (in > in_above_one && out == 0 && in_above_one == 0) return false;
        if (out > out_above_one && in == 0 && out_above_one == 0) return false;
        return true;
    }
};

class Network {
public:
    // Groups 0 .. nodes-1 are the nodes, then one per town line.
    Network(int nodes, int lines, std::size_t arcs)
        : nodes_(static_cast<std::size_t>(nodes)), states_(static_cast<std::size_t>(nodes + lines)) {
        arcs_.reserve(arcs);
    }

    int add(int from, int to, long long value, long long weight, int line = -1, bool line_total = false) {
        Arc a;
        a.from = from;
        a.to = to;
        a.line = line;
        a.line_total = line_total;
        a.value = value;
        a.cost = weight * value;
        arcs_.push_back(a);
        return static_cast<int>(arcs_.size()) - 1;
    }
    std::vector<Arc>& arcs() { return arcs_; }

    // Once every arc is in and the primary suppression marked: each group's arcs from the cheapest
    // to hide (a node's are its adjacency), and what each group knows of its suppressed arcs.
    void index() {
        const std::size_t groups = states_.size();
        first_.assign(groups + 1, 0);
        for (std::size_t e = 0; e < arcs_.size(); ++e) {
            for (int g : groups_of(static_cast<int>(e))) {
                if (g >= 0) ++first_[static_cast<std::size_t>(g) + 1];
            }
        }
        for (std::size_t n = 0; n < groups; ++n) first_[n + 1] += first_[n];
        adjacent_.resize(first_[groups]);
        std::vector<std::size_t> fill(first_.begin(), first_.end() - 1);
        for (std::size_t e = 0; e < arcs_.size(); ++e) {
            for (int g : groups_of(static_cast<int>(e))) {
                if (g >= 0) adjacent_[fill[static_cast<std::size_t>(g)]++] = static_cast<int>(e);
            }
        }
        for (std::size_t n = 0; n < groups; ++n) {
            std::sort(adjacent_.begin() + static_cast<std::ptrdiff_t>(first_[n]),
                      adjacent_.begin() + static_cast<std::ptrdiff_t>(first_[n + 1]), [&](int x, int y) {
                          const Arc& a = arcs_[static_cast<std::size_t>(x)];
                          const Arc& b = arcs_[static_cast<std::size_t>(y)];
                          return a.cost != b.cost ? a.cost < b.cost : x < y;
                      });
        }
        next_.assign(first_.begin(), first_.end() - 1);
        for (std::size_t e = 0; e < arcs_.size(); ++e) {
            if (arcs_[e].hidden()) count_hidden(static_cast<int>(e));
        }
    }

    std::size_t groups() const { return states_.size(); }

    // Step 1: every group in `groups` (and every group that what they hide touches) is satisfied.
    void satisfy(std::vector<int> groups, long long threshold) {
        for (std::size_t i = 0; i < groups.size(); ++i) {
            const int g = groups[i];
            if (state(g).satisfied(threshold)) continue;
            const int e = cheapest_partner(g, threshold);
            if (e < 0) throw RuntimeFailure("disclosure control found no count to hide beside a suppressed one; this is a bug.");
            hide(e);
            for (int m : groups_of(e)) {
                if (m >= 0) groups.push_back(m);
            }
        }
    }

    // Step 2: the suppressed arcs that cannot move, in arc order.
    std::vector<int> unsafe() const;

    // Step 3: hides the cheapest set of published arcs that lets arc `i` move; the nodes it touched
    // go to `touched`.
    void free(int i, std::vector<int>& touched) {
        const Arc& a = arcs_[static_cast<std::size_t>(i)];
        auto up = cheapest_path(a.to, a.from, i);
        if (a.value > 1) {
            auto down = cheapest_path(a.from, a.to, i);
            if (down.second < up.second) up = down;
        }
        if (up.second == unreachable) {
            throw RuntimeFailure("disclosure control found no way to protect a suppressed count; this is a bug.");
        }
        for (int e : up.first) {
            if (arcs_[static_cast<std::size_t>(e)].hidden()) continue;
            hide(e);
            for (int g : groups_of(e)) {
                if (g >= 0) touched.push_back(g);
            }
        }
    }

private:
    static constexpr long long unreachable = std::numeric_limits<long long>::max();
    static constexpr long long dead_end = std::numeric_limits<long long>::max() / 4;

    NodeState& state(int g) { return states_[static_cast<std::size_t>(g)]; }
    int other_end(int e, int n) const {
        const Arc& a = arcs_[static_cast<std::size_t>(e)];
        return a.from == n ? a.to : a.from;
    }
    // The groups arc e is in: its two nodes, and its town line (or -1).
    std::array<int, 3> groups_of(int e) const {
        const Arc& a = arcs_[static_cast<std::size_t>(e)];
        return {a.from, a.to, a.line < 0 ? -1 : static_cast<int>(nodes_) + a.line};
    }
    // Which side of group g's equation arc e is on ("in": a node's incoming arcs, a line's total).
    bool incoming(int e, int g) const {
        const Arc& a = arcs_[static_cast<std::size_t>(e)];
        return static_cast<std::size_t>(g) < nodes_ ? a.to == g : a.line_total;
    }
    void count_hidden(int e) {
        for (int g : groups_of(e)) {
            if (g >= 0) state(g).add(arcs_[static_cast<std::size_t>(e)], incoming(e, g));
        }
    }
    void hide(int e) {
        arcs_[static_cast<std::size_t>(e)].state = Suppression::secondary;
        count_hidden(e);
    }

    // The cheapest published non-zero arc of node n other than `except`, or -1. Hidden arcs only
    // ever join, so the start of the search moves forward for good.
    int cheapest_published(int n, int except) {
        auto& at = next_[static_cast<std::size_t>(n)];
        const std::size_t end = first_[static_cast<std::size_t>(n) + 1];
        while (at < end && !arcs_[static_cast<std::size_t>(adjacent_[at])].hideable()) ++at;
        for (std::size_t p = at, looked = 0; p < end && looked < 64; ++p, ++looked) {
            const int e = adjacent_[p];
            if (e != except && arcs_[static_cast<std::size_t>(e)].hideable()) return e;
        }
        return -1;
    }

    // The published arc of group n whose hiding costs least, counting what its other groups would
    // then need (nothing for one satisfied with it, else its own cheapest published arc).
    int cheapest_partner(int n, long long threshold) {
        cheapest_published(n, -1);  // moves the start past what is hidden
        long long best = unreachable;
        int pick = -1;
        const std::size_t end = first_[static_cast<std::size_t>(n) + 1];
        for (std::size_t p = next_[static_cast<std::size_t>(n)]; p < end; ++p) {
            const int e = adjacent_[p];
            const Arc& a = arcs_[static_cast<std::size_t>(e)];
            if (!a.hideable()) continue;
            if (a.cost >= best) break;  // sorted by cost: nothing further can be cheaper
            long long next = 0;
            for (int m : groups_of(e)) {
                if (m < 0 || m == n) continue;
                NodeState after = state(m);
                after.add(a, incoming(e, m));
                if (after.satisfied(threshold)) continue;
                const int f = cheapest_published(m, e);
                next += f < 0 ? dead_end : arcs_[static_cast<std::size_t>(f)].cost;
            }
            if (a.cost + next < best) {
                best = a.cost + next;
                pick = e;
            }
        }
        return pick;
    }

    // The node a move along arc `e` from `node` leads to, or -1 when the move is not allowed with
    // only the suppressed arcs free.
    int step(int node, int e) const {
        const Arc& arc = arcs_[static_cast<std::size_t>(e)];
        if (!arc.hidden()) return -1;
        if (arc.from == node) return arc.to;
        if (arc.value > 1) return arc.from;
        return -1;
    }

    // Dijkstra: suppressed arcs are free (in the directions they may move), published non-zero arcs
    // cost what hiding them costs. Zeros are never suppressed (they are always shown).
    std::pair<std::vector<int>, long long> cheapest_path(int start, int goal, int excluded) const {
        const std::size_t nodes = nodes_;
        std::vector<long long> cost(nodes, unreachable);
        std::vector<int> via(nodes, -1);
        using Entry = std::pair<long long, int>;
        std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
        cost[static_cast<std::size_t>(start)] = 0;
        queue.push({0, start});
        while (!queue.empty()) {
            const auto [c, n] = queue.top();
            queue.pop();
            if (c != cost[static_cast<std::size_t>(n)]) continue;
            if (n == goal) break;
            for (std::size_t p = first_[static_cast<std::size_t>(n)]; p < first_[static_cast<std::size_t>(n) + 1]; ++p) {
                const int e = adjacent_[p];
                if (e == excluded) continue;
                const Arc& arc = arcs_[static_cast<std::size_t>(e)];
                int m = -1;
                long long extra = 0;
                if (arc.hidden()) {
                    m = step(n, e);
                } else if (arc.value > 0) {
                    // Once hidden it is at least the threshold, so it may move either way.
                    m = arc.from == n ? arc.to : (arc.value > 1 ? arc.from : -1);
                    extra = arc.cost;
                }
                if (m < 0) continue;
                if (c + extra < cost[static_cast<std::size_t>(m)]) {
                    cost[static_cast<std::size_t>(m)] = c + extra;
                    via[static_cast<std::size_t>(m)] = e;
                    queue.push({c + extra, m});
                }
            }
        }
        if (cost[static_cast<std::size_t>(goal)] == unreachable) return {{}, unreachable};
        std::vector<int> path;
        for (int n = goal; n != start;) {
            const int e = via[static_cast<std::size_t>(n)];
            path.push_back(e);
            n = other_end(e, n);
        }
        return {path, cost[static_cast<std::size_t>(goal)]};
    }

    std::vector<Arc> arcs_;
    std::size_t nodes_;
    std::vector<NodeState> states_;   // per group
    std::vector<std::size_t> first_;  // group g's arcs are adjacent_[first_[g] .. first_[g + 1])
    std::vector<int> adjacent_;
    std::vector<std::size_t> next_;   // where group g's published arcs start (hidden ones skipped)
};

std::vector<int> Network::unsafe() const {
    const std::size_t nodes = nodes_;
    // The moves the suppressed arcs allow: forward always, backward when above 1.
    std::vector<std::size_t> first(nodes + 1, 0);
    for (const Arc& a : arcs_) {
        if (!a.hidden()) continue;
        ++first[static_cast<std::size_t>(a.from) + 1];
        if (a.value > 1) ++first[static_cast<std::size_t>(a.to) + 1];
    }
    for (std::size_t n = 0; n < nodes; ++n) first[n + 1] += first[n];
    std::vector<int> move_to(first[nodes]);
    {
        std::vector<std::size_t> fill(first.begin(), first.end() - 1);
        for (const Arc& a : arcs_) {
            if (!a.hidden()) continue;
            move_to[fill[static_cast<std::size_t>(a.from)]++] = a.to;
            if (a.value > 1) move_to[fill[static_cast<std::size_t>(a.to)]++] = a.from;
        }
    }

    // Strongly connected components (Tarjan, with an explicit stack).
    std::vector<int> order(nodes, -1), low(nodes, 0), component(nodes, -1), stack;
    std::vector<char> on_stack(nodes, 0);
    std::vector<std::pair<int, std::size_t>> calls;  // node, next move to look at
    int counter = 0, components = 0;
    for (std::size_t s = 0; s < nodes; ++s) {
        if (order[s] >= 0) continue;
        order[s] = low[s] = counter++;
        stack.push_back(static_cast<int>(s));
        on_stack[s] = 1;
        calls.push_back({static_cast<int>(s), first[s]});
        while (!calls.empty()) {
            const auto v = static_cast<std::size_t>(calls.back().first);
            if (calls.back().second < first[v + 1]) {
                const auto w = static_cast<std::size_t>(move_to[calls.back().second++]);
                if (order[w] < 0) {
                    order[w] = low[w] = counter++;
                    stack.push_back(static_cast<int>(w));
                    on_stack[w] = 1;
                    calls.push_back({static_cast<int>(w), first[w]});
                } else if (on_stack[w]) {
                    low[v] = std::min(low[v], order[w]);
                }
                continue;
            }
            if (low[v] == order[v]) {
                for (;;) {
                    const auto w = static_cast<std::size_t>(stack.back());
                    stack.pop_back();
                    on_stack[w] = 0;
                    component[w] = components;
                    if (w == v) break;
                }
                ++components;
            }
            calls.pop_back();
            if (!calls.empty()) {
                const auto u = static_cast<std::size_t>(calls.back().first);
                low[u] = std::min(low[u], low[v]);
            }
        }
    }

    // Bridges of the suppressed arcs inside each component, taken as undirected edges.
    auto inside = [&](const Arc& a) {
        return a.hidden() && component[static_cast<std::size_t>(a.from)] == component[static_cast<std::size_t>(a.to)];
    };
    std::vector<std::size_t> ufirst(nodes + 1, 0);
    for (const Arc& a : arcs_) {
        if (!inside(a)) continue;
        ++ufirst[static_cast<std::size_t>(a.from) + 1];
        ++ufirst[static_cast<std::size_t>(a.to) + 1];
    }
    for (std::size_t n = 0; n < nodes; ++n) ufirst[n + 1] += ufirst[n];
    std::vector<int> uarc(ufirst[nodes]);
    {
        std::vector<std::size_t> fill(ufirst.begin(), ufirst.end() - 1);
        for (std::size_t e = 0; e < arcs_.size(); ++e) {
            if (!inside(arcs_[e])) continue;
            uarc[fill[static_cast<std::size_t>(arcs_[e].from)]++] = static_cast<int>(e);
            uarc[fill[static_cast<std::size_t>(arcs_[e].to)]++] = static_cast<int>(e);
        }
    }
    std::vector<char> bridge(arcs_.size(), 0);
    std::vector<int> found(nodes, -1), reach(nodes, 0);
    struct Frame {
        int node, parent_arc;
        std::size_t next;
    };
    std::vector<Frame> frames;
    int clock = 0;
    for (std::size_t s = 0; s < nodes; ++s) {
        if (found[s] >= 0 || ufirst[s] == ufirst[s + 1]) continue;
        found[s] = reach[s] = clock++;
        frames.push_back({static_cast<int>(s), -1, ufirst[s]});
        while (!frames.empty()) {
            Frame& f = frames.back();
            const auto v = static_cast<std::size_t>(f.node);
            if (f.next < ufirst[v + 1]) {
                const int e = uarc[f.next++];
                if (e == f.parent_arc) continue;
                const auto w = static_cast<std::size_t>(other_end(e, f.node));
                if (found[w] < 0) {
                    found[w] = reach[w] = clock++;
                    frames.push_back({static_cast<int>(w), e, ufirst[w]});
                } else {
                    reach[v] = std::min(reach[v], found[w]);
                }
                continue;
            }
            const Frame done = f;
            frames.pop_back();
            if (frames.empty()) continue;
            const auto u = static_cast<std::size_t>(frames.back().node);
            reach[u] = std::min(reach[u], reach[v]);
            if (reach[v] > found[u]) bridge[static_cast<std::size_t>(done.parent_arc)] = 1;
        }
    }

    std::vector<int> out;
    for (std::size_t e = 0; e < arcs_.size(); ++e) {
        const Arc& a = arcs_[e];
        if (!a.hidden()) continue;
        const bool safe = a.value > 1 ? !bridge[e] : inside(a);
        if (!safe) out.push_back(static_cast<int>(e));
    }
    return out;
}

// Costs per person hidden, by level: losing a grand total is worse than losing a hotspot count.
constexpr long long weight_row_count = 1, weight_row_total = 2, weight_region_count = 4, weight_region_total = 8,
                    weight_whole_count = 32, weight_whole_total = 128;

}  // namespace
namespace {

// The protection of `table`; with `owned` (the same table, given away) the rows are released as soon
// as their counts are copied, so that a national table is not held beside the network.
ProtectedTable protect_table(const CountTable& table, CountTable* owned, const DisclosurePolicy& policy) {
    const std::size_t cohorts = table.cohorts().size();
    const std::size_t regions = table.region_count();
    const std::size_t rows = table.row_count();

    // True values of every line: the rows' counts flat (row by row), the regions and the whole summed.
    ProtectedTable out;
    out.policy = policy;
    out.cohorts = table.cohorts();
    auto blank = [&](std::string name) {
        ProtectedLine l;
        l.name = std::move(name);
        l.cells.resize(cohorts);
        return l;
    };
    out.whole = blank("");
    out.regions.reserve(regions);
    for (std::size_t r = 0; r < regions; ++r) out.regions.push_back(blank(table.region_name(r)));
    std::vector<long long> counts(rows * cohorts);
    out.row_region.reserve(rows);
    for (std::size_t h = 0; h < rows; ++h) {
        const std::size_t r = table.row_region(h);
        for (std::size_t k = 0; k < cohorts; ++k) {
            const long long v = table.row_counts(h)[k];
            counts[h * cohorts + k] = v;
            out.regions[r].cells[k].value += v;
            out.regions[r].total.value += v;
            out.whole.cells[k].value += v;
            out.whole.total.value += v;
        }
        out.row_region.push_back(r);
    }
    std::vector<std::string> names;
    if (owned) names = owned->take_row_names();
    auto row_total = [&](std::size_t h) {
        long long t = 0;
        for (std::size_t k = 0; k < cohorts; ++k) t += counts[h * cohorts + k];
        return t;
    };
    // A row whose every count is 0 shows only zeros, and zeros are never hidden: it adds nothing to
    // the hidden part of any equation, so it stays out of the network (most postcode units of a
    // national table hold nobody in treatment). The others keep their order, so every choice
    // among them (cheapest first, then first made) is the same as with the zeros in.
    constexpr std::uint32_t not_in_network = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> network_row(rows, not_in_network);
    std::size_t networked = 0;
    for (std::size_t h = 0; h < rows; ++h) {
        if (row_total(h) > 0) network_row[h] = static_cast<std::uint32_t>(networked++);
    }
    // Arcs are made in this order: the whole's total and counts, each region's, each networked
    // row's; arc `first + 0` of a line is its total and `first + 1 + k` its count of cohort k.
    const std::size_t per_line = cohorts + 1;
    const std::size_t first_region = per_line, first_row = per_line * (1 + regions);
    // The rows' lines, made last (after the network is gone); `states` gives each arc's suppression.
    auto make_rows = [&](const std::vector<Suppression>* states) {
        out.rows.reserve(rows);
        for (std::size_t h = 0; h < rows; ++h) {
            ProtectedLine l = blank(!owned ? table.row_name(h) : names.empty() ? std::string() : std::move(names[h]));
            for (std::size_t k = 0; k < cohorts; ++k) {
                l.cells[k].value = counts[h * cohorts + k];
                l.total.value += l.cells[k].value;
            }
            if (states && network_row[h] != not_in_network) {
                const std::size_t a = first_row + network_row[h] * per_line;
                l.total.suppression = (*states)[a];
                for (std::size_t k = 0; k < cohorts; ++k) l.cells[k].suppression = (*states)[a + 1 + k];
            }
            out.rows.push_back(std::move(l));
        }
    };
    // What each cell shows when published: rounding only ever applies to published cells, after the
    // suppression has been decided on the true values, so it cannot bring a hidden one back.
    auto set_shown = [&](ProtectedTable& t) {
        auto line = [&](ProtectedLine& l) {
            for (auto& c : l.cells) c.shown = policy.rounded(c.value);
            l.total.shown = policy.rounded(l.total.value);
        };
        for (auto& l : t.rows) line(l);
        for (auto& l : t.regions) line(l);
        line(t.whole);
    };
    if (policy.method == DisclosureMethod::none) {
        make_rows(nullptr);
        set_shown(out);
        return out;
    }

    std::vector<Suppression> states;
    {
        // The network; arc i stands for the cell the order above gives it.
        const int source = 0, sink = 1;
        auto cohort_node = [&](std::size_t k) { return static_cast<int>(2 + k); };
        auto region_node = [&](std::size_t r) { return static_cast<int>(2 + cohorts + r); };
        auto region_cohort_node = [&](std::size_t r, std::size_t k) {
            return static_cast<int>(2 + cohorts + regions + r * cohorts + k);
        };
        auto row_node = [&](std::size_t h) {
            return static_cast<int>(2 + cohorts + regions + regions * cohorts + network_row[h]);
        };
        const int nodes = static_cast<int>(2 + cohorts + regions + regions * cohorts + networked);
        Network net(nodes, static_cast<int>(regions), 1 + (regions + networked + 1) * (cohorts + 1));
        net.add(sink, source, out.whole.total.value, weight_whole_total);
        for (std::size_t k = 0; k < cohorts; ++k) net.add(cohort_node(k), sink, out.whole.cells[k].value, weight_whole_count);
        for (std::size_t r = 0; r < regions; ++r) {
            const long long importance = table.region_importance(r);
            const int line = static_cast<int>(r);
            net.add(source, region_node(r), out.regions[r].total.value, weight_region_total * importance, line, true);
            for (std::size_t k = 0; k < cohorts; ++k) {
                net.add(region_cohort_node(r, k), cohort_node(k), out.regions[r].cells[k].value,
                        weight_region_count * importance, line);
            }
        }
        for (std::size_t h = 0; h < rows; ++h) {
            if (network_row[h] == not_in_network) continue;
            const std::size_t r = out.row_region[h];
            const long long importance = table.region_importance(r);
            net.add(region_node(r), row_node(h), row_total(h), weight_row_total * importance);
            for (std::size_t k = 0; k < cohorts; ++k) {
                net.add(row_node(h), region_cohort_node(r, k), counts[h * cohorts + k], weight_row_count * importance);
            }
        }

        auto& arcs = net.arcs();
        for (auto& arc : arcs) {
            if (policy.is_small(arc.value)) arc.state = Suppression::primary;
        }
        net.index();
        std::vector<int> touched(net.groups());
        for (std::size_t g = 0; g < touched.size(); ++g) touched[g] = static_cast<int>(g);
        for (;;) {
            net.satisfy(std::move(touched), policy.threshold);
            const std::vector<int> unsafe = net.unsafe();
            if (unsafe.empty()) break;
            touched.clear();
            for (int e : unsafe) net.free(e, touched);
        }
        states.reserve(arcs.size());
        for (const Arc& a : arcs) states.push_back(a.state);
    }
    out.whole.total.suppression = states[0];
    for (std::size_t k = 0; k < cohorts; ++k) out.whole.cells[k].suppression = states[1 + k];
    for (std::size_t r = 0; r < regions; ++r) {
        const std::size_t a = first_region + r * per_line;
        out.regions[r].total.suppression = states[a];
        for (std::size_t k = 0; k < cohorts; ++k) out.regions[r].cells[k].suppression = states[a + 1 + k];
    }
    make_rows(&states);
    set_shown(out);
    return out;
}

}  // namespace

ProtectedTable protect(const CountTable& table, const DisclosurePolicy& policy) {
    return protect_table(table, nullptr, policy);
}

ProtectedTable protect(CountTable&& table, const DisclosurePolicy& policy) {
    return protect_table(table, &table, policy);
}

std::vector<std::string> CountTable::take_row_names() {
    std::vector<std::string> names;
    // Rows without names (the study's demand, whose rows are its hotspots by number) give none:
    // millions of empty strings would still be tens of megabytes.
    const bool named = std::any_of(rows_.begin(), rows_.end(), [](const Row& r) { return !r.name.empty(); });
    if (named) names.reserve(rows_.size());
    for (auto& row : rows_) {
        if (named) names.push_back(std::move(row.name));
    }
    std::vector<Row>().swap(rows_);
    return names;
}

// ---------------------------------------------------------------------------------------------
// Spreading

std::vector<long long> spread_count(long long count, std::size_t slots, long long min_share) {
    std::vector<long long> shares(slots, 0);
    if (slots == 0 || count <= 0) return shares;
    std::size_t takers = slots;
    if (min_share > 1) {
        takers = static_cast<std::size_t>(std::min<long long>(static_cast<long long>(slots), count / min_share));
        takers = std::max<std::size_t>(takers, 1);
    }
    // The points in van der Corput order (bit-reversed index): any first k of them are spread evenly
    // through the list, and a smaller count's points are among a larger count's, so a unit that
    // gets a share of a cohort also gets a share of the total.
    std::size_t bits = 0;
    while ((std::size_t{1} << bits) < slots) ++bits;
    std::vector<std::size_t> order;
    for (std::size_t i = 0; order.size() < slots; ++i) {
        std::size_t r = 0;
        for (std::size_t b = 0; b < bits; ++b) r |= ((i >> b) & 1u) << (bits - 1 - b);
        if (r < slots) order.push_back(r);
    }
    const long long base = count / static_cast<long long>(takers);
    const auto extra = static_cast<std::size_t>(count % static_cast<long long>(takers));
    for (std::size_t j = 0; j < takers; ++j) shares[order[j]] = base + (j < extra ? 1 : 0);
    return shares;
}

}  // namespace roisc
