#pragma once
// Shapes for hand-built studies in the engine tests.
#include <ogr_geometry.h>

#include <memory>

namespace roisc::test {

// A square town or area outline, corner (x0, y0), side `size`, in the study's metres.
inline std::shared_ptr<const OGRGeometry> square(double x0, double y0, double size) {
    auto ring = new OGRLinearRing();
    ring->addPoint(x0, y0);
    ring->addPoint(x0 + size, y0);
    ring->addPoint(x0 + size, y0 + size);
    ring->addPoint(x0, y0 + size);
    ring->addPoint(x0, y0);
    auto poly = new OGRPolygon();
    poly->addRingDirectly(ring);
    return std::shared_ptr<const OGRGeometry>(poly, OGRGeometryDeleter());
}

// A rectangle from corner (x0, y0) to corner (x1, y1).
inline std::shared_ptr<const OGRGeometry> rectangle(double x0, double y0, double x1, double y1) {
    auto ring = new OGRLinearRing();
    ring->addPoint(x0, y0);
    ring->addPoint(x1, y0);
    ring->addPoint(x1, y1);
    ring->addPoint(x0, y1);
    ring->addPoint(x0, y0);
    auto poly = new OGRPolygon();
    poly->addRingDirectly(ring);
    return std::shared_ptr<const OGRGeometry>(poly, OGRGeometryDeleter());
}

}  // namespace roisc::test
