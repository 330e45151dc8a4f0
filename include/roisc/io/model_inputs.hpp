#pragma once
// The inputs of `roisc demand model`: small areas (LSOAs) with their population, as polygons or
// points in any OGR format, and the IMD deciles of the areas by code (any OGR format, a CSV table
// too), joined on the area code. Places are read into WGS84 longitude/latitude.
#include "roisc/core/geometry.hpp"

#include <string>
#include <vector>

namespace roisc {

// One small area as read: io knows nothing of the model (engine/demand_model.hpp).
struct SmallArea {
    std::string id;
    double population = 0;
    int imd_decile = 0;
    Point at;  // longitude, latitude
};

struct ModelSources {
    std::string population;            // the areas layer
    std::string area_field;            // its code field; "" = the first of lsoa11cd, lsoa21cd, lsoa_code, code
    std::string population_field;      // "" = the first of population, population_mid2022, pop
    std::string deprivation;           // the IMD table or layer
    std::string deprivation_area_field;  // "" = as area_field's default list
    std::string decile_field;          // "" = imd_decile
};

// The areas in code order, each with its population, decile and a point on its surface. Throws
// ArgumentError for a file that cannot be opened or a field that is not there (naming the fields
// it has), DataError for a value that cannot be used (naming file, feature or line, field, fix).
std::vector<SmallArea> read_model_areas(const ModelSources& sources);

}  // namespace roisc
