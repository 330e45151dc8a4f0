#pragma once
// The study: the areas, the demand (hotspots with cohort counts), the meetings and the candidate
// venues of one place, all in the working CRS. io builds it from a manifest's layers; the engine
// answers queries about it; outputs and maps draw it.
#include "roisc/core/crs.hpp"
#include "roisc/core/geometry.hpp"
#include "roisc/model/area_locator.hpp"
#include "roisc/model/asset.hpp"
#include "roisc/model/meeting.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace roisc {

// A polygon people report by: a town, a ward, the borough.
struct Area {
    std::string id, name, level, parent;
    std::shared_ptr<const OGRGeometry> geometry;  // polygonal, working CRS
    bool contains(const Point& p) const;
};

// Demand at one place: people in treatment by cohort, keyed by partial postcode.
struct Hotspot {
    std::string id;       // the postcode key, e.g. "B69 3"
    std::string town;     // the town it lies in (by location), or "" outside every town
    Point at;
    std::vector<long long> counts;  // one per Study::cohorts
    std::vector<std::string> attributes;  // one per Study::hotspot_attributes, as text ("" when empty)
    std::vector<long long> breakdown_counts;  // one per Study::count_breakdown column; they sum to total()
    long long total() const;
};

// The most people one count may hold (one place, one cohort): far above any real treatment count,
// low enough that sums and allocations cannot overflow. Every reader refuses larger counts.
constexpr long long max_people_count = 10'000'000;

// A candidate site for a new meeting.
struct Venue {
    std::string id, name, kind, town, postcode;
    std::string address;  // street address as the layer gives it ("Freeth Street, Oldbury"); may be empty
    Point at;
    std::vector<std::optional<std::string>> hours;  // Mon..Sun as the layer gives them; nullopt = unknown
};

// A record the analysis does not use as written: left out, or counted otherwise than it says. Each
// is named in every command's report (stderr, metadata.json) and fails a run under --strict.
struct LeftOut {
    std::string source;  // the layer's source as written in the manifest
    std::string where;   // "feature 4 (id "m4")", "line 7"
    std::string what;    // "meeting 'Tuesday NA'", "hotspot 'B69 3'"
    std::string reason;  // "weekday 'Funday' is not a day of the week; the meeting is left out"
    std::string text() const;  // one line: source, where, what: reason
};

// The same people cut another way than by cohort (sex, age band): a demand layer's declared
// breakdown, loaded when a job asks for it (StudyNeeds::count_breakdown).
struct CountBreakdown {
    std::string name;                  // "sex"
    std::vector<std::string> columns;  // "male", "female", as declared
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
    std::vector<std::string> hotspot_attributes;  // the demand fields kept on each hotspot (StudyNeeds)
    CountBreakdown count_breakdown;               // empty name: none loaded
    std::vector<Meeting> meetings;
    std::vector<Venue> venues;
    std::vector<Asset> assets;       // community resources, from every layer of role assets
    std::vector<Stop> stops;         // public-transport stops
    std::vector<LeftOut> left_out;   // records left out or counted otherwise, named in every report
    std::vector<std::string> notes;  // how records were read (e.g. 12-hour times), for reports (stderr)

    // The town containing a point, or "": the first town in `towns` whose polygon contains it (a
    // point on a town's edge is not in that town).
    std::string town_at(const Point& p) const;
    // Its index into `towns`, or nothing.
    std::optional<std::size_t> town_index_at(const Point& p) const;
    bool in_study(const Point& p) const;

    // The prepared areas behind town_at and in_study, built on first use and rebuilt when `towns`
    // or `boundary` have been replaced since (a new vector, another first or last geometry).
    // Callers need not touch it; it is shared by copies of the study.
    const AreaLocator& locator() const;

private:
    mutable std::shared_ptr<const AreaLocator> locator_;
};

// Which parts of the study a job needs; only those layers are required to be usable.
struct StudyNeeds {
    bool hotspots = false;
    bool meetings = false;
    bool venues = false;
    bool assets = false;
    bool stops = false;
    // Demand fields to keep on each hotspot (e.g. "imd_decile" for a breakdown); each must exist.
    std::vector<std::string> hotspot_fields = {};
    // A declared breakdown of the demand layer (manifest `breakdowns`) to load, e.g. "sex".
    std::string count_breakdown = {};
};

}  // namespace roisc
