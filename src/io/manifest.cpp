#include "roisc/io/manifest.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"
#include "roisc/io/osm.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace roisc {

namespace {

const std::vector<std::pair<Role, const char*>> role_table = {
    {Role::areas, "areas"},         {Role::demand, "demand"},   {Role::meetings, "meetings"},
    {Role::venues, "venues"},       {Role::postcodes, "postcodes"}, {Role::network, "network"},
    {Role::stops, "stops"},         {Role::assets, "assets"},
};

const std::vector<std::string> default_cohorts = {"opiate", "non_opiate", "alcohol_only",
                                                  "non_opiate_and_alcohol"};

std::string where(const std::string& path, const toml::source_region& region) {
    return path + ":" + std::to_string(region.begin.line);
}

}  // namespace

const char* to_string(Role role) {
    for (const auto& [r, name] : role_table) {
        if (r == role) return name;
    }
    return "?";
}

std::optional<Role> role_from_string(const std::string& text) {
    for (const auto& [r, name] : role_table) {
        if (text == name) return r;
    }
    return std::nullopt;
}

std::string role_names() {
    std::string out;
    for (const auto& [r, name] : role_table) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

const char* to_string(FieldType type) {
    switch (type) {
        case FieldType::text: return "text";
        case FieldType::integer: return "integer";
        case FieldType::real: return "number";
        case FieldType::boolean: return "boolean";
    }
    return "?";
}

const char* to_string(GeometryKind kind) {
    switch (kind) {
        case GeometryKind::point: return "point";
        case GeometryKind::line: return "line";
        case GeometryKind::polygon: return "polygon";
        case GeometryKind::any: return "any";
    }
    return "?";
}

const RoleSchema& schema_for(Role role) {
    using F = FieldType;
    static const std::vector<RoleSchema> schemas = {
        {Role::areas, GeometryKind::polygon,
         {{"id", F::text, true, true}, {"name", F::text, true, false}, {"parent", F::text, false, false}}},
        // Count columns of demand layers come from `cohorts`; see fields_for().
        {Role::demand, GeometryKind::point,
         {{"id", F::text, true, true}, {"town", F::text, false, false}}},
        {Role::meetings, GeometryKind::point,
         {{"id", F::text, true, true},
          {"name", F::text, true, false},
          {"fellowship", F::text, true, false},
          {"weekday", F::text, true, false},
          {"start", F::text, true, false},
          {"end", F::text, false, false},
          {"attendance", F::text, false, false},
          {"types", F::text, false, false},
          {"venue", F::text, false, false},
          {"address", F::text, false, false},
          {"postcode", F::text, false, false}}},
        {Role::venues, GeometryKind::any,
         {{"id", F::text, true, true},
          {"name", F::text, true, false},
          {"kind", F::text, true, false},
          {"town", F::text, false, false},
          {"postcode", F::text, false, false},
          {"address", F::text, false, false},
          {"hours_mon", F::text, false, false},
          {"hours_tue", F::text, false, false},
          {"hours_wed", F::text, false, false},
          {"hours_thu", F::text, false, false},
          {"hours_fri", F::text, false, false},
          {"hours_sat", F::text, false, false},
          {"hours_sun", F::text, false, false}}},
        {Role::postcodes, GeometryKind::point,
         {{"postcode", F::text, true, true}, {"level", F::text, false, false}, {"n_units", F::integer, false, false}}},
        {Role::network, GeometryKind::line,
         {{"class", F::text, true, false}, {"name", F::text, false, false}, {"maxspeed", F::text, false, false},
          {"oneway", F::text, false, false}}},
        {Role::stops, GeometryKind::point,
         {{"id", F::text, true, true}, {"name", F::text, false, false}, {"kind", F::text, false, false}}},
        // Community resources listed by `roisc directory`; several layers are all read.
        {Role::assets, GeometryKind::any,
         {{"id", F::text, true, true},
          {"name", F::text, true, false},
          {"kind", F::text, true, false},
          {"address", F::text, false, false},
          {"postcode", F::text, false, false},
          {"contact", F::text, false, false},
          {"web", F::text, false, false},
          {"sessions", F::text, false, false},
          {"hours_mon", F::text, false, false},
          {"hours_tue", F::text, false, false},
          {"hours_wed", F::text, false, false},
          {"hours_thu", F::text, false, false},
          {"hours_fri", F::text, false, false},
          {"hours_sat", F::text, false, false},
          {"hours_sun", F::text, false, false},
          {"illustrative", F::text, false, false},
          {"note", F::text, false, false}}},
    };
    for (const auto& s : schemas) {
        if (s.role == role) return s;
    }
    throw RuntimeFailure("no schema for role");
}

std::string LayerSpec::source_field(const std::string& logical) const {
    auto it = fields.find(logical);
    return it == fields.end() ? logical : it->second;
}

bool LayerSpec::is_file() const {
    return source.rfind("PG:", 0) != 0 && source.rfind("postgresql://", 0) != 0 &&
           source.rfind("/vsicurl/", 0) != 0;
}

const LayerSpec* Manifest::find(const std::string& name) const {
    for (const auto& l : layers) {
        if (l.name == name) return &l;
    }
    return nullptr;
}

std::vector<const LayerSpec*> Manifest::with_role(Role role) const {
    std::vector<const LayerSpec*> out;
    for (const auto& l : layers) {
        if (l.role == role) out.push_back(&l);
    }
    return out;
}

namespace {

std::string required_string(const toml::table& t, const std::string& key, const std::string& path,
                            const toml::source_region& owner, const std::string& context) {
    const toml::node* node = t.get(key);
    if (!node) {
        throw DataError(where(path, owner) + ": " + context + " has no '" + key + "'. Add " + key +
                        " = \"…\" to it.");
    }
    auto value = node->value<std::string>();
    if (!value || value->empty()) {
        throw DataError(where(path, node->source()) + ": " + context + ": '" + key +
                        "' must be a non-empty string.");
    }
    return *value;
}

std::optional<std::string> optional_string(const toml::table& t, const std::string& key, const std::string& path,
                                           const std::string& context) {
    const toml::node* node = t.get(key);
    if (!node) return std::nullopt;
    auto value = node->value<std::string>();
    if (!value) {
        throw DataError(where(path, node->source()) + ": " + context + ": '" + key + "' must be a string.");
    }
    return value;
}

std::vector<std::string> string_array(const toml::table& t, const std::string& key, const std::string& path,
                                      const std::string& context) {
    std::vector<std::string> out;
    const toml::node* node = t.get(key);
    if (!node) return out;
    const toml::array* arr = node->as_array();
    if (!arr) {
        throw DataError(where(path, node->source()) + ": " + context + ": '" + key +
                        "' must be an array of strings, e.g. [\"a\", \"b\"].");
    }
    for (const auto& item : *arr) {
        auto s = item.value<std::string>();
        if (!s) {
            throw DataError(where(path, item.source()) + ": " + context + ": every item of '" + key +
                            "' must be a string.");
        }
        out.push_back(*s);
    }
    return out;
}

LayerSpec read_layer(const std::string& name, const toml::table& t, const std::string& path,
                     const fs::path& directory) {
    const std::string context = "layer '" + name + "'";
    static const std::set<std::string> known_keys = {"role", "source", "layer", "crs", "level", "x", "y",
                                                     "open_options", "fields", "cohorts", "breakdowns",
                                                     "description", "date"};
    for (const auto& [key, node] : t) {
        if (!known_keys.count(std::string(key.str()))) {
            throw DataError(where(path, key.source()) + ": " + context + ": unknown key '" +
                            std::string(key.str()) +
                            "'. Known keys: role, source, layer, crs, level, x, y, open_options, fields, cohorts, "
                            "breakdowns, description, date.");
        }
    }
    LayerSpec spec;
    spec.name = name;
    spec.line = static_cast<int>(t.source().begin.line);
    const std::string role_text = required_string(t, "role", path, t.source(), context);
    auto role = role_from_string(role_text);
    if (!role) {
        throw DataError(where(path, t.get("role")->source()) + ": " + context + ": unknown role '" + role_text +
                        "'. Use one of: " + role_names() + ".");
    }
    spec.role = *role;
    spec.source_as_written = required_string(t, "source", path, t.source(), context);
    spec.source = spec.source_as_written;
    if (spec.is_file()) {
        fs::path p(spec.source_as_written);
        if (p.is_relative()) p = directory / p;
        spec.source = p.lexically_normal().string();
    }
    spec.source_layer = optional_string(t, "layer", path, context);
    // An OpenStreetMap file holds points, lines and areas; a network is its ways.
    if (!spec.source_layer && spec.role == Role::network && spec.is_file() && is_osm_file(spec.source)) {
        spec.source_layer = osm_lines_layer;
    }
    spec.crs = optional_string(t, "crs", path, context);
    spec.level = optional_string(t, "level", path, context).value_or("");
    spec.date = optional_string(t, "date", path, context).value_or("");
    spec.description = optional_string(t, "description", path, context).value_or("");
    spec.x_field = optional_string(t, "x", path, context);
    spec.y_field = optional_string(t, "y", path, context);
    if (spec.x_field.has_value() != spec.y_field.has_value()) {
        throw DataError(where(path, t.source()) + ": " + context +
                        ": give both x and y (the coordinate columns), or neither.");
    }
    spec.open_options = string_array(t, "open_options", path, context);
    spec.cohorts = string_array(t, "cohorts", path, context);
    if (spec.role == Role::demand && spec.cohorts.empty()) spec.cohorts = default_cohorts;
    if (const toml::node* b = t.get("breakdowns")) {
        const toml::table* bt = b->as_table();
        if (!bt || spec.role != Role::demand) {
            throw DataError(where(path, b->source()) + ": " + context +
                            (bt ? ": 'breakdowns' belongs to a layer of role demand."
                                : ": 'breakdowns' must be a table of column lists, e.g. breakdowns = { sex = "
                                  "[\"male\", \"female\"], age = [\"18-24\", \"25-34\", \"35+\"] }."));
        }
        for (const auto& [key, node] : *bt) {
            BreakdownSpec bs;
            bs.name = std::string(key.str());
            bs.columns = string_array(*bt, bs.name, path, context + ", breakdowns." + bs.name);
            std::set<std::string> keys;
            for (const auto& c : bs.columns) {
                if (!keys.insert(count_column_key(c, bs.name)).second) {
                    throw DataError(where(path, node.source()) + ": " + context + ", breakdowns." + bs.name +
                                    ": column '" + c + "' is given twice. Fix: name each column once.");
                }
            }
            if (bs.columns.size() < 2) {
                throw DataError(where(path, node.source()) + ": " + context + ", breakdowns." + bs.name +
                                ": a breakdown needs two columns or more (the counts of the same people, cut by " +
                                bs.name + "). Fix: list its columns, e.g. [\"male\", \"female\"].");
            }
            if (std::find(spec.cohorts.begin(), spec.cohorts.end(), bs.name) != spec.cohorts.end()) {
                throw DataError(where(path, key.source()) + ": " + context + ", breakdowns." + bs.name +
                                ": a cohort has this name too. Fix: name the breakdown differently.");
            }
            spec.breakdowns.push_back(std::move(bs));
        }
    }
    if (const toml::node* f = t.get("fields")) {
        const toml::table* ft = f->as_table();
        if (!ft) {
            throw DataError(where(path, f->source()) + ": " + context +
                            ": 'fields' must be a table, e.g. fields = { id = \"code\", name = \"NAME\" }.");
        }
        std::set<std::string> known;
        for (const auto& req : schema_for(spec.role).fields) known.insert(req.name);
        for (const auto& c : spec.cohorts) known.insert(c);
        for (const auto& [key, node] : *ft) {
            const std::string k(key.str());
            auto v = node.value<std::string>();
            if (!v || v->empty()) {
                throw DataError(where(path, node.source()) + ": " + context + ": fields." + k +
                                " must name a field of the source, as a string.");
            }
            if (!known.count(k)) {
                std::string list;
                for (const auto& n : known) list += (list.empty() ? "" : ", ") + n;
                throw DataError(where(path, key.source()) + ": " + context + ": '" + k +
                                "' is not a field of role " + to_string(spec.role) + ". Known: " + list + ".");
            }
            spec.fields[k] = *v;
        }
    }
    return spec;
}

}  // namespace

Manifest load_manifest(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        throw ArgumentError("manifest '" + path +
                            "' not found. Give the path of a layer manifest with --manifest, or omit it to use "
                            "the embedded Sandwell default.");
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (const std::string problem = toml_text_problem(text.str()); !problem.empty()) {
        throw DataError(path + ": " + problem + ". Fix the manifest there.");
    }
    toml::table root;
    try {
        root = toml::parse(text.str(), path);
    } catch (const toml::parse_error& e) {
        std::ostringstream msg;
        msg << path << ":" << e.source().begin.line << ":" << e.source().begin.column
            << ": not valid TOML: " << e.description() << ". Fix the manifest at that line.";
        throw DataError(msg.str());
    }
    Manifest m;
    m.path = path;
    m.directory = fs::absolute(path).parent_path().lexically_normal().string();
    for (const auto& [key, node] : root) {
        const std::string k(key.str());
        if (k != "study" && k != "layers") {
            throw DataError(where(path, key.source()) + ": unknown section '" + k +
                            "'. A manifest has a [study] table and [layers.<name>] tables.");
        }
    }
    if (const toml::table* study = root["study"].as_table()) {
        m.study_name = optional_string(*study, "name", path, "[study]").value_or("");
        m.crs = optional_string(*study, "crs", path, "[study]").value_or("auto");
        m.boundary = optional_string(*study, "boundary", path, "[study]").value_or("");
        m.towns = optional_string(*study, "towns", path, "[study]").value_or("");
    }
    const toml::table* layers = root["layers"].as_table();
    if (!layers || layers->empty()) {
        throw DataError(path + ": the manifest names no layers. Add a [layers.<name>] table for each layer, "
                               "with role and source.");
    }
    for (const auto& [key, node] : *layers) {
        const toml::table* t = node.as_table();
        if (!t) {
            throw DataError(where(path, key.source()) + ": layers." + std::string(key.str()) +
                            " must be a table ([layers." + std::string(key.str()) + "]).");
        }
        m.layers.push_back(read_layer(std::string(key.str()), *t, path, fs::path(m.directory)));
    }
    // toml++ keeps keys sorted; report layers in the order they were written.
    std::stable_sort(m.layers.begin(), m.layers.end(),
                     [](const LayerSpec& a, const LayerSpec& b) { return a.line < b.line; });
    auto check_ref = [&](const std::string& ref, const char* key) {
        if (ref.empty()) return;
        const LayerSpec* l = m.find(ref);
        if (!l || l->role != Role::areas) {
            throw DataError(path + ": [study] " + key + " = \"" + ref + "\" must name an areas layer of this manifest.");
        }
    };
    check_ref(m.boundary, "boundary");
    check_ref(m.towns, "towns");
    return m;
}

std::string default_manifest_path() {
    if (const char* env = std::getenv("ROISC_MANIFEST"); env && *env) return env;
    std::error_code ec;
    const fs::path local = fs::path("layers") / "sandwell" / "manifest.toml";
    if (fs::exists(local, ec)) return local.string();
    if (fs::exists(ROISC_DEFAULT_MANIFEST, ec)) return ROISC_DEFAULT_MANIFEST;
    return ROISC_INSTALLED_MANIFEST;
}

}  // namespace roisc
