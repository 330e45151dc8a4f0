#pragma once
// Community assets: the places and services a recovery directory lists besides meetings (a
// recovery hub, a café, a treatment service, a pharmacy with a needle exchange, a library, …),
// with their fixed vocabulary of kinds (names, aliases, did-you-mean), and the public-transport
// stops near them.
#include "roisc/core/geometry.hpp"
#include "roisc/core/time_of_week.hpp"
#include "roisc/model/opening_hours.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roisc {

// In the order a directory lists them: recovery support first, then the public venues.
enum class AssetKind {
    recovery_hub,
    recovery_cafe,
    drop_in,
    employability,
    volunteering,
    treatment_service,
    needle_exchange,
    housing_support,
    family_support,
    library,
    pharmacy,
    gp_practice,
    community_centre,
    place_of_worship,
    council,
    other,
};

// "recovery_hub", "needle_exchange", …: the names written to layers and tables.
const char* to_string(AssetKind kind);
// "recovery hub", "pharmacy with needle exchange": for people.
const char* label(AssetKind kind);
const std::vector<AssetKind>& all_asset_kinds();

// Reads a name, a label or an alias in any case and punctuation ("Recovery Café", "drop-in",
// "NSP", "needle and syringe programme", "GP surgery", "chemist"). Nothing for text it does not know.
std::optional<AssetKind> asset_kind_from_text(std::string_view text);
// The known kind closest to `text` (a typing slip: "libary" -> library), if one is close enough.
std::optional<AssetKind> closest_asset_kind(std::string_view text);
// "recovery_hub, recovery_cafe, …": for errors.
std::string known_asset_kinds_text();

// Thrown or reported for a kind the vocabulary does not know; the message lists the known kinds
// and suggests the closest. Readers say which feature and field.
struct UnknownAssetKind {
    std::string text;
    std::string message() const;  // "'libary' is not an asset kind roisc knows (…). Did you mean library?"
};

// One community resource.
struct Asset {
    std::string id, name;
    AssetKind kind = AssetKind::other;
    std::string address, postcode, contact, web;
    std::string note;           // as the layer gives it (e.g. why it is illustrative)
    bool illustrative = false;  // invented to show the directory, not real information
    std::vector<WeeklySlot> sessions;  // weekly sessions ("Wed 10:00-14:00"); empty: none given
    OpeningHours hours;                // opening hours; unknown on every day when none given
    std::string layer;                 // the manifest layer it came from

    Point at;          // working CRS
    std::string town;  // the study town it lies in, or ""
};

// Reads "Tue 19:30-21:00; Thu 10:00-12:00" (days as weekday_from_name reads them, times as
// parse_clock_12_or_24; an end at or before the start is on the next day). Nothing, with `problem`
// saying which piece is wrong, when a piece cannot be read; an empty text is no sessions.
std::optional<std::vector<WeeklySlot>> parse_sessions(std::string_view text, std::string* problem);

// A public-transport stop (NaPTAN access node or the like).
struct Stop {
    std::string id, name;
    std::string kind;  // "bus", "bus_station", "rail", "metro", or as the layer says
    Point at;          // working CRS
};

}  // namespace roisc
