#pragma once
// The study: a manifest's layers turned into the model the engine works on (towns, hotspots,
// meetings, venues), all in the working CRS.
#include "roisc/core/crs.hpp"
#include "roisc/core/time_of_week.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/manifest.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace roisc {

struct Point {
    double x = 0, y = 0;
};

double distance(const Point& a, const Point& b);

struct Area {
    std::string id, name, level, parent;
    std::shared_ptr<const OGRGeometry> geometry;  // polygonal, working CRS
    bool contains(const Point& p) const;
};

struct Hotspot {
    std::string id;       // the postcode key, e.g. "B69 3"
    std::string town;     // the town it lies in (by location), or "" outside every town
    Point at;
    std::vector<long long> counts;  // one per Study::cohorts
    long long total() const;
};

// A meeting as the engine sees it: where, when and of which kind.
struct MeetingSite {
    std::string id, name, fellowship, venue, postcode;
    std::string attendance;             // in_person | online | hybrid | inactive | temporarily_closed
    std::vector<std::string> types;     // codes as written ("O", "W", …)
    std::vector<WeeklySlot> slots;
    std::optional<Point> at;            // none for online-only meetings
    std::string town;                   // study town it lies in, or ""
    std::string place;                  // "Oldbury" inside the study, else the feed's area or "outside"
    bool in_study = false;              // inside the study boundary
};

struct VenueSite {
    std::string id, name, kind, town, postcode;
    Point at;
    std::vector<std::optional<std::string>> hours;  // Mon..Sun; nullopt = unknown
};

struct Study {
    std::string name;
    std::string manifest_path;
    WorkingCrs crs;
    std::optional<Area> boundary;
    std::vector<Area> towns;
    std::string towns_level = "town";  // what the reporting areas are: town, ward, …
    std::vector<std::string> cohorts;
    std::vector<Hotspot> hotspots;
    std::vector<MeetingSite> meetings;
    std::vector<VenueSite> venues;
    std::vector<std::string> notes;  // what was left out and why, for reports (stderr)

    // The town containing a point, or "".
    std::string town_at(const Point& p) const;
    bool in_study(const Point& p) const;
};

// Which parts of the study a command needs; only those layers are required to be usable.
struct StudyNeeds {
    bool hotspots = false;
    bool meetings = false;
    bool venues = false;
};

// Reads the manifest's layers and builds the study. Throws DataError when a needed layer is
// unusable or missing.
Study load_study(const Manifest& manifest, const StudyNeeds& needs);

// Point of a venue or meeting geometry (centroid for polygons).
Point representative_point(const OGRGeometry& geometry);

}  // namespace roisc
