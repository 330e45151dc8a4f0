#include "roisc/core/geometry.hpp"

#include <cmath>

namespace roisc {

double distance(const Point& a, const Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

Point representative_point(const OGRGeometry& geometry) {
    if (wkbFlatten(geometry.getGeometryType()) == wkbPoint) {
        const OGRPoint* p = geometry.toPoint();
        return {p->getX(), p->getY()};
    }
    OGRPoint c;
    geometry.Centroid(&c);
    return {c.getX(), c.getY()};
}

}  // namespace roisc
