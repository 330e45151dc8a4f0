#include "roisc/engine/service.hpp"

#include "roisc/core/error.hpp"

#include <geos_c.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <utility>

namespace roisc {

namespace {

std::string slug_of(const std::string& text) {
    std::string s;
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c))) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        else if (!s.empty() && s.back() != '-') s += '-';
    }
    while (!s.empty() && s.back() == '-') s.pop_back();
    return s;
}

// The distinct places among hits (sorted nearest first): the first hit at each place.
std::vector<MeetingIndex::Hit> distinct_places(const std::vector<MeetingIndex::Hit>& hits, const std::vector<Meeting>& meetings) {
    std::set<std::pair<double, double>> seen;
    std::vector<MeetingIndex::Hit> out;
    for (const auto& h : hits) {
        const Point& at = *meetings[h.meeting].at;
        if (seen.insert({at.x, at.y}).second) out.push_back(h);
    }
    return out;
}

}  // namespace

bool AssetFilter::accepts(const Asset& asset) const {
    if (asset.kind != kind) return false;
    if (real_only && asset.illustrative) return false;
    if (!layer.empty() && asset.layer != layer) return false;
    return true;
}

std::string AssetFilter::describe() const {
    std::string d = label(kind);
    if (real_only) d += ", real only";
    if (!layer.empty()) d += ", layer " + layer;
    return d;
}

std::string AssetFilter::slug() const {
    std::string s = slug_of(to_string(kind));
    if (real_only) s += "-real";
    if (!layer.empty()) s += "-" + slug_of(layer);
    return s;
}

std::string Service::noun() const { return assets ? std::string(label(assets->kind)) : std::string("meeting"); }

std::string Service::one() const {
    if (!assets) return "an eligible meeting";
    const std::string n = noun();
    const bool vowel = !n.empty() && std::string("aeiouAEIOU").find(n.front()) != std::string::npos;
    return (vowel ? "an " : "a ") + n;
}

std::size_t count_accepted(const std::vector<Asset>& assets, const AssetFilter& filter) {
    return static_cast<std::size_t>(std::count_if(assets.begin(), assets.end(), [&](const Asset& a) { return filter.accepts(a); }));
}

std::vector<Meeting> asset_sites(const Study& study, const AssetFilter& filter) {
    std::vector<Meeting> out;
    for (const Asset& a : study.assets) {
        if (!filter.accepts(a)) continue;
        Meeting m;
        m.id = a.id;
        m.name = a.name;
        m.venue = a.name;
        m.address = a.address;
        m.postcode = a.postcode;
        m.attendance = Attendance::in_person;
        m.fellowship = Fellowship::Other;
        m.fellowship_text = to_string(a.kind);
        m.source.path = a.layer;
        m.source.id_label = "asset " + a.id;
        m.at = a.at;
        m.in_study = study.in_study(a.at);
        m.town = a.town;
        m.place = !a.town.empty() ? a.town : m.in_study ? study.name : std::string("outside");
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<PlacesWithinReach> options_within(const Study& study, const MeetingIndex& index, const MeetingFilter& filter,
                                    double radius_m, int n) {
    if (n < 1) throw QueryError("the number of options", "must be at least one.");
    if (!(radius_m > 0) || !std::isfinite(radius_m)) throw QueryError("the reach", "must be more than zero, e.g. 2mi.");
    // All the places there are: the n-th nearest exists only when there are n.
    std::set<std::pair<double, double>> places;
    for (const auto& m : study.meetings) {
        if (m.at && filter.accepts(m)) places.insert({m.at->x, m.at->y});
    }
    const bool enough = places.size() >= static_cast<std::size_t>(n);
    std::vector<PlacesWithinReach> out(study.hotspots.size());
    for (std::size_t i = 0; i < study.hotspots.size(); ++i) {
        const Point& at = study.hotspots[i].at;
        const auto near = distinct_places(index.within(at, radius_m, filter), study.meetings);
        out[i].count = static_cast<int>(near.size());
        if (near.size() >= static_cast<std::size_t>(n)) {
            out[i].nth = near[static_cast<std::size_t>(n - 1)];
            continue;
        }
        if (!enough) continue;
        // Beyond the reach: widen the search until n places are in it (they exist, so it ends).
        for (double r = radius_m * 2;; r *= 2) {
            const auto wider = distinct_places(index.within(at, r, filter), study.meetings);
            if (wider.size() >= static_cast<std::size_t>(n)) {
                out[i].nth = wider[static_cast<std::size_t>(n - 1)];
                break;
            }
        }
    }
    return out;
}

void require_options(std::vector<HotspotAccess>& access, const std::vector<PlacesWithinReach>& options, int n) {
    if (n < 1) throw QueryError("the number of options", "must be at least one.");
    if (access.size() != options.size()) throw RuntimeFailure("require_options: one entry per hotspot expected");
    if (n == 1) return;
    for (auto& a : access) {
        const PlacesWithinReach& o = options[a.hotspot];
        a.covered = o.count >= n;
        a.nearest = o.nth;
    }
}

GeometryPtr coverage_area_n(const Study& study, const MeetingFilter& filter, double radius, int n) {
    if (n < 1) throw QueryError("the number of options", "must be at least one.");
    if (n == 1) return coverage_area(study, filter, radius);
    // The places once each, in a stable order (as coverage_area), and their circles.
    std::vector<std::pair<double, double>> places;
    for (const auto& m : study.meetings) {
        if (m.at && filter.accepts(m)) places.emplace_back(m.at->x, m.at->y);
    }
    std::sort(places.begin(), places.end());
    places.erase(std::unique(places.begin(), places.end()), places.end());
    auto land = std::make_unique<OGRMultiPolygon>();
    if (places.size() < static_cast<std::size_t>(n)) return GeometryPtr(land.release());
    std::vector<GeometryPtr> circles;
    OGRMultiLineString edges;
    for (const auto& [x, y] : places) {
        OGRPoint p(x, y);
        GeometryPtr c(p.Buffer(radius, 32));
        if (!c || wkbFlatten(c->getGeometryType()) != wkbPolygon) throw RuntimeFailure("coverage_area_n: a buffer is not a polygon");
        OGRLineString ring(*c->toPolygon()->getExteriorRing());
        edges.addGeometry(&ring);
        circles.push_back(std::move(c));
    }
    // Node the circles' edges and polygonize: each face lies inside a fixed set of circles, which
    // one interior point of it tells (GEOS's point on surface: OGR's fails on these faces).
    GEOSContextHandle_t ctx = OGRGeometry::createGEOSContext();
    GEOSGeom lines = edges.exportToGEOS(ctx);
    GEOSGeom noded = lines ? GEOSUnaryUnion_r(ctx, lines) : nullptr;
    GEOSGeom faces = noded ? GEOSPolygonize_r(ctx, &noded, 1) : nullptr;
    const bool polygonized = faces != nullptr;
    const int count = faces ? GEOSGetNumGeometries_r(ctx, faces) : 0;
    for (int k = 0; k < count; ++k) {
        const GEOSGeometry* face = GEOSGetGeometryN_r(ctx, faces, k);
        GEOSGeom point = face ? GEOSPointOnSurface_r(ctx, face) : nullptr;
        double x = 0, y = 0;
        const bool placed = point && GEOSGeomGetX_r(ctx, point, &x) == 1 && GEOSGeomGetY_r(ctx, point, &y) == 1;
        if (point) GEOSGeom_destroy_r(ctx, point);
        if (!placed) continue;
        const OGRPoint inside(x, y);
        int depth = 0;
        for (std::size_t i = 0; i < circles.size() && depth < n; ++i) {
            const double dx = x - places[i].first, dy = y - places[i].second;
            if (dx * dx + dy * dy > radius * radius * 1.0001) continue;  // quick reject; the polygon decides
            if (circles[i]->Contains(&inside)) ++depth;
        }
        if (depth < n) continue;
        GeometryPtr kept(OGRGeometryFactory::createFromGEOS(ctx, const_cast<GEOSGeometry*>(face)));
        if (kept && wkbFlatten(kept->getGeometryType()) == wkbPolygon) land->addGeometry(kept.get());
    }
    for (GEOSGeom g : {lines, noded, faces}) {
        if (g) GEOSGeom_destroy_r(ctx, g);
    }
    OGRGeometry::freeGEOSContext(ctx);
    if (!polygonized) throw RuntimeFailure("coverage_area_n: the circles could not be polygonized");
    if (land->IsEmpty()) return GeometryPtr(land.release());
    return GeometryPtr(land->UnionCascaded());
}

}  // namespace roisc
