#pragma once
// What the network and travel tests share: British National Grid as the working CRS, the small
// networks under tests/data/network/ (whole metres from 400000, 290000), a node found by where it
// is, and a WGS84 point of an .osm fixture projected to the grid.
#include "roisc/core/crs.hpp"
#include "roisc/core/geometry.hpp"
#include "roisc/engine/network.hpp"
#include "roisc/io/network_reader.hpp"

#include <doctest/doctest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <memory>
#include <string>

namespace roisc::test {

inline const WorkingCrs& bng() {
    static const WorkingCrs crs = choose_working_crs("EPSG:27700", std::nullopt);
    return crs;
}

inline Network network_fixture(const std::string& name) {
    return read_network({network_layer_spec(std::string(ROISC_TEST_DATA) + "/network/" + name)}, bng());
}

// A node's id by where it is, in metres from the fixtures' origin.
inline NodeId node_at(const Network& net, double x, double y) {
    for (NodeId n = 0; n < net.node_count(); ++n) {
        if (std::fabs(net.node(n).x - (400000 + x)) < 1e-6 && std::fabs(net.node(n).y - (290000 + y)) < 1e-6) return n;
    }
    FAIL("no node at " << x << ", " << y);
    return no_node;
}

// A point of an .osm fixture (lon, lat) in EPSG:27700, projected here with OGR.
inline Point osm_point(double lon, double lat) {
    OGRSpatialReference wgs84, target;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    target.importFromEPSG(27700);
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&wgs84, &target));
    t->Transform(1, &lon, &lat);
    return {lon, lat};
}

}  // namespace roisc::test
