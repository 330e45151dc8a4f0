#include "roisc/io/place.hpp"
#include "roisc/core/text.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/layer.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>
#include <cctype>
#include <cstdlib>
#include <memory>

namespace roisc {

namespace {

// "b693de" -> "B69 3DE"; leaves districts and sectors as they are apart from case and spaces.
std::string postcode_key(const std::string& text) {
    std::string s;
    for (char c : text) {
        if (!std::isspace(static_cast<unsigned char>(c))) s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    const bool unit = s.size() >= 5 && std::isdigit(static_cast<unsigned char>(s[s.size() - 3])) &&
                      std::isalpha(static_cast<unsigned char>(s[s.size() - 2])) &&
                      std::isalpha(static_cast<unsigned char>(s[s.size() - 1]));
    if (unit) return s.substr(0, s.size() - 3) + " " + s.substr(s.size() - 3);
    // A sector written as "B693" is ambiguous with district "B69"+"3"; keep the user's space.
    std::string spaced;
    bool space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) space = true;
        else {
            if (space && !spaced.empty()) spaced += ' ';
            space = false;
            spaced += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    return spaced;
}

bool parse_lonlat(const std::string& text, double& lon, double& lat) {
    const auto comma = text.find(',');
    if (comma == std::string::npos) return false;
    const std::string a = text.substr(0, comma), b = text.substr(comma + 1);
    char* end = nullptr;
    lon = std::strtod(a.c_str(), &end);
    if (end == a.c_str() || *end) return false;
    lat = std::strtod(b.c_str(), &end);
    if (end == b.c_str() || (*end && !std::isspace(static_cast<unsigned char>(*end)))) return false;
    return true;
}

// The study's extent in the working CRS (boundary, else towns); empty when it has neither.
std::optional<OGREnvelope> study_envelope(const Study& study) {
    std::optional<OGREnvelope> out;
    auto add = [&](const Area& a) {
        if (!a.geometry) return;
        OGREnvelope e;
        a.geometry->getEnvelope(&e);
        if (out) out->Merge(e);
        else out = e;
    };
    if (study.boundary) add(*study.boundary);
    else for (const auto& t : study.towns) add(t);
    return out;
}

// Metres from a point to an envelope (0 inside).
double metres_outside(const OGREnvelope& e, double x, double y) {
    const double dx = std::max({0.0, e.MinX - x, x - e.MaxX});
    const double dy = std::max({0.0, e.MinY - y, y - e.MaxY});
    return std::hypot(dx, dy);
}

// Where a lon/lat falls in the working CRS, if it can be placed there at all.
std::optional<std::pair<double, double>> to_working(double lon, double lat, const Study& study) {
    if (std::abs(lon) > 180 || std::abs(lat) > 90) return std::nullopt;
    OGRSpatialReference wgs, work;
    wgs.SetWellKnownGeogCS("WGS84");
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    work.SetFromUserInput(study.crs.code.c_str());
    work.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs, &work));
    double x = lon, y = lat;
    if (!ct || !ct->Transform(1, &x, &y) || !std::isfinite(x) || !std::isfinite(y)) return std::nullopt;
    return std::pair{x, y};
}

std::string degrees(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace

Place resolve_place(const std::string& text, const Manifest& manifest, const Study& study) {
    if (trim(text).empty()) {
        throw ArgumentError("--from is empty. Write a postcode (\"B69 3DE\"), a venue name or id, or "
                            "longitude,latitude (\"-2.0091,52.5040\").");
    }
    double lon = 0, lat = 0;
    if (parse_lonlat(text, lon, lat)) {
        if (!std::isfinite(lon) || !std::isfinite(lat)) {
            throw ArgumentError("--from '" + text + "': write longitude,latitude in degrees, e.g. -2.0091,52.5040.");
        }
        const auto here = to_working(lon, lat, study);
        const auto swapped = to_working(lat, lon, study);
        const auto extent = study_envelope(study);
        // Near the study: within its own width or 50 km of it (a meeting over the border counts).
        auto near = [&](const std::optional<std::pair<double, double>>& p) {
            if (!p) return false;
            if (!extent) return study.crs.area_of_use.contains(p == here ? lon : lat, p == here ? lat : lon);
            const double size = std::max(extent->MaxX - extent->MinX, extent->MaxY - extent->MinY);
            return metres_outside(*extent, p->first, p->second) <= std::max(50000.0, size);
        };
        if (near(here)) return {text + " (longitude,latitude)", {here->first, here->second}};
        if (near(swapped)) {
            throw ArgumentError("--from '" + text + "' looks like latitude,longitude: roisc reads longitude first. Write "
                                "--from " + degrees(lat) + "," + degrees(lon) + ".");
        }
        if (!here) {
            throw ArgumentError("--from '" + text + "': write longitude,latitude in degrees (longitude -180 to 180, "
                                "latitude -90 to 90), e.g. -2.0091,52.5040.");
        }
        std::string how_far;
        if (extent) {
            char km[32];
            std::snprintf(km, sizeof km, "%.0f", metres_outside(*extent, here->first, here->second) / 1000.0);
            how_far = std::string(" lies ") + km + " km from " + study.name;
        } else {
            how_far = " lies outside the region of " + study.crs.code;
        }
        throw ArgumentError("--from '" + text + "' (longitude,latitude)" + how_far +
                            "; the analysis covers only the study area and its surroundings. Give a place in or near "
                            "it, or a manifest for the area you mean (--manifest).");
    }
    // Postcodes first: "B69 3DE" should never match a venue called "B69 Café".
    const std::string key = postcode_key(text);
    for (const LayerSpec* spec : manifest.with_role(Role::postcodes)) {
        const Layer layer = read_layer(*spec, study.crs);
        for (const auto& f : layer.features) {
            if (!f.geometry) continue;
            const auto pc = layer.text(f, "postcode");
            if (pc && postcode_key(*pc) == key) {
                const std::string level = layer.text(f, "level").value_or("postcode");
                return {*pc + " (" + level + ")", representative_point(*f.geometry)};
            }
        }
    }
    const std::string wanted = lower(text);
    std::vector<const Venue*> partial;
    for (const auto& v : study.venues) {
        if (lower(v.id) == wanted || lower(v.name) == wanted) return {v.name + " (venue)", v.at};
        if (lower(v.name).find(wanted) != std::string::npos) partial.push_back(&v);
    }
    if (partial.size() == 1) return {partial.front()->name + " (venue)", partial.front()->at};
    if (partial.size() > 1) {
        std::string names;
        for (std::size_t i = 0; i < partial.size() && i < 5; ++i) names += (i ? "; " : "") + partial[i]->name;
        throw ArgumentError("--from '" + text + "' matches " + std::to_string(partial.size()) + " venues (" + names +
                            (partial.size() > 5 ? "; …" : "") + "). Give the full name or the venue id.");
    }
    throw ArgumentError("--from '" + text + "' is not a postcode in the postcodes layer, nor a venue. Write a postcode "
                        "(\"B69 3DE\", \"B69 3\"), a venue name or id, or longitude,latitude (\"-2.0091,52.5040\").");
}

}  // namespace roisc
