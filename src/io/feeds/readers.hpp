#pragma once
// The four meeting feed readers, called by read_meeting_feed_text() (io/meeting_feed.cpp) once
// the format is known. Each fills `result` with its meetings, problems and notes.
#include "json_feed.hpp"
#include "roisc/io/csv.hpp"
#include "roisc/io/meeting_feed.hpp"

#include <string>
#include <vector>

namespace roisc::feeds {

// Meeting Guide JSON (meeting_guide.cpp).
void read_meeting_guide(const json& root, FeedResult& result, const FeedOptions& options);
// BMLT GetSearchResults JSON (bmlt.cpp).
void read_bmlt(const json& root, FeedResult& result, const FeedOptions& options);
// AA Great Britain's meeting marker CSV (aa_gb.cpp).
void read_aa_gb(std::vector<CsvRecord>& records, FeedResult& result, const FeedOptions& options);
// A plain CSV kept by hand (plain_csv.cpp).
void read_plain_csv(std::vector<CsvRecord>& records, FeedResult& result, const FeedOptions& options);

// Meeting Guide type codes (code4recovery types.json) onto the normalised flags; also what a plain
// CSV's types column may hold (meeting_guide.cpp).
void apply_meeting_guide_code(MeetingFlags& f, const std::string& code);

}  // namespace roisc::feeds
