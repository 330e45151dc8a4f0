#pragma once
// The service people are measured against (coverage, gaps, map --of; rank --for): mutual aid
// meetings, as ever, or community assets of one kind (pharmacies, libraries, recovery hubs, …),
// optionally narrowed. And "choice": how many distinct options lie within reach of a hotspot
// (--min-options), for people who travel further for anonymity.
//
// Assets are measured through the very code that measures meetings: asset_sites() presents each
// accepted asset in a meeting's shape (in person, no weekly slots), so "within reach of a
// pharmacy" and "within reach of a meeting" share one index, one travel model, one disclosure
// control and one set of outputs.
#include "roisc/engine/access.hpp"
#include "roisc/model/asset.hpp"
#include "roisc/model/study.hpp"

#include <optional>
#include <string>
#include <vector>

namespace roisc {

// Which assets count: one kind, and optionally only the real ones or one manifest layer.
struct AssetFilter {
    AssetKind kind = AssetKind::other;
    bool real_only = false;  // leave out assets marked illustrative
    std::string layer;       // only assets read from this manifest layer ("" = any)

    bool accepts(const Asset& asset) const;
    std::string describe() const;  // "pharmacy with needle exchange, real only"
    std::string slug() const;      // "needle-exchange-real": for result names
};

// Meetings (no asset filter) or assets.
struct Service {
    std::optional<AssetFilter> assets;

    bool meetings() const { return !assets.has_value(); }
    // "meeting" / "pharmacy": what one option is, for titles ("… of an eligible meeting").
    std::string noun() const;
    // "an eligible meeting" / "a pharmacy with needle exchange".
    std::string one() const;
};

// The accepted assets in the study's order, in a meeting's shape: id, name, venue (its name),
// address, postcode, place (its town, or the study's name inside the study, or "outside"), in
// person, no weekly slots, fellowship Other. `source` on each says "asset <id>".
std::vector<Meeting> asset_sites(const Study& study, const AssetFilter& filter);
// How many assets the filter accepts (before any place check).
std::size_t count_accepted(const std::vector<Asset>& assets, const AssetFilter& filter);

// Choice within reach. An option is a distinct place (same point in the working CRS): two groups
// in one church hall are one place to be seen at.
struct PlacesWithinReach {
    int count = 0;                          // distinct places within reach
    std::optional<MeetingIndex::Hit> nth;   // the n-th nearest distinct place (at any distance), if there are n
};
// Per hotspot (in the study's order), the distinct places of the filter's meetings within
// `radius_m` (straight line) and the n-th nearest distinct place, nearest first by distance then
// id. n >= 1.
std::vector<PlacesWithinReach> options_within(const Study& study, const MeetingIndex& index, const MeetingFilter& filter,
                                    double radius_m, int n);

// Marks each hotspot covered only when at least `n` distinct places are within reach; its nearest
// becomes the n-th nearest distinct place (none with fewer places anywhere). Distances only: a
// travel time is refused by the caller.
void require_options(std::vector<HotspotAccess>& access, const std::vector<PlacesWithinReach>& options, int n);

// The land within `radius` (straight line) of at least `n` distinct places of the filter's meetings:
// the faces of the circles' arrangement that lie in n circles or more, dissolved. n == 1 is
// coverage_area(). Working CRS; empty when no land is.
GeometryPtr coverage_area_n(const Study& study, const MeetingFilter& filter, double radius, int n);

}  // namespace roisc
