#pragma once
// Reading a hotspot table: an NDTMS-style CSV of treatment counts by partial postcode, one row per
// postcode and a count column per cohort (or one count column), for `roisc hotspots`.
#include "roisc/core/postcode.hpp"

#include <string>
#include <vector>

namespace roisc {

struct InputRow {
    std::vector<int> lines;           // more than one when repeated rows were added together
    std::string key_as_written;
    PostcodeParse postcode;
    std::vector<long long> counts;    // one per cohort
};

struct HotspotInput {
    std::vector<std::string> cohorts;
    std::vector<InputRow> rows;
    std::vector<std::string> warnings;
};

// Reads the table at `path`: finds the postcode, cohort and total columns by their usual names,
// adds repeated postcodes together (with a warning) and checks totals. Throws DataError naming
// the line and the fix when the table cannot be used.
HotspotInput read_hotspot_table(const std::string& path);

}  // namespace roisc
