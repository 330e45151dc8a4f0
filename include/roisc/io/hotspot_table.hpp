#pragma once
// Reading a hotspot table: an NDTMS-style CSV of treatment counts by partial postcode, one row per
// postcode and a count column per cohort (or one count column), for `roisc hotspots`.
#include "roisc/core/postcode.hpp"
#include "roisc/io/count_columns.hpp"

#include <string>
#include <vector>

namespace roisc {

struct InputRow {
    std::vector<int> lines;           // more than one when repeated rows were added together
    std::string key_as_written;
    PostcodeParse postcode;
    std::vector<long long> counts;    // one per cohort
    // The breakdowns' cells, breakdown after breakdown in HotspotInput::breakdowns order; each
    // breakdown's cells add up to the cohorts' total.
    std::vector<long long> breakdown_counts;
};

struct HotspotInput {
    std::vector<std::string> cohorts;
    std::vector<BreakdownSpec> breakdowns;  // as declared; their columns as declared
    std::vector<InputRow> rows;
    std::vector<std::string> warnings;
};

// Reads the table at `path`: finds the postcode, cohort and total columns by their usual names,
// adds repeated postcodes together (with a warning) and checks totals. Throws DataError naming
// the line and the fix when the table cannot be used. `breakdowns` (roisc hotspots --breakdown)
// are other cuts of the same people: each declared column must be there (found by its NDTMS
// header aliases, roisc/io/count_columns.hpp), and on every row a breakdown's cells must add up to
// the cohorts' total. Count columns that look like a breakdown but are not declared are warned of.
HotspotInput read_hotspot_table(const std::string& path, const std::vector<BreakdownSpec>& breakdowns = {});

}  // namespace roisc
