// Reading the hotspot table (see roisc/io/hotspot_table.hpp): column names and their aliases, the
// counts per cohort, repeated postcodes added together.
#include "roisc/io/hotspot_table.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"
#include "roisc/io/csv.hpp"
#include "roisc/model/study.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

namespace roisc {

namespace {

std::string header_key(const std::string& raw) {
    std::string out;
    for (char c : raw) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
        else if ((c == ' ' || c == '-' || c == '_') && !out.empty() && out.back() != '_') out += '_';
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out;
}


const std::vector<std::string> key_aliases = {"partial_postcode", "postcode", "pcd", "pcds", "postcode_sector",
                                              "sector", "postcode_district", "district", "outcode"};

// NDTMS's four treatment cohorts, in their usual order, with the spellings seen in practice.
const std::vector<std::pair<std::string, std::vector<std::string>>> cohort_aliases = {
    {"opiate", {"opiate", "opiates", "opiate_only"}},
    {"non_opiate", {"non_opiate", "non_opiate_only", "non_opiates"}},
    {"alcohol_only", {"alcohol_only", "alcohol"}},
    {"non_opiate_and_alcohol", {"non_opiate_and_alcohol", "non_opiate_alcohol", "non_opiates_and_alcohol"}},
};
const std::vector<std::string> count_aliases = {"count", "total", "n", "people", "clients"};


enum class Count { ok, not_whole, too_large };

Count parse_count(const std::string& text, long long& out) {
    const std::string s = trim(text);
    if (s.empty()) return Count::not_whole;
    bool digits = true;
    for (char c : s) digits = digits && c >= '0' && c <= '9';
    if (!digits) {
        // "1e18" or "2.5e9" is a number, but not a count anyone has: say so rather than "not whole".
        char* end = nullptr;
        const double d = std::strtod(s.c_str(), &end);
        if (end && *end == '\0' && std::isfinite(d) && d > static_cast<double>(max_people_count)) return Count::too_large;
        return Count::not_whole;
    }
    const auto first = s.find_first_not_of('0');
    if (first != std::string::npos && s.size() - first > 8) return Count::too_large;
    out = first == std::string::npos ? 0 : std::stoll(s);
    return out > max_people_count ? Count::too_large : Count::ok;
}

const std::string too_large_fix = "a count of people at one place is at most " + std::string("10,000,000") +
                                  "; check the column (is it a population or a code?).";

}  // namespace

HotspotInput read_hotspot_table(const std::string& path, const std::vector<BreakdownSpec>& breakdowns) {
    CsvReader csv(path);
    CsvRecord header;
    if (!csv.next(header)) throw DataError(path + ": the file is empty. Fix: give a header row and one row per postcode.");
    std::string columns;
    for (const auto& f : header.fields) columns += (columns.empty() ? "" : ", ") + trim(f);

    if (header.fields.size() == 1 && header.fields[0].find_first_of(";\t") != std::string::npos) {
        const bool semicolons = header.fields[0].find(';') != std::string::npos;
        throw DataError(path + " line 1: the header has no commas but " +
                        (semicolons ? "semicolons (';')" : "tabs") + ": the file is separated by " +
                        (semicolons ? "semicolons" : "tabs") + ", and roisc reads comma-separated tables. Fix: save it "
                        "as CSV with commas (in a spreadsheet: CSV, comma delimited).");
    }
    std::map<std::string, std::size_t> by_key;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string key = header_key(header.fields[i]);
        const auto [it, inserted] = by_key.emplace(key, i);
        if (!inserted && !key.empty()) {
            throw DataError(path + " line 1: columns " + std::to_string(it->second + 1) + " and " + std::to_string(i + 1) +
                            " are both called '" + shown(trim(header.fields[i])) +
                            "'. Fix: keep one of them, or rename the other to the cohort it counts.");
        }
    }
    auto column_of = [&](const std::vector<std::string>& names, std::string* found = nullptr) -> int {
        int hit = -1;
        for (const auto& n : names) {
            const auto it = by_key.find(n);
            if (it == by_key.end()) continue;
            if (hit >= 0) {
                throw DataError(path + " line 1: columns '" + trim(header.fields[hit]) + "' and '" +
                                trim(header.fields[it->second]) +
                                "' mean the same thing. Fix: keep one of them, or rename the other.");
            }
            hit = static_cast<int>(it->second);
            if (found) *found = n;
        }
        return hit;
    };

    int key_column = -1;
    for (const auto& alias : key_aliases) {
        if (const auto it = by_key.find(alias); it != by_key.end()) {
            key_column = static_cast<int>(it->second);
            break;
        }
    }
    if (key_column < 0) {
        throw DataError(path + " line 1: no postcode column; the columns are: " + columns +
                        ". Fix: name the postcode column partial_postcode (or postcode, sector, district).");
    }

    HotspotInput input;
    std::vector<int> count_columns;
    for (const auto& [cohort, aliases] : cohort_aliases) {
        const int c = column_of(aliases);
        if (c < 0) continue;
        input.cohorts.push_back(cohort);
        count_columns.push_back(c);
    }
    const int total_column = column_of(count_aliases);
    if (count_columns.empty()) {
        if (total_column < 0) {
            throw DataError(path + " line 1: no count columns; the columns are: " + columns +
                            ". Fix: give cohort columns (opiate, non_opiate, alcohol_only, non_opiate_and_alcohol) "
                            "or one column named count.");
        }
        input.cohorts.push_back("count");
        count_columns.push_back(total_column);
    }
    const bool check_total = total_column >= 0 && input.cohorts.front() != "count";
    std::set<int> used(count_columns.begin(), count_columns.end());
    used.insert(key_column);
    if (total_column >= 0) used.insert(total_column);
    // The breakdowns' columns, breakdown after breakdown.
    input.breakdowns = breakdowns;
    std::vector<int> breakdown_columns;
    for (const auto& b : breakdowns) {
        for (const auto& c : b.columns) {
            const int i = find_count_column(header.fields, b.name, c, path + " line 1");
            if (i < 0) {
                throw DataError(path + " line 1: no column for '" + c + "' of the breakdown '" + b.name +
                                "'; the columns are: " + columns + ". Fix: add the column, or name it as the header does "
                                "(headers such as 'Male', 'Sex: male', '18-24', 'Age 18 to 24', '65+' are recognised).");
            }
            if (used.count(i)) {
                throw DataError(path + " line 1: column '" + trim(header.fields[static_cast<std::size_t>(i)]) +
                                "' is declared for the breakdown '" + b.name + "' but is already a " +
                                (i == key_column ? "postcode" : "cohort or total") + " column. Fix: declare another column.");
            }
            used.insert(i);
            breakdown_columns.push_back(i);
        }
    }
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        if (!used.count(static_cast<int>(i)) && !trim(header.fields[i]).empty()) {
            const std::string kind = breakdown_kind_of(header.fields[i]);
            input.warnings.push_back(path + " line 1: column '" + trim(header.fields[i]) + "' is not used." +
                                     (kind.empty() ? std::string()
                                                   : " It looks like a count by " + kind + ": declare it with --breakdown " +
                                                         kind + "=COLUMN,COLUMN,… (all the " + kind + " columns)."));
        }
    }

    std::vector<std::string> errors;
    std::map<std::string, std::size_t> seen;  // normalised key -> row
    CsvRecord r;
    while (csv.next(r)) {
        bool blank = true;
        for (const auto& f : r.fields) blank = blank && trim(f).empty();
        if (blank) continue;
        const std::string where = path + " line " + std::to_string(r.line);
        if (r.fields.size() != header.fields.size()) {
            // More fields than the header is a stray comma ("B70,7" for "B70 7"): every count after it
            // would land in the wrong cohort.
            const bool more = r.fields.size() > header.fields.size();
            errors.push_back(where + ": " + std::to_string(r.fields.size()) + " fields where the header has " +
                             std::to_string(header.fields.size()) + ". Fix: " +
                             (more ? "a value holding a comma must be in double quotes (\"B70,7\" is one field); "
                                     "remove stray commas."
                                   : "give every column a value (0 for none)."));
            continue;
        }
        InputRow row;
        row.lines = {r.line};
        row.key_as_written = trim(r.fields[key_column]);
        row.postcode = parse_postcode(row.key_as_written);
        bool ok = true;
        long long sum = 0;
        for (std::size_t c = 0; c < count_columns.size(); ++c) {
            const std::string& cell = r.fields[count_columns[c]];
            long long v = 0;
            const Count parsed = parse_count(cell, v);
            if (parsed != Count::ok) {
                const std::string t = shown(trim(cell));
                const std::string field = where + ", field '" + shown(trim(header.fields[count_columns[c]])) + "': ";
                if (parsed == Count::too_large) {
                    errors.push_back(field + "'" + t + "' is too large. Fix: " + too_large_fix);
                } else {
                    errors.push_back(field + (t.empty() ? std::string("the count is empty") : "'" + t + "' is not a whole number of 0 or more") +
                                     ". Fix: write the number of people, 0 if none.");
                }
                ok = false;
                continue;
            }
            row.counts.push_back(v);
            sum += v;
        }
        if (ok && check_total) {
            long long total = 0;
            if (parse_count(r.fields[total_column], total) != Count::ok || total != sum) {
                errors.push_back(where + ", field '" + trim(header.fields[total_column]) + "': '" +
                                 trim(r.fields[total_column]) + "' is not the sum of the cohorts (" + std::to_string(sum) +
                                 "). Fix: correct the total, or drop the total column (roisc adds it up).");
                ok = false;
            }
        }
        if (ok && !breakdown_columns.empty()) {
            std::size_t at = 0;
            for (const auto& b : breakdowns) {
                long long part = 0;
                bool parts_ok = true;
                for (std::size_t c = 0; c < b.columns.size(); ++c, ++at) {
                    const int col = breakdown_columns[at];
                    const std::string& cell = r.fields[static_cast<std::size_t>(col)];
                    long long v = 0;
                    const Count parsed = parse_count(cell, v);
                    if (parsed != Count::ok) {
                        const std::string t = shown(trim(cell));
                        const std::string field = where + ", field '" + shown(trim(header.fields[static_cast<std::size_t>(col)])) + "': ";
                        errors.push_back(field + (parsed == Count::too_large ? "'" + t + "' is too large. Fix: " + too_large_fix
                                                  : (t.empty() ? std::string("the count is empty") : "'" + t + "' is not a whole number of 0 or more") +
                                                        ". Fix: write the number of people, 0 if none."));
                        parts_ok = false;
                        continue;
                    }
                    row.breakdown_counts.push_back(v);
                    part += v;
                }
                if (parts_ok && part != sum) {
                    errors.push_back(where + ": the " + b.name + " columns add up to " + std::to_string(part) +
                                     " but the cohorts to " + std::to_string(sum) +
                                     ". They count the same people, so they must agree. Fix: correct the counts; people "
                                     "whose " + b.name + " is not recorded go in a column of their own (e.g. unknown), "
                                     "declared with the others.");
                    parts_ok = false;
                }
                ok = ok && parts_ok;
            }
        }
        if (!ok) continue;
        // Repeated postcodes (as "B69 3" and "b693") are one place: add them up, and say so.
        const std::string key = row.postcode ? row.postcode.postcode->text() : row.key_as_written;
        if (const auto it = seen.find(key); it != seen.end() && !key.empty()) {
            InputRow& first = input.rows[it->second];
            input.warnings.push_back(where + ": '" + row.key_as_written + "' repeats " + key + " of line " +
                                     std::to_string(first.lines.front()) + " ('" + first.key_as_written +
                                     "'); the two rows' counts are added together.");
            for (std::size_t c = 0; c < row.counts.size(); ++c) first.counts[c] += row.counts[c];
            for (std::size_t c = 0; c < row.breakdown_counts.size(); ++c) first.breakdown_counts[c] += row.breakdown_counts[c];
            first.lines.push_back(r.line);
            continue;
        }
        seen.emplace(key, input.rows.size());
        input.rows.push_back(std::move(row));
    }
    if (!errors.empty()) {
        std::string msg = path + ": " + std::to_string(errors.size()) + " row(s) with unusable counts:";
        for (std::size_t i = 0; i < errors.size() && i < 20; ++i) msg += "\n  " + errors[i];
        if (errors.size() > 20) msg += "\n  … and " + std::to_string(errors.size() - 20) + " more.";
        throw DataError(msg);
    }
    if (input.rows.empty()) throw DataError(path + ": no rows under the header. Fix: give one row per postcode.");
    return input;
}

}  // namespace roisc
