#pragma once
// Owning pointers to OGR geometries, and the value of one attribute field: shared by every layer
// of the library (io reads them, the model holds them, the engine computes with them).
#include <ogr_geometry.h>

#include <memory>
#include <string>
#include <variant>

namespace roisc {

struct OGRGeometryDeleter {
    void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
using GeometryPtr = std::unique_ptr<OGRGeometry, OGRGeometryDeleter>;

// One attribute value as read or written: null, integer, real or text.
using FieldValue = std::variant<std::monostate, long long, double, std::string>;

}  // namespace roisc

namespace roisc {

// A place in the working CRS (metres).
struct Point {
    double x = 0, y = 0;
};

double distance(const Point& a, const Point& b);

// Point of a geometry: itself for a point, the centroid otherwise.
Point representative_point(const OGRGeometry& geometry);

}  // namespace roisc
