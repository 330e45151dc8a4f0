// The meeting record builder the feed readers share (see meeting_record.hpp).
#include "meeting_record.hpp"

#include "feed_text.hpp"
#include "roisc/core/time_of_week.hpp"

#include <cmath>
#include <regex>

namespace roisc::feeds {

Meeting MeetingRecordBuilder::start(MeetingSource& src, const std::string& id, const std::string& id_label) {
    Meeting m;
    m.id = id;
    if (!m.id.empty()) src.id_label = id_label;
    m.source = src;
    return m;
}

void MeetingRecordBuilder::fill_missing_id(const MeetingSource& src, Meeting& m, const std::string& fallback,
                                           const std::string& field) {
    if (m.id.empty()) {
        m.id = fallback;
        problems_.meeting(src, &m, "missing_id", field, "missing; kept with id " + in_quotes(m.id) + ".");
    }
}

void MeetingRecordBuilder::claim_id(const MeetingSource& src, Meeting& m, const std::string& field) {
    auto [id, first] = ids_.claim(m.id, src.where());
    if (!first.empty()) {
        problems_.meeting(src, &m, "duplicate_id", field,
                          in_quotes(m.id) + " is also used by " + first + "; kept with id " + in_quotes(id) + ".");
        m.id = id;
    }
}

void MeetingRecordBuilder::set_name(const MeetingSource& src, Meeting& m, const std::string& name,
                                    const std::string& field, const std::string& message) {
    m.name = name;
    if (m.name.empty()) {
        m.name = m.id;
        problems_.meeting(src, &m, "missing_name", field, message);
    }
}

int MeetingRecordBuilder::end_time(const MeetingSource& src, Meeting& m, int start, const std::string& text,
                                   const std::string& field) {
    const auto end = parse_clock(text, true);
    if (!end) {
        problems_.meeting(src, &m, "bad_end_time", field, in_quotes(text) + " is not a time of day; 1 hour assumed.");
    } else if (*end % minutes_per_day == start) {
        problems_.meeting(src, &m, "bad_end_time", field, in_quotes(text) + " is the start time; 1 hour assumed.");
    } else {
        return *end;
    }
    return start + default_duration;
}

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

}  // namespace roisc::feeds
