#pragma once
// A fast way to read a compact demand layer: GDAL's Arrow stream (RFC 86) hands over whole columns,
// where the per-feature loop in read_layer builds an OGRFeature and a Feature for each of millions
// of points. It keeps only what is plainly clean and gives up at the first doubt, so that the loop,
// the one place that words problems, reads the layer again and says what is wrong. Private to src/io.
#include "roisc/core/crs.hpp"
#include "roisc/io/layer.hpp"

#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <optional>
#include <string>
#include <vector>

namespace roisc::demand_columns {

struct Source {
    OGRLayer& layer;
    const std::vector<std::string>& field_names;  // Layer::field_names
    int id_field = -1;                            // index into field_names
    std::vector<int> cohort_fields;               // one per spec.cohorts, in order
    bool geographic = false;                      // the source's CRS is longitude/latitude
    OGRCoordinateTransformation& to_working;
    OGRCoordinateTransformation& to_lonlat;
    LonLatBox allowed;                            // the working CRS's area of use, with its margin
    std::size_t expected_rows = 0;                // for reserving; 0 when unknown
};

struct CleanDemand {
    std::vector<DemandRow> rows;     // in the layer's order
    std::vector<long long> counts;   // cohort_fields.size() a row
    Extent extent;                   // in the working CRS
};

// The rows exactly as read_layer's loop would keep them (same order, same points to the bit), or
// nothing when any row is not plainly clean (a null, a negative or real count, a duplicate id, text
// that is not UTF-8, a geometry other than a 2D Point, a place outside `allowed`, …) or the stream
// fails. Leaves the layer to be read again from the start.
std::optional<CleanDemand> read_clean_demand(const Source& source);

}  // namespace roisc::demand_columns
