#pragma once
// Count columns beyond the cohorts: a hotspot table or demand layer may split each hotspot's people
// by sex, age band or ethnicity. A breakdown (manifest `breakdowns = { sex = ["male", "female"] }`,
// or `roisc hotspots --breakdown sex=male,female`) names the group and its columns; the columns are
// found by the headers NDTMS extracts use ("Male", "Sex: male", "18-24", "Age 18 to 24", "65+").
#include <string>
#include <utility>
#include <vector>

namespace roisc {

// A declared breakdown: a name ("sex") and its count columns in order ("male", "female").
struct BreakdownSpec {
    std::string name;
    std::vector<std::string> columns;
};

// The key a header or a declared column is compared by. Lower case, words joined by "_", the
// group's name or a synonym dropped from the front ("Sex: Male", "sex_male", "Gender - male" ->
// "male" for group "sex"), "18 to 24" / "18-24" / "Aged 18-24" -> "18_24", "65+" / "65 and over" ->
// "65_plus", plurals of male/female singular.
std::string count_column_key(const std::string& header, const std::string& group = "");

// What a header looks like it counts: "sex", "age", "ethnicity", or "" (not a breakdown column).
// Used to report count columns nobody declared.
std::string breakdown_kind_of(const std::string& header);

// "sex=male,female" -> {sex, [male, female]}. Throws ArgumentError naming `option` when it is
// not NAME=COLUMN,COLUMN,… with two columns or more.
BreakdownSpec parse_breakdown_spec(const std::string& text, const std::string& option);

// The index of the header matching `column` of breakdown `group`, or -1; throws DataError naming
// `where` when two headers match.
int find_count_column(const std::vector<std::string>& headers, const std::string& group, const std::string& column,
                      const std::string& where);

// "unknown", "not_stated": the key of a column that counts people whose value is not recorded.
bool is_not_stated(const std::string& key);

}  // namespace roisc
