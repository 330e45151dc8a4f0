#include "roisc/engine/access.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <exception>
#include <iterator>
#include <limits>
#include <system_error>
#include <thread>
#include <unordered_map>

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace roisc {

namespace {
std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}
}  // namespace

bool MeetingFilter::accepts(const Meeting& m) const {
    if (!fellowships.contains(m.fellowship)) return false;
    if (m.attendance == Attendance::inactive || m.attendance == Attendance::temporarily_closed) return false;
    if (!include_online && (!meets_in_person(m.attendance) || !m.at)) return false;
    for (const auto& t : types) {
        if (std::none_of(m.type_codes.begin(), m.type_codes.end(), [&](const std::string& have) { return upper(have) == upper(t); }))
            return false;
    }
    if (window) {
        if (std::none_of(m.slots.begin(), m.slots.end(), [&](const WeeklySlot& s) { return slot_within(s, *window); }))
            return false;
    }
    return true;
}

std::string MeetingFilter::describe() const {
    std::string s = fellowships.any() ? "any fellowship" : fellowships.text();
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

MeetingIndex::MeetingIndex(const std::vector<Meeting>& meetings) : meetings_(meetings), tree_(new Tree) {
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
    std::optional<Hit> best;
    // The walk meets meetings in order of distance; past the first accepted one it goes on only
    // through those at the same distance, to name the first of them in the study's order.
    for (auto it = tree_->rtree.qbegin(bgi::nearest(p, static_cast<unsigned>(tree_->rtree.size())) && bgi::satisfies(accept));
         it != tree_->rtree.qend(); ++it) {
        const double d = bg::distance(p, it->first);
        if (!best) {
            best = Hit{it->second, d};
        } else if (d > best->distance) {
            break;
        } else if (it->second < best->meeting) {
            best->meeting = it->second;
        }
    }
    return best;
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

std::vector<std::optional<MeetingIndex::Hit>> MeetingIndex::nearest_all(const std::vector<Point>& from,
                                                                        const MeetingFilter& filter,
                                                                        unsigned threads) const {
    // The accepted places, each once, standing for the first accepted meeting there. Deciding the
    // filter here, once per meeting, spares every query the predicate (and its string compares).
    std::vector<Entry> places;
    for (std::size_t i = 0; i < meetings_.size(); ++i) {
        const auto& at = meetings_[i].at;
        if (at && filter.accepts(meetings_[i])) places.emplace_back(BPoint(at->x, at->y), i);
    }
    auto place_less = [](const Entry& a, const Entry& b) {
        const double ax = bg::get<0>(a.first), bx = bg::get<0>(b.first);
        return ax != bx ? ax < bx : bg::get<1>(a.first) < bg::get<1>(b.first);
    };
    std::stable_sort(places.begin(), places.end(), place_less);  // equal places keep the study's order
    places.erase(std::unique(places.begin(), places.end(),
                             [&](const Entry& a, const Entry& b) { return !place_less(a, b) && !place_less(b, a); }),
                 places.end());

    std::vector<std::optional<Hit>> out(from.size());
    if (places.empty() || from.empty()) return out;
    // Packed (bulk-loaded), with nodes of 8 rather than MeetingIndex's 16: k = 1 queries then take
    // about a third less time (0.67 against 1.02 s of CPU for 1.7 million queries over 20,000
    // places; bench/bench_nearest.cpp). Smaller nodes gain little more and make GCC 12 warn
    // (-Warray-bounds, falsely) inside Boost's query.
    const bgi::rtree<Entry, bgi::rstar<8>> tree(places.begin(), places.end());

    // Every place at the least distance (more than one): the first meeting among them wins.
    auto nearest_tied = [](const auto& index, const BPoint& p, std::vector<Entry>& some) {
        for (std::size_t k = 4;; k *= 2) {
            some.clear();
            index.query(bgi::nearest(p, static_cast<unsigned>(k)), std::back_inserter(some));
            double least = bg::distance(p, some.front().first), most = least;
            for (const auto& e : some) {
                const double d = bg::distance(p, e.first);
                least = std::min(least, d), most = std::max(most, d);
            }
            if (most == least && some.size() == k) continue;  // all tie: there may be more beyond
            Hit hit{std::numeric_limits<std::size_t>::max(), least};
            for (const auto& e : some) {
                if (bg::distance(p, e.first) == least) hit.meeting = std::min(hit.meeting, e.second);
            }
            return hit;
        }
    };

    // Answers points [begin, end) in Z-order (the Morton order of their positions) rather than as
    // given: neighbouring queries then walk the same nodes of the tree while they are in cache, and
    // a pass takes about a quarter less CPU (0.48 against 0.64 s for 1.7 million points on one
    // thread, ordering included). Each answer is still its own point's, wherever it comes in the
    // order. Parts of at most 2^20 points bound the memory for the ordering (16 MB per thread).
    auto answer = [&](std::size_t begin, std::size_t end) {
        const std::size_t count = end - begin;
        double min_x = from[begin].x, max_x = min_x, min_y = from[begin].y, max_y = min_y;
        for (std::size_t i = begin; i < end; ++i) {
            min_x = std::min(min_x, from[i].x), max_x = std::max(max_x, from[i].x);
            min_y = std::min(min_y, from[i].y), max_y = std::max(max_y, from[i].y);
        }
        const double sx = 65535.0 / std::max(max_x - min_x, 1e-9), sy = 65535.0 / std::max(max_y - min_y, 1e-9);
        auto cell = [](double v) {  // 0..65535; NaN to 0
            return v > 0 ? static_cast<std::uint32_t>(std::min(v, 65535.0)) : std::uint32_t(0);
        };
        auto spread = [](std::uint32_t v) {  // 16 bits to the even bits of 32
            v = (v | (v << 8)) & 0x00FF00FFu;
            v = (v | (v << 4)) & 0x0F0F0F0Fu;
            v = (v | (v << 2)) & 0x33333333u;
            return (v | (v << 1)) & 0x55555555u;
        };
        struct Keyed {
            std::uint32_t key, offset;
        };
        std::vector<Keyed> order(count), spare(count);
        for (std::size_t i = 0; i < count; ++i) {
            const Point& q = from[begin + i];
            order[i] = {spread(cell((q.x - min_x) * sx)) | (spread(cell((q.y - min_y) * sy)) << 1),
                        static_cast<std::uint32_t>(i)};
        }
        for (int shift = 0; shift < 32; shift += 8) {  // LSD radix sort by the key, a byte at a time
            std::size_t at[257] = {0};
            for (const auto& e : order) ++at[((e.key >> shift) & 0xFFu) + 1];
            for (int b = 0; b < 256; ++b) at[b + 1] += at[b];
            for (const auto& e : order) spare[at[(e.key >> shift) & 0xFFu]++] = e;
            order.swap(spare);
        }

        // In blocks: gather the block's points, answer them, then scatter the answers, so that the
        // scattered reads and writes do not interleave with the walks of the tree.
        constexpr std::size_t block = 1024;
        BPoint points[block];
        std::optional<Hit> hits[block];
        Entry found[2];
        std::vector<Entry> more;
        for (std::size_t b = 0; b < count; b += block) {
            const std::size_t m = std::min(block, count - b);
            for (std::size_t k = 0; k < m; ++k) {
                const Point& q = from[begin + order[b + k].offset];
                points[k] = BPoint(q.x, q.y);
            }
            for (std::size_t k = 0; k < m; ++k) {
                hits[k].reset();
                // The two nearest places: when the second is further than the first, the first
                // is the answer; when they tie, every place at that distance is gathered and
                // the answer is the first meeting among them in the study's order.
                const std::size_t n = tree.query(bgi::nearest(points[k], 2), found);
                if (n == 0) continue;
                const double d0 = bg::distance(points[k], found[0].first);
                const double d1 = n == 2 ? bg::distance(points[k], found[1].first) : d0;
                if (n == 1 || d0 < d1) hits[k] = Hit{found[0].second, d0};
                else if (d1 < d0) hits[k] = Hit{found[1].second, d1};
                else hits[k] = nearest_tied(tree, points[k], more);
            }
            for (std::size_t k = 0; k < m; ++k) out[begin + order[b + k].offset] = hits[k];
        }
    };
    auto run = [&](std::size_t begin, std::size_t end) {
        constexpr std::size_t part = std::size_t(1) << 20;
        for (std::size_t b = begin; b < end; b += part) answer(b, std::min(end, b + part));
    };

    // Contiguous chunks, one per thread, at least min_chunk points each: each result depends only
    // on its point and the index, so the split never changes an answer.
    constexpr std::size_t min_chunk = 8192;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t n = from.size();
    const std::size_t chunks = std::max<std::size_t>(1, std::min<std::size_t>(threads, n / min_chunk));
    if (chunks == 1) {
        run(0, n);
        return out;
    }
    std::vector<std::exception_ptr> errors(chunks);
    auto run_chunk = [&](std::size_t c) {
        try {
            run(n * c / chunks, n * (c + 1) / chunks);
        } catch (...) {
            errors[c] = std::current_exception();
        }
    };
    std::vector<std::thread> workers;
    std::size_t started = 1;  // chunk 0 is this thread's
    try {
        for (std::size_t c = 1; c < chunks; ++c, ++started) workers.emplace_back(run_chunk, c);
    } catch (const std::system_error&) {
        // No more threads to be had: this thread does the chunks left over.
    }
    run_chunk(0);
    for (std::size_t c = started; c < chunks; ++c) run_chunk(c);
    for (auto& w : workers) w.join();
    for (const auto& e : errors) {
        if (e) std::rethrow_exception(e);
    }
    return out;
}

std::vector<HotspotAccess> assess_access(const Study& study, const MeetingIndex& index, const MeetingFilter& filter,
                                         double threshold_metres) {
    // One bulk pass (the filter decided once per meeting, threads), not a walk per hotspot.
    std::vector<Point> points;
    points.reserve(study.hotspots.size());
    for (const auto& h : study.hotspots) points.push_back(h.at);
    const auto nearest = index.nearest_all(points, filter);
    std::vector<HotspotAccess> out(study.hotspots.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        HotspotAccess& a = out[i];
        a.hotspot = i;
        a.nearest = nearest[i];
        a.covered = a.nearest && a.nearest->distance <= threshold_metres;
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
    // Each town's row by name, found once per hotspot in a hash map rather than by a scan of the
    // towns (wards as towns: thousands). The first town of a name wins, as the scan had it.
    std::unordered_map<std::string, std::size_t> row_of;
    for (std::size_t r = 0; r < rows.size(); ++r) row_of.emplace(rows[r].area, r);
    for (const auto& a : access) {
        const Hotspot& h = study.hotspots[a.hotspot];
        const auto it = row_of.find(h.town);
        AreaCoverage& row = it == row_of.end() ? outside : rows[it->second];
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
