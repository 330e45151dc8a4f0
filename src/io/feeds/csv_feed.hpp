#pragma once
// Reading the CSV meeting feeds (AA GB markers, plain lists): columns found by name, cells
// trimmed, and text that is not UTF-8 converted.
#include "meeting_record.hpp"
#include "roisc/io/csv.hpp"

#include <cstddef>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace roisc::feeds {

struct Columns {
    std::map<std::string, std::size_t> index;  // lower-case header -> column
    std::vector<std::string> names;            // as written

    std::optional<std::size_t> find(std::initializer_list<const char*> aliases) const {
        for (const char* a : aliases) {
            auto it = index.find(a);
            if (it != index.end()) return it->second;
        }
        return std::nullopt;
    }
};

Columns read_header(const CsvRecord& header);
// The trimmed cell; "" when the column is missing or the row shorter.
std::string cell(const CsvRecord& r, std::optional<std::size_t> column);
// Cells that are not UTF-8 are taken as Latin-1 (what spreadsheets often save) and converted.
void make_utf8(std::vector<CsvRecord>& records, Problems& problems);

}  // namespace roisc::feeds
