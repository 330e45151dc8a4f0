#pragma once
// The travel model options (--by, --mode, --network, --profile, --snap-limit, --detour), declared
// once for every command that takes a time, and the choice of model they make: the network named
// here or in the manifest (read through io), else the estimate model (straight line × detour).
#include "roisc/core/units.hpp"
#include "roisc/engine/travel.hpp"
#include "roisc/io/manifest.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace roisc::cli {

// What the command line asked for. by: "auto" (network when there is one, else estimate),
// "straight", "estimate" or "network".
struct TravelRequest {
    std::string by = "auto";
    TravelMode mode = TravelMode::walk;
    std::vector<std::string> network_files;  // --network: OGR line layers or an edge CSV graph
    std::string class_field = "highway";     // --class-field for those files
    std::string nodes_file;                  // --nodes for an edge CSV (default: its sibling *nodes*.csv)
    std::string profile_path;                // --profile
    std::optional<double> snap_limit_m;      // --snap-limit overrides the profile
    std::optional<double> detour_factor;     // --detour overrides the profile (estimate)
};
struct ChosenModel {
    TravelModel model;
    std::vector<std::string> notes;  // for stderr: fallbacks and what was left out
};
// Network files on the request win over the manifest's `network` layers. "network" with no network
// anywhere is an ArgumentError; "auto" falls back to estimate and says so in `notes`.
ChosenModel choose_travel_model(const TravelRequest& request, const Manifest& manifest, const WorkingCrs& crs);

struct TravelOptions {
    std::string by = "auto";
    std::string mode = "walk";
    std::vector<std::string> network;
    std::string class_field = "highway";
    std::string nodes;
    std::string profile;
    std::string snap_limit;
    double detour = 0;  // 0: the profile's

    // With `grouping` (coverage and gaps), --by also takes a breakdown (imd-decile, a demand field):
    // a travel model's name sets the model, anything else the grouping; give --by twice for both.
    void declare(CLI::App& app, std::string* grouping = nullptr);
    // Only what describes a road network and a mode (no --by, no --detour): for calibrate, which
    // measures the network and would silently ignore a model or a factor.
    void declare_network(CLI::App& app);
    TravelRequest request() const;  // throws ArgumentError
    // The travel options given other than at their defaults ("--by network, --mode drive"), for
    // refusing them where only a distance is asked for.
    std::vector<std::string> given() const;
    // Throws ArgumentError for options that cannot work with `threshold` (given as `option`):
    // travel options with a distance, --network with --by estimate, --detour with --by network, …
    void check(const Threshold& threshold, const std::string& option) const;
    // The model for a reach that is a time (nothing for a distance); its notes go to the report.
    std::optional<ChosenModel> model_for(const Threshold& reach, const Manifest& manifest, const WorkingCrs& crs) const;
};

}  // namespace roisc::cli
