#include "roisc/core/crs.hpp"

#include "roisc/core/error.hpp"

#include <cpl_error.h>
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

// Great Britain (with its islands, without Ireland), roughly: where the British National Grid is
// the natural working CRS. A box would take in Dublin and Belfast.
const double great_britain[][2] = {
    {-6.6, 49.7}, {2.1, 49.7}, {2.1, 61.1}, {-1.4, 61.1}, {-8.9, 58.9}, {-8.0, 56.3}, {-6.6, 55.9},
    {-6.0, 55.4}, {-5.15, 54.85}, {-5.15, 54.3}, {-5.5, 53.1}, {-5.6, 51.6}, {-6.6, 50.4}};

bool in_great_britain(double lon, double lat) {
    const int n = sizeof great_britain / sizeof great_britain[0];
    bool inside = false;
    for (int i = 0, j = n - 1; i < n; j = i++) {
        const double xi = great_britain[i][0], yi = great_britain[i][1];
        const double xj = great_britain[j][0], yj = great_britain[j][1];
        if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
}

WorkingCrs describe(const std::string& code, const std::string& reason) {
    OGRSpatialReference srs;
    CPLPushErrorHandler(CPLQuietErrorHandler);  // our message below says it better than PROJ's
    const OGRErr parsed = srs.SetFromUserInput(code.c_str(), OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS);
    CPLPopErrorHandler();
    if (parsed != OGRERR_NONE) {
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
    if (in_great_britain(extent->west, extent->south) && in_great_britain(extent->east, extent->north) &&
        in_great_britain(extent->west, extent->north) && in_great_britain(extent->east, extent->south)) {
        return describe("EPSG:27700", "the data lie in Great Britain");
    }
    return describe("EPSG:" + std::to_string(utm_epsg_for(lon, lat)), "the UTM zone of the data's centre");
}

}  // namespace roisc
