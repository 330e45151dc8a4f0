#pragma once
// Travel models: how long it takes to get from a place to the nearest eligible meeting.
//
//   straight  the straight line, at the mode's speed (detour factor 1)
//   estimate  the straight line × a detour factor, at the mode's speed, for areas with no network
//             (the Sandwell default: its walking factor is calibrated on the real roads of West
//             Bromwich and Smethwick, see docs/travel.md and `roisc calibrate`)
//   network   shortest time on the road/footpath network for walk | cycle | drive
//
// Using it from a command (within, coverage, gaps, rank):
//
//   const Study study = load_study(manifest, {true, true, false});
//   TravelRequest request;                        // from --by, --mode, --network, --profile
//   const ChosenModel chosen = choose_travel_model(request, manifest, study.crs);
//   for (const auto& note : chosen.notes) context.err << note << "\n";   // e.g. "no network: estimate"
//   const EligibleMeetings eligible = eligible_meetings(study.meetings, filter);
//   const AccessTimes times(chosen.model, eligible.points);   // one multi-source pass, done here
//   for (const Hotspot& h : study.hotspots) {
//       const Reach r = times.reach(h.at);         // or seconds_to_nearest / nearest_meeting / flagged
//       const bool covered = r.seconds <= threshold.seconds();
//       const Meeting* m = r.meeting ? &study.meetings[eligible.site[*r.meeting]] : nullptr;
//   }
//   GeometryPtr land = times.reachable_area(threshold.seconds());   // coverage land by time
//   metadata: append chosen.model.metadata() (model, mode, speeds, detour factor, network, profile)
//   within --radius 20min: meetings_within(chosen.model, place.at, eligible.points, 1200)
//
// Build the model once per run (loading and indexing a network is the slow part) and one
// AccessTimes per meeting filter; reach() is const and thread-safe. CLI options: TravelOptions in
// src/cli/isochrones.hpp (--by, --mode, --network, --class-field, --nodes, --profile, --snap-limit,
// --detour) gives a TravelRequest.
//
// Unreachable places (a disconnected island, a flagged point, no eligible meeting) get +inf seconds
// and no meeting. A point further than the profile's snap limit from any usable edge is flagged:
// it is not snapped across a canal; the caller decides whether to report it or fall back to
// estimate (Reach::flagged, AccessTimes::flagged).
// Times are door to door: the off-network legs at both ends are walked (Profile::off_network_speed_kmh).
#include "roisc/engine/access.hpp"
#include "roisc/engine/network.hpp"
#include "roisc/model/metadata.hpp"

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace roisc {

enum class TravelKind { straight, estimate, network };
const char* to_string(TravelKind kind);
TravelKind travel_kind_from_string(const std::string& text, const std::string& option = "the travel model");

// Where a point meets the network: the nearest usable edge, how far along it, and the walk to it.
struct Snap {
    EdgeId edge = 0;
    double offset_m = 0;          // along the edge from its `from` node (in the edge's length units)
    double off_network_m = 0;     // straight line from the point to the edge
    Point on_edge;                // the nearest point on the edge
    bool found = false;           // false when no usable edge exists at all
    bool flagged = false;         // further than the snap limit: not snapped
};

class TravelModel {
public:
    // Straight line at the mode's speed (built-in profile unless given).
    static TravelModel straight(TravelMode mode = TravelMode::walk);
    static TravelModel straight(const Profile& profile);
    // Straight line × detour at the mode's estimate speed.
    static TravelModel estimate(TravelMode mode, double detour_factor);
    static TravelModel estimate(const Profile& profile);  // the profile's detour factor and speed
    // Shortest time on the network. The model keeps the network alive (shared), builds the
    // profile's routing graph and the snapping index (a packed R-tree over usable edges).
    static TravelModel network(std::shared_ptr<const Network> network, const Profile& profile);
    // As above; the caller keeps `network` alive for as long as the model and its copies live.
    static TravelModel network(const Network& network, const Profile& profile);

    TravelKind kind() const { return kind_; }
    TravelMode mode() const { return profile_.mode; }
    const Profile& profile() const { return profile_; }
    double speed_kmh() const;       // straight/estimate: the speed used; network: the profile's default
    double detour_factor() const;   // 1 for straight; the factor for estimate; 1 for network (not used)
    const Network* network_graph() const { return network_.get(); }
    const RoutingGraph* routing() const { return routing_.get(); }

    // "network: walk on the roads of west_bromwich.geojson (14,258 nodes…) at 4.8 km/h, …"
    std::string describe() const;
    // travel_model, travel_mode, speed_kmh, detour_factor, network, profile, … for output metadata.
    Metadata metadata() const;

    // Network model: where `p` meets the network. Straight/estimate: found = false.
    Snap snap(const Point& p) const;
    // Straight/estimate: seconds for a straight-line distance.
    double straight_seconds(double metres) const;
    // Seconds to walk the off-network leg.
    double off_network_seconds(double metres) const;
    // Bytes held by the snapping index (network model; for benchmarks and sizing).
    std::size_t snap_index_bytes() const;

private:
    struct SnapIndex;
    TravelKind kind_ = TravelKind::straight;
    Profile profile_;
    double detour_ = 1.0;
    std::shared_ptr<const Network> network_;
    std::shared_ptr<const RoutingGraph> routing_;
    std::shared_ptr<const SnapIndex> snap_index_;
};

// A place's access to the nearest eligible meeting under a model.
struct Reach {
    std::optional<std::size_t> meeting;   // index into the points given to AccessTimes
    double seconds = std::numeric_limits<double>::infinity();
    double straight_m = std::numeric_limits<double>::infinity();  // straight line to that meeting
    double off_network_m = 0;             // network: the place's walk to its edge
    bool flagged = false;                 // network: beyond the snap limit from any usable edge
};

// Times to the nearest of a set of meeting points. For the network model the constructor runs the
// one multi-source pass (every node's nearest meeting and time); each query is then a snap and
// a few additions. For straight/estimate it indexes the points.
class AccessTimes {
public:
    AccessTimes(const TravelModel& model, std::vector<Point> meetings);
    ~AccessTimes();
    AccessTimes(AccessTimes&&) noexcept;
    AccessTimes& operator=(AccessTimes&&) noexcept;

    Reach reach(const Point& from) const;
    double seconds_to_nearest(const Point& from) const { return reach(from).seconds; }
    std::optional<std::size_t> nearest_meeting(const Point& from) const { return reach(from).meeting; }
    bool flagged(const Point& from) const { return reach(from).flagged; }

    const TravelModel& model() const { return model_; }
    const std::vector<Point>& meetings() const { return meetings_; }
    // Meetings left out of the network model: beyond the snap limit (flagged), or no usable edge.
    const std::vector<std::size_t>& unplaced_meetings() const { return unplaced_; }
    // Per meeting, where it met the network (network model; empty otherwise).
    const std::vector<Snap>& meeting_snaps() const { return meeting_snaps_; }
    // Per network node: seconds to the nearest meeting (+inf unreachable) and which (network model).
    const NodeCosts& node_times() const { return node_times_; }

    // The land from which a meeting is reached within `seconds`. Network: the reachable parts of
    // edges (partly reachable ends included) buffered by `width_m` and unioned. Straight/estimate:
    // circles of radius speed × seconds / detour around the meetings. Working CRS; empty geometry
    // when nothing is reachable.
    GeometryPtr reachable_area(double seconds, double width_m = 25) const;

private:
    struct PointIndex;
    TravelModel model_;
    std::vector<Point> meetings_;
    std::vector<std::size_t> unplaced_;
    std::vector<Snap> meeting_snaps_;
    NodeCosts node_times_;
    std::vector<std::pair<EdgeId, std::size_t>> on_edge_;  // (edge, meeting) sorted: meetings snapped onto an edge
    std::unique_ptr<PointIndex> points_;
};

// From one place to each meeting it reaches within `max_seconds`, quickest first (within --radius 20min).
struct MeetingTime {
    std::size_t meeting = 0;  // index into `meetings`
    double seconds = 0;
    double straight_m = 0;    // the straight line from the place to the meeting
    double off_network_m = 0; // network: the meeting's walk from its edge
};
std::vector<MeetingTime> meetings_within(const TravelModel& model, const Point& from, const std::vector<Point>& meetings,
                                         double max_seconds);

// The same, with what the caller must report: a place beyond the snap limit is flagged and reaches
// nothing (it is not snapped across a canal); meetings beyond it are left out and listed. One search
// from the place (forward arcs, so one-way streets count the way people travel), cut off at
// `max_seconds`, then each meeting's snap and a few additions.
struct TripsFrom {
    std::vector<MeetingTime> reached;   // quickest first; ties by meeting index
    bool flagged = false;               // network: the place is beyond the snap limit (or there is no usable edge)
    double off_network_m = 0;           // network: the place's walk to its edge (+inf with no usable edge)
    std::vector<std::size_t> unplaced;  // network: meetings beyond the snap limit, left out
};
TripsFrom trips_from(const TravelModel& model, const Point& from, const std::vector<Point>& meetings, double max_seconds);

// The land reached from one place within `seconds` (within --radius 20min): circles of radius
// speed × time / detour without a network; on a network whose every arc has its reverse, the land
// along the roads (the search from the place forward equals the search toward it). On a network
// with one-way arcs it is not computed: nullptr, and the caller says so.
GeometryPtr area_reached_from(const TravelModel& model, const Point& from, double seconds, double width_m = 25);

// The eligible meetings' points, for AccessTimes: site[i] is the index into study.meetings.
struct EligibleMeetings {
    std::vector<Point> points;
    std::vector<std::size_t> site;
};
EligibleMeetings eligible_meetings(const std::vector<Meeting>& meetings, const MeetingFilter& filter);

// "12 min 30 s" / "1 h 05 min" for tables.
std::string format_duration(double seconds);

}  // namespace roisc
