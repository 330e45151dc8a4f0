#include "roisc/engine/access.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cctype>

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace roisc {

namespace {
std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}
bool is_physical(const MeetingSite& m) { return m.attendance == "in_person" || m.attendance == "hybrid" || m.attendance.empty(); }
}  // namespace

std::string normalise_fellowship(const std::string& text) {
    const std::string u = upper(text);
    if (u == "NARCOTICS ANONYMOUS") return "NA";
    if (u == "ALCOHOLICS ANONYMOUS") return "AA";
    if (u == "COCAINE ANONYMOUS") return "CA";
    if (u == "SMART RECOVERY" || u == "SMART") return "SMART";
    if (u == "AL-ANON" || u == "ALANON") return "Al-Anon";
    return u;
}

bool MeetingFilter::accepts(const MeetingSite& m) const {
    if (!fellowship.empty() && normalise_fellowship(m.fellowship) != normalise_fellowship(fellowship)) return false;
    if (m.attendance == "inactive" || m.attendance == "temporarily_closed") return false;
    if (!include_online && (!is_physical(m) || !m.at)) return false;
    for (const auto& t : types) {
        if (std::none_of(m.types.begin(), m.types.end(), [&](const std::string& have) { return upper(have) == upper(t); }))
            return false;
    }
    if (window) {
        if (std::none_of(m.slots.begin(), m.slots.end(), [&](const WeeklySlot& s) { return slot_within(s, *window); }))
            return false;
    }
    return true;
}

std::string MeetingFilter::describe() const {
    std::string s = fellowship.empty() ? "any fellowship" : normalise_fellowship(fellowship);
    s += include_online ? ", any attendance" : ", in person or hybrid";
    for (const auto& t : types) s += ", type " + t;
    s += ", " + (window ? window->text() : std::string("any time of the week"));
    return s;
}

using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using Entry = std::pair<BPoint, std::size_t>;

struct MeetingIndex::Tree {
    bgi::rtree<Entry, bgi::rstar<16>> rtree;
};

MeetingIndex::MeetingIndex(const std::vector<MeetingSite>& meetings) : meetings_(meetings), tree_(new Tree) {
    std::vector<Entry> entries;
    for (std::size_t i = 0; i < meetings.size(); ++i) {
        if (meetings[i].at) entries.emplace_back(BPoint(meetings[i].at->x, meetings[i].at->y), i);
    }
    tree_->rtree = bgi::rtree<Entry, bgi::rstar<16>>(entries.begin(), entries.end());
}

MeetingIndex::~MeetingIndex() = default;

std::optional<MeetingIndex::Hit> MeetingIndex::nearest(const Point& from, const MeetingFilter& filter) const {
    const BPoint p(from.x, from.y);
    auto accept = [&](const Entry& e) { return filter.accepts(meetings_[e.second]); };
    for (auto it = tree_->rtree.qbegin(bgi::nearest(p, static_cast<unsigned>(tree_->rtree.size())) && bgi::satisfies(accept));
         it != tree_->rtree.qend(); ++it) {
        return Hit{it->second, bg::distance(p, it->first)};
    }
    return std::nullopt;
}

std::vector<MeetingIndex::Hit> MeetingIndex::within(const Point& from, double radius, const MeetingFilter& filter) const {
    const BPoint p(from.x, from.y);
    const bg::model::box<BPoint> box(BPoint(from.x - radius, from.y - radius), BPoint(from.x + radius, from.y + radius));
    std::vector<Hit> out;
    for (auto it = tree_->rtree.qbegin(bgi::intersects(box)); it != tree_->rtree.qend(); ++it) {
        const double d = bg::distance(p, it->first);
        if (d <= radius && filter.accepts(meetings_[it->second])) out.push_back({it->second, d});
    }
    std::sort(out.begin(), out.end(), [&](const Hit& a, const Hit& b) {
        return a.distance != b.distance ? a.distance < b.distance : meetings_[a.meeting].id < meetings_[b.meeting].id;
    });
    return out;
}

std::vector<HotspotAccess> assess_access(const Study& study, const MeetingIndex& index, const MeetingFilter& filter,
                                         double threshold_metres) {
    std::vector<HotspotAccess> out;
    out.reserve(study.hotspots.size());
    for (std::size_t i = 0; i < study.hotspots.size(); ++i) {
        HotspotAccess a;
        a.hotspot = i;
        a.nearest = index.nearest(study.hotspots[i].at, filter);
        a.covered = a.nearest && a.nearest->distance <= threshold_metres;
        out.push_back(a);
    }
    return out;
}

long long AreaCoverage::demand_total() const {
    long long t = 0;
    for (long long d : demand) t += d;
    return t;
}

long long AreaCoverage::covered_total() const {
    long long t = 0;
    for (long long c : covered) t += c;
    return t;
}

std::vector<AreaCoverage> coverage_by_town(const Study& study, const std::vector<HotspotAccess>& access) {
    const std::size_t k = study.cohorts.size();
    std::vector<AreaCoverage> rows;
    for (const auto& t : study.towns) rows.push_back({t.name, std::vector<long long>(k), std::vector<long long>(k), 0, 0});
    AreaCoverage outside{"outside the towns", std::vector<long long>(k), std::vector<long long>(k), 0, 0};
    AreaCoverage all{study.name, std::vector<long long>(k), std::vector<long long>(k), 0, 0};
    for (const auto& a : access) {
        const Hotspot& h = study.hotspots[a.hotspot];
        auto it = std::find_if(rows.begin(), rows.end(), [&](const AreaCoverage& r) { return r.area == h.town; });
        AreaCoverage& row = it == rows.end() ? outside : *it;
        for (AreaCoverage* r : {&row, &all}) {
            ++r->hotspots;
            if (a.covered) ++r->hotspots_covered;
            for (std::size_t c = 0; c < k; ++c) {
                r->demand[c] += h.counts[c];
                if (a.covered) r->covered[c] += h.counts[c];
            }
        }
    }
    if (outside.hotspots > 0) rows.push_back(outside);
    rows.push_back(all);
    return rows;
}

GeometryPtr coverage_area(const Study& study, const MeetingFilter& filter, double radius) {
    auto buffers = std::make_unique<OGRMultiPolygon>();
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < study.meetings.size(); ++i) {
        if (filter.accepts(study.meetings[i]) && study.meetings[i].at) order.push_back(i);
    }
    // A stable order of places, each once, so the union (and the output bytes) are the same every run.
    std::vector<std::pair<double, double>> places;
    for (std::size_t i : order) places.emplace_back(study.meetings[i].at->x, study.meetings[i].at->y);
    std::sort(places.begin(), places.end());
    places.erase(std::unique(places.begin(), places.end()), places.end());
    for (const auto& [x, y] : places) {
        OGRPoint p(x, y);
        GeometryPtr b(p.Buffer(radius, 32));
        if (b) buffers->addGeometry(b.get());
    }
    if (buffers->IsEmpty()) return GeometryPtr(buffers.release());
    return GeometryPtr(buffers->UnionCascaded());
}

std::vector<GapArea> gap_areas(const Study& study, const OGRGeometry* coverage) {
    std::vector<GapArea> out;
    for (const auto& t : study.towns) {
        GapArea g;
        g.town = t.name;
        GeometryPtr gap(coverage && !coverage->IsEmpty() ? t.geometry->Difference(coverage) : t.geometry->clone());
        auto area = [](const OGRGeometry* geom) {
            if (!geom) return 0.0;
            const auto flat = wkbFlatten(geom->getGeometryType());
            if (flat == wkbPolygon) return geom->toPolygon()->get_Area();
            if (flat == wkbMultiPolygon) return geom->toMultiPolygon()->get_Area();
            if (flat == wkbGeometryCollection) return geom->toGeometryCollection()->get_Area();
            return 0.0;
        };
        g.town_km2 = area(t.geometry.get()) / 1e6;
        g.area_km2 = area(gap.get()) / 1e6;
        g.geometry = std::move(gap);
        out.push_back(std::move(g));
    }
    return out;
}

}  // namespace roisc
