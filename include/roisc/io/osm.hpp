#pragma once
// OpenStreetMap files (.osm XML, .osm.pbf) through GDAL's OSM driver. The driver puts ways in its
// `lines` layer with `highway` as a field and most other keys (oneway, maxspeed, …) inside one
// `other_tags` text field written as PostgreSQL hstore: "oneway"=>"yes","maxspeed"=>"20 mph".
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace roisc {

// The layer of the OSM driver that holds ways as lines.
constexpr const char* osm_lines_layer = "lines";
// The driver's field of tags that have no field of their own.
constexpr const char* osm_other_tags_field = "other_tags";

// True when GDAL reads `path` with its OSM driver: it ends in .osm or .pbf (any case).
bool is_osm_file(std::string_view path);

// The key/value pairs of an hstore text ("k"=>"v", …; \" and \\ escaped inside quotes; NULL values
// are left out). Text that is not hstore gives what could be read before it went wrong.
std::map<std::string, std::string> parse_hstore(std::string_view text);

// One tag from an hstore text, or nothing.
std::optional<std::string> hstore_value(std::string_view text, std::string_view key);

}  // namespace roisc
