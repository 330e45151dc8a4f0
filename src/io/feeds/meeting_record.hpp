#pragma once
// The meeting record builder every feed reader uses: the id, name and problem handling that each
// reader would otherwise repeat (unique ids, missing names, end times, problems noted on the
// meeting), and the rules shared by all formats (fellowship, coordinates, postcodes in text).
#include "roisc/io/meeting_feed.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>

namespace roisc::feeds {

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

// One per feed: the id, name and end-time rules every reader applies to a meeting, with the
// problems they raise noted on the feed and on the meeting.
class MeetingRecordBuilder {
public:
    explicit MeetingRecordBuilder(FeedResult& result) : problems_(result) {}

    Problems& problems() { return problems_; }

    // A new meeting with the feed's id (may be empty); when the id is given, `id_label` names the
    // meeting in messages ("slug \"x\"", "code 9130").
    Meeting start(MeetingSource& src, const std::string& id, const std::string& id_label);
    // A meeting without an id gets `fallback`, noted as missing_id on `field`.
    void fill_missing_id(const MeetingSource& src, Meeting& m, const std::string& fallback, const std::string& field);
    // Ids are unique within a feed: a taken id gets a suffix, noted as duplicate_id on `field`.
    void claim_id(const MeetingSource& src, Meeting& m, const std::string& field);
    // The meeting's name; an empty one becomes the id, noted as missing_name on `field` with `message`.
    void set_name(const MeetingSource& src, Meeting& m, const std::string& name, const std::string& field,
                  const std::string& message);
    // The end of a meeting starting at `start` (minutes) from the feed's `text`; an unreadable end,
    // or one equal to the start, is noted as bad_end_time on `field` and the default duration used.
    int end_time(const MeetingSource& src, Meeting& m, int start, const std::string& text, const std::string& field);

private:
    Problems problems_;
    IdRegistry ids_;
};

void set_fellowship_from_options(Meeting& m, const FeedOptions& options, std::optional<Fellowship> feed_default,
                                 const char* feed_default_text);

bool valid_lon_lat(double lon, double lat);

// A UK postcode inside free text ("Oldbury B69 3DE, UK"); only used when the feed has no postcode field.
std::string uk_postcode_in(const std::string& text);

// When the end is missing or unusable, the Meeting Guide spec's default: one hour.
constexpr int default_duration = 60;

}  // namespace roisc::feeds
