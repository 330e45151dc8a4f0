// Reading a meeting feed: format names and detection, the file as text, and handing it to the
// reader for its format (src/io/feeds/). Placing and writing meetings: meeting_layer.cpp.
#include "roisc/io/meeting_feed.hpp"
#include "roisc/core/text.hpp"

#include "feeds/csv_feed.hpp"
#include "feeds/feed_text.hpp"
#include "feeds/readers.hpp"
#include "roisc/core/error.hpp"
#include "roisc/io/csv.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;

namespace roisc {

using namespace feeds;

const char* to_string(FeedFormat format) {
    switch (format) {
        case FeedFormat::meeting_guide: return "meeting-guide";
        case FeedFormat::bmlt: return "bmlt";
        case FeedFormat::aa_gb: return "aa-gb";
        case FeedFormat::csv: return "csv";
    }
    return "?";
}

const char* description(FeedFormat format) {
    switch (format) {
        case FeedFormat::meeting_guide: return "Meeting Guide JSON";
        case FeedFormat::bmlt: return "BMLT JSON";
        case FeedFormat::aa_gb: return "AA Great Britain marker CSV";
        case FeedFormat::csv: return "plain meetings CSV";
    }
    return "?";
}

std::optional<FeedFormat> feed_format_from_string(const std::string& text) {
    for (FeedFormat f : {FeedFormat::meeting_guide, FeedFormat::bmlt, FeedFormat::aa_gb, FeedFormat::csv}) {
        if (text == to_string(f)) return f;
    }
    return std::nullopt;
}

std::size_t FeedResult::skipped() const {
    return static_cast<std::size_t>(
        std::count_if(problems.begin(), problems.end(), [](const FeedProblem& p) { return p.skipped; }));
}

std::size_t FeedResult::warnings_with_code(const std::string& code) const {
    return static_cast<std::size_t>(
        std::count_if(problems.begin(), problems.end(), [&](const FeedProblem& p) { return p.code == code; }));
}

std::string describe(const FeedResult& feed, const FeedProblem& p) {
    std::string out = feed.path;
    if (!p.where.empty()) out += ": " + p.where;
    if (!p.field.empty()) out += ", field \"" + p.field + "\"";
    out += ": " + p.message;
    return out;
}

namespace {
std::string read_whole_file(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        throw ArgumentError("meeting feed " + in_quotes(path) + " does not exist. Check the path (it is read relative to " +
                            fs::current_path().string() + ").");
    }
    if (fs::is_directory(path, ec)) {
        throw ArgumentError("meeting feed " + in_quotes(path) + " is a directory; name the feed file itself.");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ArgumentError("meeting feed " + in_quotes(path) + " cannot be opened for reading.");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string without_bom(const std::string& text) {
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
        static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF) {
        return text.substr(3);
    }
    return text;
}

char first_significant(const std::string& text) {
    for (char c : text) {
        if (!std::isspace(static_cast<unsigned char>(c))) return c;
    }
    return '\0';
}
// Content, not the file name, decides: feeds are often saved as .json or .txt whatever they hold.
FeedFormat detect_format_of_text(const std::string& text) {
    const char first = first_significant(text);
    if (first == '[' || first == '{') {
        // The first meeting is enough to tell; a broken file is reported by the reader.
        static const std::regex bmlt_key(R"re("(weekday_tinyint|id_bigint|meeting_name)"\s*:)re");
        const std::string head = text.substr(0, 4096);
        if (std::regex_search(head, bmlt_key)) return FeedFormat::bmlt;
        if (first == '{' && head.find("\"meetings\"") != std::string::npos) return FeedFormat::bmlt;
        return FeedFormat::meeting_guide;
    }
    const std::string first_line = lower(text.substr(0, text.find('\n')));
    return first_line.find("marker_title") != std::string::npos ? FeedFormat::aa_gb : FeedFormat::csv;
}

}  // namespace

std::string normalise_meeting_postcode(const std::string& text) {
    std::string s;
    bool space = false;
    for (char c : trim(text)) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = true;
            continue;
        }
        if (space && !s.empty()) s += ' ';
        space = false;
        s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    std::string compact;
    for (char c : s) {
        if (c != ' ') compact += c;
    }
    // A full unit postcode: outward code (2–4) + inward code (digit, two letters).
    static const std::regex unit(R"(^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$)");
    std::smatch m;
    if (std::regex_match(compact, m, unit)) return m[1].str() + " " + m[2].str();
    return s;
}

FeedFormat detect_feed_format(const std::string& path) {
    return detect_format_of_text(without_bom(read_whole_file(path)));
}

FeedResult read_meeting_feed(const std::string& path, const FeedOptions& options) {
    return read_meeting_feed_text(read_whole_file(path), path, options);
}

FeedResult read_meeting_feed_text(const std::string& raw, const std::string& path, const FeedOptions& options) {
    FeedResult result;
    result.path = path;
    const std::string text = without_bom(raw);
    if (trim(text).empty()) throw DataError(path + ": the file is empty. Fix: fetch or export the feed again.");
    result.format = options.format ? *options.format : detect_format_of_text(text);
    const char first = first_significant(text);
    const bool looks_json = first == '[' || first == '{';
    if ((result.format == FeedFormat::meeting_guide || result.format == FeedFormat::bmlt) && !looks_json) {
        throw DataError(path + ": does not look like JSON, but is to be read as " + description(result.format) +
                        ". Fix: leave --format-of out to detect the format, or give --format-of csv or aa-gb.");
    }
    switch (result.format) {
        case FeedFormat::meeting_guide: read_meeting_guide(parse_json_feed(text, path), result, options); break;
        case FeedFormat::bmlt: read_bmlt(parse_json_feed(text, path), result, options); break;
        case FeedFormat::aa_gb:
        case FeedFormat::csv: {
            if (looks_json) {
                throw DataError(path + ": looks like JSON, not CSV. Fix: give --format-of meeting-guide or bmlt, or "
                                       "leave --format-of out to detect it.");
            }
            std::vector<CsvRecord> records = parse_csv(text, path, guess_delimiter(text));
            Problems problems(result);
            make_utf8(records, problems);
            if (result.format == FeedFormat::aa_gb) read_aa_gb(records, result, options);
            else read_plain_csv(records, result, options);
            break;
        }
    }
    return result;
}

}  // namespace roisc
