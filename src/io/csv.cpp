#include "roisc/io/csv.hpp"

#include "roisc/core/error.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace roisc {

bool CsvRecord::blank() const {
    return fields.size() == 1 && fields[0].find_first_not_of(" \t") == std::string::npos;
}

CsvReader::CsvReader(std::unique_ptr<std::istream> in, std::string path, char delimiter)
    : in_(std::move(in)), path_(std::move(path)), delimiter_(delimiter) {}

CsvReader::CsvReader(const std::string& path, char delimiter)
    : CsvReader(std::make_unique<std::ifstream>(path, std::ios::binary), path, delimiter) {
    if (!*in_) throw ArgumentError("cannot open '" + path + "' for reading. Check the path and its permissions.");
}

CsvReader CsvReader::from_text(const std::string& text, const std::string& path, char delimiter) {
    return CsvReader(std::make_unique<std::istringstream>(text), path, delimiter);
}

bool CsvReader::read_line(std::string& line) {
    if (!std::getline(*in_, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (++line_ == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    return true;
}

bool CsvReader::next(CsvRecord& record) {
    std::string line;
    if (!read_line(line)) return false;
    record.line = line_;
    record.fields.assign(1, std::string());
    bool quoted = false, was_quoted = false;
    int quote_line = line_;
    for (;;) {
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            std::string& field = record.fields.back();
            if (quoted) {
                if (c != '"') {
                    field += c;
                } else if (i + 1 < line.size() && line[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else if (c == '"' && field.empty() && !was_quoted) {
                quoted = was_quoted = true;
                quote_line = line_;
            } else if (c == delimiter_) {
                record.fields.emplace_back();
                was_quoted = false;
            } else {
                field += c;
            }
        }
        if (!quoted) return true;
        // A quoted field that runs on to the next line keeps its line break.
        if (!read_line(line)) {
            throw DataError(path_ + ": line " + std::to_string(quote_line) +
                            ": a quoted field starting on this line never ends (no closing \"). Fix: close the "
                            "quote, or double any \" inside a quoted field (\"\").");
        }
        record.fields.back() += '\n';
    }
}

std::vector<CsvRecord> parse_csv(const std::string& text, const std::string& path, char delimiter) {
    std::vector<CsvRecord> records;
    CsvReader reader = CsvReader::from_text(text, path, delimiter);
    for (CsvRecord r; reader.next(r);) records.push_back(r);
    return records;
}

char guess_delimiter(const std::string& text) {
    const std::string first_line = text.substr(0, text.find('\n'));
    const auto commas = std::count(first_line.begin(), first_line.end(), ',');
    const auto semicolons = std::count(first_line.begin(), first_line.end(), ';');
    const auto tabs = std::count(first_line.begin(), first_line.end(), '\t');
    if (tabs > commas && tabs >= semicolons) return '\t';
    if (semicolons > commas) return ';';
    return ',';
}

}  // namespace roisc
