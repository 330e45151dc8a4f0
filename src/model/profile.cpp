// Travel modes and profiles: how each mode moves on the network (parsed from TOML text).
#include "roisc/model/network.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace roisc {

// ---------------------------------------------------------------- modes and profiles

const char* to_string(TravelMode mode) {
    switch (mode) {
        case TravelMode::walk: return "walk";
        case TravelMode::cycle: return "cycle";
        case TravelMode::drive: return "drive";
    }
    return "walk";
}

namespace {
std::string number_text(double v, int decimals = 1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}
}  // namespace

TravelMode travel_mode_from_string(const std::string& text, const std::string& option) {
    const std::string t = lower(trim(text));
    if (t == "walk" || t == "foot" || t == "walking") return TravelMode::walk;
    if (t == "cycle" || t == "bike" || t == "bicycle" || t == "cycling") return TravelMode::cycle;
    if (t == "drive" || t == "car" || t == "driving") return TravelMode::drive;
    throw ArgumentError(option + ": unknown travel mode '" + text + "'. Use walk, cycle or drive.");
}

double Profile::speed_on(const std::string& road_class, double maxspeed_kmh) const {
    const auto it = speeds.find(road_class);
    if (it == speeds.end()) return 0;
    if (use_maxspeed && maxspeed_kmh > 0) return maxspeed_kmh * maxspeed_factor;
    return it->second > 0 ? it->second : speed_kmh;
}

std::string Profile::describe() const {
    std::string s = std::string(to_string(mode)) + " at " + number_text(speed_kmh) + " km/h";
    std::set<double> others;
    for (const auto& [c, v] : speeds) {
        if (v > 0 && v != speed_kmh) others.insert(v);
    }
    if (!others.empty()) {
        s += " (by class: ";
        bool first = true;
        for (const auto& [c, v] : speeds) {
            if (v <= 0 || v == speed_kmh) continue;
            s += std::string(first ? "" : ", ") + c + " " + number_text(v);
            first = false;
        }
        s += ")";
    }
    s += " on " + std::to_string(speeds.size()) + " road classes";
    if (use_maxspeed) s += ", tagged maxspeed × " + number_text(maxspeed_factor, 2);
    s += oneway ? ", one-way respected" : ", one-way ignored";
    return s;
}

namespace {

std::string where(const std::string& source, const toml::source_region& region) {
    return source + (region.begin.line ? ":" + std::to_string(region.begin.line) : "");
}

double positive_number(const toml::table& t, const std::string& key, const std::string& source, double fallback,
                       bool allow_zero = false) {
    const toml::node* node = t.get(key);
    if (!node) return fallback;
    const auto v = node->value<double>();
    if (!v || !std::isfinite(*v) || *v < 0 || (!allow_zero && *v == 0)) {
        throw DataError(where(source, node->source()) + ": `" + key + "` must be a " +
                        (allow_zero ? "number of zero or more" : "positive number") + ". Fix the profile.");
    }
    return *v;
}

std::vector<std::string> strings(const toml::table& t, const std::string& key, const std::string& source) {
    std::vector<std::string> out;
    const toml::node* node = t.get(key);
    if (!node) return out;
    const toml::array* arr = node->as_array();
    if (!arr) throw DataError(where(source, node->source()) + ": `" + key + "` must be a list of strings. Fix the profile.");
    for (const auto& item : *arr) {
        const auto s = item.value<std::string>();
        if (!s) throw DataError(where(source, item.source()) + ": `" + key + "` must hold strings only. Fix the profile.");
        out.push_back(*s);
    }
    return out;
}

}  // namespace

Profile parse_profile(const std::string& text, const std::string& source) {
    if (const std::string problem = toml_text_problem(text); !problem.empty()) {
        throw DataError(source + ": " + problem + ". Fix the profile there.");
    }
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        throw DataError(where(source, e.source()) + ": not valid TOML: " + std::string(e.description()) +
                        ". Fix the profile (see profiles/walk.toml).");
    }
    static const std::set<std::string> known = {"mode", "speed_kmh", "speeds", "classes", "use_maxspeed",
                                                "maxspeed_factor", "oneway", "implied_oneway", "off_network_speed_kmh",
                                                "snap_limit_m", "detour_factor", "estimate_speed_kmh"};
    for (const auto& [key, node] : root) {
        if (!known.count(std::string(key.str()))) {
            throw DataError(where(source, node.source()) + ": unknown key `" + std::string(key.str()) +
                            "`. Known keys: mode, speed_kmh, classes, [speeds], use_maxspeed, maxspeed_factor, oneway, "
                            "implied_oneway, off_network_speed_kmh, snap_limit_m, detour_factor, estimate_speed_kmh.");
        }
    }
    Profile p;
    p.source = source;
    const toml::node* mode = root.get("mode");
    const auto mode_text = mode ? mode->value<std::string>() : std::nullopt;
    if (!mode_text) throw DataError(source + ": `mode` (walk, cycle or drive) is required. Fix the profile.");
    try {
        p.mode = travel_mode_from_string(*mode_text, "mode");
    } catch (const ArgumentError& e) {
        throw DataError(where(source, mode->source()) + ": " + e.what());
    }
    p.speed_kmh = positive_number(root, "speed_kmh", source, p.speed_kmh);
    p.off_network_speed_kmh = positive_number(root, "off_network_speed_kmh", source, p.off_network_speed_kmh);
    p.snap_limit_m = positive_number(root, "snap_limit_m", source, p.snap_limit_m, true);
    p.maxspeed_factor = positive_number(root, "maxspeed_factor", source, p.maxspeed_factor);
    p.detour_factor = positive_number(root, "detour_factor", source, p.detour_factor);
    p.estimate_speed_kmh = positive_number(root, "estimate_speed_kmh", source, p.speed_kmh);
    if (p.detour_factor < 1.0) {
        throw DataError(where(source, root.get("detour_factor")->source()) +
                        ": `detour_factor` is below 1, shorter than the straight line. Fix the profile.");
    }
    for (const char* key : {"use_maxspeed", "oneway"}) {
        if (const toml::node* node = root.get(key)) {
            const auto v = node->value<bool>();
            if (!v) throw DataError(where(source, node->source()) + ": `" + key + "` must be true or false. Fix the profile.");
            (std::string(key) == "oneway" ? p.oneway : p.use_maxspeed) = *v;
        }
    }
    p.implied_oneway = strings(root, "implied_oneway", source);
    const auto classes = strings(root, "classes", source);
    if (classes.empty()) {
        throw DataError(source + ": `classes` must list the road classes (OSM highway values) the mode may use. Fix the profile.");
    }
    for (const auto& c : classes) p.speeds[c] = 0;
    if (const toml::node* node = root.get("speeds")) {
        const toml::table* speeds = node->as_table();
        if (!speeds) throw DataError(where(source, node->source()) + ": `speeds` must be a table of class = km/h. Fix the profile.");
        for (const auto& [key, value] : *speeds) {
            const std::string c(key.str());
            if (!p.speeds.count(c)) {
                throw DataError(where(source, value.source()) + ": [speeds] gives a speed for `" + c +
                                "`, which is not in `classes`. Add it to classes or remove the speed.");
            }
            const auto v = value.value<double>();
            if (!v || *v <= 0) throw DataError(where(source, value.source()) + ": the speed of `" + c + "` must be a positive number of km/h.");
            p.speeds[c] = *v;
        }
    }
    return p;
}

namespace {

// The same text as profiles/<mode>.toml (a unit test checks they agree).
const char* const builtin_walk = R"(mode = "walk"
speed_kmh = 4.8
off_network_speed_kmh = 4.8
snap_limit_m = 250
oneway = false
detour_factor = 1.31
estimate_speed_kmh = 4.8
classes = ["footway", "path", "pedestrian", "steps", "living_street", "residential", "service", "unclassified",
           "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link", "trunk",
           "trunk_link", "cycleway", "bridleway", "track", "road", "corridor", "crossing"]
)";

const char* const builtin_cycle = R"(mode = "cycle"
speed_kmh = 15
off_network_speed_kmh = 4.8
snap_limit_m = 250
oneway = true
detour_factor = 1.31
estimate_speed_kmh = 15
classes = ["cycleway", "living_street", "residential", "service", "unclassified", "tertiary", "tertiary_link",
           "secondary", "secondary_link", "primary", "primary_link", "trunk", "trunk_link", "road", "track",
           "bridleway", "path", "footway", "pedestrian"]
[speeds]
cycleway = 16
track = 10
bridleway = 10
path = 10
footway = 4.8
pedestrian = 4.8
)";

const char* const builtin_drive = R"(mode = "drive"
speed_kmh = 30
off_network_speed_kmh = 4.8
snap_limit_m = 250
oneway = true
implied_oneway = ["motorway"]
use_maxspeed = true
maxspeed_factor = 0.8
detour_factor = 1.33
estimate_speed_kmh = 30
classes = ["motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
           "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "living_street",
           "service", "road"]
[speeds]
motorway = 96
motorway_link = 56
trunk = 64
trunk_link = 48
primary = 48
primary_link = 40
secondary = 40
secondary_link = 32
tertiary = 36
tertiary_link = 30
unclassified = 30
residential = 24
living_street = 10
service = 15
road = 24
)";

}  // namespace

Profile builtin_profile(TravelMode mode) {
    const char* text = mode == TravelMode::walk ? builtin_walk : mode == TravelMode::cycle ? builtin_cycle : builtin_drive;
    Profile p = parse_profile(text, std::string("built-in ") + to_string(mode) + " profile");
    p.source = "built-in";
    return p;
}

double parse_maxspeed_kmh(std::string_view text) {
    const std::string t = lower(trim(text));
    if (t.empty()) return 0;
    // UK national speed limits as OSM writes them.
    if (t == "national" || t == "uk:nsl_single" || t == "gb:nsl_single") return 60 * 1.609344;
    if (t == "uk:nsl_dual" || t == "gb:nsl_dual" || t == "uk:motorway" || t == "gb:motorway") return 70 * 1.609344;
    std::size_t pos = 0;
    while (pos < t.size() && (std::isdigit(static_cast<unsigned char>(t[pos])) || t[pos] == '.')) ++pos;
    if (pos == 0) return 0;
    double v = 0;
    try {
        v = std::stod(t.substr(0, pos));
    } catch (const std::exception&) {
        return 0;
    }
    const std::string unit = trim(t.substr(pos));
    if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph") return v;
    if (unit == "mph") return v * 1.609344;
    if (unit == "knots") return v * 1.852;
    return 0;
}

int parse_oneway(std::string_view text) {
    const std::string t = lower(trim(text));
    if (t == "yes" || t == "true" || t == "1") return 1;
    if (t == "-1" || t == "reverse") return -1;
    return 0;
}

}  // namespace roisc
