#pragma once
// Writing results: RFC 7946 GeoJSON, GeoPackage and CSV, each written to a temporary file beside
// the destination and renamed into place, so a failed or interrupted run never leaves a partial
// file, and the same inputs give byte-identical files.
#include "roisc/core/crs.hpp"
#include "roisc/core/table.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/styles.hpp"
#include "roisc/model/metadata.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace roisc {

struct OutputField {
    enum class Type { text, integer, real, boolean };
    std::string name;
    Type type = Type::text;
};

struct OutputFeature {
    std::string id;
    std::shared_ptr<const OGRGeometry> geometry;  // working CRS; null for none
    std::vector<FieldValue> values;               // one per field; monostate = null
};

struct OutputLayer {
    std::string name;   // file stem and GeoPackage table name
    std::string title;  // a sentence for people
    LayerStyle style = LayerStyle::none;  // its QGIS style (.qml beside GeoJSON, layer_styles in GeoPackage)
    std::string label_field;              // labelled in that style, if set
    std::string size_field = "people";    // hotspots style: the count that sizes the circles
    std::vector<std::string> style_categories;  // isochrones style: the values of `time`, shortest first
    // False for a plain table (a summary, the metadata): no geometry column in a GeoPackage or
    // database, and null geometries in GeoJSON. A spatial layer stays spatial even when empty.
    bool has_geometry = true;
    std::vector<OutputField> fields;
    std::vector<OutputFeature> features;
    // A large layer (hundreds of thousands of points) may instead make its features as they are
    // written: `generated` features, the i-th filled in by generate(i, into) into a reused feature
    // (its strings and vectors keep their storage), so the layer never sits in memory whole.
    // Writers read `features` when `generate` is empty.
    std::size_t generated = 0;
    std::function<void(std::size_t, OutputFeature&)> generate;
    std::size_t size() const { return generate ? generated : features.size(); }
};

// The metadata as a table named "metadata" of key and value (one row a pair, in order), for a
// GeoPackage read by tools that do not show layer metadata.
OutputLayer metadata_table(const Metadata& metadata);

// Digits after the decimal point of exported longitudes/latitudes (6 ≈ 0.1 m).
constexpr int geojson_precision = 6;

// Also writes the layer's QGIS style beside it (same name, .qml) when it has one.
void write_geojson(const std::string& path, const OutputLayer& layer, const WorkingCrs& crs, const Metadata& metadata);
void write_geopackage(const std::string& path, const std::vector<const OutputLayer*>& layers, const WorkingCrs& crs,
                      const Metadata& metadata);
void write_csv(const std::string& path, const Table& table);
// A layer's attribute table as CSV: `id`, then its fields, with the names and values the GeoJSON
// and GeoPackage have (null: an empty cell; booleans true/false). No geometry.
void write_layer_csv(const std::string& path, const OutputLayer& layer);

// True for a PostgreSQL/PostGIS connection string ("PG:dbname=… host=…").
bool is_database(const std::string& destination);
// Writes layers as PostGIS tables named <prefix>_<layer name> (replacing them), with spatial
// indexes, in the working CRS, all in one transaction; the metadata goes into <prefix>_metadata.
void write_postgis(const std::string& connection, const std::string& prefix, const std::vector<const OutputLayer*>& layers,
                   const WorkingCrs& crs, const Metadata& metadata);
void write_text(const std::string& path, const std::string& text);

// On SIGINT or SIGTERM, removes the temporary files of writes in progress, then dies of the
// signal as usual. (SIGKILL cannot be caught: its temporaries are hidden dot-files, never a
// destination, and the next run's writes replace them.)
void remove_temporaries_on_signals();

// The layer's QGIS style (QML), as written beside its GeoJSON and into a GeoPackage's layer_styles.
std::string layer_style_qml(const OutputLayer& layer);

// The GeoJSON text of a layer, as write_geojson writes it.
std::string geojson_text(const OutputLayer& layer, const WorkingCrs& crs, const Metadata& metadata);

}  // namespace roisc
