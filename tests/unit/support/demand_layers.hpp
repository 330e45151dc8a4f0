#pragma once
// What the demand-layer readers' tests share: a two-cohort demand layer's spec, and the British
// National Grid as the working CRS.
#include "roisc/core/crs.hpp"
#include "roisc/io/manifest.hpp"

#include <optional>
#include <string>

namespace roisc::test {

// A demand layer at `path`: ids from "postcode", cohorts opiate and alcohol.
inline LayerSpec demand_spec(const std::string& path) {
    LayerSpec spec;
    spec.name = "demand";
    spec.role = Role::demand;
    spec.source = spec.source_as_written = path;
    spec.fields = {{"id", "postcode"}};
    spec.cohorts = {"opiate", "alcohol"};
    return spec;
}

inline const WorkingCrs& bng() {
    static const WorkingCrs crs = choose_working_crs("EPSG:27700", std::nullopt);
    return crs;
}

}  // namespace roisc::test
