#include "calibrate.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/units.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/network_reader.hpp"
#include "roisc/io/manifest.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>

namespace roisc::cli {

void CalibrateCommand::declare(CLI::App& app) {
    travel_.declare_network(app);
    app.add_option("--pairs", pairs_, "How many random node pairs (default 2000)")->check(CLI::Range(10, 1000000))->type_name("N");
    app.add_option("--seed", seed_, "Seed of the random pairs; the same seed gives the same pairs (default 6)")->type_name("N");
    app.add_option("--min", min_, "Shortest straight line of a pair (default 500m)")->type_name("DISTANCE");
    app.add_option("--max", max_, "Longest straight line of a pair (default 5km)")->type_name("DISTANCE");
}

namespace {

std::string fixed(double v, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

double quantile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0;
    const double at = q * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(at));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (at - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

int CalibrateCommand::run(Context& context) {
    TravelRequest request = travel_.request();
    request.by = "network";  // calibrate always measures a network (it declares no --by)
    const Threshold lo = parse_threshold(min_, "--min"), hi = parse_threshold(max_, "--max");
    if (!lo.is_distance() || !hi.is_distance() || hi.metres() <= lo.metres()) {
        throw ArgumentError("--min and --max are distances with --max above --min (500m, 5km).");
    }
    const Manifest manifest = load_manifest(context.manifest_path());
    std::optional<LonLatBox> extent;
    if (manifest.crs == "auto" && !request.network_files.empty()) {
        extent = probe_extent(network_layer_spec(request.network_files.front(), request.class_field));
    }
    const WorkingCrs crs = choose_working_crs(manifest.crs, extent);
    const ChosenModel chosen = choose_travel_model(request, manifest, crs);
    const Network& net = *chosen.model.network_graph();
    const RoutingGraph lengths(net, chosen.model.profile(), RoutingGraph::Cost::metres);

    // The largest connected part of the mode's network: pairs elsewhere say nothing about detours.
    const std::size_t n = net.node_count();
    std::vector<std::uint32_t> part(n, no_source);
    std::vector<NodeId> stack;
    std::uint32_t parts = 0, best_part = 0;
    std::size_t best_size = 0;
    for (NodeId s = 0; s < n; ++s) {
        if (part[s] != no_source) continue;
        std::size_t size = 0;
        stack.assign(1, s);
        part[s] = parts;
        while (!stack.empty()) {
            const NodeId u = stack.back();
            stack.pop_back();
            ++size;
            for (const auto& arcs : {lengths.arcs_into(u), lengths.arcs_out_of(u)}) {
                for (const auto& arc : arcs) {
                    if (part[arc.node] == no_source) part[arc.node] = parts, stack.push_back(arc.node);
                }
            }
        }
        if (size > best_size) best_size = size, best_part = parts;
        ++parts;
    }
    std::vector<NodeId> nodes;
    for (NodeId v = 0; v < n; ++v) {
        if (part[v] == best_part) nodes.push_back(v);
    }
    if (nodes.size() < 2) throw DataError(net.source + ": the network has no connected part to calibrate on.");

    // mt19937_64 is fully specified by the standard, and so is this use of it (unlike the
    // distributions), so a seed gives the same pairs everywhere.
    std::mt19937_64 random(seed_);
    std::vector<double> ratios, straight_total(1, 0), network_total(1, 0);
    long long drawn = 0, unreachable = 0;
    const long long max_draws = static_cast<long long>(pairs_) * 2000;
    while (static_cast<int>(ratios.size()) < pairs_ && drawn < max_draws) {
        ++drawn;
        const NodeId a = nodes[random() % nodes.size()];
        const NodeId b = nodes[random() % nodes.size()];
        const double straight = distance(net.node(a), net.node(b));
        if (straight < lo.metres() || straight > hi.metres()) continue;
        const NodeCosts from_a = nearest_seeds(lengths, {Seed{a, 0, 0}}, false, hi.metres() * 10);
        if (!std::isfinite(from_a.cost[b])) {
            ++unreachable;  // one-way traps in drive networks
            continue;
        }
        ratios.push_back(from_a.cost[b] / straight);
        straight_total[0] += straight;
        network_total[0] += from_a.cost[b];
    }
    if (ratios.empty()) throw DataError(net.source + ": no node pair lies between --min and --max apart.");
    std::vector<double> sorted = ratios;
    std::sort(sorted.begin(), sorted.end());
    const double mean = std::accumulate(ratios.begin(), ratios.end(), 0.0) / static_cast<double>(ratios.size());
    const double median = quantile(sorted, 0.5);

    Table table({{"statistic"}, {"value", Table::Align::right, true}});
    table.add_row({"pairs", std::to_string(ratios.size())});
    table.add_row({"median", fixed(median, 3)});
    table.add_row({"mean", fixed(mean, 3)});
    table.add_row({"ratio_of_totals", fixed(network_total[0] / straight_total[0], 3)});
    table.add_row({"p10", fixed(quantile(sorted, 0.10), 3)});
    table.add_row({"p25", fixed(quantile(sorted, 0.25), 3)});
    table.add_row({"p75", fixed(quantile(sorted, 0.75), 3)});
    table.add_row({"p90", fixed(quantile(sorted, 0.90), 3)});
    table.add_row({"nodes_in_largest_part", std::to_string(nodes.size())});
    table.add_row({"network_nodes", std::to_string(n)});
    table.add_row({"unreachable_pairs", std::to_string(unreachable)});
    const TableFormat format = context.format();
    if (format == TableFormat::table) {
        context.out << "Detour factor (shortest " << to_string(chosen.model.mode()) << " route / straight line) over "
                    << ratios.size() << " random node pairs " << lo.text << " to " << hi.text << " apart, seed " << seed_
                    << ", on " << net.source << ":\n\n";
    }
    table.print(context.out, format);
    if (format == TableFormat::table) {
        context.out << "\ndetour_factor = " << fixed(median, 2) << "   # the median; put it in profiles/"
                    << to_string(chosen.model.mode()) << ".toml\n";
    }
    if (ratios.size() < static_cast<std::size_t>(pairs_) && !context.global.quiet) {
        context.err << "warning: only " << ratios.size() << " pairs found in " << drawn << " draws.\n";
    }
    return 0;
}

}  // namespace roisc::cli
