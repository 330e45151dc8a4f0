#pragma once
// A layer manifest (TOML) names each layer's source, its role and how its fields map onto the
// fields roisc needs. See docs/manifest.md.
#include "roisc/io/count_columns.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace roisc {

enum class Role { areas, demand, meetings, venues, postcodes, network, stops, assets };

const char* to_string(Role role);
std::optional<Role> role_from_string(const std::string& text);
// "areas, demand, …" for error messages.
std::string role_names();

enum class FieldType { text, integer, real, boolean };
const char* to_string(FieldType type);

// A field roisc needs from a layer of some role ("logical" name), and whether it must be there.
struct FieldRequirement {
    std::string name;
    FieldType type = FieldType::text;
    bool required = false;
    bool is_id = false;  // values must be unique
};

enum class GeometryKind { point, line, polygon, any };
const char* to_string(GeometryKind kind);

struct RoleSchema {
    Role role;
    GeometryKind geometry;
    std::vector<FieldRequirement> fields;
};

const RoleSchema& schema_for(Role role);

struct LayerSpec {
    std::string name;                 // the manifest's key: [layers.<name>]
    Role role = Role::areas;
    std::string source_as_written;    // as in the manifest
    std::string source;               // resolved: absolute path, or a connection string
    std::optional<std::string> source_layer;  // a layer inside a multi-layer source (GPKG, PostGIS)
    std::optional<std::string> crs;   // the source's CRS when the source does not say (or says wrongly)
    std::string level;                // areas: "borough", "town", "ward", …
    std::string date;                 // the data's date, for output metadata ("2014-08")
    std::string description;          // what the layer is, for people
    std::optional<std::string> x_field, y_field;  // CSV coordinate columns
    std::vector<std::string> open_options;        // passed to GDAL as they are
    std::map<std::string, std::string> fields;    // logical name -> source field name
    std::vector<std::string> cohorts;             // demand: the count columns (logical names)
    // demand: other cuts of the same people (sex, age bands), each a `--by` grouping:
    // breakdowns = { sex = ["male", "female"] }, in name order.
    std::vector<BreakdownSpec> breakdowns;
    int line = 0;                                 // where [layers.<name>] starts in the manifest

    // The source field that carries a logical field (the mapping, or the same name).
    std::string source_field(const std::string& logical) const;
    bool is_file() const;  // false for PG:/connection strings
};

struct Manifest {
    std::string path;           // as given
    std::string directory;      // sources are relative to this
    std::string study_name;     // e.g. "Sandwell"
    std::string crs = "auto";   // working CRS: an authority code, or "auto"
    std::string boundary;       // name of the areas layer outlining the study area
    std::string towns;          // name of the areas layer whose features are reported on
    std::vector<LayerSpec> layers;

    const LayerSpec* find(const std::string& name) const;
    std::vector<const LayerSpec*> with_role(Role role) const;
};

// Reads and checks a manifest. A missing manifest file is an ArgumentError (exit 2); a manifest
// whose content is wrong is a DataError (exit 3) naming the line and the key.
Manifest load_manifest(const std::string& path);

// The manifest used when none is given: $ROISC_MANIFEST, ./layers/sandwell/manifest.toml, the
// source tree's copy, then the installed copy.
std::string default_manifest_path();

}  // namespace roisc
