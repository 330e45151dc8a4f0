#include "roisc/engine/disclosure.hpp"

#include "roisc/core/error.hpp"

#include <algorithm>
#include <deque>
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

DisclosurePolicy DisclosurePolicy::from_options(const std::string& name, std::optional<long long> threshold) {
    if (name == "none") {
        if (threshold) {
            throw QueryError("the disclosure threshold", "applies only to the standard policy; the policy 'none' "
                                                         "suppresses nothing. Drop one of them.");
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
    return standard(t);
}

const char* DisclosurePolicy::name() const { return method == DisclosureMethod::none ? "none" : "standard"; }

bool DisclosurePolicy::is_small(long long count) const {
    return method == DisclosureMethod::standard && count >= 1 && count < threshold;
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
           "hidden counts out is shown as its published part followed by +" + marker + " (e.g. 97+" + marker + ").";
}

std::vector<std::pair<std::string, std::string>> DisclosurePolicy::metadata() const {
    if (method == DisclosureMethod::none) {
        return {{"disclosure_policy", "none"},
                {"disclosure_threshold", "none"},
                {"disclosure_method", "no suppression (--disclosure none): exact counts for the secure environment only"},
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
            {"disclosure_rounding", "none"},
            {"disclosure_counts",
             "derived from the protected demand table (hotspot x cohort with town and whole-area totals, protected "
             "once per demand layer and policy): sums of its published cells only; '+" + marker +
                 "' marks a sum that leaves hidden cells out, never their value"},
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
// An unsafe count gets the cheapest cycle of published arcs that closes such a path, and those
// arcs are suppressed too. Suppressing more never makes a safe count unsafe, so this ends.

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

ProtectedTable protect(const CountTable& table, const DisclosurePolicy& policy) {
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
