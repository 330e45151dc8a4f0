#pragma once
// The layer reader's checks that need more than one feature or more than GDAL says: the GeoJSON
// crs member, parse errors with their position, polygon repair, geometry kinds per role, and
// whether a layer lies anywhere near the study area. Private to src/io.
#include "roisc/core/geometry.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/manifest.hpp"

#include <ogr_geometry.h>

#include <optional>
#include <string>

namespace roisc::layer_checks {

bool is_geojson(const LayerSpec& spec);

// The name in a GeoJSON file's (2008) "crs" member, if it has one.
std::optional<std::string> geojson_crs_name(const std::string& path);

// A finite number, trailing spaces allowed.
bool parse_number(const std::string& s, double& out);

bool geometry_matches(GeometryKind want, OGRwkbGeometryType type);

// GEOS's reason a polygon is invalid ("Self-intersection[x y]").
std::string invalid_reason(const OGRGeometry& g);

// The polygons of a MakeValid result, or null when none is left.
GeometryPtr polygonal_part(GeometryPtr g);

// "at line 4, column 0: …" from a JSON parser, for a GeoJSON file GDAL cannot open; "" otherwise.
std::string json_error_position(const std::string& path);

}  // namespace roisc::layer_checks
