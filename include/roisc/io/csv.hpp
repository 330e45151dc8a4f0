#pragma once
// Reading CSV (RFC 4180), for every table roisc reads as text: postcode lookups, hotspot counts,
// meeting lists kept by hand.
#include <istream>
#include <memory>
#include <string>
#include <vector>

namespace roisc {

// A CSV record and the line it starts on (a quoted field may span lines).
struct CsvRecord {
    int line = 0;
    std::vector<std::string> fields;
    // An empty line, or one of spaces only (a line of delimiters is not blank).
    bool blank() const;
};

// Reads CSV one record at a time: fields quoted with " (a quote opens a field only at its start,
// "" inside stands for "), quoted line breaks kept, CRLF or LF, a UTF-8 BOM dropped. Records keep
// the line they start on, so messages point at the line an editor shows.
class CsvReader {
public:
    // A file; throws ArgumentError when it cannot be opened.
    explicit CsvReader(const std::string& path, char delimiter = ',');
    // Text already read; `path` names it in messages.
    static CsvReader from_text(const std::string& text, const std::string& path, char delimiter = ',');
    // False at the end. Throws DataError for a quoted field that never ends.
    bool next(CsvRecord& record);

private:
    CsvReader(std::unique_ptr<std::istream> in, std::string path, char delimiter);
    bool read_line(std::string& line);
    std::unique_ptr<std::istream> in_;
    std::string path_;
    char delimiter_ = ',';
    int line_ = 0;
};

// Every record of a text.
std::vector<CsvRecord> parse_csv(const std::string& text, const std::string& path, char delimiter = ',');

// The delimiter of a text from its first line: tab or semicolon where they outnumber commas.
char guess_delimiter(const std::string& text);

}  // namespace roisc
