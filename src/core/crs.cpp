#include "roisc/core/crs.hpp"

#include "roisc/core/error.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>

namespace roisc {

void LonLatBox::expand(const LonLatBox& other) {
    west = std::min(west, other.west);
    south = std::min(south, other.south);
    east = std::max(east, other.east);
    north = std::max(north, other.north);
}

int utm_epsg_for(double lon, double lat) {
    int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
    zone = std::clamp(zone, 1, 60);
    return (lat >= 0 ? 32600 : 32700) + zone;
}

namespace {

// Great Britain, where the British National Grid is the natural working CRS.
const LonLatBox great_britain{-8.9, 49.8, 2.0, 60.9};

WorkingCrs describe(const std::string& code, const std::string& reason) {
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(code.c_str(), OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS) != OGRERR_NONE) {
        throw DataError("working CRS '" + code + "' is not a CRS GDAL knows. Use an authority code such as "
                        "\"EPSG:27700\", or \"auto\".");
    }
    if (!srs.IsProjected()) {
        throw DataError("working CRS '" + code + "' is not projected: distances need metres. Use a projected CRS "
                        "such as \"EPSG:27700\" or a UTM zone, or \"auto\".");
    }
    if (std::fabs(srs.GetLinearUnits() - 1.0) > 1e-9) {
        throw DataError("working CRS '" + code + "' is not in metres. Use a projected CRS in metres, or \"auto\".");
    }
    WorkingCrs w;
    w.code = code;
    w.name = srs.GetName() ? srs.GetName() : code;
    w.reason = reason;
    double west = -180, south = -90, east = 180, north = 90;
    const char* area_name = nullptr;
    if (srs.GetAreaOfUse(&west, &south, &east, &north, &area_name) && west <= east) {
        w.area_of_use = {west, south, east, north};
    } else {
        w.area_of_use = {-180, -90, 180, 90};
    }
    return w;
}

}  // namespace

WorkingCrs choose_working_crs(const std::string& requested, const std::optional<LonLatBox>& extent) {
    if (requested != "auto") return describe(requested, "set in the manifest");
    if (!extent) return describe("EPSG:27700", "no layer has an extent; British National Grid by default");
    const double lon = (extent->west + extent->east) / 2.0;
    const double lat = (extent->south + extent->north) / 2.0;
    if (great_britain.contains(extent->west, extent->south) && great_britain.contains(extent->east, extent->north)) {
        return describe("EPSG:27700", "the data lie in Great Britain");
    }
    return describe("EPSG:" + std::to_string(utm_epsg_for(lon, lat)), "the UTM zone of the data's centre");
}

}  // namespace roisc
