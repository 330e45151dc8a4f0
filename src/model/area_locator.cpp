#include "roisc/model/area_locator.hpp"

#include "roisc/model/study.hpp"

#include <geos_c.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <string>

namespace roisc {

namespace {

struct Geos {
    GEOSContextHandle_t handle = GEOS_init_r();
    ~Geos() { GEOS_finish_r(handle); }
};

}  // namespace

struct AreaLocator::Impl {
    Geos geos;
    struct Prepared {
        GEOSGeometry* geometry = nullptr;
        const GEOSPreparedGeometry* prepared = nullptr;
        double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    };
    std::vector<Prepared> towns;     // one per town, in the study's order; geometry null for none
    std::optional<Prepared> boundary;
    GEOSSTRtree* tree = nullptr;
    std::vector<std::size_t> ids;    // the items of the tree point into this
    // GEOS prepared geometries and STR-trees build their indexes on first use, and a context
    // handle is not to be shared between threads at once: queries take turns.
    mutable std::mutex mutex;
    mutable std::vector<std::size_t> candidates;
    // The areas' geometries stay alive with the locator, so the addresses in its key cannot be
    // reused by other geometries while it exists.
    std::vector<std::shared_ptr<const OGRGeometry>> kept;

    // The area's polygons in GEOS, through WKB (what OGRGeometry::Contains does on every call).
    std::optional<Prepared> prepare(const OGRGeometry* g) {
        if (!g || g->IsEmpty()) return std::nullopt;
        GeometryPtr linear;
        if (g->hasCurveGeometry()) {
            linear.reset(g->getLinearGeometry());
            g = linear.get();
        }
        std::vector<unsigned char> wkb(g->WkbSize());
        if (g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) {
            throw std::runtime_error("an area's geometry cannot be converted for point-in-area tests");
        }
        GEOSWKBReader* reader = GEOSWKBReader_create_r(geos.handle);
        GEOSGeometry* geometry = GEOSWKBReader_read_r(geos.handle, reader, wkb.data(), wkb.size());
        GEOSWKBReader_destroy_r(geos.handle, reader);
        if (!geometry) throw std::runtime_error("an area's geometry cannot be converted for point-in-area tests");
        Prepared p;
        p.geometry = geometry;
        p.prepared = GEOSPrepare_r(geos.handle, geometry);
        OGREnvelope env;
        g->getEnvelope(&env);
        p.min_x = env.MinX, p.min_y = env.MinY, p.max_x = env.MaxX, p.max_y = env.MaxY;
        return p;
    }

    bool contains(const Prepared& area, GEOSGeometry* point, const Point& p) const {
        if (!area.prepared || p.x < area.min_x || p.x > area.max_x || p.y < area.min_y || p.y > area.max_y) return false;
        return GEOSPreparedContains_r(geos.handle, area.prepared, point) == 1;
    }

    GEOSGeometry* point(const Point& p) const {
        GEOSGeometry* g = GEOSGeom_createPointFromXY_r(geos.handle, p.x, p.y);
        if (!g) throw std::runtime_error("cannot make a point for a point-in-area test");
        return g;
    }

    void release(Prepared& p) {
        if (p.prepared) GEOSPreparedGeom_destroy_r(geos.handle, p.prepared);
        if (p.geometry) GEOSGeom_destroy_r(geos.handle, p.geometry);
    }

    ~Impl() {
        if (tree) GEOSSTRtree_destroy_r(geos.handle, tree);
        for (auto& t : towns) release(t);
        if (boundary) release(*boundary);
    }
};

AreaLocator::AreaLocator(const std::vector<Area>& towns, const Area* boundary)
    : impl_(new Impl), key_(key_of(towns, boundary)) {
    Impl& m = *impl_;
    m.towns.reserve(towns.size());
    m.ids.reserve(towns.size());
    for (const auto& t : towns) {
        m.towns.push_back(m.prepare(t.geometry.get()).value_or(Impl::Prepared{}));
        m.kept.push_back(t.geometry);
    }
    if (boundary) {
        m.boundary = m.prepare(boundary->geometry.get());
        m.kept.push_back(boundary->geometry);
    }
    // An STR-tree of the towns' envelopes: with hundreds of wards a point meets only a few.
    m.tree = GEOSSTRtree_create_r(m.geos.handle, 10);
    for (std::size_t i = 0; i < m.towns.size(); ++i) m.ids.push_back(i);
    for (std::size_t i = 0; i < m.towns.size(); ++i) {
        if (!m.towns[i].prepared) continue;
        GEOSGeometry* box = GEOSGeom_createRectangle_r(m.geos.handle, m.towns[i].min_x, m.towns[i].min_y,
                                                        m.towns[i].max_x, m.towns[i].max_y);
        GEOSSTRtree_insert_r(m.geos.handle, m.tree, box, &m.ids[i]);
        GEOSGeom_destroy_r(m.geos.handle, box);  // the tree keeps the envelope, not the geometry
    }
}

AreaLocator::~AreaLocator() = default;

AreaLocator::Key AreaLocator::key_of(const std::vector<Area>& towns, const Area* boundary) {
    Key k;
    k.towns_data = towns.data();
    k.towns = towns.size();
    k.first = towns.empty() ? nullptr : towns.front().geometry.get();
    k.last = towns.empty() ? nullptr : towns.back().geometry.get();
    k.boundary = boundary ? boundary->geometry.get() : nullptr;
    return k;
}

std::optional<std::size_t> AreaLocator::town_at(const Point& p) const {
    const Impl& m = *impl_;
    std::lock_guard<std::mutex> lock(m.mutex);
    GEOSGeometry* point = m.point(p);
    m.candidates.clear();
    GEOSSTRtree_query_r(
        m.geos.handle, m.tree, point,
        [](void* item, void* out) {
            static_cast<std::vector<std::size_t>*>(out)->push_back(*static_cast<const std::size_t*>(item));
        },
        &m.candidates);
    // The tree returns candidates in its own order; the answer is the first town in the study's.
    std::sort(m.candidates.begin(), m.candidates.end());
    std::optional<std::size_t> found;
    for (std::size_t i : m.candidates) {
        if (m.contains(m.towns[i], point, p)) {
            found = i;
            break;
        }
    }
    GEOSGeom_destroy_r(m.geos.handle, point);
    return found;
}

bool AreaLocator::in_boundary(const Point& p) const {
    const Impl& m = *impl_;
    if (!m.boundary) return false;
    std::lock_guard<std::mutex> lock(m.mutex);
    GEOSGeometry* point = m.point(p);
    const bool inside = m.contains(*m.boundary, point, p);
    GEOSGeom_destroy_r(m.geos.handle, point);
    return inside;
}

}  // namespace roisc
