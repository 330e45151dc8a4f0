// The road network: its nodes and edges, and building it from lines (vertices merged, edges split
// at junctions, nodes numbered along a Hilbert curve).
#include "roisc/engine/network.hpp"
#include "roisc/core/text.hpp"

#include "roisc/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <thread>

namespace roisc {

// ---------------------------------------------------------------- the network

std::vector<Point> Network::shape(EdgeId e) const {
    std::vector<Point> out;
    out.push_back(nodes_[edges_[e].from]);
    out.insert(out.end(), inner_begin(e), inner_end(e));
    out.push_back(nodes_[edges_[e].to]);
    return out;
}

double Network::drawn_length(EdgeId e) const {
    double len = 0;
    Point prev = nodes_[edges_[e].from];
    for (const Point* p = inner_begin(e); p != inner_end(e); ++p) {
        len += distance(prev, *p);
        prev = *p;
    }
    return len + distance(prev, nodes_[edges_[e].to]);
}

double Network::total_length_m() const {
    double t = 0;
    for (const auto& e : edges_) t += e.length_m;
    return t;
}

std::size_t Network::memory_bytes() const {
    std::size_t classes = 0;
    for (const auto& c : classes_) classes += sizeof c + c.capacity();
    return nodes_.capacity() * sizeof(Point) + edges_.capacity() * sizeof(Edge) +
           shape_begin_.capacity() * sizeof(std::uint32_t) + shape_.capacity() * sizeof(Point) + classes;
}

std::uint16_t NetworkBuilder::class_id(std::string_view name) {
    const auto it = class_ids_.find(name);
    if (it != class_ids_.end()) return it->second;
    if (classes_.size() >= 65535) throw DataError("the network has more than 65,535 road classes; check the class field.");
    const auto id = static_cast<std::uint16_t>(classes_.size());
    classes_.emplace_back(name);
    class_ids_.emplace(std::string(name), id);
    return id;
}

void NetworkBuilder::add_line(const Point* points, std::size_t count, std::string_view road_class, double maxspeed_kmh,
                              int oneway) {
    if (count < 2) return;
    vertices_.insert(vertices_.end(), points, points + count);
    line_begin_.push_back(static_cast<std::uint32_t>(vertices_.size()));
    line_class_.push_back(class_id(road_class));
    line_maxspeed_.push_back(static_cast<float>(maxspeed_kmh));
    line_oneway_.push_back(static_cast<std::int8_t>(oneway));
    line_length_.push_back(-1);
}

void NetworkBuilder::add_edge(const Point* points, std::size_t count, double length_m, std::string_view road_class,
                              double maxspeed_kmh, int oneway) {
    if (count < 2) return;
    add_line(points, count, road_class, maxspeed_kmh, oneway);
    line_length_.back() = length_m;
}

namespace {

// Position along a Hilbert curve over a 2^16 grid: numbering nodes in this order keeps neighbours
// close in memory, which is what makes the shortest-path pass fast on large networks.
std::uint64_t hilbert(std::uint32_t x, std::uint32_t y) {
    constexpr std::uint32_t n = 1u << 16;
    std::uint64_t d = 0;
    for (std::uint32_t s = n / 2; s > 0; s /= 2) {
        const std::uint32_t rx = (x & s) ? 1 : 0;
        const std::uint32_t ry = (y & s) ? 1 : 0;
        d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::swap(x, y);
        }
    }
    return d;
}

}  // namespace

Network NetworkBuilder::build(std::string source, std::string crs) {
    Network net;
    net.source = std::move(source);
    net.crs = std::move(crs);
    net.classes_ = classes_;
    net.lines_read = static_cast<int>(line_count());
    const std::size_t nv = vertices_.size();
    if (nv == 0) return net;

    // Vertices within the same centimetre are one vertex.
    double min_x = vertices_[0].x, min_y = vertices_[0].y, max_x = min_x, max_y = min_y;
    for (const auto& p : vertices_) {
        min_x = std::min(min_x, p.x), min_y = std::min(min_y, p.y);
        max_x = std::max(max_x, p.x), max_y = std::max(max_y, p.y);
    }
    if ((max_x - min_x) * 100 > 4e9 || (max_y - min_y) * 100 > 4e9) {
        throw DataError(net.source + ": the network spans more than 40,000 km; is it in a projected CRS in metres?");
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(nv);
    for (std::size_t i = 0; i < nv; ++i) {
        const auto kx = static_cast<std::uint64_t>(std::llround((vertices_[i].x - min_x) * 100));
        const auto ky = static_cast<std::uint64_t>(std::llround((vertices_[i].y - min_y) * 100));
        keyed[i] = {(kx << 32) | ky, static_cast<std::uint32_t>(i)};
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::uint32_t> uid(nv);
    std::vector<std::uint32_t> first_of;  // uid -> a vertex
    for (std::size_t i = 0; i < nv; ++i) {
        if (i == 0 || keyed[i].first != keyed[i - 1].first) first_of.push_back(keyed[i].second);
        uid[keyed[i].second] = static_cast<std::uint32_t>(first_of.size() - 1);
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>>().swap(keyed);

    // A vertex is a node where a line ends or where lines meet (used twice or more).
    const std::size_t nu = first_of.size();
    std::vector<std::uint8_t> uses(nu, 0);
    std::vector<std::uint8_t> is_node(nu, 0);
    const std::size_t nl = line_count();
    for (std::size_t l = 0; l < nl; ++l) {
        const std::uint32_t b = line_begin_[l], e = line_begin_[l + 1];
        is_node[uid[b]] = is_node[uid[e - 1]] = 1;
        if (line_length_[l] >= 0) continue;  // a given edge is not split
        for (std::uint32_t j = b; j < e; ++j) {
            if (j > b && uid[j] == uid[j - 1]) continue;
            if (uses[uid[j]] < 2) ++uses[uid[j]];
        }
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>> node_order;
    const double span = std::max({max_x - min_x, max_y - min_y, 1.0});
    for (std::uint32_t u = 0; u < nu; ++u) {
        if (!is_node[u] && uses[u] < 2) continue;
        const Point& p = vertices_[first_of[u]];
        const auto hx = static_cast<std::uint32_t>(std::min(65535.0, (p.x - min_x) / span * 65535.0));
        const auto hy = static_cast<std::uint32_t>(std::min(65535.0, (p.y - min_y) / span * 65535.0));
        node_order.push_back({hilbert(hx, hy), u});
    }
    std::sort(node_order.begin(), node_order.end());
    std::vector<NodeId> node_of(nu, no_node);
    net.nodes_.reserve(node_order.size());
    for (const auto& [h, u] : node_order) {
        node_of[u] = static_cast<NodeId>(net.nodes_.size());
        net.nodes_.push_back(vertices_[first_of[u]]);
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>>().swap(node_order);
    std::vector<std::uint8_t>().swap(uses);

    // Split lines at nodes.
    net.edges_.reserve(nl);
    net.shape_.reserve(nv / 4);
    std::vector<Point> inner;
    for (std::size_t l = 0; l < nl; ++l) {
        const std::uint32_t b = line_begin_[l], e = line_begin_[l + 1];
        const bool given = line_length_[l] >= 0;
        NodeId from = node_of[uid[b]];
        Point prev = net.nodes_[from];
        double length = 0;
        inner.clear();
        for (std::uint32_t j = b + 1; j < e; ++j) {
            if (uid[j] == uid[j - 1]) continue;
            const NodeId here = node_of[uid[j]];
            const bool last = j + 1 == e;
            const Point p = here != no_node ? net.nodes_[here] : vertices_[j];
            length += distance(prev, p);
            prev = p;
            if (here != no_node && (last || !given)) {
                if (from != here || length > 0) {
                    Network::Edge edge;
                    edge.from = from;
                    edge.to = here;
                    edge.length_m = given ? line_length_[l] : length;
                    edge.maxspeed_kmh = line_maxspeed_[l];
                    edge.road_class = line_class_[l];
                    edge.oneway = line_oneway_[l];
                    if (from != here || !inner.empty()) {
                        net.edges_.push_back(edge);
                        net.shape_.insert(net.shape_.end(), inner.begin(), inner.end());
                        net.shape_begin_.push_back(static_cast<std::uint32_t>(net.shape_.size()));
                    }
                }
                from = here;
                length = 0;
                inner.clear();
            } else {
                inner.push_back(p);
            }
        }
    }
    return net;
}

}  // namespace roisc
