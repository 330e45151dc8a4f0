#pragma once
// Where the next meetings should go: candidate venues chosen to reach the most people whom no
// eligible meeting reaches today (maximal covering location), and when each new group could meet.
//
// Two layers. The covering problem knows nothing of geography: demand points with weights,
// candidates with the points they reach, and the rules on a choice (how many, per group, pairs
// that may not both be chosen). rank_venues() builds that problem from a study, solves it and
// turns the answer back into venues, times and people.
#include "roisc/core/time_of_week.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/model/study.hpp"
#include "roisc/engine/travel.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace roisc {

// ---------------------------------------------------------------------------------------------
// The covering problem

// Choose at most `new_sites` candidates so that the weight of the demand points within reach of at
// least one chosen candidate is as large as possible.
struct CoveringProblem {
    std::vector<double> demand;                    // weight of each demand point, >= 0
    std::vector<std::vector<int>> reach;           // per candidate: the demand points it reaches
    std::vector<int> group;                        // per candidate: its group (town), or -1; empty = none
    int groups = 0;                                // number of groups
    int new_sites = 1;                             // at most this many candidates are chosen
    int max_per_group = 0;                         // at most this many per group; 0 = no limit
    int min_per_group = 0;                         // at least this many in every group; 0 = none
    std::vector<std::pair<int, int>> conflicts;    // pairs that may not both be chosen (too close)
    // For the LP file's comments only.
    std::vector<std::string> candidate_names, group_names, demand_names;

    std::size_t candidates() const { return reach.size(); }
    int group_of(std::size_t candidate) const {
        return group.empty() ? -1 : group[candidate];
    }
    // Throws RuntimeFailure when the shapes disagree or an index is out of range.
    void check() const;
};

// Weight of the demand points reached by the chosen candidates.
double covered_weight(const CoveringProblem& problem, const std::vector<int>& chosen);
// Whether a choice keeps every rule (count, per group, conflicts).
bool is_feasible(const CoveringProblem& problem, const std::vector<int>& chosen);

enum class SolverKind { automatic, exact, greedy };

struct SolveOptions {
    SolverKind solver = SolverKind::automatic;
    double time_limit_seconds = 10;
    // automatic: greedy when the problem has more (candidate, point) pairs than this.
    std::size_t exact_up_to_pairs = 2'000'000;
};

struct CoveringSolution {
    bool feasible = true;        // false when the rules cannot all be kept (then nothing is chosen)
    std::vector<int> chosen;     // pick order: each adds the most given the ones before it
    double objective = 0;        // weight reached
    double bound = 0;            // proven upper bound on the best possible weight
    bool optimal = false;        // objective == the best possible (bound reached or search complete)
    std::string method;          // "branch and bound" | "greedy"
    // Greedy: the share of the optimum it is guaranteed a priori (1 - (1 - 1/p)^p >= 1 - 1/e with
    // only the count rule, 1/2 with per-group limits); 0 when the rules void the guarantee.
    double guarantee = 0;
    bool timed_out = false;
    long long nodes = 0;         // branch-and-bound nodes explored
    double seconds = 0;
    // (bound - objective) / bound, 0 when optimal.
    double gap() const;
};

// Lazy greedy: adds the candidate with the largest gain until `new_sites` are chosen or nothing is
// gained; gains are recomputed only when a candidate reaches the top of the queue (they can only
// fall). The bound is the data-dependent one: reached weight + the sum of the best remaining gains.
CoveringSolution solve_greedy(const CoveringProblem& problem);
// Branch and bound with Lagrangian bounds (relaxing "a point counts only if a chosen candidate
// reaches it"), reduced-cost fixing and a Lagrangian heuristic, started from greedy plus swaps.
// Stops at the time limit with the best choice found and the remaining gap.
CoveringSolution solve_exact(const CoveringProblem& problem, double time_limit_seconds);
CoveringSolution solve_covering(const CoveringProblem& problem, const SolveOptions& options);

// The problem as a CPLEX LP file (x_j: candidate j chosen, y_i: point i reached), readable by
// glpsol --lp and cbc. Points no candidate reaches are left out; the objective is the weight reached.
void write_lp(std::ostream& out, const CoveringProblem& problem, const std::string& title);

// ---------------------------------------------------------------------------------------------
// Opening hours

// A venue's weekly opening hours: per day (Mon..Sun) unknown, closed, or open in one or more
// stretches ("09:30-17:30", "09:30-13:00,14:00-17:00"; "" = closed).
class OpeningHours {
public:
    // Unknown on every day.
    OpeningHours() = default;
    // From the seven per-day fields; nullopt when a day's text cannot be read (`problem` says why).
    static std::optional<OpeningHours> parse(const std::vector<std::optional<std::string>>& days, std::string* problem);

    bool known(Weekday day) const { return days_[static_cast<std::size_t>(day_index(day))].has_value(); }
    bool all_known() const;
    bool any_known() const;
    // True when the slot lies wholly inside one opening stretch of its day, or the day is unknown.
    bool open_for(const WeeklySlot& slot) const;
    // "Mon 09:30-17:30; Tue closed; …", "unknown" for unknown days.
    std::string describe() const;

private:
    using Stretches = std::vector<std::pair<int, int>>;  // minutes after midnight
    std::array<std::optional<Stretches>, 7> days_;
};

// ---------------------------------------------------------------------------------------------
// Ranking venues

// How far a meeting reaches: a straight-line distance, or a travel time under a travel model
// (network, or straight line × detour). The same rule decides who is reached today and whom a new
// meeting would reach.
struct ReachRule {
    std::string text = "1mi";                 // as the user wrote it
    double metres = 1609.344;                 // distance rule (when no model)
    std::optional<TravelModel> model;         // time rule: the model and the seconds
    double seconds = 0;

    bool by_time() const { return model.has_value(); }
    // Indices of the points in `to` reached from `from` (people travel from `from`).
    std::vector<std::size_t> reached(const Point& from, const std::vector<Point>& to) const;
    // The land from which `at` is reached (a circle, or the network's reachable area). Working CRS.
    GeometryPtr catchment(const Point& at) const;
};

struct RankQuery {
    MeetingFilter existing;              // the existing meetings that count (fellowship required)
    ReachRule reach;
    TimeWindow window = TimeWindow::any();  // when a new meeting may be held
    int slot_minutes = 90;
    int new_meetings = 3;
    int max_per_town = 0;                // 0 = no limit
    int min_per_town = 0;
    double min_spacing_metres = 0;       // between new meetings; 0 = none
    std::vector<std::string> venue_kinds;  // allowed kinds; empty = every kind
    std::vector<double> cohort_weights;  // one per study cohort; empty = 1 each
    std::vector<double> hotspot_weights; // one per study hotspot (e.g. deprivation); empty = 1 each
    SolveOptions solve;
};

// A weekday and time for a new group.
struct SuggestedTime {
    std::optional<WeeklySlot> slot;      // none when the venue has no slot in the window at all
    bool hours_known = true;             // false: the venue's hours on that day are not known
    std::string note;                    // "hours unknown", clashes that could not be avoided, …
};

struct RankedPick {
    std::size_t venue = 0;                   // index into Study::venues
    std::vector<std::size_t> new_hotspots;   // hotspots it reaches first (in pick order)
    std::vector<long long> reached;          // people in those hotspots, by cohort (true counts)
    double score = 0;                        // weighted reach (== people when unweighted)
    std::optional<MeetingIndex::Hit> nearest_meeting;  // nearest meeting of the fellowship, any time
    SuggestedTime time;
    long long reached_total() const;
};

// The venue left out that would do best in the first pick's place, the other picks kept (among
// those that keep the rules): what the first pick does that it would not.
struct RunnerUp {
    std::size_t venue = 0;
    std::vector<std::size_t> hotspots;        // hotspots it would reach that no other pick reaches
    std::vector<std::size_t> first_hotspots;  // the same for the first pick
    double score = 0, first_score = 0;        // weighted reach of those hotspots
};

struct RankResult {
    std::vector<HotspotAccess> access;       // per hotspot: nearest eligible existing meeting
    std::vector<std::size_t> unreached;      // hotspots beyond reach of every eligible meeting
    std::vector<std::size_t> eligible;       // venues that could host (kind, place, hours)
    int excluded_kind = 0, excluded_outside = 0, excluded_closed = 0;
    std::vector<std::size_t> hours_unknown;  // eligible venues with hours unknown on some day
    std::vector<std::string> notes;          // for stderr
    CoveringProblem problem;                 // demand = unreached hotspots, candidates = eligible
    std::vector<std::size_t> problem_hotspot;  // demand point -> hotspot
    CoveringSolution solution;
    std::vector<RankedPick> picks;
    std::optional<RunnerUp> runner_up;
    // Hotspot -> 0 already reached, k = reached first by pick k (1-based), -1 still unreached.
    std::vector<int> reached_by;
};

// `access`: per hotspot, whether an eligible existing meeting reaches it today under the same
// rule (assess_access for a distance, the travel model's AccessTimes for a time).
// Throws ArgumentError when the query cannot be answered as asked (no fellowship, unknown venue
// kind, the rules cannot be kept), naming the option and what to do.
RankResult rank_venues(const Study& study, const MeetingIndex& index, const RankQuery& query,
                       std::vector<HotspotAccess> access);

// The venue's 90-minute (query.slot_minutes) slots inside the window that it is open for, in
// order of preference (evenings first, then afternoons, mornings, night), at :00 and :30.
std::vector<WeeklySlot> open_slots(const OpeningHours& hours, const TimeWindow& window, int slot_minutes);

}  // namespace roisc
