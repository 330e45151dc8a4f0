#pragma once
// Which area a point lies in, for many points: the areas are converted to GEOS once, prepared (so
// each test walks an index of the polygon's edges, not every edge) and put in an STR-tree of their
// envelopes, so a point is tested only against the areas whose envelope holds it. Answers are
// those of Area::contains (GEOS "contains": a point on an area's edge is not in it).
#include "roisc/core/geometry.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace roisc {

struct Area;

class AreaLocator {
public:
    // The areas must outlive the locator only while it is being built; it keeps its own copies.
    AreaLocator(const std::vector<Area>& towns, const Area* boundary);
    ~AreaLocator();
    AreaLocator(const AreaLocator&) = delete;
    AreaLocator& operator=(const AreaLocator&) = delete;

    // The first town (in the order given) containing the point, or nothing.
    std::optional<std::size_t> town_at(const Point& p) const;
    // Whether the boundary contains the point; false when there was no boundary.
    bool in_boundary(const Point& p) const;

    // What it was built from, so a study can tell when its areas have changed since.
    struct Key {
        const void* towns_data = nullptr;
        std::size_t towns = 0;
        const void* first = nullptr;
        const void* last = nullptr;
        const void* boundary = nullptr;
        bool operator==(const Key& o) const {
            return towns_data == o.towns_data && towns == o.towns && first == o.first && last == o.last &&
                   boundary == o.boundary;
        }
    };
    static Key key_of(const std::vector<Area>& towns, const Area* boundary);
    const Key& key() const { return key_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    Key key_;
};

}  // namespace roisc
