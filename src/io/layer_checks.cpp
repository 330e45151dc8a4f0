#include "layer_checks.hpp"

#include <geos_c.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace roisc {

namespace layer_checks {

bool is_geojson(const LayerSpec& spec) {
    std::string ext = fs::path(spec.source).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".geojson" || ext == ".json";
}

// The name in a GeoJSON file's (2008) "crs" member, if it has one: GDAL falls back to WGS 84 when it
// does not know the name, which would read British National Grid metres as degrees, or the reverse.
std::optional<std::string> geojson_crs_name(const std::string& path) {
    // Top-level members sit before "features" or after its closing bracket: read the file's head up
    // to "features", and its tail after the last feature (a "crs" in a feature's properties is not it).
    std::ifstream in(path, std::ios::binary);
    std::string head(1 << 16, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    std::size_t crs = head.find("\"crs\"");
    const auto features = head.find("\"features\"");
    if (crs != std::string::npos && features != std::string::npos && crs > features) crs = std::string::npos;
    if (crs == std::string::npos) {
        in.clear();
        in.seekg(0, std::ios::end);
        const auto size = static_cast<long long>(in.tellg());
        const long long from = std::max(0LL, size - 4096);
        in.seekg(from);
        std::string tail(static_cast<std::size_t>(size - from), '\0');
        in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
        const auto after = tail.rfind(']');
        crs = after == std::string::npos ? std::string::npos : tail.find("\"crs\"", after);
        if (crs == std::string::npos) return std::nullopt;
        head = tail;
    }
    // The key "name" (followed by a colon), not the value of "type": "name".
    auto name = head.find("\"name\"", crs);
    while (name != std::string::npos) {
        const auto next = head.find_first_not_of(" \t\r\n", name + 6);
        if (next != std::string::npos && head[next] == ':') break;
        name = head.find("\"name\"", name + 6);
    }
    if (name == std::string::npos) return std::nullopt;
    const auto open = head.find('"', head.find(':', name) + 1);
    const auto close = open == std::string::npos ? std::string::npos : head.find('"', open + 1);
    if (close == std::string::npos || close - open > 200) return std::nullopt;
    return head.substr(open + 1, close - open - 1);
}

bool parse_number(const std::string& s, double& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    while (end && *end == ' ') ++end;
    return end && *end == '\0' && std::isfinite(out);
}

bool geometry_matches(GeometryKind want, OGRwkbGeometryType type) {
    const OGRwkbGeometryType flat = wkbFlatten(type);
    switch (want) {
        case GeometryKind::any: return true;
        case GeometryKind::point: return flat == wkbPoint || flat == wkbMultiPoint;
        case GeometryKind::line: return flat == wkbLineString || flat == wkbMultiLineString;
        case GeometryKind::polygon: return flat == wkbPolygon || flat == wkbMultiPolygon;
    }
    return false;
}

// GEOS's own reason ("Self-intersection[x y]") makes the repair message concrete.
std::string invalid_reason(const OGRGeometry& g) {
    GEOSContextHandle_t ctx = OGRGeometry::createGEOSContext();
    std::string reason = "invalid geometry";
    if (GEOSGeom gg = g.exportToGEOS(ctx)) {
        if (char* r = GEOSisValidReason_r(ctx, gg)) {
            reason = r;
            GEOSFree_r(ctx, r);
        }
        GEOSGeom_destroy_r(ctx, gg);
    }
    OGRGeometry::freeGEOSContext(ctx);
    return reason;
}

// MakeValid can return a collection mixing polygons and slivers of lines; keep the polygons.
GeometryPtr polygonal_part(GeometryPtr g) {
    if (!g) return g;
    const auto flat = wkbFlatten(g->getGeometryType());
    if (flat == wkbPolygon || flat == wkbMultiPolygon) return g;
    if (flat != wkbGeometryCollection) return nullptr;
    auto out = std::make_unique<OGRMultiPolygon>();
    for (auto* part : *g->toGeometryCollection()) {
        const auto pf = wkbFlatten(part->getGeometryType());
        if (pf == wkbPolygon) out->addGeometry(part);
        if (pf == wkbMultiPolygon) {
            for (auto* poly : *part->toMultiPolygon()) out->addGeometry(poly);
        }
    }
    if (out->IsEmpty()) return nullptr;
    return GeometryPtr(out.release());
}

// GDAL says only "Failed to read GeoJSON data"; a JSON parser says where.
std::string json_error_position(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext != ".geojson" && ext != ".json") return "";
    std::ifstream in(path, std::ios::binary);
    if (!in) return "";
    try {
        const auto parsed = nlohmann::json::parse(in);
        (void)parsed;
    } catch (const nlohmann::json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 4, column 0: syntax error …"
        std::string what = e.what();
        const auto at = what.find("at line");
        return at == std::string::npos ? what : what.substr(at);
    } catch (const std::exception&) {
    }
    return "";
}


}  // namespace layer_checks

namespace {

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

// Metres between two extents in the working CRS (0 when they overlap).
double gap_between(const Extent& a, const Extent& b) {
    const double dx = std::max({0.0, a.min_x - b.max_x, b.min_x - a.max_x});
    const double dy = std::max({0.0, a.min_y - b.max_y, b.min_y - a.max_y});
    return std::hypot(dx, dy);
}

}  // namespace

void check_near_study(LoadedLayers& loaded, const std::string& boundary) {
    // The study area: the boundary layer, else every usable areas layer together.
    Extent study;
    for (const auto& l : loaded.layers) {
        const bool counts = boundary.empty() ? l.spec.role == Role::areas : l.spec.name == boundary;
        if (!counts || !l.usable() || l.extent.empty) continue;
        OGREnvelope e;
        e.MinX = l.extent.min_x, e.MaxX = l.extent.max_x, e.MinY = l.extent.min_y, e.MaxY = l.extent.max_y;
        study.expand(e);
    }
    if (study.empty) return;
    const double size = std::max(study.max_x - study.min_x, study.max_y - study.min_y);
    // Meetings a bus ride over the border count; a layer a whole study-width away and over 50 km off
    // cannot be about this place.
    const double limit = std::max(far_from_study_m, size);
    for (auto& l : loaded.layers) {
        if (!l.usable() || l.extent.empty || l.spec.role == Role::areas) continue;
        const double gap = gap_between(l.extent, study);
        if (gap <= limit) continue;
        char km[32];
        std::snprintf(km, sizeof km, "%.0f", gap / 1000.0);
        l.problems.insert(l.problems.begin(),
                          {Problem::Severity::error, "far_from_study", "", "",
                           std::string("the whole layer lies ") + km + " km from the study area (" +
                               (boundary.empty() ? "its areas layers" : "layer '" + boundary + "'") +
                               "); its CRS is " + l.source_crs + (l.spec.crs ? " (crs = " + in_quotes(*l.spec.crs) + ")" : "") + ".",
                           "check that this is the right file for the study, and that its crs says how its coordinates "
                           "are written (longitude/latitude: EPSG:4326; eastings/northings in Britain: EPSG:27700)."});
    }
}


}  // namespace roisc
