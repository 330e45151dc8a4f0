// Reading the CSV meeting feeds' headers and cells (see csv_feed.hpp).
#include "csv_feed.hpp"

#include "roisc/core/text.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>

namespace roisc::feeds {

Columns read_header(const CsvRecord& header) {
    Columns c;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string name = trim(header.fields[i]);
        c.names.push_back(name);
        c.index.emplace(lower(name), i);
    }
    return c;
}

std::string cell(const CsvRecord& r, std::optional<std::size_t> column) {
    if (!column || *column >= r.fields.size()) return "";
    return trim(r.fields[*column]);
}

// Cells that are not UTF-8 are taken as Latin-1 (what spreadsheets often save) and converted.
void make_utf8(std::vector<CsvRecord>& records, Problems& problems) {
    int first_line = 0, count = 0;
    for (auto& r : records) {
        for (auto& c : r.fields) {
            if (CPLIsUTF8(c.c_str(), static_cast<int>(c.size()))) continue;
            char* converted = CPLRecode(c.c_str(), CPL_ENC_ISO8859_1, CPL_ENC_UTF8);
            c = converted;
            CPLFree(converted);
            if (!count++) first_line = r.line;
        }
    }
    if (count) {
        problems.feed("not_utf8", std::to_string(count) + " cell(s), the first on line " + std::to_string(first_line) +
                                      ", are not UTF-8; read as Latin-1. Fix: save the file as UTF-8.");
    }
}

}  // namespace roisc::feeds
