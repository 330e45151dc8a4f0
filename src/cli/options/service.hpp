#pragma once
// What people are measured against: --of SERVICE on coverage, gaps and map, and rank --for KIND.
//
//   SERVICE   meetings (the default: exactly the meeting filter options' meetings)
//           | KIND[:QUALIFIER[,QUALIFIER…]]
//   KIND      an asset kind: its name, label, an alias or a plural (pharmacies, libraries, hubs, GP)
//   QUALIFIER a sub-kind of KIND (the vocabulary nests one: pharmacy:needle_exchange, a pharmacy
//             with a needle exchange), real (leave out illustrative assets), or layer=NAME (only
//             that manifest layer of role assets)
//
// The meeting filter options (--fellowship, --type, --when, --include-online) describe meetings
// only: with an asset service they are refused, not ignored. Assets' own hours are not a filter.
#include "meetings.hpp"

#include "roisc/engine/service.hpp"
#include "roisc/core/units.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/model/metadata.hpp"
#include "roisc/model/study.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace roisc::cli {

// Reads SERVICE as above; throws ArgumentError naming `option` for an unknown kind (did you mean,
// the known kinds, and the kinds present in `study` when given) or a bad qualifier.
Service parse_service(const std::string& text, const std::string& option, const Study* study = nullptr);

struct ServiceOptions {
    std::string text;     // as typed; "" = meetings
    int min_options = 1;  // --min-options


    // --of on coverage, gaps, map.
    void declare_of(CLI::App& app);
    // Throws ArgumentError when meeting filter options are given with an asset service.
    void check(const MeetingOptions& meetings, const std::string& option = "--of") const;
    // --min-options on coverage and gaps.
    void declare_min_options(CLI::App& app);
    // Throws ArgumentError for --min-options above 1 with a travel time (`reach` given as `option`).
    void check_min_options(const Threshold& reach, const std::string& option) const;
    bool meetings() const;
    // What a result is named after: "" for meetings (the names stay as they were), else
    // "pharmacy" or "needle-exchange-real"; "-min2" appended for --min-options 2.
    std::string name_part(const Service& service) const;
    // Title text: "an eligible meeting (NA, …)" / "a pharmacy"; with --min-options 2 "at least 2
    // eligible meetings (…)" / "at least 2 pharmacies' places".
    std::string reached(const Service& service, const std::string& meeting_filter) const;
    // Extra metadata: service and min_options, only when not the default (default runs keep their bytes).
    Metadata metadata(const Service& service) const;
};

// Whether SERVICE names meetings ("", "meetings").
// Refuses an empty --of / --for value (which would otherwise read as the default, meetings).
extern const CLI::Validator named_service;

bool is_meetings(const std::string& text);
// Refuses meeting options given with an asset service `text` (ArgumentError naming them and `option`).
void refuse_meeting_options(const MeetingOptions& meetings, const std::string& option, const std::string& text);

// For an asset service: the study's meetings become the accepted assets in a meeting's shape
// (engine asset_sites). An unknown kind is an ArgumentError listing the kinds present; a kind
// with no feature in the study is a DataError (exit 3), never "everyone is beyond reach".
// A layer=NAME that is no assets layer of the manifest is an ArgumentError.
// With `none_is_an_answer` (rank --for: siting the first hubs of a borough that has none) a kind
// with no asset is measured as it is: nothing reached today.
Service measure_against(Study& study, const Manifest& manifest, const std::string& text, const std::string& option,
                        bool none_is_an_answer = false);

// "2nd", "3rd", "11th".
std::string ordinal(int n);
// "pharmacy: 83, gp_practice: 47, …": the asset kinds the study holds, for errors.
std::string kinds_present(const Study& study);

}  // namespace roisc::cli
