// Road network at the size of Great Britain's main road network: graph build, snapping and one
// multi-source pass from many meetings (radix heap), against two peers measured in the same run on the same
// arcs and seeds: a plain binary-heap Dijkstra (std::priority_queue, lazy deletion) and Boost.Graph's
// dijkstra_shortest_paths on a compressed_sparse_row_graph with a super source. Every node's time
// is compared with both. Then a 500,000-node version of the same network against pgRouting's
// pgr_drivingDistance (many start vertices, equicost) on a throwaway PostgreSQL 15 server
// (bench/postgis_server.sh): every node's time and start vertex compared. Not run in CI.
//
//   bench_network [--side 2000] [--meetings 20000] [--places 1000000] [--seed 1]
//                 [--pg-side 707] [--pg-meetings 2500] [--pg-runs 1] [--no-pgrouting]
//
// The network is a jittered grid (250 m apart) of side × side junctions joined by ways that run
// through several junctions, 30 % of them bent, 5 % of segments missing (gaps), 5 % diagonal
// shortcuts, 3 % of ways one-way; every tenth row and column primary, every fiftieth trunk.
// Exit status: 0 when roisc agrees with the binary heap and Boost.Graph on every node, 1 when not,
// 2 when something could not be run (the pgRouting server did not start, bad arguments).
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
#include <map>
#include <queue>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

#include "throwaway_server.hpp"
#include <thread>
#include <unordered_map>

#include <sys/stat.h>
#include <sys/wait.h>

using namespace roisc;

namespace {

using bench::quote;
using bench::run_command;

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

struct Options {
    int side = 2000, meetings = 20000;
    long places = 1000000;
    std::uint64_t seed = 1;
    bool pgrouting = true;
    int pg_side = 707, pg_meetings = 2500, pg_runs = 1;
};

double mib(std::size_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

// Seeds as AccessTimes makes them: each meeting part-way along its edge.
std::vector<Seed> meeting_seeds(const TravelModel& model, const std::vector<Point>& meeting_points) {
    const Network& net = *model.network_graph();
    const RoutingGraph& graph = *model.routing();
    std::vector<Seed> seeds;
    for (std::size_t i = 0; i < meeting_points.size(); ++i) {
        const Snap s = model.snap(meeting_points[i]);
        if (!s.found || s.flagged) continue;
        const auto& e = net.edge(s.edge);
        const double leg = model.off_network_seconds(s.off_network_m);
        if (graph.forward(s.edge)) seeds.push_back({e.from, leg + graph.cost(s.edge, s.offset_m), static_cast<std::uint32_t>(i)});
        if (graph.backward(s.edge)) {
            seeds.push_back({e.to, leg + graph.cost(s.edge, e.length_m - s.offset_m), static_cast<std::uint32_t>(i)});
        }
    }
    return seeds;
}

// The Great Britain-size run: returns 0 when roisc agrees with both peers on every node, else 1.
int national_pass(const Options& o, double& pass_s, double& pass_peak_mib) {
    std::printf("bench_network: jittered %d x %d grid, %d meetings, %ld places, seed %llu\n", o.side, o.side, o.meetings,
                o.places, static_cast<unsigned long long>(o.seed));

    double t = now();
    Generated gen = generate(o.side, o.seed);
    std::printf("generate lines        %8.2f s  %zu lines\n", now() - t, gen.builder.line_count());
    t = now();
    auto net = std::make_shared<const Network>(gen.builder.build("generated grid", "EPSG:27700"));
    const double build_s = now() - t;
    gen.builder = NetworkBuilder();
    std::printf("build network         %8.2f s  %zu nodes, %zu edges, %.0f km  (RSS %.0f MiB)\n", build_s, net->node_count(),
                net->edge_count(), net->total_length_m() / 1000, current_mib());

    const Profile drive = builtin_profile(TravelMode::drive);
    const double rss_network = current_mib();
    t = now();
    const TravelModel model = TravelModel::network(net, drive);
    const double model_s = now() - t;
    const RoutingGraph& graph = *model.routing();
    const double rss_model = current_mib();
    std::printf("routing graph + snapping index %6.2f s  %zu directed arcs%s  (RSS %.0f MiB)\n", model_s, graph.arc_count(),
                graph.symmetric() ? "" : ", one-way streets", rss_model);
    t = now();
    {
        const RoutingGraph alone(*net, drive);
        std::printf("  of which routing graph %6.2f s (the rest is the snapping index)\n", now() - t);
    }
    std::printf("resident model by structure: network %.0f MiB, routing graph %.0f MiB, snapping index %.0f MiB "
                "(RSS grew by %.0f MiB while the model was built)\n",
                mib(net->memory_bytes()), mib(graph.memory_bytes()), mib(model.snap_index_bytes()), rss_model - rss_network);

    std::mt19937_64 random(o.seed + 1);
    auto unit = [&] { return static_cast<double>(random() >> 11) * (1.0 / 9007199254740992.0); };
    auto place = [&] { return Point{100000 + unit() * gen.extent, 100000 + unit() * gen.extent}; };
    std::vector<Point> meeting_points(static_cast<std::size_t>(o.meetings));
    for (auto& p : meeting_points) p = place();
    std::vector<Point> demand(static_cast<std::size_t>(o.places));
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
    std::printf("snap %ld places       %8.2f s  %.2f us each, mean leg %.1f m, %zu flagged\n", o.places, snap_s,
                snap_s / static_cast<double>(o.places) * 1e6, leg_total / static_cast<double>(o.places), flagged);

    const std::vector<Seed> seeds = meeting_seeds(model, meeting_points);

    // roisc's pass (radix heap) as the commands run it (split over the cores): best of three, and
    // the peak memory of the pass; then on one thread, like the peers.
    const double before = current_mib();
    reset_peak();
    double ours_s = 1e9;
    NodeCosts ours;
    for (int run = 0; run < 3; ++run) {
        ours = NodeCosts();
        t = now();
        ours = nearest_seeds(graph, seeds, true);
        ours_s = std::min(ours_s, now() - t);
    }
    const double pass_peak = peak_mib();
    double one_s = 1e9;
    std::size_t one_differ = 0;
    {
        NodeCosts one;
        for (int run = 0; run < 3; ++run) {
            one = NodeCosts();
            t = now();
            one = nearest_seeds(graph, seeds, true, std::numeric_limits<double>::infinity(), 1);
            one_s = std::min(one_s, now() - t);
        }
        for (std::size_t i = 0; i < one.cost.size(); ++i) one_differ += one.cost[i] != ours.cost[i] ? 1 : 0;
    }
    std::size_t reached = 0;
    double max_s = 0;
    for (double c : ours.cost) {
        if (std::isfinite(c)) ++reached, max_s = std::max(max_s, c);
    }
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::printf("multi-source pass     %8.3f s  on %u cores; %zu seeds, %zu of %zu nodes reached, furthest %.0f min; "
                "peak RSS %.0f MiB during the pass (model, places and meetings already resident: %.0f MiB)\n",
                ours_s, cores, seeds.size(), reached, graph.node_count(), max_s / 60, pass_peak, before);
    std::printf("  on one thread       %8.3f s  nodes whose time differs from the split pass (to the bit): %zu\n", one_s,
                one_differ);

    // Peer 1: plain binary heap.
    double heap_s = 1e9;
    NodeCosts heap;
    for (int run = 0; run < 3; ++run) {
        t = now();
        heap = binary_heap_dijkstra(graph, seeds);
        heap_s = std::min(heap_s, now() - t);
    }
    const std::size_t heap_differ = differences(ours.cost, heap.cost);
    NodeCosts().cost.swap(heap.cost);

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
    const std::size_t boost_differ = differences(ours.cost, boost_cost);

    std::printf("peer: binary heap     %8.3f s  peer / roisc %.2fx (%.2fx against roisc on one thread); nodes whose time "
                "differs: %zu\n",
                heap_s, heap_s / ours_s, heap_s / one_s, heap_differ);
    std::printf("peer: Boost.Graph     %8.3f s  peer / roisc %.2fx (%.2fx against roisc on one thread; CSR copy built in "
                "%.2f s, not counted); nodes whose time differs: %zu\n",
                boost_s, boost_s / ours_s, boost_s / one_s, boost_build_s, boost_differ);

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
                o.meetings, access_s, o.places, query_s, query_s / static_cast<double>(o.places) * 1e6,
                finite ? sum / static_cast<double>(finite) / 60 : 0.0);
    std::printf("whole run peak RSS %.0f MiB since the pass began; process RSS now %.0f MiB\n", peak_mib(), current_mib());
    pass_s = ours_s;
    pass_peak_mib = pass_peak;
    return heap_differ == 0 && boost_differ == 0 && one_differ == 0 ? 0 : 1;
}

// ---------------------------------------------------------------- pgRouting

// Least cost from `start` to `target` (out of `start`, as pgRouting measures), searching no further
// than `limit`: to tell a tie from a wrong start vertex.
double cost_between(const RoutingGraph& graph, NodeId start, NodeId target, double limit) {
    std::unordered_map<NodeId, double> cost{{start, 0.0}};
    using Item = std::pair<double, NodeId>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    queue.push({0.0, start});
    while (!queue.empty()) {
        const auto [c, u] = queue.top();
        queue.pop();
        if (c > cost[u]) continue;
        if (u == target) return c;
        for (const auto& arc : graph.arcs_out_of(u)) {
            const double nc = c + arc.cost;
            if (nc > limit) continue;
            const auto it = cost.find(arc.node);
            if (it == cost.end() || nc < it->second) cost[arc.node] = nc, queue.push({nc, arc.node});
        }
    }
    return std::numeric_limits<double>::infinity();
}

bool same_cost(double a, double b) { return std::fabs(a - b) <= 1e-6 * std::max({std::fabs(a), std::fabs(b), 1.0}); }

struct PgResult {
    double roisc_s = 0, roisc_one_s = 0, pg_s = 0, load_s = 0;
    std::size_t nodes = 0, wrong = 0;
    bool ran = false;
};

// The 500,000-node network against pgr_drivingDistance. Returns 0, or 2 when pgRouting could not run.
int pgrouting_comparison(const Options& o, PgResult& result) {
    std::printf("\npgRouting comparison: jittered %d x %d grid, %d start vertices, seed %llu\n", o.pg_side, o.pg_side,
                o.pg_meetings, static_cast<unsigned long long>(o.seed));
    Generated gen = generate(o.pg_side, o.seed);
    const Network net = gen.builder.build("generated grid", "EPSG:27700");
    gen.builder = NetworkBuilder();
    const RoutingGraph graph(net, builtin_profile(TravelMode::drive));
    const std::size_t n = graph.node_count();
    std::printf("network: %zu nodes, %zu edges, %zu directed arcs\n", n, net.edge_count(), graph.arc_count());
    result.nodes = n;

    // Start vertices: distinct nodes at random, each a meeting standing at its junction (cost 0),
    // since pgRouting starts at vertices. pgr_drivingDistance measures out of its start vertices,
    // so roisc's pass is run the same way (toward_seeds = false).
    std::mt19937_64 random(o.seed + 2);
    std::vector<Seed> seeds;
    {
        std::vector<char> taken(n, 0);
        while (seeds.size() < static_cast<std::size_t>(o.pg_meetings) && seeds.size() < n) {
            const auto v = static_cast<NodeId>(random() % n);
            if (taken[v]) continue;
            taken[v] = 1;
            seeds.push_back({v, 0.0, static_cast<std::uint32_t>(seeds.size())});
        }
    }
    double roisc_s = 1e9, roisc_one_s = 1e9;
    NodeCosts ours;
    for (int run = 0; run < 5; ++run) {
        double t = now();
        ours = nearest_seeds(graph, seeds, false);
        roisc_s = std::min(roisc_s, now() - t);
        t = now();
        nearest_seeds(graph, seeds, false, std::numeric_limits<double>::infinity(), 1);
        roisc_one_s = std::min(roisc_one_s, now() - t);
    }
    std::printf("roisc nearest_seeds    %8.3f s (best of 5, on %u cores); on one thread %.3f s\n", roisc_s,
                std::max(1u, std::thread::hardware_concurrency()), roisc_one_s);
    result.roisc_s = roisc_s;
    result.roisc_one_s = roisc_one_s;

    char tmpl[] = "/tmp/roisc-bench-network.XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("cannot make a temporary folder");
    const std::string work = tmpl;
    chmod(work.c_str(), 0755);  // the server runs as postgres, keeps its socket below and reads the CSV
    struct Cleanup {
        std::string dir;
        ~Cleanup() { run_command("rm -rf " + quote(dir)); }
    } cleanup{work};

    // The edges as pgRouting takes them: one row per usable edge; a direction the mode may not use
    // costs -1. Costs are written with 17 digits, so the server reads the very same doubles.
    {
        std::FILE* f = std::fopen((work + "/edges.csv").c_str(), "w");
        if (!f) throw std::runtime_error("cannot write " + work + "/edges.csv");
        for (EdgeId e = 0; e < net.edge_count(); ++e) {
            const auto& edge = net.edge(e);
            if (!graph.usable(e) || edge.from == edge.to) continue;
            const double c = graph.cost(e, edge.length_m);
            std::fprintf(f, "%u,%u,%u,%.17g,%.17g\n", e + 1, edge.from + 1, edge.to + 1, graph.forward(e) ? c : -1.0,
                         graph.backward(e) ? c : -1.0);
        }
        std::fclose(f);
        f = std::fopen((work + "/starts.csv").c_str(), "w");
        for (const auto& s : seeds) std::fprintf(f, "%u\n", s.node + 1);
        std::fclose(f);
    }

    double t = now();
    const bench::ThrowawayServer server(work + "/pg", {"pgrouting"});
    if (!server.started()) {
        std::printf("pgRouting: the PostgreSQL 15 server with pgRouting could not be started (see the message above); "
                    "pgRouting left out. Install it with scripts/install-deps.sh, or run with --no-pgrouting.\n");
        return 2;
    }
    std::printf("server started in %.1f s (%s)\n", now() - t, server.conn().c_str());
    server.psql("SELECT 1", "> /dev/null");

    t = now();
    server.psql("CREATE TABLE edges (id bigint PRIMARY KEY, source bigint NOT NULL, target bigint NOT NULL, "
                "cost float8 NOT NULL, reverse_cost float8 NOT NULL); CREATE TABLE starts (id bigint PRIMARY KEY)");
    server.psql("\\copy edges (id, source, target, cost, reverse_cost) FROM '" + work + "/edges.csv' WITH (FORMAT csv)");
    server.psql("\\copy starts (id) FROM '" + work + "/starts.csv' WITH (FORMAT csv)");
    server.psql("ANALYZE edges; ANALYZE starts");
    result.load_s = now() - t;
    std::printf("loaded with COPY (and ANALYZE) in %.1f s, not counted\n", result.load_s);

    const std::string dd = "pgr_drivingDistance('SELECT id, source, target, cost, reverse_cost FROM edges', "
                           "(SELECT array_agg(id ORDER BY id) FROM starts), 1e15, directed => true, equicost => true)";
    std::printf("query: SELECT count(*) FROM %s\n", dd.c_str());
    double pg_s = 1e9;
    for (int run = 0; run < o.pg_runs; ++run) pg_s = std::min(pg_s, server.timed("SELECT count(*) FROM " + dd, work + "/timing.txt"));
    std::printf("pgr_drivingDistance    %8.3f s (best of %d)   pgRouting / roisc = %.0fx (%.0fx against roisc on one thread)\n",
                pg_s, o.pg_runs, pg_s / roisc_s, pg_s / roisc_one_s);
    result.pg_s = pg_s;

    // Every node's answer: the rows written out once more (not timed).
    server.psql("\\copy (SELECT from_v, node, agg_cost FROM " + dd + ") TO '" + work + "/dd.csv' WITH (FORMAT csv)");
    std::vector<double> pg_cost(n, std::numeric_limits<double>::infinity());
    std::vector<NodeId> pg_start(n, no_node);
    std::size_t rows = 0, bad_rows = 0;
    {
        std::FILE* f = std::fopen((work + "/dd.csv").c_str(), "r");
        if (!f) throw std::runtime_error("pgRouting wrote no results");
        unsigned long long from_v = 0, node = 0;
        double agg = 0;
        while (std::fscanf(f, "%llu,%llu,%lf", &from_v, &node, &agg) == 3) {
            ++rows;
            if (node < 1 || node > n || from_v < 1 || from_v > n || pg_start[node - 1] != no_node) {
                ++bad_rows;
                continue;
            }
            pg_cost[node - 1] = agg;
            pg_start[node - 1] = static_cast<NodeId>(from_v - 1);
        }
        std::fclose(f);
    }
    std::vector<NodeId> start_of(seeds.size());
    for (const auto& s : seeds) start_of[s.source] = s.node;
    std::size_t missing = 0, extra = 0, cost_wrong = 0, start_wrong = 0, ties = 0;
    std::vector<NodeId> wrong_nodes;  // the first few with a different time, to check with pgr_dijkstraCost
    for (NodeId v = 0; v < n; ++v) {
        const bool reached = std::isfinite(ours.cost[v]), listed = pg_start[v] != no_node;
        if (reached != listed) {
            ++(reached ? missing : extra);
            continue;
        }
        if (!reached) continue;
        if (!same_cost(ours.cost[v], pg_cost[v])) {
            if (cost_wrong++ < 5) wrong_nodes.push_back(v);
            continue;
        }
        const NodeId mine = start_of[ours.source[v]];
        if (pg_start[v] == mine) continue;
        // Another start vertex: right only if it is as near (a tie).
        const double theirs = cost_between(graph, pg_start[v], v, ours.cost[v] * (1 + 1e-6) + 1e-6);
        if (same_cost(theirs, ours.cost[v])) ++ties;
        else ++start_wrong;
    }
    result.wrong = missing + extra + cost_wrong + start_wrong + bad_rows;
    result.ran = true;
    std::printf("answers: %zu rows for %zu nodes; pgRouting wrong at %zu nodes (%.3f %%): %zu with a different time "
                "(more than 1e-6 relative), %zu at the right time but from a start vertex that is further, %zu reached by "
                "roisc but not listed, %zu listed but unreachable, %zu malformed or repeated rows; %zu ties (another "
                "start vertex at the same time) not counted\n",
                rows, n, result.wrong, 100.0 * static_cast<double>(result.wrong) / static_cast<double>(n), cost_wrong,
                start_wrong, missing, extra, bad_rows, ties);

    // A check on the checker: pgRouting's own single-pair Dijkstra (pgr_dijkstraCost) from both start
    // vertices to the first few nodes whose drivingDistance time differs from roisc's.
    if (!wrong_nodes.empty()) {
        std::string starts, ends;
        for (const NodeId v : wrong_nodes) {
            ends += (ends.empty() ? "" : ",") + std::to_string(v + 1);
            starts += (starts.empty() ? "" : ",") + std::to_string(start_of[ours.source[v]] + 1) + "," +
                      std::to_string(pg_start[v] + 1);
        }
        server.psql("\\copy (SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost('SELECT id, source, target, cost, "
                    "reverse_cost FROM edges', ARRAY[" + starts + "]::bigint[], ARRAY[" + ends + "]::bigint[], directed => true)) "
                    "TO '" + work + "/check.csv' WITH (FORMAT csv)");
        std::map<std::pair<NodeId, NodeId>, double> single;
        std::FILE* f = std::fopen((work + "/check.csv").c_str(), "r");
        unsigned long long a = 0, b = 0;
        double c = 0;
        while (f && std::fscanf(f, "%llu,%llu,%lf", &a, &b, &c) == 3) single[{static_cast<NodeId>(a - 1), static_cast<NodeId>(b - 1)}] = c;
        if (f) std::fclose(f);
        std::size_t confirmed = 0;
        for (const NodeId v : wrong_nodes) {
            const NodeId mine = start_of[ours.source[v]];
            const auto it = single.find({mine, v});
            const bool ok = it != single.end() && same_cost(it->second, ours.cost[v]);
            confirmed += ok ? 1 : 0;
            const auto theirs = single.find({pg_start[v], v});
            std::printf("  node %u: roisc %.3f s from vertex %u; drivingDistance %.3f s from vertex %u; pgr_dijkstraCost "
                        "from those vertices %.3f s and %.3f s\n",
                        v + 1, ours.cost[v], mine + 1, pg_cost[v], pg_start[v] + 1,
                        it != single.end() ? it->second : std::numeric_limits<double>::infinity(),
                        theirs != single.end() ? theirs->second : std::numeric_limits<double>::infinity());
        }
        std::printf("pgRouting's own pgr_dijkstraCost gives roisc's time at %zu of these %zu nodes\n", confirmed,
                    wrong_nodes.size());
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--no-pgrouting") o.pgrouting = false;
        else if (a == "--side" && has_value) o.side = std::atoi(argv[++i]);
        else if (a == "--meetings" && has_value) o.meetings = std::atoi(argv[++i]);
        else if (a == "--places" && has_value) o.places = std::atol(argv[++i]);
        else if (a == "--seed" && has_value) o.seed = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--pg-side" && has_value) o.pg_side = std::atoi(argv[++i]);
        else if (a == "--pg-meetings" && has_value) o.pg_meetings = std::atoi(argv[++i]);
        else if (a == "--pg-runs" && has_value) o.pg_runs = std::atoi(argv[++i]);
        else {
            std::fprintf(stderr, "usage: bench_network [--side N] [--meetings N] [--places N] [--seed N] [--pg-side N] "
                                 "[--pg-meetings N] [--pg-runs N] [--no-pgrouting]\n");
            return 2;
        }
    }
    if (o.side < 2 || o.pg_side < 2 || o.meetings < 1 || o.pg_meetings < 1 || o.pg_runs < 1 || o.places < 1) {
        std::fprintf(stderr, "bench_network: sides must be 2 or more, counts 1 or more\n");
        return 2;
    }
    try {
        double pass_s = 0, pass_peak = 0;
        int status = national_pass(o, pass_s, pass_peak);
        PgResult pg;
        if (!o.pgrouting) {
            std::printf("\npgRouting left out (--no-pgrouting)\n");
        } else if (pgrouting_comparison(o, pg) != 0) {
            status = std::max(status, 2);
        }
        std::printf("\nsummary\n");
        std::printf("  national pass (%d x %d grid)   %.3f s, peak RSS %.0f MiB during the pass\n", o.side, o.side, pass_s,
                    pass_peak);
        if (pg.ran) {
            std::printf("  at %zu nodes: roisc %.3f s (%.3f s on one thread), pgRouting %.3f s (load %.1f s not counted): "
                        "pgRouting / roisc = %.0fx (%.0fx on one thread); pgRouting wrong at %zu nodes\n",
                        pg.nodes, pg.roisc_s, pg.roisc_one_s, pg.pg_s, pg.load_s, pg.pg_s / pg.roisc_s, pg.pg_s / pg.roisc_one_s,
                        pg.wrong);
        }
        std::printf("  roisc vs binary heap and Boost.Graph: %s\n", status == 1 ? "DIFFER" : "the same on every node");
        return status;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_network: %s\n", e.what());
        return 2;
    }
}
