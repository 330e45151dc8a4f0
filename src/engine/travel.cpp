#include "roisc/engine/travel.hpp"

#include "roisc/core/error.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <limits>

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
namespace fs = std::filesystem;

namespace roisc {

namespace {
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
constexpr double inf = std::numeric_limits<double>::infinity();

std::string fixed(double v, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string thousands(std::size_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

// Distance from p to segment ab, and where along it (0..1) the nearest point lies.
double segment_distance(const Point& p, const Point& a, const Point& b, double& t) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double x = a.x + t * dx - p.x, y = a.y + t * dy - p.y;
    return std::sqrt(x * x + y * y);
}

// A place snapped onto an end of its edge is at that node, whichever way the edge may be travelled.
constexpr double at_node_m = 1e-6;
bool at_from(const Snap& s) { return s.offset_m <= at_node_m; }
bool at_to(const Snap& s, const Network::Edge& e) { return s.offset_m >= e.length_m - at_node_m; }

// Vertex i of an edge's shape (0 = `from`).
Point vertex(const Network& net, EdgeId e, std::size_t i) {
    const std::size_t inner = static_cast<std::size_t>(net.inner_end(e) - net.inner_begin(e));
    if (i == 0) return net.node(net.edge(e).from);
    if (i <= inner) return net.inner_begin(e)[i - 1];
    return net.node(net.edge(e).to);
}

}  // namespace

const char* to_string(TravelKind kind) {
    switch (kind) {
        case TravelKind::straight: return "straight";
        case TravelKind::estimate: return "estimate";
        case TravelKind::network: return "network";
    }
    return "straight";
}

TravelKind travel_kind_from_string(const std::string& text, const std::string& option) {
    if (text == "straight") return TravelKind::straight;
    if (text == "estimate") return TravelKind::estimate;
    if (text == "network") return TravelKind::network;
    throw ArgumentError(option + ": unknown travel model '" + text + "'. Use straight, estimate or network.");
}

// ---------------------------------------------------------------- the model

// A packed R-tree over the usable edges: one box per edge (its shape's bounds, rounded outwards to
// floats, so a box still holds its edge), leaves in the order of the edges' first nodes (nodes are
// numbered along a Hilbert curve), 16 children to a node, every level in one array. 20 bytes an
// edge, where a Boost R-tree of segment boxes in doubles took over 40 a segment. The nearest edge is
// found best-first: boxes are opened in order of distance until the next is further than the best
// segment found, so the answer is exact.
struct TravelModel::SnapIndex {
    static constexpr std::size_t fanout = 16;
    struct Box {
        float min_x, min_y, max_x, max_y;
        // Squared distance from p (0 inside), computed in doubles from the float bounds.
        double distance2(const Point& p) const {
            const double dx = std::max({static_cast<double>(min_x) - p.x, 0.0, p.x - static_cast<double>(max_x)});
            const double dy = std::max({static_cast<double>(min_y) - p.y, 0.0, p.y - static_cast<double>(max_y)});
            return dx * dx + dy * dy;
        }
    };
    std::vector<Box> boxes;                 // the leaves (one per indexed edge), then each level up to the root
    std::vector<EdgeId> edges;              // the edge of each leaf
    std::vector<std::size_t> level_begin;   // where each level starts in `boxes`; the last is the root
    bool empty() const { return edges.empty(); }
    std::size_t memory_bytes() const {
        return boxes.capacity() * sizeof(Box) + edges.capacity() * sizeof(EdgeId) + level_begin.capacity() * sizeof(std::size_t);
    }
};

namespace {

float down(double v) {
    float f = static_cast<float>(v);
    if (static_cast<double>(f) > v) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
    return f;
}
float up(double v) {
    float f = static_cast<float>(v);
    if (static_cast<double>(f) < v) f = std::nextafter(f, std::numeric_limits<float>::infinity());
    return f;
}

}  // namespace

TravelModel TravelModel::straight(TravelMode mode) { return straight(builtin_profile(mode)); }

TravelModel TravelModel::straight(const Profile& profile) {
    TravelModel m;
    m.kind_ = TravelKind::straight;
    m.profile_ = profile;
    m.detour_ = 1.0;
    return m;
}

TravelModel TravelModel::estimate(TravelMode mode, double detour_factor) {
    Profile p = builtin_profile(mode);
    p.detour_factor = detour_factor;
    return estimate(p);
}

TravelModel TravelModel::estimate(const Profile& profile) {
    if (!(profile.detour_factor >= 1.0)) throw ArgumentError("the detour factor must be 1 or more.");
    TravelModel m;
    m.kind_ = TravelKind::estimate;
    m.profile_ = profile;
    m.detour_ = profile.detour_factor;
    return m;
}

TravelModel TravelModel::network(const Network& network, const Profile& profile) {
    return TravelModel::network(std::shared_ptr<const Network>(&network, [](const Network*) {}), profile);
}

TravelModel TravelModel::network(std::shared_ptr<const Network> network, const Profile& profile) {
    TravelModel m;
    m.kind_ = TravelKind::network;
    m.profile_ = profile;
    m.network_ = std::move(network);
    m.routing_ = std::make_shared<const RoutingGraph>(*m.network_, profile);
    auto index = std::make_shared<SnapIndex>();
    const Network& net = *m.network_;
    auto& edges = index->edges;
    for (EdgeId e = 0; e < net.edge_count(); ++e) {
        if (m.routing_->usable(e)) edges.push_back(e);
    }
    std::stable_sort(edges.begin(), edges.end(), [&](EdgeId a, EdgeId b) {
        return std::min(net.edge(a).from, net.edge(a).to) < std::min(net.edge(b).from, net.edge(b).to);
    });
    std::size_t total = edges.size();
    for (std::size_t level = edges.size(); level > 1;) level = (level + SnapIndex::fanout - 1) / SnapIndex::fanout, total += level;
    index->boxes.reserve(total);
    for (const EdgeId e : edges) {
        const Point a = net.node(net.edge(e).from), b = net.node(net.edge(e).to);
        double min_x = std::min(a.x, b.x), min_y = std::min(a.y, b.y), max_x = std::max(a.x, b.x), max_y = std::max(a.y, b.y);
        for (const Point* p = net.inner_begin(e); p != net.inner_end(e); ++p) {
            min_x = std::min(min_x, p->x), min_y = std::min(min_y, p->y);
            max_x = std::max(max_x, p->x), max_y = std::max(max_y, p->y);
        }
        index->boxes.push_back({down(min_x), down(min_y), up(max_x), up(max_y)});
    }
    index->level_begin.push_back(0);
    for (std::size_t begin = 0, end = index->boxes.size(); end - begin > 1;) {
        index->level_begin.push_back(end);
        for (std::size_t i = begin; i < end; i += SnapIndex::fanout) {
            SnapIndex::Box box = index->boxes[i];
            for (std::size_t j = i + 1; j < std::min(end, i + SnapIndex::fanout); ++j) {
                const auto& c = index->boxes[j];
                box = {std::min(box.min_x, c.min_x), std::min(box.min_y, c.min_y), std::max(box.max_x, c.max_x),
                       std::max(box.max_y, c.max_y)};
            }
            index->boxes.push_back(box);
        }
        begin = end;
        end = index->boxes.size();
    }
    m.snap_index_ = std::move(index);
    return m;
}

std::size_t TravelModel::snap_index_bytes() const { return snap_index_ ? snap_index_->memory_bytes() : 0; }

double TravelModel::speed_kmh() const { return kind_ == TravelKind::network ? profile_.speed_kmh : profile_.estimate_speed_kmh; }

double TravelModel::detour_factor() const { return kind_ == TravelKind::estimate ? detour_ : 1.0; }

double TravelModel::straight_seconds(double metres) const { return metres * detour_factor() / (speed_kmh() / 3.6); }

double TravelModel::off_network_seconds(double metres) const { return metres / (profile_.off_network_speed_kmh / 3.6); }

std::string TravelModel::describe() const {
    const std::string mode = to_string(profile_.mode);
    switch (kind_) {
        case TravelKind::straight:
            return "straight line at " + fixed(speed_kmh(), 1) + " km/h (" + mode + ", no detour)";
        case TravelKind::estimate:
            return "estimate: straight line × " + fixed(detour_, 2) + " detour at " + fixed(speed_kmh(), 1) + " km/h (" + mode +
                   ", no road network)";
        case TravelKind::network: break;
    }
    const Network& net = *network_;
    return "network: " + profile_.describe() + ", on " + net.source + " (" + thousands(net.node_count()) + " nodes, " +
           thousands(net.edge_count()) + " edges, " + fixed(net.total_length_m() / 1000.0, 1) +
           " km); off-network legs walked at " + fixed(profile_.off_network_speed_kmh, 1) + " km/h; places beyond " +
           fixed(profile_.snap_limit_m, 0) + " m of a usable edge flagged; profile " + profile_.source;
}

Metadata TravelModel::metadata() const {
    Metadata m;
    m.emplace_back("travel_model", to_string(kind_));
    m.emplace_back("travel_mode", to_string(profile_.mode));
    m.emplace_back("speed_kmh", fixed(speed_kmh(), 2));
    m.emplace_back("detour_factor", fixed(detour_factor(), 2));
    if (kind_ == TravelKind::network) {
        std::string speeds;
        for (const auto& [c, v] : profile_.speeds) {
            speeds += (speeds.empty() ? "" : ", ") + c + " " + fixed(v > 0 ? v : profile_.speed_kmh, 1);
        }
        m.emplace_back("class_speeds_kmh", speeds);
        if (profile_.use_maxspeed) m.emplace_back("maxspeed_factor", fixed(profile_.maxspeed_factor, 2));
        m.emplace_back("oneway", profile_.oneway ? "respected" : "ignored");
        m.emplace_back("off_network_speed_kmh", fixed(profile_.off_network_speed_kmh, 2));
        m.emplace_back("snap_limit_m", fixed(profile_.snap_limit_m, 0));
        m.emplace_back("network", network_->source);
    }
    m.emplace_back("profile", profile_.source);
    m.emplace_back("travel_model_description", describe());
    return m;
}

Snap TravelModel::snap(const Point& p) const {
    Snap best;
    if (kind_ != TravelKind::network || snap_index_->empty()) return best;
    const Network& net = *network_;
    const SnapIndex& index = *snap_index_;
    double best_d = inf;
    std::uint64_t best_key = 0;  // edge << 32 | segment: the lowest wins a tie
    double best_t = 0;
    // Best first: (squared distance to the box, level, position). A box is never further than what it
    // holds; the margin keeps a segment exactly as near as the best (a tie) from being passed over
    // through rounding.
    struct Open {
        double d2;
        std::size_t level, at;
        bool operator>(const Open& o) const { return d2 > o.d2; }
    };
    std::vector<Open> queue;
    queue.reserve(64);
    const std::size_t root_level = index.level_begin.size() - 1;
    queue.push_back({index.boxes[index.level_begin[root_level]].distance2(p), root_level, 0});
    auto bound = [&] { return best_d * best_d * (1 + 1e-9) + 1e-12; };
    while (!queue.empty()) {
        std::pop_heap(queue.begin(), queue.end(), std::greater<>());
        const Open o = queue.back();
        queue.pop_back();
        if (o.d2 > bound()) break;
        if (o.level == 0) {
            const EdgeId e = index.edges[o.at];
            const std::size_t segments = static_cast<std::size_t>(net.inner_end(e) - net.inner_begin(e)) + 1;
            for (std::size_t s = 0; s < segments; ++s) {
                double t = 0;
                const double d = segment_distance(p, vertex(net, e, s), vertex(net, e, s + 1), t);
                const std::uint64_t key = (static_cast<std::uint64_t>(e) << 32) | s;
                if (d < best_d || (d == best_d && key < best_key)) best_d = d, best_key = key, best_t = t;
            }
            continue;
        }
        const std::size_t child_level = o.level - 1;
        const std::size_t first = o.at * SnapIndex::fanout;
        const std::size_t count = index.level_begin[child_level + 1] - index.level_begin[child_level];
        const double within = bound();
        for (std::size_t c = first; c < std::min(count, first + SnapIndex::fanout); ++c) {
            const double d2 = index.boxes[index.level_begin[child_level] + c].distance2(p);
            if (d2 > within) continue;  // further than a segment already found
            queue.push_back({d2, child_level, c});
            std::push_heap(queue.begin(), queue.end(), std::greater<>());
        }
    }
    const auto e = static_cast<EdgeId>(best_key >> 32);
    const auto s = static_cast<std::size_t>(best_key & 0xffffffffu);
    double along = 0;
    for (std::size_t i = 0; i < s; ++i) along += distance(vertex(net, e, i), vertex(net, e, i + 1));
    const Point a = vertex(net, e, s), b = vertex(net, e, s + 1);
    along += best_t * distance(a, b);
    const double drawn = net.drawn_length(e);
    const double length = net.edge(e).length_m;
    best.edge = e;
    best.offset_m = drawn > 0 ? std::clamp(along * length / drawn, 0.0, length) : 0.0;
    best.off_network_m = best_d;
    best.on_edge = {a.x + best_t * (b.x - a.x), a.y + best_t * (b.y - a.y)};
    best.found = true;
    best.flagged = best_d > profile_.snap_limit_m;
    return best;
}

// ---------------------------------------------------------------- access times

struct AccessTimes::PointIndex {
    using Entry = std::pair<BPoint, std::size_t>;
    bgi::rtree<Entry, bgi::rstar<16>> tree;
};

AccessTimes::AccessTimes(const TravelModel& model, std::vector<Point> meetings)
    : model_(model), meetings_(std::move(meetings)), points_(std::make_unique<PointIndex>()) {
    std::vector<PointIndex::Entry> entries;
    for (std::size_t i = 0; i < meetings_.size(); ++i) entries.emplace_back(BPoint(meetings_[i].x, meetings_[i].y), i);
    points_->tree = bgi::rtree<PointIndex::Entry, bgi::rstar<16>>(entries.begin(), entries.end());
    if (model_.kind() != TravelKind::network) return;

    const RoutingGraph& g = *model_.routing();
    const Network& net = g.network();
    std::vector<Seed> seeds;
    meeting_snaps_.reserve(meetings_.size());
    for (std::size_t i = 0; i < meetings_.size(); ++i) {
        const Snap s = model_.snap(meetings_[i]);
        meeting_snaps_.push_back(s);
        if (!s.found || s.flagged) {
            unplaced_.push_back(i);
            continue;
        }
        // A meeting part-way along an edge is reached from either end the mode may travel from.
        const auto& edge = net.edge(s.edge);
        const double leg = model_.off_network_seconds(s.off_network_m);
        const auto source = static_cast<std::uint32_t>(i);
        if (g.forward(s.edge) || at_from(s)) seeds.push_back({edge.from, leg + g.cost(s.edge, s.offset_m), source});
        if (g.backward(s.edge) || at_to(s, edge)) {
            seeds.push_back({edge.to, leg + g.cost(s.edge, edge.length_m - s.offset_m), source});
        }
        on_edge_.emplace_back(s.edge, i);
    }
    std::sort(on_edge_.begin(), on_edge_.end());
    node_times_ = nearest_seeds(g, seeds, true);
}

GeometryPtr area_reached_from(const TravelModel& model, const Point& from, double seconds, double width_m) {
    if (model.kind() == TravelKind::network && !model.routing()->symmetric()) return nullptr;
    return AccessTimes(model, {from}).reachable_area(seconds, width_m);
}

AccessTimes::~AccessTimes() = default;
AccessTimes::AccessTimes(AccessTimes&&) noexcept = default;
AccessTimes& AccessTimes::operator=(AccessTimes&&) noexcept = default;

Reach AccessTimes::reach(const Point& from) const {
    Reach r;
    if (meetings_.empty()) return r;
    if (model_.kind() != TravelKind::network) {
        const BPoint q(from.x, from.y);
        for (auto it = points_->tree.qbegin(bgi::nearest(q, 1)); it != points_->tree.qend(); ++it) {
            r.meeting = it->second;
            r.straight_m = distance(from, meetings_[it->second]);
            r.seconds = model_.straight_seconds(r.straight_m);
        }
        return r;
    }
    const Snap s = model_.snap(from);
    r.off_network_m = s.found ? s.off_network_m : inf;
    if (!s.found || s.flagged) {
        r.flagged = true;
        return r;
    }
    const RoutingGraph& g = *model_.routing();
    const auto& edge = g.network().edge(s.edge);
    double best = inf;
    std::uint32_t source = no_source;
    auto consider = [&](double c, std::uint32_t src) {
        if (src != no_source && c < best) best = c, source = src;
    };
    // Toward `from` needs the edge's backward direction, toward `to` its forward one.
    if (g.backward(s.edge) || at_from(s)) {
        consider(g.cost(s.edge, s.offset_m) + node_times_.cost[edge.from], node_times_.source[edge.from]);
    }
    if (g.forward(s.edge) || at_to(s, edge)) {
        consider(g.cost(s.edge, edge.length_m - s.offset_m) + node_times_.cost[edge.to], node_times_.source[edge.to]);
    }
    // A meeting on the same edge may be reached without passing either end.
    auto it = std::lower_bound(on_edge_.begin(), on_edge_.end(), std::make_pair(s.edge, std::size_t{0}));
    for (; it != on_edge_.end() && it->first == s.edge; ++it) {
        const Snap& m = meeting_snaps_[it->second];
        const double leg = model_.off_network_seconds(m.off_network_m);
        const auto src = static_cast<std::uint32_t>(it->second);
        if (m.offset_m >= s.offset_m && g.forward(s.edge)) consider(g.cost(s.edge, m.offset_m - s.offset_m) + leg, src);
        if (m.offset_m <= s.offset_m && g.backward(s.edge)) consider(g.cost(s.edge, s.offset_m - m.offset_m) + leg, src);
    }
    if (source == no_source) return r;
    r.meeting = source;
    r.seconds = best + model_.off_network_seconds(s.off_network_m);
    r.straight_m = distance(from, meetings_[source]);
    return r;
}

namespace {

// The part of a polyline between two distances along it.
void cut(const std::vector<Point>& shape, const std::vector<double>& at, double from, double to, OGRLineString& out) {
    for (std::size_t i = 0; i + 1 < shape.size(); ++i) {
        const double a = at[i], b = at[i + 1];
        if (b < from || a > to) continue;
        const double len = b - a;
        auto point = [&](double d) {
            const double t = len > 0 ? (d - a) / len : 0;
            return Point{shape[i].x + t * (shape[i + 1].x - shape[i].x), shape[i].y + t * (shape[i + 1].y - shape[i].y)};
        };
        const Point p = point(std::max(a, from));
        if (out.getNumPoints() == 0) out.addPoint(p.x, p.y);
        const Point q = point(std::min(b, to));
        out.addPoint(q.x, q.y);
    }
}

}  // namespace

GeometryPtr AccessTimes::reachable_area(double seconds, double width_m) const {
    auto empty = [] { return GeometryPtr(new OGRMultiPolygon()); };
    if (meetings_.empty()) return empty();
    if (model_.kind() != TravelKind::network) {
        const double radius = seconds * (model_.speed_kmh() / 3.6) / model_.detour_factor();
        if (radius <= 0) return empty();
        OGRMultiPoint points;
        for (const auto& p : meetings_) points.addGeometryDirectly(new OGRPoint(p.x, p.y));
        return GeometryPtr(points.Buffer(radius, 16));
    }
    const RoutingGraph& g = *model_.routing();
    const Network& net = g.network();
    OGRMultiLineString pieces;
    std::vector<std::pair<double, double>> spans;
    std::vector<double> at;
    std::size_t on_edge = 0;
    for (EdgeId e = 0; e < net.edge_count(); ++e) {
        if (!g.usable(e)) continue;
        const auto& edge = net.edge(e);
        const double length = edge.length_m;
        const double per_second = 1.0 / g.cost(e, 1.0);  // metres per cost unit
        spans.clear();
        // Reachable from the `from` end: moving toward it needs the backward direction.
        const double cu = node_times_.cost[edge.from], cv = node_times_.cost[edge.to];
        if (g.backward(e) && cu <= seconds) spans.emplace_back(0.0, std::min(length, (seconds - cu) * per_second));
        if (g.forward(e) && cv <= seconds) spans.emplace_back(std::max(0.0, length - (seconds - cv) * per_second), length);
        while (on_edge < on_edge_.size() && on_edge_[on_edge].first < e) ++on_edge;
        for (std::size_t k = on_edge; k < on_edge_.size() && on_edge_[k].first == e; ++k) {
            const Snap& m = meeting_snaps_[on_edge_[k].second];
            const double left = seconds - model_.off_network_seconds(m.off_network_m);
            if (left < 0) continue;
            const double r = left * per_second;
            if (g.forward(e)) spans.emplace_back(std::max(0.0, m.offset_m - r), m.offset_m);
            if (g.backward(e)) spans.emplace_back(m.offset_m, std::min(length, m.offset_m + r));
        }
        if (spans.empty()) continue;
        std::sort(spans.begin(), spans.end());
        const std::vector<Point> shape = net.shape(e);
        at.assign(1, 0.0);
        for (std::size_t i = 1; i < shape.size(); ++i) at.push_back(at.back() + distance(shape[i - 1], shape[i]));
        const double scale = length > 0 ? at.back() / length : 0;  // edge length units -> drawn metres
        std::pair<double, double> run = spans[0];
        auto emit = [&](std::pair<double, double> span) {
            if (span.second <= span.first) return;
            auto* line = new OGRLineString();
            cut(shape, at, span.first * scale, span.second * scale, *line);
            if (line->getNumPoints() >= 2) pieces.addGeometryDirectly(line);
            else delete line;
        };
        for (std::size_t i = 1; i < spans.size(); ++i) {
            if (spans[i].first <= run.second) {
                run.second = std::max(run.second, spans[i].second);
            } else {
                emit(run);
                run = spans[i];
            }
        }
        emit(run);
    }
    if (pieces.IsEmpty()) return empty();
    // Buffering each piece and unioning the lot (cascaded, spatially) is far quicker than one
    // buffer of the whole multi-line.
    OGRMultiPolygon bands;
    for (const auto* piece : pieces) {
        std::unique_ptr<OGRGeometry> band(piece->Buffer(width_m, 4));
        if (!band) continue;
        if (wkbFlatten(band->getGeometryType()) == wkbPolygon) {
            bands.addGeometryDirectly(band.release());
        } else if (wkbFlatten(band->getGeometryType()) == wkbMultiPolygon) {
            for (const auto* part : *band->toMultiPolygon()) bands.addGeometry(part);
        }
    }
    return GeometryPtr(bands.UnionCascaded());
}

std::vector<MeetingTime> meetings_within(const TravelModel& model, const Point& from, const std::vector<Point>& meetings,
                                         double max_seconds) {
    return trips_from(model, from, meetings, max_seconds).reached;
}

TripsFrom trips_from(const TravelModel& model, const Point& from, const std::vector<Point>& meetings, double max_seconds) {
    TripsFrom out;
    if (model.kind() != TravelKind::network) {
        for (std::size_t i = 0; i < meetings.size(); ++i) {
            const double straight = distance(from, meetings[i]);
            const double s = model.straight_seconds(straight);
            if (s <= max_seconds) out.reached.push_back({i, s, straight, 0});
        }
    } else {
        const Snap q = model.snap(from);
        out.off_network_m = q.found ? q.off_network_m : inf;
        if (!q.found || q.flagged) {
            out.flagged = true;
            return out;
        }
        const RoutingGraph& g = *model.routing();
        const Network& net = g.network();
        const double leg = model.off_network_seconds(q.off_network_m);
        const auto& qe = net.edge(q.edge);
        std::vector<Seed> seeds;
        if (g.forward(q.edge) || at_to(q, qe)) seeds.push_back({qe.to, leg + g.cost(q.edge, qe.length_m - q.offset_m), 0});
        if (g.backward(q.edge) || at_from(q)) seeds.push_back({qe.from, leg + g.cost(q.edge, q.offset_m), 0});
        const NodeCosts from_here = nearest_seeds(g, seeds, false, max_seconds);
        for (std::size_t i = 0; i < meetings.size(); ++i) {
            const Snap m = model.snap(meetings[i]);
            if (!m.found || m.flagged) {
                out.unplaced.push_back(i);
                continue;
            }
            const auto& me = net.edge(m.edge);
            const double mleg = model.off_network_seconds(m.off_network_m);
            double best = inf;
            // Arriving at the meeting from its edge's `from` end needs the forward direction, and so on.
            if (g.forward(m.edge) || at_from(m)) best = std::min(best, from_here.cost[me.from] + g.cost(m.edge, m.offset_m));
            if (g.backward(m.edge) || at_to(m, me)) {
                best = std::min(best, from_here.cost[me.to] + g.cost(m.edge, me.length_m - m.offset_m));
            }
            if (m.edge == q.edge) {
                if (m.offset_m >= q.offset_m && g.forward(m.edge)) best = std::min(best, leg + g.cost(m.edge, m.offset_m - q.offset_m));
                if (m.offset_m <= q.offset_m && g.backward(m.edge)) best = std::min(best, leg + g.cost(m.edge, q.offset_m - m.offset_m));
            }
            best += mleg;
            if (best <= max_seconds) out.reached.push_back({i, best, distance(from, meetings[i]), m.off_network_m});
        }
    }
    std::sort(out.reached.begin(), out.reached.end(), [](const MeetingTime& a, const MeetingTime& b) {
        return a.seconds != b.seconds ? a.seconds < b.seconds : a.meeting < b.meeting;
    });
    return out;
}

EligibleMeetings eligible_meetings(const std::vector<Meeting>& meetings, const MeetingFilter& filter) {
    EligibleMeetings out;
    for (std::size_t i = 0; i < meetings.size(); ++i) {
        if (!meetings[i].at || !filter.accepts(meetings[i])) continue;
        out.points.push_back(*meetings[i].at);
        out.site.push_back(i);
    }
    return out;
}

std::string format_duration(double seconds) {
    if (!std::isfinite(seconds)) return "unreachable";
    const long long s = std::llround(seconds);
    char buf[48];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%lld h %02lld min", s / 3600, (s % 3600) / 60);
    else std::snprintf(buf, sizeof buf, "%lld min %02lld s", s / 60, s % 60);
    return buf;
}

}  // namespace roisc
