// Road network at the size of Great Britain's main road network: graph build, snapping and one
// multi-source pass from many meetings (radix heap), against two peers measured in the same run on the same
// arcs and seeds: a plain binary-heap Dijkstra (std::priority_queue, lazy deletion) and Boost.Graph's
// dijkstra_shortest_paths on a compressed_sparse_row_graph with a super source. Every node's time
// is compared with both. Not run in CI.
//
//   bench_network [--side 2000] [--meetings 20000] [--places 1000000] [--seed 1]
//
// The network is a jittered grid (250 m apart) of side × side junctions joined by ways that run
// through several junctions, 30 % of them bent, 5 % of segments missing (gaps), 5 % diagonal
// shortcuts, 3 % of ways one-way; every tenth row and column primary, every fiftieth trunk.
#include "roisc/engine/network.hpp"
#include "roisc/engine/travel.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <queue>
#include <random>
#include <string>

using namespace roisc;

namespace {

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Peak resident memory since the last reset, in MiB (Linux).
double peak_mib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
    }
    return -1;
}
double current_mib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
    }
    return -1;
}
void reset_peak() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
}

struct Generated {
    NetworkBuilder builder;
    double extent = 0;
};

Generated generate(int side, std::uint64_t seed) {
    Generated g;
    const double spacing = 250;
    g.extent = side * spacing;
    std::mt19937_64 random(seed);
    auto unit = [&] { return static_cast<double>(random() >> 11) * (1.0 / 9007199254740992.0); };
    std::vector<Point> junction(static_cast<std::size_t>(side) * side);
    for (int j = 0; j < side; ++j) {
        for (int i = 0; i < side; ++i) {
            junction[static_cast<std::size_t>(j) * side + i] = {100000 + i * spacing + (unit() - 0.5) * spacing * 0.5,
                                                               100000 + j * spacing + (unit() - 0.5) * spacing * 0.5};
        }
    }
    auto at = [&](int i, int j) { return junction[static_cast<std::size_t>(j) * side + i]; };
    std::vector<Point> way;
    auto road_class = [](int line) { return line % 50 == 0 ? "trunk" : line % 10 == 0 ? "primary" : "residential"; };
    auto flush = [&](const char* cls) {
        if (way.size() >= 2) g.builder.add_line(way.data(), way.size(), cls, 0, unit() < 0.03 ? 1 : 0);
        way.clear();
    };
    for (int horizontal = 0; horizontal < 2; ++horizontal) {
        for (int line = 0; line < side; ++line) {
            const char* cls = road_class(line);
            int left = 0;
            for (int k = 0; k < side; ++k) {
                const Point p = horizontal ? at(k, line) : at(line, k);
                if (k > 0 && unit() < 0.05) flush(cls);  // a gap: this segment is missing
                if (!way.empty()) {
                    const Point q = way.back();
                    if (unit() < 0.3) {  // a bend half-way
                        const double dx = p.x - q.x, dy = p.y - q.y, off = (unit() - 0.5) * 0.3;
                        way.push_back({q.x + dx / 2 - dy * off, q.y + dy / 2 + dx * off});
                    }
                }
                way.push_back(p);
                if (left-- <= 0) {
                    flush(cls);
                    way.push_back(p);
                    left = 3 + static_cast<int>(unit() * 27);
                }
            }
            flush(cls);
        }
    }
    for (int j = 0; j + 1 < side; ++j) {
        for (int i = 0; i + 1 < side; ++i) {
            if (unit() >= 0.05) continue;
            const Point d[] = {at(i, j), at(i + 1, j + 1)};
            g.builder.add_line(d, 2, "tertiary");
        }
    }
    return g;
}

// The peer: a plain Dijkstra with std::priority_queue and lazy deletion, on the same arcs.
NodeCosts binary_heap_dijkstra(const RoutingGraph& graph, const std::vector<Seed>& seeds) {
    const std::size_t n = graph.node_count();
    NodeCosts r;
    r.cost.assign(n, std::numeric_limits<double>::infinity());
    r.source.assign(n, no_source);
    using Item = std::pair<double, NodeId>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    for (const auto& s : seeds) {
        if (s.cost < r.cost[s.node]) r.cost[s.node] = s.cost, r.source[s.node] = s.source, queue.push({s.cost, s.node});
    }
    while (!queue.empty()) {
        const auto [c, u] = queue.top();
        queue.pop();
        if (c > r.cost[u]) continue;
        for (const auto& arc : graph.arcs_into(u)) {
            const NodeId v = arc.node;
            const double nc = c + arc.cost;
            if (nc < r.cost[v]) r.cost[v] = nc, r.source[v] = r.source[u], queue.push({nc, v});
        }
    }
    return r;
}

struct BoostWeight {
    double w;
};
using BoostGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, BoostWeight>;

std::size_t differences(const std::vector<double>& a, const std::vector<double>& b) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::isinf(a[i]) != std::isinf(b[i]) || (!std::isinf(a[i]) && std::fabs(a[i] - b[i]) > 1e-6 * (1 + a[i]))) ++n;
    }
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    int side = 2000, meetings = 20000;
    long places = 1000000;
    std::uint64_t seed = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--side") side = std::atoi(argv[i + 1]);
        else if (a == "--meetings") meetings = std::atoi(argv[i + 1]);
        else if (a == "--places") places = std::atol(argv[i + 1]);
        else if (a == "--seed") seed = std::strtoull(argv[i + 1], nullptr, 10);
        else {
            std::fprintf(stderr, "usage: bench_network [--side N] [--meetings N] [--places N] [--seed N]\n");
            return 2;
        }
    }
    std::printf("bench_network: jittered %d x %d grid, %d meetings, %ld places, seed %llu\n", side, side, meetings, places,
                static_cast<unsigned long long>(seed));

    double t = now();
    Generated gen = generate(side, seed);
    std::printf("generate lines        %8.2f s  %zu lines\n", now() - t, gen.builder.line_count());
    t = now();
    auto net = std::make_shared<const Network>(gen.builder.build("generated grid", "EPSG:27700"));
    const double build_s = now() - t;
    gen.builder = NetworkBuilder();
    std::printf("build network         %8.2f s  %zu nodes, %zu edges, %.0f km  (RSS %.0f MiB)\n", build_s, net->node_count(),
                net->edge_count(), net->total_length_m() / 1000, current_mib());

    const Profile drive = builtin_profile(TravelMode::drive);
    t = now();
    const TravelModel model = TravelModel::network(net, drive);
    const double model_s = now() - t;
    const RoutingGraph& graph = *model.routing();
    std::printf("routing graph + R-tree%8.2f s  %zu directed arcs%s  (RSS %.0f MiB)\n", model_s, graph.arc_count(),
                graph.symmetric() ? "" : ", one-way streets", current_mib());

    t = now();
    {
        const RoutingGraph alone(*net, drive);
        std::printf("  of which routing graph %6.2f s (the rest is the snapping R-tree)\n", now() - t);
    }

    std::mt19937_64 random(seed + 1);
    auto unit = [&] { return static_cast<double>(random() >> 11) * (1.0 / 9007199254740992.0); };
    auto place = [&] { return Point{100000 + unit() * gen.extent, 100000 + unit() * gen.extent}; };
    std::vector<Point> meeting_points(static_cast<std::size_t>(meetings));
    for (auto& p : meeting_points) p = place();
    std::vector<Point> demand(static_cast<std::size_t>(places));
    for (auto& p : demand) p = place();

    // Snapping.
    t = now();
    std::size_t flagged = 0;
    double leg_total = 0;
    for (const auto& p : demand) {
        const Snap s = model.snap(p);
        flagged += s.flagged ? 1 : 0;
        leg_total += s.off_network_m;
    }
    const double snap_s = now() - t;
    std::printf("snap %ld places       %8.2f s  %.2f us each, mean leg %.1f m, %zu flagged\n", places, snap_s,
                snap_s / static_cast<double>(places) * 1e6, leg_total / static_cast<double>(places), flagged);

    // Seeds as AccessTimes makes them: each meeting part-way along its edge.
    std::vector<Seed> seeds;
    for (std::size_t i = 0; i < meeting_points.size(); ++i) {
        const Snap s = model.snap(meeting_points[i]);
        if (!s.found || s.flagged) continue;
        const auto& e = net->edge(s.edge);
        const double leg = model.off_network_seconds(s.off_network_m);
        if (graph.forward(s.edge)) seeds.push_back({e.from, leg + graph.cost(s.edge, s.offset_m), static_cast<std::uint32_t>(i)});
        if (graph.backward(s.edge)) {
            seeds.push_back({e.to, leg + graph.cost(s.edge, e.length_m - s.offset_m), static_cast<std::uint32_t>(i)});
        }
    }

    // roisc's pass (radix heap): best of three, and the peak memory of the pass alone.
    const double before = current_mib();
    reset_peak();
    double ours_s = 1e9;
    NodeCosts ours;
    for (int run = 0; run < 3; ++run) {
        t = now();
        ours = nearest_seeds(graph, seeds, true);
        ours_s = std::min(ours_s, now() - t);
    }
    const double pass_peak = peak_mib();
    std::size_t reached = 0;
    double max_s = 0;
    for (double c : ours.cost) {
        if (std::isfinite(c)) ++reached, max_s = std::max(max_s, c);
    }
    std::printf("multi-source pass     %8.3f s  %zu seeds, %zu of %zu nodes reached, furthest %.0f min; "
                "peak RSS %.0f MiB (graph and network already resident: %.0f MiB)\n",
                ours_s, seeds.size(), reached, graph.node_count(), max_s / 60, pass_peak, before);

    // Peer 1: plain binary heap.
    double heap_s = 1e9;
    NodeCosts heap;
    for (int run = 0; run < 3; ++run) {
        t = now();
        heap = binary_heap_dijkstra(graph, seeds);
        heap_s = std::min(heap_s, now() - t);
    }

    // Peer 2: Boost.Graph on a CSR copy of the same arcs (reversed), with a super source.
    t = now();
    const std::size_t n = graph.node_count();
    std::vector<std::pair<std::size_t, std::size_t>> arcs;
    std::vector<BoostWeight> weights;
    arcs.reserve(graph.arc_count() + seeds.size());
    weights.reserve(graph.arc_count() + seeds.size());
    for (NodeId u = 0; u < n; ++u) {
        for (const auto& arc : graph.arcs_into(u)) arcs.emplace_back(u, arc.node), weights.push_back({arc.cost});
    }
    for (const auto& s : seeds) arcs.emplace_back(n, s.node), weights.push_back({s.cost});
    BoostGraph bg(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(), weights.begin(), n + 1);
    std::vector<std::pair<std::size_t, std::size_t>>().swap(arcs);
    std::vector<BoostWeight>().swap(weights);
    const double boost_build_s = now() - t;
    std::vector<double> boost_cost(n + 1);
    std::vector<std::size_t> pred(n + 1);
    double boost_s = 1e9;
    for (int run = 0; run < 3; ++run) {
        t = now();
        boost::dijkstra_shortest_paths(
            bg, n,
            boost::weight_map(boost::get(&BoostWeight::w, bg))
                .distance_map(boost::make_iterator_property_map(boost_cost.begin(), boost::get(boost::vertex_index, bg)))
                .predecessor_map(boost::make_iterator_property_map(pred.begin(), boost::get(boost::vertex_index, bg)))
                .distance_inf(std::numeric_limits<double>::infinity()));
        boost_s = std::min(boost_s, now() - t);
    }
    boost_cost.pop_back();

    std::printf("peer: binary heap     %8.3f s  ratio %.2fx; nodes whose time differs: %zu\n", heap_s, heap_s / ours_s,
                differences(ours.cost, heap.cost));
    std::printf("peer: Boost.Graph     %8.3f s  ratio %.2fx (CSR copy built in %.2f s, not counted); nodes whose time "
                "differs: %zu\n",
                boost_s, boost_s / ours_s, boost_build_s, differences(ours.cost, boost_cost));

    // Queries once the pass is done: a snap and a few additions each.
    t = now();
    const AccessTimes access(model, meeting_points);
    const double access_s = now() - t;
    t = now();
    double sum = 0;
    std::size_t finite = 0;
    for (const auto& p : demand) {
        const double s = access.seconds_to_nearest(p);
        if (std::isfinite(s)) sum += s, ++finite;
    }
    const double query_s = now() - t;
    std::printf("AccessTimes (snap %d meetings + pass) %6.2f s; %ld reach() queries %.2f s (%.2f us each), mean %.1f min\n",
                meetings, access_s, places, query_s, query_s / static_cast<double>(places) * 1e6,
                finite ? sum / static_cast<double>(finite) / 60 : 0.0);
    std::printf("whole run peak RSS %.0f MiB since the pass began; process RSS now %.0f MiB\n", peak_mib(), current_mib());
    return 0;
}
