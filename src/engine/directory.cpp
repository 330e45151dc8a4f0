#include "roisc/engine/directory.hpp"

#include "roisc/core/error.hpp"
#include "roisc/engine/access.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace roisc {

void DirectoryQuery::validate() const {
    if (!(stop_walk_m > 0) || !std::isfinite(stop_walk_m)) throw QueryError("the walk to a stop", "must be more than zero");
    if (stops_per_place < 1) throw QueryError("the stops per place", "must be at least 1");
}

namespace {

// As the schedule decides it: a point on a town's edge lies in that town.
bool in_area(const Area& area, const Point& p) {
    if (!area.geometry) return false;
    const OGRPoint point(p.x, p.y);
    return area.geometry->Distance(&point) == 0;
}

std::vector<NearStop> near_stops(const Study& study, const Point& at, const DirectoryQuery& q) {
    return stops_near(study, at, q.stop_walk_m, q.stops_per_place);
}

}  // namespace

std::vector<NearStop> stops_near(const Study& study, const Point& at, double within_m, std::size_t at_most) {
    std::vector<NearStop> out;
    for (std::size_t s = 0; s < study.stops.size(); ++s) {
        const double d = distance(at, study.stops[s].at);
        if (d <= within_m) out.push_back({s, d});
    }
    std::sort(out.begin(), out.end(), [&](const NearStop& a, const NearStop& b) {
        return std::tie(a.distance_m, study.stops[a.stop].id) < std::tie(b.distance_m, study.stops[b.stop].id);
    });
    if (out.size() > at_most) out.resize(at_most);
    return out;
}

Directory build_directory(const Study& study, const DirectoryQuery& query) {
    query.validate();
    Directory dir;
    // Every fellowship and kind is a row, so what is missing shows as "none"; Other only when used.
    bool other_fellowship = false, other_kind = false;
    for (const auto& m : study.meetings) other_fellowship |= m.fellowship == Fellowship::Other && m.at.has_value();
    for (const auto& a : study.assets) other_kind |= a.kind == AssetKind::other;
    std::vector<std::size_t> fellowship_row(all_fellowships().size(), 0), kind_row(all_asset_kinds().size(), 0);
    for (std::size_t i = 0; i < all_fellowships().size(); ++i) {
        const Fellowship f = all_fellowships()[i];
        if (!query.meetings || (f == Fellowship::Other && !other_fellowship)) continue;
        fellowship_row[i] = dir.categories.size();
        dir.categories.push_back({to_string(f), f == Fellowship::Other ? "other fellowships" : full_name(f), f, std::nullopt});
    }
    for (std::size_t i = 0; i < all_asset_kinds().size(); ++i) {
        const AssetKind k = all_asset_kinds()[i];
        if (!query.assets || (k == AssetKind::other && !other_kind)) continue;
        kind_row[i] = dir.categories.size();
        dir.categories.push_back({to_string(k), label(k), std::nullopt, k});
    }
    auto row_of_fellowship = [&](Fellowship f) {
        const auto& all = all_fellowships();
        return fellowship_row[static_cast<std::size_t>(std::find(all.begin(), all.end(), f) - all.begin())];
    };
    auto row_of_kind = [&](AssetKind k) {
        const auto& all = all_asset_kinds();
        return kind_row[static_cast<std::size_t>(std::find(all.begin(), all.end(), k) - all.begin())];
    };

    const std::size_t n = dir.categories.size();
    for (const auto& t : study.towns) dir.towns.push_back({t.name, std::vector<int>(n, 0), {}});
    dir.study = {study.name, std::vector<int>(n, 0), {}};
    auto in_study = [&](const Point& p) {
        if (study.boundary) return in_area(*study.boundary, p);
        return std::any_of(study.towns.begin(), study.towns.end(), [&](const Area& a) { return in_area(a, p); });
    };

    // The schedule's rule: in-person meetings with a place; online-only ones have none.
    const MeetingFilter meetings;
    for (std::size_t i = 0; i < study.meetings.size(); ++i) {
        const Meeting& m = study.meetings[i];
        if (!query.meetings || !m.at || !meetings.accepts(m)) continue;
        const std::size_t row = row_of_fellowship(m.fellowship);
        const int slots = static_cast<int>(m.slots.size());
        for (std::size_t t = 0; t < study.towns.size(); ++t) {
            if (!in_area(study.towns[t], *m.at)) continue;
            dir.towns[t].counts[row] += slots;
            dir.towns[t].listings.push_back({DirectoryListing::What::meeting, i, row, near_stops(study, *m.at, query)});
        }
        if (in_study(*m.at)) dir.study.counts[row] += slots;
    }
    for (std::size_t i = 0; i < (query.assets ? study.assets.size() : 0); ++i) {
        const Asset& a = study.assets[i];
        const std::size_t row = row_of_kind(a.kind);
        const auto town = study.town_index_at(a.at);
        if (town) {
            dir.towns[*town].counts[row] += 1;
            dir.towns[*town].listings.push_back({DirectoryListing::What::asset, i, row, near_stops(study, a.at, query)});
        }
        if (in_study(a.at)) {
            dir.study.counts[row] += 1;
            if (!town) ++dir.outside_towns;
        }
    }
    for (auto& t : dir.towns) {
        std::stable_sort(t.listings.begin(), t.listings.end(), [&](const DirectoryListing& x, const DirectoryListing& y) {
            if (x.what != y.what) return x.what == DirectoryListing::What::meeting;
            if (x.what == DirectoryListing::What::meeting) {
                const Meeting& a = study.meetings[x.index];
                const Meeting& b = study.meetings[y.index];
                const int sa = a.slots.empty() ? 0 : a.slots.front().start_of_week();
                const int sb = b.slots.empty() ? 0 : b.slots.front().start_of_week();
                return std::tie(sa, a.name, a.id) < std::tie(sb, b.name, b.id);
            }
            const Asset& a = study.assets[x.index];
            const Asset& b = study.assets[y.index];
            return std::tie(x.category, a.name, a.id) < std::tie(y.category, b.name, b.id);
        });
    }
    return dir;
}

}  // namespace roisc
