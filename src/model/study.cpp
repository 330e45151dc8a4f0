#include "roisc/model/study.hpp"

namespace roisc {

bool Area::contains(const Point& p) const {
    if (!geometry) return false;
    OGRPoint pt(p.x, p.y);
    return geometry->Contains(&pt) != 0;
}

std::string LeftOut::text() const {
    std::string out = source;
    if (!where.empty()) out += ", " + where;
    if (!what.empty()) out += ", " + what;
    return out + ": " + reason;
}

long long Hotspot::total() const {
    long long t = 0;
    for (long long c : counts) t += c;
    return t;
}

std::string Study::town_at(const Point& p) const {
    for (const auto& t : towns) {
        if (t.contains(p)) return t.name;
    }
    return "";
}

bool Study::in_study(const Point& p) const {
    if (boundary) return boundary->contains(p);
    return !town_at(p).empty();
}

}  // namespace roisc
