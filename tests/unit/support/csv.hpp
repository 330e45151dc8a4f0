#pragma once
// CSV as the tests read roisc's outputs: RFC 4180 (quoted cells kept whole, "" inside quotes is a
// quote), LF, CRLF or CR line ends; a blank line is no row. One reader for every test.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace roisc::test {

inline std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false, any = false;  // any: the line has a character, so it is a row
    auto end_row = [&] {
        if (any) row.push_back(cell), rows.push_back(row);
        row.clear(), cell.clear(), any = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += '"', ++i;
            else if (c == '"') quoted = false;
            else cell += c;
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            row.push_back(cell), cell.clear(), any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            end_row();
        } else {
            cell += c, any = true;
        }
    }
    end_row();
    return rows;
}

// Rows after the header as header -> cell ("" where a row is short).
using CsvRecord = std::map<std::string, std::string>;
inline std::vector<CsvRecord> csv_records(const std::string& text) {
    const auto rows = csv_rows(text);
    std::vector<CsvRecord> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        CsvRecord record;
        for (std::size_t i = 0; i < rows[0].size(); ++i) record[rows[0][i]] = i < rows[r].size() ? rows[r][i] : "";
        out.push_back(record);
    }
    return out;
}

inline std::vector<CsvRecord> csv_file_records(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return csv_records(text.str());
}

}  // namespace roisc::test
