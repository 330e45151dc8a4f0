// The secondary suppression roisc used before issue 14 part 6 (a graph search for every suppressed
// count), kept only as the peer bench_protect measures the new one against. Not part of the library.
#pragma once
#include "roisc/core/error.hpp"
#include "roisc/engine/disclosure.hpp"

#include <deque>
#include <limits>
#include <queue>

namespace roisc::legacy {
namespace {

struct Arc {
    int from = 0, to = 0;
    long long value = 0;
    long long weight = 1;  // cost of hiding one person at this level: totals are dearer to lose
    Suppression state = Suppression::none;
};

class Network {
public:
    explicit Network(int nodes) : adjacent_(static_cast<std::size_t>(nodes)) {}

    int add(int from, int to, long long value, long long weight) {
        arcs_.push_back({from, to, value, weight, Suppression::none});
        const int id = static_cast<int>(arcs_.size()) - 1;
        adjacent_[static_cast<std::size_t>(from)].push_back(id);
        adjacent_[static_cast<std::size_t>(to)].push_back(id);
        return id;
    }
    std::vector<Arc>& arcs() { return arcs_; }

    // Can arc `i` change at all, given everything published?
    bool is_protected(int i) const {
        const Arc& a = arcs_[static_cast<std::size_t>(i)];
        if (reachable(a.to, a.from, i)) return true;                 // push it up
        return a.value > 1 && reachable(a.from, a.to, i);            // or down
    }

    // Suppresses the cheapest set of published arcs that lets arc `i` change.
    void protect(int i) {
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
            Arc& arc = arcs_[static_cast<std::size_t>(e)];
            if (arc.state == Suppression::none) arc.state = Suppression::secondary;
        }
    }

private:
    static constexpr long long unreachable = std::numeric_limits<long long>::max();

    // The node a move along arc `e` from `node` leads to, or -1 when the move is not allowed with
    // only the suppressed arcs free.
    int step(int node, int e) const {
        const Arc& arc = arcs_[static_cast<std::size_t>(e)];
        if (arc.state == Suppression::none) return -1;
        if (arc.from == node) return arc.to;
        if (arc.value > 1) return arc.from;
        return -1;
    }

    bool reachable(int start, int goal, int excluded) const {
        std::vector<char> seen(adjacent_.size(), 0);
        std::deque<int> queue{start};
        seen[static_cast<std::size_t>(start)] = 1;
        while (!queue.empty()) {
            const int n = queue.front();
            queue.pop_front();
            if (n == goal) return true;
            for (int e : adjacent_[static_cast<std::size_t>(n)]) {
                if (e == excluded) continue;
                const int m = step(n, e);
                if (m < 0 || seen[static_cast<std::size_t>(m)]) continue;
                seen[static_cast<std::size_t>(m)] = 1;
                queue.push_back(m);
            }
        }
        return false;
    }

    // Dijkstra: suppressed arcs are free (in the directions they may move), published non-zero arcs
    // cost weight x count. Zeros are never suppressed (they are always shown).
    std::pair<std::vector<int>, long long> cheapest_path(int start, int goal, int excluded) const {
        std::vector<long long> cost(adjacent_.size(), unreachable);
        std::vector<int> via(adjacent_.size(), -1);
        using Entry = std::pair<long long, int>;
        std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
        cost[static_cast<std::size_t>(start)] = 0;
        queue.push({0, start});
        while (!queue.empty()) {
            const auto [c, n] = queue.top();
            queue.pop();
            if (c != cost[static_cast<std::size_t>(n)]) continue;
            if (n == goal) break;
            for (int e : adjacent_[static_cast<std::size_t>(n)]) {
                if (e == excluded) continue;
                const Arc& arc = arcs_[static_cast<std::size_t>(e)];
                int m = -1;
                long long extra = 0;
                if (arc.state != Suppression::none) {
                    m = step(n, e);
                } else if (arc.value > 0) {
                    // Once hidden it is at least the threshold, so it may move either way.
                    m = arc.from == n ? arc.to : (arc.value > 1 ? arc.from : -1);
                    extra = arc.weight * arc.value;
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
            const Arc& arc = arcs_[static_cast<std::size_t>(e)];
            n = arc.to == n ? arc.from : arc.to;
        }
        return {path, cost[static_cast<std::size_t>(goal)]};
    }

    std::vector<Arc> arcs_;
    std::vector<std::vector<int>> adjacent_;
};

// Costs per person hidden, by level: losing a grand total is worse than losing a hotspot count.
constexpr long long weight_row_count = 1, weight_row_total = 2, weight_region_count = 4, weight_region_total = 8,
                    weight_whole_count = 32, weight_whole_total = 128;

}  // namespace

inline ProtectedTable protect(const CountTable& table, const DisclosurePolicy& policy) {
    const std::size_t cohorts = table.cohorts().size();
    const std::size_t regions = table.region_count();
    const std::size_t rows = table.row_count();

    // True values of every line.
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
    for (std::size_t r = 0; r < regions; ++r) out.regions.push_back(blank(table.region_name(r)));
    for (std::size_t h = 0; h < rows; ++h) {
        ProtectedLine l = blank(table.row_name(h));
        const std::size_t r = table.row_region(h);
        for (std::size_t k = 0; k < cohorts; ++k) {
            const long long v = table.row_counts(h)[k];
            l.cells[k].value = v;
            l.total.value += v;
            out.regions[r].cells[k].value += v;
            out.regions[r].total.value += v;
            out.whole.cells[k].value += v;
            out.whole.total.value += v;
        }
        out.rows.push_back(std::move(l));
        out.row_region.push_back(r);
    }
    if (policy.method == DisclosureMethod::none) return out;

    // The network, with a pointer from each arc back to its cell.
    const int source = 0, sink = 1;
    auto cohort_node = [&](std::size_t k) { return static_cast<int>(2 + k); };
    auto region_node = [&](std::size_t r) { return static_cast<int>(2 + cohorts + r); };
    auto region_cohort_node = [&](std::size_t r, std::size_t k) {
        return static_cast<int>(2 + cohorts + regions + r * cohorts + k);
    };
    auto row_node = [&](std::size_t h) { return static_cast<int>(2 + cohorts + regions + regions * cohorts + h); };
    Network net(static_cast<int>(2 + cohorts + regions + regions * cohorts + rows));
    std::vector<ProtectedCell*> cell_of;
    auto add = [&](int from, int to, ProtectedCell& cell, long long weight) {
        net.add(from, to, cell.value, weight);
        cell_of.push_back(&cell);
    };
    add(sink, source, out.whole.total, weight_whole_total);
    for (std::size_t k = 0; k < cohorts; ++k) add(cohort_node(k), sink, out.whole.cells[k], weight_whole_count);
    for (std::size_t r = 0; r < regions; ++r) {
        const long long importance = table.region_importance(r);
        add(source, region_node(r), out.regions[r].total, weight_region_total * importance);
        for (std::size_t k = 0; k < cohorts; ++k) {
            add(region_cohort_node(r, k), cohort_node(k), out.regions[r].cells[k], weight_region_count * importance);
        }
    }
    for (std::size_t h = 0; h < rows; ++h) {
        const std::size_t r = out.row_region[h];
        const long long importance = table.region_importance(r);
        add(region_node(r), row_node(h), out.rows[h].total, weight_row_total * importance);
        for (std::size_t k = 0; k < cohorts; ++k) {
            add(row_node(h), region_cohort_node(r, k), out.rows[h].cells[k], weight_row_count * importance);
        }
    }

    auto& arcs = net.arcs();
    for (auto& arc : arcs) {
        if (policy.is_small(arc.value)) arc.state = Suppression::primary;
    }
    // Until every suppressed count can move: one pass normally suffices, as the cycles added for
    // one count protect every count on them; the check pass makes sure.
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < arcs.size(); ++i) {
            if (arcs[i].state == Suppression::none || net.is_protected(static_cast<int>(i))) continue;
            net.protect(static_cast<int>(i));
            changed = true;
        }
    }
    for (std::size_t i = 0; i < arcs.size(); ++i) cell_of[i]->suppression = arcs[i].state;
    return out;
}
}  // namespace roisc::legacy
