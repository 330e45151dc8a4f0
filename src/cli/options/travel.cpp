#include "travel.hpp"

#include "thresholds.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/network_reader.hpp"

#include <filesystem>
#include <memory>

namespace fs = std::filesystem;

namespace roisc::cli {

void TravelOptions::declare(CLI::App& app, std::string* grouping) {
    if (!grouping) {
        app.add_option("--by", by,
                       "Travel model: network (shortest time on the roads), estimate (straight line × detour factor), "
                       "straight, or auto (network when there is one, else estimate)")
            ->check(CLI::IsMember({"auto", "network", "estimate", "straight"}))
            ->type_name("MODEL");
    } else {
        // One option, two meanings told apart by the value: the travel model's four names, or a
        // breakdown (a demand field named like a model is written field:NAME).
        app.add_option_function<std::vector<std::string>>(
               "--by",
               [this, grouping](const std::vector<std::string>& values) {
                   bool model_set = false;
                   for (const auto& v : values) {
                       if (v == "auto" || v == "network" || v == "estimate" || v == "straight") {
                           if (model_set && v != by) throw CLI::ValidationError("--by", "two travel models: " + by + " and " + v);
                           by = v;
                           model_set = true;
                       } else {
                           if (v.find_first_not_of(" \t") == std::string::npos) {
                               throw CLI::ValidationError("--by", "name a travel model or a grouping (imd-decile, a demand field)");
                           }
                           if (!grouping->empty() && *grouping != v) {
                               throw CLI::ValidationError("--by", "two breakdowns: " + *grouping + " and " + v +
                                                                      "; give one");
                           }
                           *grouping = v;
                       }
                   }
               },
               "Travel model: network (shortest time on the roads), estimate (straight line × detour factor), "
               "straight, or auto (network when there is one, else estimate); or a breakdown of the people reached: "
               "imd-decile, a count breakdown the manifest declares (sex, age), or a demand field (field:NAME for one "
               "named like a model). Give --by twice for both")
            ->type_name("MODEL|GROUPING")
            ->expected(1)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    }
    declare_network(app);
    add_number(app, "--detour", detour, "Detour factor of the estimate model (default: the profile's)", 1.0, 10.0,
               "a factor from 1 to 10 (road distance / straight line), e.g. 1.3")
        ->type_name("FACTOR");
}

void TravelOptions::declare_network(CLI::App& app) {
    app.add_option("--mode", mode, "How people travel: walk, cycle or drive (speeds and road classes from the profile)")
        ->check(CLI::IsMember({"walk", "cycle", "drive"}))
        ->type_name("MODE");
    app.add_option("--network", network,
                   "Road network: a line layer with a road class field (OSM-style GeoJSON, GeoPackage, Shapefile), an "
                   "OpenStreetMap .osm or .osm.pbf file, or an edge CSV graph; repeatable, joined where they share vertices. Default: the manifest's network layers")
        ->type_name("FILE");
    app.add_option("--class-field", class_field, "Field of --network holding the road class (default highway)")
        ->type_name("FIELD");
    app.add_option("--nodes", nodes, "Nodes CSV of an edge CSV --network (default: its *nodes* sibling)")->type_name("FILE");
    app.add_option("--profile", profile, "Travel profile TOML (default: profiles/<mode>.toml, else built in)")
        ->type_name("FILE");
    app.add_option("--snap-limit", snap_limit,
                   "Places further than this from any usable edge are flagged, not snapped (default: the profile's, 250m)")
        ->type_name("DISTANCE");
}

void TravelOptions::check(const Threshold& threshold, const std::string& option) const {
    if (threshold.is_distance()) {
        const auto options = given();
        if (!options.empty()) {
            std::string list;
            for (const auto& g : options) list += (list.empty() ? "" : ", ") + g;
            throw ArgumentError(option + " " + threshold.text + " is a straight-line distance, so the travel options (" + list +
                                ") have nothing to do. Give " + option + " as a travel time (e.g. " + option +
                                " 20min), or leave them out.");
        }
        return;
    }
    if (threshold.seconds() <= 0) throw ArgumentError(option + " " + threshold.text + ": give a time of more than zero, e.g. 20min.");
    if (!network.empty() && (by == "estimate" || by == "straight")) {
        throw ArgumentError("--by " + by + " does not use a road network, so --network has nothing to do. Use --by network "
                            "(or leave --by out) to travel on the roads, or leave --network out.");
    }
    if (detour > 0 && (by == "network" || by == "straight")) {
        throw ArgumentError("--detour is the estimate model's factor; --by " + by + " does not use it. Use --by estimate "
                            "with --detour, or leave --detour out.");
    }
    if (!nodes.empty() && network.empty()) {
        throw ArgumentError("--nodes names the nodes file of an edge CSV --network; give the edges with --network FILE.");
    }
}

TravelRequest TravelOptions::request() const {
    TravelRequest r;
    r.by = by;
    r.mode = travel_mode_from_string(mode, "--mode");
    r.network_files = network;
    r.class_field = class_field;
    r.nodes_file = nodes;
    r.profile_path = profile;
    if (!snap_limit.empty()) {
        const Threshold t = parse_threshold(snap_limit, "--snap-limit");
        if (!t.is_distance()) throw ArgumentError("--snap-limit: give a distance (250m), not a time.");
        if (!(t.metres() > 0) || t.metres() > 10000) {
            throw ArgumentError("--snap-limit " + snap_limit + ": give a distance of more than 0 and at most 10km, e.g. 250m.");
        }
        r.snap_limit_m = t.metres();
    }
    if (detour > 0) r.detour_factor = detour;
    return r;
}

std::vector<std::string> TravelOptions::given() const {
    std::vector<std::string> out;
    if (by != "auto") out.push_back("--by " + by);
    if (mode != "walk") out.push_back("--mode " + mode);
    for (const auto& n : network) out.push_back("--network " + n);
    if (class_field != "highway") out.push_back("--class-field " + class_field);
    if (!nodes.empty()) out.push_back("--nodes " + nodes);
    if (!profile.empty()) out.push_back("--profile " + profile);
    if (!snap_limit.empty()) out.push_back("--snap-limit " + snap_limit);
    if (detour > 0) out.push_back("--detour");
    return out;
}


namespace {

std::string sibling_nodes_file(const std::string& edges) {
    const fs::path p(edges);
    std::string name = p.filename().string();
    const auto at = name.rfind("edges");
    if (at == std::string::npos) return "";
    name.replace(at, 5, "nodes");
    return (p.parent_path() / name).string();
}

}  // namespace

ChosenModel choose_travel_model(const TravelRequest& request, const Manifest& manifest, const WorkingCrs& crs) {
    Profile profile = find_profile(request.mode, request.profile_path);
    if (request.snap_limit_m) profile.snap_limit_m = *request.snap_limit_m;
    if (request.detour_factor) {
        if (*request.detour_factor < 1.0) throw ArgumentError("--detour must be 1 or more (network distance / straight line).");
        profile.detour_factor = *request.detour_factor;
    }
    const std::string by = request.by.empty() ? "auto" : request.by;
    if (by != "auto") {
        const TravelKind kind = travel_kind_from_string(by, "--by");
        if (kind == TravelKind::straight) return {TravelModel::straight(profile), {}};
        if (kind == TravelKind::estimate) return {TravelModel::estimate(profile), {}};
    }
    std::vector<LayerSpec> layers;
    if (!request.network_files.empty()) {
        for (const auto& f : request.network_files) {
            std::error_code ec;
            if (!fs::exists(f, ec)) {
                throw ArgumentError("--network: '" + f + "' not found. Give a line layer with a road class field "
                                    "(OSM highway), or an edge CSV graph.");
            }
        }
        if (request.network_files.size() == 1 && is_edge_csv(request.network_files.front())) {
            const std::string edges = request.network_files.front();
            const std::string nodes = request.nodes_file.empty() ? sibling_nodes_file(edges) : request.nodes_file;
            std::error_code ec;
            if (nodes.empty() || !fs::exists(nodes, ec)) {
                throw ArgumentError("--network " + edges + " is an edge CSV graph; give its nodes file with --nodes FILE.");
            }
            auto net = std::make_shared<const Network>(read_network_csv(nodes, edges, crs));
            return {TravelModel::network(std::move(net), profile), {}};
        }
        for (const auto& f : request.network_files) layers.push_back(network_layer_spec(f, request.class_field));
    } else {
        for (const LayerSpec* spec : manifest.with_role(Role::network)) layers.push_back(*spec);
    }
    if (layers.empty()) {
        if (by == "network") {
            throw ArgumentError("--by network needs a road network: give --network FILE (a line layer with an OSM-style "
                                "highway field) or add a layer with role = \"network\" to the manifest.");
        }
        ChosenModel chosen{TravelModel::estimate(profile), {}};
        chosen.notes.push_back("note: no road network (no --network, no layer with role \"network\" in " + manifest.path +
                               "): travel times use the estimate model, " + chosen.model.describe() + ".");
        return chosen;
    }
    auto net = std::make_shared<const Network>(read_network(layers, crs));
    ChosenModel chosen{TravelModel::network(net, profile), {}};
    if (net->lines_without_class > 0) {
        chosen.notes.push_back("note: " + std::to_string(net->lines_without_class) + " network line(s) have no road class and are left out.");
    }
    if (net->edge_count() == 0) {
        throw DataError(net->source + ": the network has no edges: " + std::to_string(net->lines_without_class) +
                        " line(s), none with a road class. Check the layer and its class field (--class-field, or "
                        "fields = { class = \"…\" } in the manifest; OpenStreetMap: highway).");
    }
    return chosen;
}

std::optional<ChosenModel> TravelOptions::model_for(const Threshold& reach, const Manifest& manifest, const WorkingCrs& crs) const {
    if (!reach.is_time()) return std::nullopt;
    return choose_travel_model(request(), manifest, crs);
}

}  // namespace roisc::cli
