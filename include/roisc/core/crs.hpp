#pragma once
// The working CRS: every layer is reprojected into it on reading, and distances are measured in it.
// EPSG:27700 (British National Grid) for data in Great Britain; elsewhere the UTM zone of the data.
#include <optional>
#include <string>

namespace roisc {

struct LonLatBox {
    double west = 0, south = 0, east = 0, north = 0;
    bool contains(double lon, double lat) const { return lon >= west && lon <= east && lat >= south && lat <= north; }
    void expand(const LonLatBox& other);
};

struct WorkingCrs {
    std::string code;     // "EPSG:27700"
    std::string name;     // "OSGB36 / British National Grid"
    std::string reason;   // why it was chosen, for reports
    LonLatBox area_of_use;
};

// `requested` is an authority code ("EPSG:27700") or "auto"; `extent` is the data's lon/lat extent,
// used only for "auto". Throws DataError when the code is not a projected CRS in metres.
WorkingCrs choose_working_crs(const std::string& requested, const std::optional<LonLatBox>& extent);

// The UTM zone's EPSG code for a lon/lat (326xx north, 327xx south).
int utm_epsg_for(double lon, double lat);

}  // namespace roisc
