#pragma once
// The records a run does not use as written (Study::left_out): one short block on stderr, the
// same for every command, and a failure under --strict. metadata.json carries them through
// run_metadata.
#include "roisc/cli/command.hpp"
#include "roisc/model/metadata.hpp"
#include "roisc/model/study.hpp"

namespace roisc::cli {

// Prints the "left out" block and the study's reading notes on stderr (unless --quiet). Under
// --strict a left-out record is bad data: throws DataError listing them (exit 3).
void report_left_out(const Context& context, const Study& study);

// Adds "left_out" (count, then each record) to the metadata when anything was left out; nothing
// otherwise, so that a run over clean data gives the same bytes as before.
void add_left_out(Metadata& metadata, const Study& study);

// Records the run leaves out by the rules asked for (rank --near-stops, --exclude, …): the same
// block on stderr (unless --quiet; the first 20, then "… and N more"), headed "by the rules asked
// for (not bad data)", since --strict does not fail on a choice; and all of them in the metadata
// under `key` ("N record(s) by the rules asked for: …; …"). Nothing when there are none.
void report_left_out_by_rule(const Context& context, const std::string& key, const std::vector<std::string>& records);
void add_left_out_by_rule(Metadata& metadata, const std::string& key, const std::vector<std::string>& records);

}  // namespace roisc::cli
