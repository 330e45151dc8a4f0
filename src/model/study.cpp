#include "roisc/model/study.hpp"

#include <atomic>

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

const AreaLocator& Study::locator() const {
    const Area* b = boundary ? &*boundary : nullptr;
    const AreaLocator::Key key = AreaLocator::key_of(towns, b);
    // Atomic loads and stores: two threads asking at once may both build one; either is right.
    std::shared_ptr<const AreaLocator> have = std::atomic_load(&locator_);
    if (!have || !(have->key() == key)) {
        have = std::make_shared<const AreaLocator>(towns, b);
        std::atomic_store(&locator_, have);
    }
    return *have;
}

std::optional<std::size_t> Study::town_index_at(const Point& p) const { return locator().town_at(p); }

std::string Study::town_at(const Point& p) const {
    const auto i = town_index_at(p);
    return i ? towns[*i].name : std::string();
}

bool Study::in_study(const Point& p) const {
    if (boundary) return locator().in_boundary(p);
    return town_index_at(p).has_value();
}

}  // namespace roisc
