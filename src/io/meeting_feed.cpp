#include "roisc/io/meeting_feed.hpp"
#include "roisc/core/text.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/csv.hpp"
#include "roisc/io/output.hpp"
#include "roisc/version.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <nlohmann/json.hpp>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace roisc {

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

// ---- small text helpers ------------------------------------------------------------------------

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

std::vector<std::string> split_any(const std::string& text, const std::string& separators) {
    std::vector<std::string> out;
    std::string piece;
    for (char c : text) {
        if (separators.find(c) != std::string::npos) {
            if (!trim(piece).empty()) out.push_back(trim(piece));
            piece.clear();
        } else {
            piece += c;
        }
    }
    if (!trim(piece).empty()) out.push_back(trim(piece));
    return out;
}

std::string join_nonempty(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const auto& p : parts) {
        const std::string t = trim(p);
        if (!t.empty()) out += (out.empty() ? "" : sep) + t;
    }
    return out;
}

std::optional<double> number_from_text(const std::string& text) {
    const std::string s = trim(text);
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (!end || *end != '\0' || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<long long> integer_from_text(const std::string& text) {
    const std::string s = trim(text);
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (!end || *end != '\0') return std::nullopt;
    return v;
}

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

// ---- shared pieces of every reader -------------------------------------------------------------

// Collects problems and, for meetings that are kept, notes them on the meeting too.
class Problems {
public:
    explicit Problems(FeedResult& result) : result_(result) {}

    void meeting(const MeetingSource& src, Meeting* kept, std::string code, std::string field, std::string message,
                 bool skipped = false) {
        if (kept && !skipped) kept->notes.push_back((field.empty() ? "" : field + ": ") + message);
        result_.problems.push_back({std::move(code), src.where(), std::move(field), std::move(message), skipped});
    }
    void feed(std::string code, std::string message) {
        result_.problems.push_back({std::move(code), "", "", std::move(message), false});
    }

private:
    FeedResult& result_;
};

// Meeting Guide type codes (code4recovery types.json) onto the normalised flags.
void apply_meeting_guide_code(MeetingFlags& f, const std::string& code) {
    const std::string c = upper(trim(code));
    if (c == "O") f.open = true;
    else if (c == "C") f.closed = true;
    else if (c == "W") f.women = true;
    else if (c == "M") f.men = true;
    else if (c == "X") f.wheelchair = true;
    else if (c == "BE") f.newcomer = true;
    else if (c == "LGBTQ" || c == "G" || c == "L" || c == "BI" || c == "T" || c == "NB") f.lgbtq = true;
    else if (c == "Y") f.young_people = true;
    else if (c == "ASL") f.sign_language = true;
    else if (c == "CF" || c == "BA") f.child_friendly = true;
    else if (c == "SP") f.speaker = true;
    else if (c == "D") f.discussion = true;
}

// Plain words a hand-kept list may use instead of codes.
bool apply_type_word(MeetingFlags& f, const std::string& word) {
    std::string w;
    for (char c : lower(trim(word))) {
        if (std::isalnum(static_cast<unsigned char>(c))) w += c;
    }
    for (const auto& [name, member] : meeting_flag_fields()) {
        std::string n;
        for (const char* p = name; *p; ++p) {
            if (*p != '_') n += *p;
        }
        if (w == n) {
            f.*member = true;
            return true;
        }
    }
    if (w == "beginners" || w == "beginner") f.newcomer = true;
    else if (w == "wheelchairaccess" || w == "stepfree") f.wheelchair = true;
    else if (w == "hearing" || w == "loop") f.hearing_loop = true;
    else if (w == "bsl" || w == "signlanguage") f.sign_language = true;
    else if (w == "youngpeople" || w == "youth") f.young_people = true;
    else return false;
    return true;
}

// BMLT formats by NAWS world id, the one meaning shared across root servers.
void apply_bmlt_world_id(MeetingFlags& f, const std::string& world_id) {
    const std::string w = upper(trim(world_id));
    if (w == "OPEN") f.open = true;
    else if (w == "CLOSED") f.closed = true;
    else if (w == "W") f.women = true;
    else if (w == "M") f.men = true;
    else if (w == "WCHR") f.wheelchair = true;
    else if (w == "BEG") f.newcomer = true;
    else if (w == "GL" || w == "LGBTQ") f.lgbtq = true;
    else if (w == "Y") f.young_people = true;
    else if (w == "CW") f.child_friendly = true;
    else if (w == "SPK") f.speaker = true;
    else if (w == "DISC") f.discussion = true;
}

// The usual BMLT format keys and their world ids, for responses without a "formats" list.
const std::map<std::string, std::string>& default_bmlt_keys() {
    static const std::map<std::string, std::string> keys = {
        {"O", "OPEN"}, {"C", "CLOSED"}, {"W", "W"},    {"M", "M"},     {"WC", "WCHR"}, {"B", "BEG"},
        {"GL", "GL"},  {"YP", "Y"},     {"CW", "CW"},  {"SD", "SPK"},  {"So", "SPK"},  {"D", "DISC"},
        {"VM", "VM"},  {"HY", "HYBR"},  {"TC", "TC"},
    };
    return keys;
}

bool valid_lon_lat(double lon, double lat) {
    return std::fabs(lon) <= 180 && std::fabs(lat) <= 90 && !(lon == 0 && lat == 0);
}

// A UK postcode inside free text ("Oldbury B69 3DE, UK"); only used when the feed has no postcode field.
std::string uk_postcode_in(const std::string& text) {
    static const std::regex pattern(R"(\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b)");
    std::smatch m;
    const std::string up = upper(text);
    if (std::regex_search(up, m, pattern)) return m[1].str() + " " + m[2].str();
    return "";
}

// Ids must be unique within a feed: the layer's meeting_id is its key.
class IdRegistry {
public:
    // Returns the id to use, and the first holder when `id` was already taken.
    std::pair<std::string, std::string> claim(const std::string& id, const std::string& where) {
        auto [it, inserted] = seen_.emplace(id, where);
        if (inserted) return {id, ""};
        std::string unique;
        for (int n = 2;; ++n) {
            unique = id + "~" + std::to_string(n);
            if (seen_.emplace(unique, where).second) break;
        }
        return {unique, it->second};
    }

private:
    std::map<std::string, std::string> seen_;
};

void set_fellowship_from_options(Meeting& m, const FeedOptions& options, std::optional<Fellowship> feed_default,
                                 const char* feed_default_text) {
    if (options.fellowship) {
        m.fellowship = *options.fellowship;
        m.fellowship_text = options.fellowship_text.empty() ? to_string(*options.fellowship) : options.fellowship_text;
    } else if (feed_default) {
        m.fellowship = *feed_default;
        m.fellowship_text = feed_default_text;
    } else {
        m.fellowship = Fellowship::Other;
        m.fellowship_text = "";
    }
}

// When the end is missing or unusable, the Meeting Guide spec's default: one hour.
constexpr int default_duration = 60;

// ---- JSON --------------------------------------------------------------------------------------

json parse_json_feed(const std::string& text, const std::string& path) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 85, column 3: syntax error …"
        std::string what = e.what();
        const auto at = what.find("parse error");
        if (at != std::string::npos) what = what.substr(at);
        throw DataError(path + ": not valid JSON (" + what + "; byte " + std::to_string(e.byte) +
                        "). Fix: correct the file at that position (text after the closing ] of the list is a "
                        "common cause), or fetch the feed again; `python3 -m json.tool " + path +
                        "` shows the same position.");
    }
}

std::optional<std::string> json_text(const json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number_integer()) return std::to_string(j.get<long long>());
    if (j.is_number_float()) {
        std::ostringstream s;
        s << j.get<double>();
        return s.str();
    }
    return std::nullopt;
}

std::string json_member_text(const json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end()) return "";
    return trim(json_text(*it).value_or(""));
}

std::optional<double> json_number(const json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    if (it->is_number()) return it->get<double>();
    if (it->is_string()) return number_from_text(it->get<std::string>());
    return std::nullopt;
}

bool json_present(const json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return false;
    if (it->is_string()) return !trim(it->get<std::string>()).empty();
    return true;
}

// -- Meeting Guide

void read_meeting_guide(const json& root, FeedResult& result, const FeedOptions& options) {
    Problems problems(result);
    if (!root.is_array()) {
        throw DataError(result.path + ": a Meeting Guide feed is a JSON array of meetings, but this is a JSON " +
                        std::string(root.type_name()) +
                        ". Fix: point roisc at the feed itself (…/meetings.json), or give --format-of bmlt for a BMLT "
                        "response.");
    }
    if (!options.fellowship) {
        problems.feed("fellowship_unknown",
                      "a Meeting Guide feed does not say which fellowship it lists; its meetings are recorded as "
                      "Other. Fix: give --fellowship (AA, NA, CA, SMART, Al-Anon).");
    }
    IdRegistry ids;
    result.records = root.size();
    for (std::size_t i = 0; i < root.size(); ++i) {
        const json& item = root[i];
        MeetingSource src{result.path, i, 0, ""};
        if (!item.is_object()) {
            problems.meeting(src, nullptr, "not_object", "",
                             std::string("is a JSON ") + item.type_name() + ", not a meeting object; skipped.", true);
            continue;
        }
        Meeting m;
        // The slug is the spec's key; fall back to TSML's numeric id for messages.
        const auto slug_it = item.find("slug");
        if (slug_it != item.end() && slug_it->is_string() && !trim(slug_it->get<std::string>()).empty()) {
            m.id = trim(slug_it->get<std::string>());
            src.id_label = "slug " + in_quotes(m.id);
        } else if (slug_it != item.end() && slug_it->is_number()) {
            m.id = *json_text(*slug_it);
            src.id_label = "slug " + m.id;
        } else if (const std::string id = json_member_text(item, "id"); !id.empty()) {
            m.id = id;
            src.id_label = "id " + id;
        } else {
            m.id = "meeting-" + std::to_string(i);
        }
        m.source = src;
        set_fellowship_from_options(m, options, std::nullopt, "");

        // Checks that decide whether the meeting is kept come first, so a skipped meeting gets one message.
        std::vector<Weekday> days;
        std::vector<std::pair<std::string, std::string>> day_problems;  // code, message
        const bool has_day = json_present(item, "day");
        if (has_day) {
            const json& d = item["day"];
            std::vector<const json*> values;
            if (d.is_array()) {
                for (const auto& v : d) values.push_back(&v);
            } else {
                values.push_back(&d);
            }
            for (const json* v : values) {
                std::optional<long long> n;
                if (v->is_number_integer()) n = v->get<long long>();
                else if (v->is_string()) n = integer_from_text(v->get<std::string>());
                const std::string shown = v->is_string() ? in_quotes(v->get<std::string>()) : v->dump();
                if (!n) {
                    day_problems.emplace_back("bad_day", shown + " is not a day number (0 = Sunday … 6 = Saturday)");
                    continue;
                }
                const auto day = weekday_from_meeting_guide(*n);
                if (!day) {
                    day_problems.emplace_back("day_out_of_range",
                                              shown + " is out of range: Meeting Guide days are 0 = Sunday … "
                                                      "6 = Saturday");
                    continue;
                }
                if (v->is_string()) {
                    day_problems.emplace_back("day_not_integer", shown + " is text; the spec wants a number (read as " +
                                                                     full_name(*day) + ")");
                }
                if (std::find(days.begin(), days.end(), *day) == days.end()) days.push_back(*day);
            }
        }
        if (has_day && days.empty()) {
            // Every day given was unusable: keeping it would invent a day the meeting does not have.
            std::string why;
            for (const auto& [code, message] : day_problems) why += (why.empty() ? "" : "; ") + message;
            problems.meeting(src, nullptr, day_problems.empty() ? "bad_day" : day_problems.front().first, "day",
                             (why.empty() ? std::string("an empty list of days") : why) + "; meeting skipped.", true);
            continue;
        }
        std::optional<int> start;
        const bool has_time = json_present(item, "time");
        if (has_time) {
            const std::string t = json_member_text(item, "time");
            start = parse_clock(t);
            if (!start) {
                problems.meeting(src, nullptr, "bad_time", "time",
                                 in_quotes(t) + " is not a time of day (HH:MM, 00:00–23:59); meeting skipped.", true);
                continue;
            }
        }

        // The name is required by the spec; keep the meeting under its slug rather than lose it.
        const auto name_it = item.find("name");
        if (name_it == item.end() || !name_it->is_string() || trim(name_it->get<std::string>()).empty()) {
            m.name = m.id;
            problems.meeting(src, &m, "missing_name", "name",
                             std::string(name_it == item.end() ? "missing" : "empty or not text") +
                                 " (the spec requires a name); kept under the name " + in_quotes(m.name) + ".");
        } else {
            m.name = trim(name_it->get<std::string>());
        }
        if (slug_it == item.end()) {
            problems.meeting(src, &m, "missing_slug", "slug",
                             "missing (the spec requires a unique slug); kept with id " + in_quotes(m.id) + ".");
        } else if (slug_it->is_number()) {
            problems.meeting(src, &m, "slug_not_text", "slug",
                             "is the number " + m.id + "; the spec wants text. Kept with id " + in_quotes(m.id) + ".");
        } else if (!slug_it->is_string() || trim(slug_it->get<std::string>()).empty()) {
            problems.meeting(src, &m, "slug_not_text", "slug",
                             "is empty or not text; kept with id " + in_quotes(m.id) + ".");
        }
        {
            auto [id, first] = ids.claim(m.id, src.where());
            if (!first.empty()) {
                problems.meeting(src, &m, "duplicate_id", "slug",
                                 in_quotes(m.id) + " is also used by " + first + "; kept with id " + in_quotes(id) + ".");
                m.id = id;
            }
        }

        for (const auto& [code, message] : day_problems) {
            problems.meeting(src, &m, code, "day",
                             message + (code == "day_not_integer" ? "." : "; that day ignored."));
        }

        // When.
        if (start && !days.empty()) {
            int end = *start + default_duration;
            if (json_present(item, "end_time")) {
                const std::string e = json_member_text(item, "end_time");
                const auto end_clock = parse_clock(e, true);
                if (!end_clock) {
                    problems.meeting(src, &m, "bad_end_time", "end_time",
                                     in_quotes(e) + " is not a time of day; 1 hour assumed.");
                } else if (*end_clock % minutes_per_day == *start) {
                    problems.meeting(src, &m, "bad_end_time", "end_time",
                                     in_quotes(e) + " is the start time; 1 hour assumed.");
                } else {
                    end = *end_clock;
                }
            }
            for (Weekday d : days) m.slots.push_back(WeeklySlot::from_clock(d, *start, end));
        } else if (start && !has_day) {
            problems.meeting(src, &m, "time_without_day", "day",
                             "a time is given but no day; kept without a fixed weekly time.");
        } else if (!start && has_day) {
            problems.meeting(src, &m, "day_without_time", "time",
                             "a day is given but no time; kept without a fixed weekly time.");
        } else {
            m.notes.push_back("no day or time: by appointment, kept without a fixed weekly time");
        }
        m.timezone = json_member_text(item, "timezone");

        // What kind of meeting.
        if (auto t = item.find("types"); t != item.end() && !t->is_null()) {
            if (t->is_array()) {
                for (const auto& code : *t) {
                    if (auto c = json_text(code)) m.type_codes.push_back(trim(*c));
                }
            } else if (t->is_string()) {
                m.type_codes = split_any(t->get<std::string>(), ",;");
                problems.meeting(src, &m, "types_not_array", "types", "is text, not an array of codes; split at commas.");
            } else {
                problems.meeting(src, &m, "types_not_array", "types", "is not an array of codes; ignored.");
            }
        }
        for (const auto& c : m.type_codes) apply_meeting_guide_code(m.flags, c);

        // Where.
        m.venue = json_member_text(item, "location");
        m.address = json_member_text(item, "formatted_address");
        if (m.address.empty()) {
            m.address = join_nonempty({json_member_text(item, "address"), json_member_text(item, "city"),
                                       json_member_text(item, "state"), json_member_text(item, "postal_code"),
                                       json_member_text(item, "country")},
                                      ", ");
        }
        m.postcode = normalise_meeting_postcode(json_member_text(item, "postal_code"));
        if (m.postcode.empty()) m.postcode = uk_postcode_in(m.address);
        const bool approximate = lower(json_member_text(item, "approximate")) == "yes";
        const auto lat = json_number(item, "latitude"), lon = json_number(item, "longitude");
        if (lat && lon) {
            if (!valid_lon_lat(*lon, *lat)) {
                problems.meeting(src, &m, "bad_coordinates", "latitude/longitude",
                                 "(" + json_member_text(item, "latitude") + ", " + json_member_text(item, "longitude") +
                                     ") is not a place on Earth; ignored.");
            } else if (approximate) {
                // An approximate point (a town centre for an online group) is not somewhere to walk to.
                m.notes.push_back("feed marks its location approximate: not used as the meeting's place");
            } else {
                m.location = MeetingLocation{*lon, *lat, std::nullopt, std::nullopt};
            }
        } else if (json_present(item, "latitude") || json_present(item, "longitude")) {
            problems.meeting(src, &m, "bad_coordinates", "latitude/longitude",
                             "not both given as numbers; ignored.");
        }

        // How people attend: TSML says it outright; plain Meeting Guide feeds imply it.
        const bool has_conference = json_present(item, "conference_url") || json_present(item, "conference_phone");
        // A building's name and a city ("Josh's house", "San Francisco") are not somewhere to go.
        const bool has_place = !approximate && (json_present(item, "formatted_address") ||
                                                json_present(item, "address") || m.location.has_value());
        const bool temporarily_closed =
            std::find(m.type_codes.begin(), m.type_codes.end(), "TC") != m.type_codes.end();
        if (const std::string option = json_member_text(item, "attendance_option"); !option.empty()) {
            if (auto a = attendance_from_text(option)) {
                m.attendance = *a;
            } else {
                problems.meeting(src, &m, "bad_attendance", "attendance_option",
                                 in_quotes(option) + " is not in_person, online, hybrid or inactive; worked out from "
                                                  "the conference link instead.");
                m.attendance = has_conference ? (has_place ? Attendance::hybrid : Attendance::online)
                                              : Attendance::in_person;
            }
        } else if (has_conference) {
            m.attendance = has_place ? Attendance::hybrid : Attendance::online;
        }
        if (temporarily_closed && meets_in_person(m.attendance)) {
            m.attendance = m.attendance == Attendance::hybrid ? Attendance::online : Attendance::temporarily_closed;
        }
        result.meetings.push_back(std::move(m));
    }
}

// -- BMLT

int bmlt_duration_minutes(const std::string& text, bool& ok) {
    // "01:30:00" or "01:30"; hours may exceed 23 in principle, so not a clock time.
    ok = false;
    const auto parts = split_any(text, ":");
    if (parts.size() < 2 || parts.size() > 3) return 0;
    const auto h = integer_from_text(parts[0]), m = integer_from_text(parts[1]);
    if (!h || !m || *h < 0 || *m < 0 || *m > 59) return 0;
    ok = true;
    return static_cast<int>(*h * 60 + *m);
}

void read_bmlt(const json& root, FeedResult& result, const FeedOptions& options) {
    Problems problems(result);
    const json* list = nullptr;
    std::map<std::string, std::string> world_ids = default_bmlt_keys();
    if (root.is_array()) {
        list = &root;
    } else if (root.is_object() && root.contains("meetings") && root["meetings"].is_array()) {
        list = &root["meetings"];
        // get_used_formats: the server's own key -> world id table beats our defaults.
        if (auto f = root.find("formats"); f != root.end() && f->is_array()) {
            for (const auto& fmt : *f) {
                if (!fmt.is_object()) continue;
                const std::string key = json_member_text(fmt, "key_string");
                const std::string world = json_member_text(fmt, "world_id");
                if (!key.empty()) world_ids[key] = world;
            }
        }
    } else {
        throw DataError(result.path + ": a BMLT GetSearchResults response is an array of meetings or an object with "
                                      "\"meetings\", but this is a JSON " +
                        std::string(root.type_name()) + ". Fix: save the response of …/client_interface/json/"
                                                        "?switcher=GetSearchResults.");
    }
    if (!options.fellowship) {
        result.notes.push_back("BMLT is Narcotics Anonymous' meeting list server: meetings recorded as NA "
                               "(give --fellowship for another fellowship's server)");
    }
    IdRegistry ids;
    int assumed_duration = 0;
    result.records = list->size();
    for (std::size_t i = 0; i < list->size(); ++i) {
        const json& item = (*list)[i];
        MeetingSource src{result.path, i, 0, ""};
        if (!item.is_object()) {
            problems.meeting(src, nullptr, "not_object", "",
                             std::string("is a JSON ") + item.type_name() + ", not a meeting object; skipped.", true);
            continue;
        }
        Meeting m;
        m.id = json_member_text(item, "id_bigint");
        if (!m.id.empty()) src.id_label = "id_bigint " + m.id;
        m.source = src;
        set_fellowship_from_options(m, options, Fellowship::NA, "NA");

        const std::string day_text = json_member_text(item, "weekday_tinyint");
        const auto day_number = integer_from_text(day_text);
        const auto day = day_number ? weekday_from_bmlt(*day_number) : std::nullopt;
        if (!day) {
            problems.meeting(src, nullptr, day_number ? "day_out_of_range" : "bad_day", "weekday_tinyint",
                             (day_text.empty() ? std::string("missing") : in_quotes(day_text)) +
                                 ": BMLT weekdays are 1 = Sunday … 7 = Saturday; meeting skipped.",
                             true);
            continue;
        }
        const std::string start_text = json_member_text(item, "start_time");
        const auto start = parse_clock(start_text);
        if (!start) {
            problems.meeting(src, nullptr, "bad_time", "start_time",
                             (start_text.empty() ? std::string("missing") : in_quotes(start_text)) +
                                 " is not a time of day (HH:MM:SS); meeting skipped.",
                             true);
            continue;
        }
        if (m.id.empty()) {
            m.id = "meeting-" + std::to_string(i);
            problems.meeting(src, &m, "missing_id", "id_bigint", "missing; kept with id " + in_quotes(m.id) + ".");
        }
        {
            auto [id, first] = ids.claim(m.id, src.where());
            if (!first.empty()) {
                problems.meeting(src, &m, "duplicate_id", "id_bigint",
                                 in_quotes(m.id) + " is also used by " + first + "; kept with id " + in_quotes(id) + ".");
                m.id = id;
            }
        }
        m.name = json_member_text(item, "meeting_name");
        if (m.name.empty()) {
            m.name = m.id;
            problems.meeting(src, &m, "missing_name", "meeting_name", "missing or empty; kept under its id.");
        }

        int duration = default_duration;
        if (const std::string d = json_member_text(item, "duration_time"); !d.empty()) {
            bool ok = false;
            const int minutes = bmlt_duration_minutes(d, ok);
            if (!ok || minutes <= 0 || minutes > minutes_per_day) {
                problems.meeting(src, &m, "bad_duration", "duration_time",
                                 in_quotes(d) + " is not a duration between 00:01 and 24:00; 1 hour assumed.");
            } else {
                duration = minutes;
            }
        } else {
            ++assumed_duration;
        }
        m.slots.push_back(WeeklySlot::from_clock(*day, *start, *start + duration));
        m.timezone = json_member_text(item, "time_zone");

        m.type_codes = split_any(json_member_text(item, "formats"), ",");
        std::set<std::string> worlds;
        for (const auto& key : m.type_codes) {
            auto it = world_ids.find(key);
            const std::string world = it == world_ids.end() ? "" : it->second;
            apply_bmlt_world_id(m.flags, world);
            worlds.insert(upper(world));
        }

        m.venue = json_member_text(item, "location_text");
        m.postcode = normalise_meeting_postcode(json_member_text(item, "location_postal_code_1"));
        m.address = join_nonempty({json_member_text(item, "location_street"),
                                   json_member_text(item, "location_municipality"),
                                   json_member_text(item, "location_province"), m.postcode,
                                   json_member_text(item, "location_nation")},
                                  ", ");
        const auto lat = json_number(item, "latitude"), lon = json_number(item, "longitude");
        if (lat && lon && valid_lon_lat(*lon, *lat)) {
            m.location = MeetingLocation{*lon, *lat, std::nullopt, std::nullopt};
        } else if (lat && lon && !(*lat == 0 && *lon == 0)) {
            problems.meeting(src, &m, "bad_coordinates", "latitude/longitude",
                             "(" + json_member_text(item, "latitude") + ", " + json_member_text(item, "longitude") +
                                 ") is not a place on Earth; ignored.");
        }

        // venue_type is BMLT 3's answer; older servers only have formats and links.
        const std::string venue_type = json_member_text(item, "venue_type");
        const bool has_link = !json_member_text(item, "virtual_meeting_link").empty() ||
                              !json_member_text(item, "phone_meeting_number").empty();
        if (venue_type == "1") m.attendance = Attendance::in_person;
        else if (venue_type == "2") m.attendance = Attendance::online;
        else if (venue_type == "3") m.attendance = Attendance::hybrid;
        else {
            if (!venue_type.empty()) {
                problems.meeting(src, &m, "bad_venue_type", "venue_type",
                                 in_quotes(venue_type) + " is not 1 (in person), 2 (virtual) or 3 (hybrid); worked out "
                                                      "from formats and links instead.");
            }
            if (worlds.count("HYBR")) m.attendance = Attendance::hybrid;
            else if (worlds.count("VM")) m.attendance = Attendance::online;
            else if (has_link) m.attendance = m.location || !m.venue.empty() ? Attendance::hybrid : Attendance::online;
        }
        if (worlds.count("TC")) {
            m.attendance = m.attendance == Attendance::hybrid ? Attendance::online : Attendance::temporarily_closed;
        }
        result.meetings.push_back(std::move(m));
    }
    if (assumed_duration > 0) {
        result.notes.push_back(std::to_string(assumed_duration) +
                               " meeting(s) give no duration_time: 1 hour assumed (the BMLT default)");
    }
}

// ---- CSV readers -------------------------------------------------------------------------------

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

// "19:30 - duration 1hr 30mins", "11:30", "07:00 - duration 1 hour", "18:15 - duration 45mins".
struct AaGbTime {
    std::optional<int> start;
    std::optional<int> duration;  // nothing when not given
    bool duration_unreadable = false;
};

AaGbTime parse_aa_gb_time(const std::string& text) {
    AaGbTime out;
    const std::string s = lower(trim(text));
    std::size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == ':' || s[i] == '.')) ++i;
    out.start = parse_clock(s.substr(0, i));
    const std::size_t at = s.find("duration", i);
    if (at == std::string::npos) {
        if (trim(s.substr(i)).find_first_not_of("- ") != std::string::npos) out.duration_unreadable = true;
        return out;
    }
    static const std::regex part(R"((\d+)\s*(hours|hour|hrs|hr|h|mins|min|m)\b)");
    int minutes = 0;
    bool any = false;
    const std::string rest = s.substr(at + 8);
    for (auto it = std::sregex_iterator(rest.begin(), rest.end(), part); it != std::sregex_iterator(); ++it) {
        const int n = std::stoi((*it)[1].str());
        const std::string unit = (*it)[2].str();
        minutes += unit[0] == 'h' ? n * 60 : n;
        any = true;
    }
    if (any && minutes > 0 && minutes <= minutes_per_day) out.duration = minutes;
    else out.duration_unreadable = true;
    return out;
}

void read_aa_gb(std::vector<CsvRecord>& records, FeedResult& result, const FeedOptions& options) {
    Problems problems(result);
    if (records.empty()) throw DataError(result.path + ": the file is empty; an AA GB marker list has a header line.");
    const Columns cols = read_header(records[0]);
    for (const char* needed : {"marker_title", "marker_time", "marker_day"}) {
        if (!cols.find({needed})) {
            throw DataError(result.path + ": line 1: an AA GB marker list needs the column " + in_quotes(needed) +
                            "; the header has: " + join_nonempty(cols.names, ", ") +
                            ". Fix: give --format-of csv for a hand-kept list.");
        }
    }
    if (options.fellowship && *options.fellowship != Fellowship::AA) {
        problems.feed("fellowship_ignored", std::string("the AA Great Britain list is AA's own; --fellowship ") +
                                                to_string(*options.fellowship) + " ignored.");
    }
    const auto c_title = cols.find({"marker_title"}), c_time = cols.find({"marker_time"}),
               c_lat = cols.find({"marker_lat"}), c_lng = cols.find({"marker_lng"}),
               c_address = cols.find({"marker_address"}), c_postcode = cols.find({"marker_postcode"}),
               c_code = cols.find({"marker_code"}), c_day = cols.find({"marker_day"}),
               c_hearing = cols.find({"marker_hearing"}), c_wheelchair = cols.find({"marker_wheelchair"});
    std::vector<std::size_t> detail_columns;
    for (std::size_t i = 0; i < cols.names.size(); ++i) {
        if (lower(cols.names[i]).rfind("detail_line", 0) == 0) detail_columns.push_back(i);
    }
    IdRegistry ids;
    int assumed_duration = 0;
    std::size_t row = 0;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const CsvRecord& rec = records[r];
        if (rec.blank()) continue;
        ++row;
        MeetingSource src{result.path, row, rec.line, ""};
        Meeting m;
        m.id = cell(rec, c_code);
        if (!m.id.empty()) src.id_label = "code " + m.id;
        m.source = src;
        m.fellowship = Fellowship::AA;
        m.fellowship_text = "AA";
        if (rec.fields.size() > cols.names.size()) {
            problems.meeting(src, &m, "extra_cells", "",
                             std::to_string(rec.fields.size()) + " cells but the header names " +
                                 std::to_string(cols.names.size()) + "; the extra ones are ignored.");
        }

        const std::string day_text = cell(rec, c_day);
        const auto day = weekday_from_name(day_text);
        if (!day) {
            problems.meeting(src, nullptr, "bad_day", "marker_day",
                             (day_text.empty() ? std::string("missing") : in_quotes(day_text)) +
                                 " is not a day name (Monday … Sunday); meeting skipped.",
                             true);
            continue;
        }
        const std::string time_text = cell(rec, c_time);
        const AaGbTime time = parse_aa_gb_time(time_text);
        if (!time.start) {
            problems.meeting(src, nullptr, "bad_time", "marker_time",
                             (time_text.empty() ? std::string("missing") : in_quotes(time_text)) +
                                 " does not start with a time of day (HH:MM); meeting skipped.",
                             true);
            continue;
        }
        if (m.id.empty()) {
            m.id = "line-" + std::to_string(rec.line);
            problems.meeting(src, &m, "missing_id", "marker_code", "missing; kept with id " + in_quotes(m.id) + ".");
        }
        {
            auto [id, first] = ids.claim(m.id, src.where());
            if (!first.empty()) {
                problems.meeting(src, &m, "duplicate_id", "marker_code",
                                 in_quotes(m.id) + " is also used by " + first + "; kept with id " + in_quotes(id) + ".");
                m.id = id;
            }
        }
        m.name = cell(rec, c_title);
        if (m.name.empty()) {
            m.name = m.id;
            problems.meeting(src, &m, "missing_name", "marker_title", "empty; kept under its code.");
        }
        int duration = default_duration;
        if (time.duration) {
            duration = *time.duration;
        } else if (time.duration_unreadable) {
            problems.meeting(src, &m, "bad_duration", "marker_time",
                             "cannot read the duration in " + in_quotes(time_text) + "; 1 hour assumed.");
        } else {
            ++assumed_duration;
        }
        m.slots.push_back(WeeklySlot::from_clock(*day, *time.start, *time.start + duration));

        const std::string address = cell(rec, c_address);
        m.address = address;
        m.venue = trim(address.substr(0, address.find(',')));
        m.postcode = normalise_meeting_postcode(cell(rec, c_postcode));
        const std::string lat_text = cell(rec, c_lat), lng_text = cell(rec, c_lng);
        const auto lat = number_from_text(lat_text), lng = number_from_text(lng_text);
        if (lat && lng && valid_lon_lat(*lng, *lat)) {
            m.location = MeetingLocation{*lng, *lat, std::nullopt, std::nullopt};
        } else if (!lat_text.empty() || !lng_text.empty()) {
            problems.meeting(src, &m, "bad_coordinates", "marker_lat/marker_lng",
                             "(" + lat_text + ", " + lng_text + ") is not a latitude/longitude; ignored.");
        }

        // The list has no type codes: its flags and its "Open: …" line are what it says.
        if (cell(rec, c_wheelchair) == "1") {
            m.flags.wheelchair = true;
            m.type_codes.push_back("wheelchair");
        }
        if (cell(rec, c_hearing) == "1") {
            m.flags.hearing_loop = true;
            m.type_codes.push_back("hearing loop");
        }
        bool open_line = false;
        for (std::size_t c : detail_columns) {
            const std::string line = cell(rec, c);
            if (lower(line).rfind("open:", 0) != 0) continue;
            open_line = true;
            m.type_codes.push_back(line);
            const std::string l = lower(line);
            // "All mtgs 'open'." / "All meetings 'open'." — anything else is open only sometimes.
            if (l.find("all m") != std::string::npos) m.flags.open = true;
        }
        // AA meetings are closed unless the list says they are open.
        if (!open_line) m.flags.closed = true;
        result.meetings.push_back(std::move(m));
    }
    result.records = row;
    if (assumed_duration > 0) {
        result.notes.push_back(std::to_string(assumed_duration) +
                               " meeting(s) give a start time but no duration: 1 hour assumed");
    }
}

// Converts British National Grid eastings/northings to lon/lat for the plain CSV format.
class GridToLonLat {
public:
    GridToLonLat() {
        OGRSpatialReference bng, wgs84;
        bng.importFromEPSG(27700);
        wgs84.SetWellKnownGeogCS("WGS84");
        bng.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        transform_.reset(OGRCreateCoordinateTransformation(&bng, &wgs84));
    }
    std::optional<std::pair<double, double>> operator()(double easting, double northing) const {
        if (!transform_) return std::nullopt;
        double x = easting, y = northing;
        if (!transform_->Transform(1, &x, &y)) return std::nullopt;
        return std::make_pair(x, y);
    }

private:
    std::unique_ptr<OGRCoordinateTransformation> transform_;
};

void read_plain_csv(std::vector<CsvRecord>& records, FeedResult& result, const FeedOptions& options) {
    Problems problems(result);
    if (records.empty() || records[0].blank()) {
        throw DataError(result.path + ": the file is empty; a meetings CSV starts with a header line (name, weekday, "
                                      "start, …; see docs/import.md).");
    }
    const Columns cols = read_header(records[0]);
    const auto c_id = cols.find({"id", "meeting_id"}), c_name = cols.find({"name", "meeting", "meeting_name"}),
               c_fellowship = cols.find({"fellowship"}), c_day = cols.find({"weekday", "day"}),
               c_start = cols.find({"start", "time", "start_time"}), c_end = cols.find({"end", "end_time"}),
               c_venue = cols.find({"venue", "location"}), c_address = cols.find({"address"}),
               c_postcode = cols.find({"postcode", "postal_code", "post_code"}),
               c_lat = cols.find({"lat", "latitude"}), c_lon = cols.find({"lon", "lng", "long", "longitude"}),
               c_easting = cols.find({"easting", "eastings"}), c_northing = cols.find({"northing", "northings"}),
               c_attendance = cols.find({"attendance"}), c_types = cols.find({"types", "type"}),
               c_timezone = cols.find({"timezone"});
    std::vector<std::string> missing;
    if (!c_name) missing.push_back("name");
    if (!c_day) missing.push_back("weekday");
    if (!c_start) missing.push_back("start");
    if (!missing.empty()) {
        throw DataError(result.path + ": line 1: a meetings CSV needs the column(s) " + join_nonempty(missing, ", ") +
                        "; the header has: " + join_nonempty(cols.names, ", ") +
                        ". Fix: name the columns as in docs/import.md (name, fellowship, weekday, start, end, venue, "
                        "address, postcode, lat, lon, attendance, types).");
    }
    {
        std::set<std::size_t> used;
        for (const auto& c : {c_id, c_name, c_fellowship, c_day, c_start, c_end, c_venue, c_address, c_postcode, c_lat,
                              c_lon, c_easting, c_northing, c_attendance, c_types, c_timezone}) {
            if (c) used.insert(*c);
        }
        std::vector<std::string> unused;
        for (std::size_t i = 0; i < cols.names.size(); ++i) {
            if (!used.count(i) && !cols.names[i].empty()) unused.push_back(cols.names[i]);
        }
        if (!unused.empty()) result.notes.push_back("columns not used: " + join_nonempty(unused, ", "));
    }
    std::unique_ptr<GridToLonLat> grid;
    const std::string stem = fs::path(result.path).stem().string();
    IdRegistry ids;
    std::size_t row = 0;
    bool fellowship_unknown_noted = false;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const CsvRecord& rec = records[r];
        if (rec.blank()) continue;
        ++row;
        MeetingSource src{result.path, row, rec.line, ""};
        Meeting m;
        m.id = cell(rec, c_id);
        if (!m.id.empty()) src.id_label = "id " + in_quotes(m.id);
        m.source = src;

        // Days: one, or a list ("Tue; Thu") for a meeting held on several days at the same time.
        const std::string day_text = cell(rec, c_day);
        std::vector<Weekday> days;
        bool bad_day = false;
        for (const auto& piece : split_any(day_text, ",;/&")) {
            if (auto d = weekday_from_name(piece)) {
                if (std::find(days.begin(), days.end(), *d) == days.end()) days.push_back(*d);
            } else {
                bad_day = true;
            }
        }
        if (bad_day) {
            problems.meeting(src, nullptr, "bad_day", "weekday",
                             in_quotes(day_text) + " is not a day (Mon … Sun, or a list such as \"Tue; Thu\"); meeting "
                                                "skipped.",
                             true);
            continue;
        }
        const std::string start_text = cell(rec, c_start);
        std::optional<int> start;
        if (!start_text.empty()) {
            start = parse_clock(start_text);
            if (!start) {
                problems.meeting(src, nullptr, "bad_time", "start",
                                 in_quotes(start_text) + " is not a time of day (HH:MM, 00:00–23:59); meeting skipped.",
                                 true);
                continue;
            }
        }
        if (m.id.empty()) m.id = stem + "-" + std::to_string(row);
        {
            auto [id, first] = ids.claim(m.id, src.where());
            if (!first.empty()) {
                problems.meeting(src, &m, "duplicate_id", "id",
                                 in_quotes(m.id) + " is also used by " + first + "; kept with id " + in_quotes(id) + ".");
                m.id = id;
            }
        }
        m.name = cell(rec, c_name);
        if (m.name.empty()) {
            m.name = m.id;
            problems.meeting(src, &m, "missing_name", "name", "empty; kept under the name " + in_quotes(m.name) + ".");
        }

        const std::string fellowship_text = cell(rec, c_fellowship);
        if (!fellowship_text.empty()) {
            m.fellowship_text = fellowship_text;
            if (auto f = fellowship_from_text(fellowship_text)) {
                m.fellowship = *f;
            } else {
                m.fellowship = Fellowship::Other;
                problems.meeting(src, &m, "unknown_fellowship", "fellowship",
                                 in_quotes(fellowship_text) + " is not AA, NA, CA, SMART or Al-Anon; recorded as Other.");
            }
        } else {
            set_fellowship_from_options(m, options, std::nullopt, "");
            if (!options.fellowship && !fellowship_unknown_noted) {
                fellowship_unknown_noted = true;
                problems.feed("fellowship_unknown",
                              "rows without a fellowship are recorded as Other. Fix: fill the fellowship column, or "
                              "give --fellowship.");
            }
        }

        if (start && !days.empty()) {
            int end = *start + default_duration;
            const std::string end_text = cell(rec, c_end);
            if (!end_text.empty()) {
                const auto e = parse_clock(end_text, true);
                if (!e) {
                    problems.meeting(src, &m, "bad_end_time", "end",
                                     in_quotes(end_text) + " is not a time of day; 1 hour assumed.");
                } else if (*e % minutes_per_day == *start) {
                    problems.meeting(src, &m, "bad_end_time", "end",
                                     in_quotes(end_text) + " is the start time; 1 hour assumed.");
                } else {
                    end = *e;
                }
            } else {
                m.notes.push_back("end: not given; 1 hour assumed");
            }
            for (Weekday d : days) m.slots.push_back(WeeklySlot::from_clock(d, *start, end));
        } else if (start || !days.empty()) {
            problems.meeting(src, &m, start ? "time_without_day" : "day_without_time", start ? "weekday" : "start",
                             "only one of weekday and start is given; kept without a fixed weekly time.");
        } else {
            m.notes.push_back("no weekday or start: by appointment, kept without a fixed weekly time");
        }
        m.timezone = cell(rec, c_timezone);

        m.venue = cell(rec, c_venue);
        m.address = cell(rec, c_address);
        m.postcode = normalise_meeting_postcode(cell(rec, c_postcode));

        const std::string lat_text = cell(rec, c_lat), lon_text = cell(rec, c_lon);
        const std::string e_text = cell(rec, c_easting), n_text = cell(rec, c_northing);
        if (!lat_text.empty() || !lon_text.empty()) {
            const auto lat = number_from_text(lat_text), lon = number_from_text(lon_text);
            if (lat && lon && valid_lon_lat(*lon, *lat)) {
                m.location = MeetingLocation{*lon, *lat, std::nullopt, std::nullopt};
            } else {
                problems.meeting(src, &m, "bad_coordinates", "lat/lon",
                                 "(" + lat_text + ", " + lon_text +
                                     ") is not a latitude/longitude pair; ignored (the postcode may still place it).");
            }
        } else if (!e_text.empty() || !n_text.empty()) {
            const auto e = number_from_text(e_text), n = number_from_text(n_text);
            std::optional<std::pair<double, double>> lonlat;
            if (e && n && *e >= 0 && *e <= 800000 && *n >= 0 && *n <= 1400000) {
                if (!grid) grid = std::make_unique<GridToLonLat>();
                lonlat = (*grid)(*e, *n);
            }
            if (lonlat) {
                m.location = MeetingLocation{lonlat->first, lonlat->second, *e, *n};
            } else {
                problems.meeting(src, &m, "bad_coordinates", "easting/northing",
                                 "(" + e_text + ", " + n_text +
                                     ") is not a British National Grid position; ignored (the postcode may still "
                                     "place it).");
            }
        }

        const std::string attendance_text = cell(rec, c_attendance);
        if (!attendance_text.empty()) {
            if (auto a = attendance_from_text(attendance_text)) {
                m.attendance = *a;
            } else {
                problems.meeting(src, &m, "bad_attendance", "attendance",
                                 in_quotes(attendance_text) +
                                     " is not in_person, online, hybrid, inactive or temporarily_closed; in_person "
                                     "assumed.");
            }
        }
        m.type_codes = split_any(cell(rec, c_types), ",;");
        for (const auto& code : m.type_codes) {
            if (!apply_type_word(m.flags, code)) apply_meeting_guide_code(m.flags, code);
        }
        result.meetings.push_back(std::move(m));
    }
    result.records = row;
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

PlacementSummary place_meetings(std::vector<Meeting>& meetings, const MeetingPostcodeLookup& lookup,
                                const GridProjection& project) {
    PlacementSummary summary;
    for (auto& m : meetings) {
        m.unplaced_reason.clear();
        if (m.online_only()) {
            // Nowhere to walk to: kept out of physical coverage.
            m.location.reset();
            m.placed_by = Placement::none;
            ++summary.online_only;
            continue;
        }
        if (m.location) {
            m.placed_by = Placement::feed;
            ++summary.from_feed;
        } else if (!m.postcode.empty() && lookup) {
            if (auto found = lookup(normalise_meeting_postcode(m.postcode))) {
                m.location = *found;
                m.placed_by = Placement::postcode;
                ++summary.from_postcode;
            } else {
                m.unplaced_reason = "no coordinates, and postcode " + m.postcode + " is not in the postcodes layer";
            }
        } else if (!m.postcode.empty()) {
            m.unplaced_reason = "no coordinates, and no postcode lookup to place postcode " + m.postcode;
        } else {
            m.unplaced_reason = "no coordinates and no postcode";
        }
        if (!m.location) {
            m.placed_by = Placement::none;
            ++summary.unplaced;
            summary.unplaced_meetings.emplace_back(m.source.where() + " " + in_quotes(m.name), m.unplaced_reason);
            continue;
        }
        if (project && !(m.location->x && m.location->y)) {
            if (auto xy = project(m.location->lon, m.location->lat)) {
                m.location->x = xy->first;
                m.location->y = xy->second;
            } else {
                ++summary.outside_grid;
            }
        }
    }
    return summary;
}

// ---- writing ------------------------------------------------------------------------------------

const std::vector<std::string>& meeting_layer_fields() {
    static const std::vector<std::string> fields = [] {
        std::vector<std::string> f = {"meeting_id", "feed_id", "name",     "fellowship", "fellowship_text",
                                      "venue",      "address", "postcode", "weekday",    "start",
                                      "end",        "slots",   "attendance", "types"};
        for (const auto& [name, member] : meeting_flag_fields()) f.push_back(name);
        for (const char* n : {"timezone", "placed_by", "unplaced_reason", "source", "notes"}) f.push_back(n);
        return f;
    }();
    return fields;
}

namespace {

std::string join_notes(const std::vector<std::string>& notes) {
    std::string out;
    for (const auto& n : notes) out += (out.empty() ? "" : "; ") + n;
    return out;
}

// The meetings in lon/lat, one feature per weekly slot, fields as meeting_layer_fields().
OutputLayer meeting_layer(const std::vector<Meeting>& meetings) {
    OutputLayer layer;
    layer.name = "meetings";
    layer.title = "Meetings, one feature per weekly slot (roisc import-meetings)";
    std::set<std::string> flag_names;
    for (const auto& [name, member] : meeting_flag_fields()) flag_names.insert(name);
    for (const auto& name : meeting_layer_fields()) {
        layer.fields.push_back({name, flag_names.count(name) ? OutputField::Type::boolean : OutputField::Type::text});
    }
    auto text = [](const std::string& value) { return value.empty() ? FieldValue{} : FieldValue{value}; };
    for (const auto& m : meetings) {
        const std::size_t slot_count = std::max<std::size_t>(1, m.slots.size());
        for (std::size_t k = 0; k < slot_count; ++k) {
            OutputFeature f;
            f.id = m.slots.size() > 1 ? m.id + "#" + std::to_string(k + 1) : m.id;
            const WeeklySlot* slot = m.slots.empty() ? nullptr : &m.slots[k];
            f.values = {text(f.id),
                        text(m.id),
                        text(m.name),
                        text(to_string(m.fellowship)),
                        text(m.fellowship_text),
                        text(m.venue),
                        text(m.address),
                        text(m.postcode),
                        slot ? text(abbreviation(slot->weekday)) : FieldValue{},
                        slot ? text(slot->start_text()) : FieldValue{},
                        slot ? text(slot->end_text()) : FieldValue{},
                        text(m.slots_text()),
                        text(to_string(m.attendance)),
                        text(m.types_text())};
            for (const auto& [name, member] : meeting_flag_fields()) f.values.emplace_back(m.flags.*member ? 1LL : 0LL);
            for (const std::string& v : {m.timezone, std::string(to_string(m.placed_by)), m.unplaced_reason,
                                         m.source.path + ": " + m.source.where(), join_notes(m.notes)}) {
                f.values.push_back(text(v));
            }
            if (m.location) f.geometry = std::make_shared<OGRPoint>(m.location->lon, m.location->lat);
            layer.features.push_back(std::move(f));
        }
    }
    return layer;
}

}  // namespace

std::size_t write_meeting_layers(const std::vector<Meeting>& meetings, const std::string& geojson_path,
                                 const std::string& gpkg_path) {
    const OutputLayer layer = meeting_layer(meetings);
    WorkingCrs lon_lat;  // the layer's own CRS: meetings are written as the feeds give them
    lon_lat.code = "EPSG:4326";
    lon_lat.name = "WGS 84";
    const Metadata metadata = {{"generator", std::string("roisc ") + roisc::version + " import-meetings"}};
    if (!geojson_path.empty()) write_geojson(geojson_path, layer, lon_lat, metadata);
    if (!gpkg_path.empty()) write_geopackage(gpkg_path, {&layer}, lon_lat, metadata);
    return layer.features.size();
}

}  // namespace roisc
