#pragma once
// Reading a manifest's layers through GDAL/OGR into the working CRS, checking them as they are read.
#include "roisc/core/crs.hpp"
#include "roisc/core/geometry.hpp"
#include "roisc/io/manifest.hpp"

#include <ogr_geometry.h>

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace roisc {

// One thing wrong with a layer. `where` is "line 7" for CSV, "feature 4 (id "B69 3")" otherwise.
struct Problem {
    enum class Severity { warning, error };
    Severity severity = Severity::error;
    std::string code;     // stable key for grouping and tests: "not_utf8", "swapped_coordinates", …
    std::string where;
    std::string field;    // the field concerned, or empty
    std::string message;  // what is wrong
    std::string fix;      // what to do
};

struct Feature {
    long long fid = 0;
    std::string where;            // "line 7" / "feature 4"
    GeometryPtr geometry;         // in the working CRS; null when the source had none
    std::vector<FieldValue> values;  // one per Layer::field_names
};

struct Extent {
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    bool empty = true;
    void expand(const OGREnvelope& e);
};

// A located demand feature kept compactly (a national demand layer has millions): its id, its
// representative point in the working CRS, and where its counts start in Layer::demand_counts.
struct DemandRow {
    std::string id;
    Point at;
};

// How read_layer keeps the features it accepts.
enum class Keep {
    features,     // every feature in `features`
    demand_rows,  // demand layers: located features as `demand_rows` (counts validated as usual);
                  // only those without a location in `features`
};

struct Layer {
    LayerSpec spec;
    std::string driver;           // GDAL driver short name
    std::string source_crs;       // "EPSG:4326", or a name when it has no code
    std::string working_crs;
    std::vector<std::string> field_names;
    std::vector<std::string> field_types;  // OGR type names
    std::vector<Feature> features;
    // With Keep::demand_rows: the located features, and their counts (spec.cohorts.size() a row,
    // in spec.cohorts order).
    bool compact = false;
    std::vector<DemandRow> demand_rows;
    std::vector<long long> demand_counts;
    bool columnar = false;        // demand_rows came through GDAL's Arrow stream, every row clean
    Extent extent;                // in the working CRS
    std::vector<Problem> problems;
    int repaired = 0;             // geometries made valid
    int without_geometry = 0;

    bool usable() const;          // no error-severity problem
    int error_count() const;
    int warning_count() const;

    // Index into field_names of the source field mapped to `logical`, or -1.
    int field_index(const std::string& logical) const;
    std::optional<std::string> text(const Feature& f, const std::string& logical) const;
    std::optional<long long> integer(const Feature& f, const std::string& logical) const;
};

// Opens a source and returns its lon/lat extent (for choosing a working CRS), or nothing if it
// cannot say. Never throws for data problems; read_layer reports those.
std::optional<LonLatBox> probe_extent(const LayerSpec& spec);

// Reads a whole layer into `crs`. Problems with the data are recorded on the returned layer, not
// thrown; a source that cannot be opened at all is recorded as an error with no features.
Layer read_layer(const LayerSpec& spec, const WorkingCrs& crs, Keep keep = Keep::features);

// Reads every layer of a manifest, choosing the working CRS first.
struct LoadedLayers {
    WorkingCrs crs;
    std::vector<Layer> layers;
    const Layer* find(const std::string& name) const;
    std::vector<const Layer*> with_role(Role role) const;
};
// Keep::demand_rows applies to the demand layers only.
LoadedLayers read_layers(const Manifest& manifest, Keep keep = Keep::features);

// A layer lying wholly further than this (or than the study's own width, if larger) from the study
// area is an error: the wrong file, or coordinates in another CRS than the one declared.
constexpr double far_from_study_m = 50000.0;

// Adds a "far_from_study" error to each non-area layer far from the study area (the layer named
// `boundary`, or every areas layer when it is empty). read_layers calls it.
void check_near_study(LoadedLayers& loaded, const std::string& boundary);

// Throws DataError when a layer has error-severity problems, listing them.
void require_usable(const Layer& layer);

// "towns.geojson: line 7, field "lat": … Fix: …" — one problem as one line of text.
std::string describe(const Layer& layer, const Problem& problem);

// True when `text` is valid UTF-8.
bool is_utf8(const std::string& text);

}  // namespace roisc
