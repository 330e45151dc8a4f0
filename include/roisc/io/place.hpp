#pragma once
// "Where from?": a place given on the command line as a postcode, a venue's name or id, or lon,lat.
#include "roisc/model/study.hpp"
#include "roisc/io/manifest.hpp"

#include <string>

namespace roisc {

struct Place {
    std::string label;  // "B69 3DE (postcode unit)", "Oldbury Council House (venue)"
    Point at;           // working CRS
};

// Resolves `text` against the manifest: "lon,lat" (WGS84), a postcode in the postcodes layer
// (unit, sector or district), or a venue (id, exact name, or a name fragment matching one venue).
// Throws ArgumentError saying what was tried and how to write a place.
Place resolve_place(const std::string& text, const Manifest& manifest, const Study& study);

}  // namespace roisc
