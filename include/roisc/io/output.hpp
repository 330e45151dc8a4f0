#pragma once
// Writing results: RFC 7946 GeoJSON, GeoPackage and CSV, each written to a temporary file and
// renamed into place, so a failed or interrupted run never leaves a partial file (nor, with an
// OutputSet, a mix of two runs' files), and the same inputs give byte-identical files.
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
    // A copy holding its features (generated ones made now), for a reader that keeps the layer
    // after the run's own data are gone (the report, a gathered page).
    OutputLayer materialised() const;
    // A copy holding only its first `n` features (all when it has no more), made now.
    OutputLayer first(std::size_t n) const;
};

// The metadata as a table named "metadata" of key and value (one row a pair, in order), for a
// GeoPackage read by tools that do not show layer metadata.
OutputLayer metadata_table(const Metadata& metadata);

// Digits after the decimal point of exported longitudes/latitudes (6 ≈ 0.1 m).
constexpr int geojson_precision = 6;

// Also writes the layer's QGIS style beside it (same name, .qml) when it has one.
void write_geojson(const std::string& path, const OutputLayer& layer, const WorkingCrs& crs, const Metadata& metadata);

// A GeoPackage layer of at least this many features, with a geometry, gets its R-tree spatial index
// packed in bulk and checked (src/io/geopackage_rtree.cpp) where GDAL would fill it row by row
// (before 3.7); the file is otherwise the same as with GDAL's own index.
constexpr std::size_t geopackage_bulk_index_min_features = 50000;
void write_geopackage(const std::string& path, const std::vector<const OutputLayer*>& layers, const WorkingCrs& crs,
                      const Metadata& metadata);
void write_csv(const std::string& path, const Table& table);
// A layer's attribute table as CSV: `id`, then its fields, with the names and values the GeoJSON
// and GeoPackage have (null: an empty cell; booleans true/false). No geometry.
void write_layer_csv(const std::string& path, const OutputLayer& layer);
// One value as its CSV cell says it, before quoting: "" for null, true/false, numbers as in GeoJSON.
std::string layer_cell_text(const FieldValue& value, OutputField::Type type);

// True for a PostgreSQL/PostGIS connection string ("PG:dbname=… host=…").
bool is_database(const std::string& destination);
// Writes layers as PostGIS tables named <prefix>_<layer name> (replacing them), with spatial
// indexes, in the working CRS, all in one transaction; the metadata goes into <prefix>_metadata.
void write_postgis(const std::string& connection, const std::string& prefix, const std::vector<const OutputLayer*>& layers,
                   const WorkingCrs& crs, const Metadata& metadata);
void write_text(const std::string& path, const std::string& text);

// On SIGINT or SIGTERM, removes the temporary files of writes in progress and of an open
// OutputSet. SIGINT (Ctrl-C) then says that no result file was changed and exits with 130;
// SIGTERM dies of the signal as usual. (SIGKILL cannot be caught: its temporaries are hidden
// dot-files and folders, never a destination, and a later run into the same folder removes them.)
void remove_temporaries_on_signals();

// Where the writers say how they wrote what they wrote (`roisc --debug`), e.g. a GeoPackage's
// spatial index packed in bulk, or built by GDAL because the packed one failed its check. Called
// under the writers' lock, from whichever thread wrote the file; nothing is said while unset.
void on_write_detail(std::function<void(const std::string&)> say);

// A run's files as one set. While an OutputSet is open (run_cli opens one around each command),
// nothing a run writes is in place until commit():
//  * a folder named with result_folder() is built as a hidden sibling (".<name>.roisc-new-<pid>")
//    and at commit() takes the folder's place in one rename, so the folder holds exactly this
//    run's files: a file of an earlier run that this run did not write is gone. The set's file
//    names are listed in the folder's `.roisc-files`. A folder holding anything else (files roisc
//    did not write, or the working directory) is not replaced: the new files are moved into it
//    one by one, the earlier run's listed files removed, and commit() names the files kept;
//  * any other file (a single --out file) waits beside its destination and is renamed at commit().
// commit() moves everything with SIGINT/SIGTERM held. An interrupted run, or one that fails (the
// set is destroyed without commit()), leaves the previous files as they were, never a mix.
// Sets nest: a run inside a run (roisc run) commits with the outermost.
class OutputSet {
public:
    OutputSet();
    ~OutputSet();
    OutputSet(const OutputSet&) = delete;
    OutputSet& operator=(const OutputSet&) = delete;
    // Notes for the user (files kept beside a set); throws RuntimeFailure when a move fails.
    std::vector<std::string> commit();

private:
    bool committed_ = false;
};

// Declares `folder` as a folder of results of the open OutputSet (see there); creates its staging
// folder. Without an open set, files are written straight into the folder.
void result_folder(const std::string& folder);

// The file in a result folder that lists the names of the set's files, one a line.
constexpr const char* set_list_name = ".roisc-files";

// The layer's QGIS style (QML), as written beside its GeoJSON and into a GeoPackage's layer_styles.
std::string layer_style_qml(const OutputLayer& layer);

// The GeoJSON text of a layer, as write_geojson writes it.
std::string geojson_text(const OutputLayer& layer, const WorkingCrs& crs, const Metadata& metadata);

}  // namespace roisc
