#include "rank.hpp"
#include "roisc/core/text.hpp"

#include "options/thresholds.hpp"
#include "options/service.hpp"
#include "shared/access.hpp"
#include "shared/breakdown.hpp"
#include "shared/names.hpp"
#include "shared/left_out.hpp"
#include "shared/report_page.hpp"
#include "shared/shortlist.hpp"
#include "shared/study_map.hpp"

#include "roisc/core/error.hpp"
#include "roisc/engine/access.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/engine/protected_demand.hpp"
#include "roisc/engine/rank.hpp"
#include "roisc/engine/shortlist.hpp"
#include "roisc/io/study_loader.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/output.hpp"
#include "roisc/render/map.hpp"
#include "roisc/version.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace roisc::cli {

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(text);
    while (std::getline(in, cur, sep)) {
        cur = trim(cur);
        if (!cur.empty()) out.push_back(cur);
    }
    return out;
}

std::string fixed(double v, int digits) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

double parse_number(const std::string& text, const std::string& option, const std::string& what) {
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size() && std::isfinite(v)) return v;
    } catch (const std::exception&) {
    }
    throw ArgumentError(option + ": '" + text + "' is not a number (" + what + ").");
}

// Distances for spacing: a distance with its unit; a time makes no sense here.
// A meeting lasts whole minutes, from 15min to 6h.
int duration_minutes(const Threshold& duration) {
    const double minutes = duration.seconds() / 60.0;
    if (minutes < 15 || minutes > 360 || std::floor(minutes) != minutes) {
        throw ArgumentError("--duration " + duration.text + ": a meeting lasts whole minutes, from 15min to 6h (usually 60min or 90min).");
    }
    return static_cast<int>(minutes);
}

SolverKind solver_kind(const std::string& name) {
    if (name == "exact") return SolverKind::exact;
    if (name == "greedy") return SolverKind::greedy;
    return SolverKind::automatic;
}

// Weights from --weight: "cohort:opiate=2,alcohol_only=0.5" and/or "deprivation".
struct Weights {
    std::map<std::string, double> cohorts;
    bool deprivation = false;
    bool any() const { return deprivation || !cohorts.empty(); }
};

Weights parse_weights(const std::vector<std::string>& specs) {
    Weights w;
    for (const auto& spec : specs) {
        const std::string s = trim(spec);
        if (lower(s) == "deprivation") {
            w.deprivation = true;
            continue;
        }
        if (lower(s).rfind("cohort:", 0) != 0) {
            throw ArgumentError("--weight '" + spec + "': write cohort:NAME=W[,NAME=W…] (e.g. cohort:opiate=2) or deprivation.");
        }
        for (const auto& part : split(s.substr(7), ',')) {
            const auto eq = part.find('=');
            if (eq == std::string::npos) {
                throw ArgumentError("--weight '" + spec + "': '" + part + "' is not NAME=W (e.g. opiate=2).");
            }
            const std::string name = trim(part.substr(0, eq));
            const double v = parse_number(trim(part.substr(eq + 1)), "--weight", "a cohort's weight");
            if (v < 0 || v > 1000) throw ArgumentError("--weight '" + spec + "': a weight is from 0 to 1000.");
            w.cohorts[name] = v;
        }
    }
    return w;
}

// Kinds from --venues: exact names, plurals (libraries, pharmacies) or an unambiguous start
// (community -> community_centre).
std::vector<std::string> resolve_kinds(const std::string& text, const Study& study) {
    std::set<std::string> kinds;
    for (const auto& v : study.venues) kinds.insert(v.kind);
    std::string list;
    for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
    std::vector<std::string> out;
    for (const auto& token : split(text, ',')) {
        const std::string t = lower(token);
        std::vector<std::string> forms{t};
        if (t.size() > 3 && t.compare(t.size() - 3, 3, "ies") == 0) forms.push_back(t.substr(0, t.size() - 3) + "y");
        if (t.size() > 1 && t.back() == 's') forms.push_back(t.substr(0, t.size() - 1));
        std::string found;
        for (const auto& f : forms) {
            if (kinds.count(f)) found = f;
        }
        if (found.empty()) {
            std::vector<std::string> starts;
            for (const auto& k : kinds) {
                if (k.rfind(t, 0) == 0) starts.push_back(k);
            }
            if (starts.size() == 1) found = starts.front();
        }
        if (found.empty()) {
            throw ArgumentError("--venues: '" + token + "' is not a venue kind in the venues layer. Its kinds: " + list + ".");
        }
        if (std::find(out.begin(), out.end(), found) == out.end()) out.push_back(found);
    }
    if (out.empty()) throw ArgumentError("--venues: name at least one kind. The venues layer has: " + list + ".");
    return out;
}

// Per hotspot, the `deprivation` field of the demand layer (a weight, e.g. 1.0 to 2.0).
std::vector<double> deprivation_weights(const Manifest& manifest, const Study& study) {
    const auto specs = manifest.with_role(Role::demand);
    const LayerSpec& spec = *specs.front();
    const Layer layer = read_layer(spec, study.crs);
    if (layer.field_index("deprivation") < 0) {
        std::string fields;
        for (const auto& f : layer.field_names) fields += (fields.empty() ? "" : ", ") + f;
        throw ArgumentError("--weight deprivation: the demand layer '" + spec.name + "' (" + spec.source_as_written +
                            ") has no 'deprivation' field (its fields: " + fields +
                            "), so there is nothing to weight by. Add a numeric field named deprivation to the source "
                            "(a weight per hotspot, e.g. 1.0 to 2.0 from the IMD decile), or drop --weight deprivation.");
    }
    std::vector<double> out;
    for (const auto& f : layer.features) {
        if (!f.geometry) continue;
        const auto text = layer.text(f, "deprivation");
        double v = -1;
        try {
            if (text) v = std::stod(*text);
        } catch (const std::exception&) {
        }
        if (!(v >= 0) || !std::isfinite(v)) {
            throw DataError(spec.source_as_written + ", " + f.where + ", field 'deprivation': '" + text.value_or("") +
                            "' is not a weight of zero or more. Fix: give every hotspot a number, e.g. 1.0 to 2.0.");
        }
        out.push_back(v);
    }
    if (out.size() != study.hotspots.size()) {
        throw RuntimeFailure("deprivation weights: the demand layer changed while it was read");
    }
    return out;
}

// A derived count in a layer: its value when exact; null when hidden cells are left out of it.
FieldValue count_value(const DerivedCount& count) {
    if (!count.exact()) return {};
    return count.published;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string s;
    for (const auto& p : parts) s += (s.empty() ? "" : sep) + p;
    return s;
}

}  // namespace

void RankCommand::declare(CLI::App& app) {
    add_count(app, "--new", new_, "How many new meetings to place (default 3)");
    add_threshold(app, "--within", within_,
                  "Reach of a meeting: a travel time (default 20min, with --mode walk) or a straight-line distance "
                  "(800m, 2km, 1mi). People count as reached today when an eligible meeting is this close")
        ->type_name("TIME|DISTANCE");
    option_for("the reach", "--within");
    option_for("the fellowship", "--fellowship");
    option_for("the number of new meetings", "--new");
    option_for("the per-town minimum", "--min-per-town");
    option_for("the per-town limits", "--per-town");
    option_for("the venue kinds", "--venues");
    add_count(app, "--per-town", per_town_, "At most N new meetings in any one town");
    add_count(app, "--min-per-town", min_per_town_, "At least N new meetings in every town");
    app.add_option_function<std::string>(
           "--min-spacing",
           [this](const std::string& text) {
               min_spacing_ = parse_threshold_option(text, "--min-spacing", ThresholdKinds::either);
               if (min_spacing_->is_time()) {
                   throw ArgumentError("--min-spacing " + text +
                                       ": the spacing between new meetings is a distance, e.g. 1km or 0.5mi.");
               }
           },
           "New meetings at least this far apart, e.g. 1km")
        ->type_name("DISTANCE");
    app.add_option("--weight", weights_,
                   "Weight the people reached: cohort:opiate=2,alcohol_only=0.5 (others 1), or deprivation (a "
                   "'deprivation' field on the demand layer); repeatable")
        ->type_name("SPEC");
    app.add_option("--venues", venues_,
                   "Venue kinds that may host, comma-separated, e.g. library,community_centre,place_of_worship "
                   "(default: every kind in the venues layer)")
        ->type_name("KINDS");
    add_threshold(app, "--duration", duration_, "Length of a meeting (default 90min)", ThresholdKinds::time);
    app.add_option("--for", for_,
                   "Site new assets of this kind instead of meetings, e.g. hubs, cafes (as coverage --of): people count "
                   "as reached today when one is within reach; no weekday or time is suggested")
        ->type_name("KIND")
        ->check(named_service);
    meetings_.declare(app);
    travel_.declare(app, &breakdown_.by);
    option_for("the grouping field", "--by");
    breakdown_.declare(app);  // --chart: today and with the picks, per group
    app.add_option("--solver", solver_,
                   "exact (branch and bound, proves optimality), greedy (lazy greedy, for very large problems) or "
                   "auto (exact unless the problem is very large)")
        ->check(CLI::IsMember({"auto", "exact", "greedy"}))
        ->type_name("auto|exact|greedy");
    add_threshold(app, "--time-limit", time_limit_, "Stop the exact search after this long and report the gap (default 10s)",
                  ThresholdKinds::time);
    app.add_option("--write-lp", write_lp_,
                   "Also write the problem as a CPLEX LP file for glpsol --lp or cbc (it holds exact counts: needs "
                   "--disclosure none)")
        ->type_name("FILE");
    app.add_flag("--map", map_,
                 "Also draw the picks on a map of the study area (new_venues.png): numbered in pick order, their "
                 "catchments dashed, over today's reach and the hotspots beyond it");
    choice_.declare(app);
    option_for("the excluded venues", "--exclude");
    option_for("the required venues", "--require");
    results_.declare(app);
    report_.declare(app);
    disclosure_.declare(app);
}

void RankCommand::validate() {
    refuse_meeting_options(meetings_, "--for", for_);
    if (is_meetings(for_) && meetings_.filter().fellowships.members().size() != 1) {
        throw ArgumentError("rank needs --fellowship with one fellowship: new meetings are planned for one fellowship, "
                            "e.g. --fellowship NA.");
    }
    travel_.check(within_, "--within");
    (void)travel_.request();
    duration_minutes(duration_);
    if (per_town_ > 0 && min_per_town_ > per_town_) {
        throw ArgumentError("--min-per-town " + std::to_string(min_per_town_) + " is more than --per-town " +
                            std::to_string(per_town_) + ". Lower one of them.");
    }
    parse_weights(weights_);
    breakdown_.validate();
    check_chart_output(breakdown_, results_.no_files, results_.to_database());
    if (map_ && (results_.no_files || results_.to_database())) {
        throw ArgumentError("--map draws new_venues.png into the output folder: it cannot go with --no-files or a "
                            "PG: database. Drop --map, or give --out DIR.");
    }
    report_.check(results_);
    choice_.check();
    if (choice_.list && !is_meetings(for_)) {
        throw ArgumentError("--list is the shortlist of venues for a new meeting (free evenings clear of the fellowship's "
                            "meetings): it cannot go with --for " + for_ + ". Drop --list, or --for.");
    }
    if (choice_.list && (map_ || report_.report || results_.to_database())) {
        throw ArgumentError("--list writes the shortlist and its sheet (shortlist.pdf) into a folder, not the picks' map or "
                            "report, nor a PG: database: drop --map and --report, and give --out DIR.");
    }
    (void)meetings_.filter();
    (void)disclosure_.policy();
    if (!write_lp_.empty() && disclosure_.policy().method != DisclosureMethod::none) {
        throw ArgumentError("--write-lp writes every hotspot's exact count (the problem's weights), which the "
                            "disclosure policy would suppress. Add --disclosure none to confirm the file stays in "
                            "the secure environment.");
    }
}

int RankCommand::run(Context& context) {
    validate();
    const Threshold& within = within_;
    MeetingFilter filter = meetings_.filter();
    const DisclosurePolicy policy = disclosure_.policy();
    const LeafletAssets leaflet = leaflet_for(report_);
    const Weights weights = parse_weights(weights_);
    const Manifest manifest = load_manifest(context.manifest_path());
    StudyNeeds needs{true, is_meetings(for_), true, !is_meetings(for_)};
    add_breakdown_needs(breakdown_, manifest, needs);
    const bool has_stops = !manifest.with_role(Role::stops).empty();
    if (choice_.near_stops && !has_stops) {
        throw DataError(manifest.path + ": --near-stops needs the public-transport stops, and the manifest has no stops layer. "
                        "Add a `stops` layer to the manifest ([layers.stops] with role = \"stops\"), or drop --near-stops.");
    }
    needs.stops = has_stops && (choice_.list || choice_.near_stops);
    Study loaded = load_study(manifest, needs);
    // --for: the study's meetings become the existing assets of the kind (fellowship Other).
    const Service service = measure_against(loaded, manifest, for_, "--for", true);
    if (!service.meetings()) filter.fellowships = FellowshipSet::parse("Other");
    const Study& study = loaded;
    report_left_out(context, study);
    const MeetingIndex index(study.meetings);
    // Who eligible meetings reach today, by the same rule new meetings are judged by.
    AccessResult today = reach_for(context, study, manifest, {filter, within}, travel_,
                                   service.meetings() ? "" : "no " + service.assets->describe() + " in the study today: every hotspot counts as not reached today.");

    RankQuery q;
    q.existing = filter;
    q.reach.text = within.text;
    if (within.is_time()) {
        q.reach.model = today.travel_model;
        q.reach.seconds = within.seconds();
    } else {
        q.reach.metres = within.metres();
    }
    q.window = filter.window ? *filter.window : TimeWindow::any();
    q.slot_minutes = duration_minutes(duration_);
    q.new_meetings = new_;
    q.max_per_town = per_town_;
    q.min_per_town = min_per_town_;
    q.min_spacing_metres = min_spacing_ ? min_spacing_->metres() : 0;
    if (!venues_.empty()) q.venue_kinds = resolve_kinds(venues_, study);
    if (!weights.cohorts.empty()) {
        q.cohort_weights.assign(study.cohorts.size(), 1.0);
        for (const auto& [name, w] : weights.cohorts) {
            const auto it = std::find(study.cohorts.begin(), study.cohorts.end(), name);
            if (it == study.cohorts.end()) {
                throw ArgumentError("--weight: no cohort '" + name + "'. The cohorts are: " + join(study.cohorts, ", ") + ".");
            }
            q.cohort_weights[static_cast<std::size_t>(it - study.cohorts.begin())] = w;
        }
    }
    if (weights.deprivation) q.hotspot_weights = deprivation_weights(manifest, study);
    q.solve.solver = solver_kind(solver_);
    q.solve.time_limit_seconds = time_limit_.seconds();
    const auto [stop_detour, walk_rule] = stop_walk(today.travel_model);
    choice_.apply(q, stop_detour);
    q.suggest_times = service.meetings();

    const RankResult result = rank_venues(study, index, q, std::move(today.access));
    report_venues_left_out(context, study, result);
    const std::size_t picks = result.picks.size();
    // The words for what is sited: "NA meetings", or "recovery hub sites" with --for.
    const std::string fellowship = service.meetings() ? to_string(filter.fellowships.members().front()) : service.assets->slug();
    const std::string new_things = service.meetings() ? fellowship + " meetings" : service.noun() + " sites";
    const std::string new_thing = service.meetings() ? fellowship + " meeting" : service.noun() + " site";
    const std::string existing = service.meetings() ? "an eligible meeting (" + filter.describe() + ")" : service.one();
    const std::string existing_short = service.meetings() ? "an eligible meeting" : service.one();
    const std::string existing_today = service.meetings() ? "an eligible " + fellowship + " meeting" : service.one();

    if (!write_lp_.empty()) {
        std::ostringstream lp;
        write_lp(lp, result.problem, "roisc rank: " + context.command_line);
        write_text(write_lp_, lp.str());
    }
    if (choice_.list) {
        const ProtectedDemand protected_demand(study, policy);
        ShortlistQuery sq;
        sq.stop_detour = q.stop_detour;
        if (choice_.near_stops) sq.stop_walk_m = std::max(sq.stop_walk_m, choice_.near_stops->metres());
        const Shortlist list = build_shortlist(study, q, result, protected_demand, sq);
        const std::string list_model = today.model + "; new meetings last " + std::to_string(q.slot_minutes) + " minutes, " +
                                       (filter.window ? "inside " + filter.window->text() : std::string("at any time of the week"));
        Metadata meta = with_model(run_metadata(context, manifest, study, list_model, policy), today);
        add_venues_left_out(meta, study, result);
        const std::string walk = sq.stop_walk_m == 400 ? "400m" : choice_.near_stops->text;
        return present_shortlist(context,
                                 {manifest, study, result, list, policy, filter, fellowship, within.text, walk, walk_rule,
                                  list_model, has_stops},
                                 results_, result_name("rank", filter, within.text, meetings_.when) + "-list", std::move(meta));
    }

    // Every count comes from the study's protected demand table, the same in every run: sums of its
    // published cells over the hotspots "already reached", reached first by each pick, and "still
    // not reached", with "+*" where hidden cells are left out.
    const ProtectedDemand demand(study, policy);
    const std::size_t already = 0, still = picks + 1;
    std::vector<std::size_t> pick_region;
    for (std::size_t k = 0; k < picks; ++k) pick_region.push_back(k + 1);
    std::vector<std::vector<std::size_t>> members(picks + 2);
    for (std::size_t h = 0; h < study.hotspots.size(); ++h) {
        const int by = result.reached_by[h];
        members[by == 0 ? already : by < 0 ? still : static_cast<std::size_t>(by)].push_back(h);
    }
    // --by: reached today, and reached once the new meetings are held (today or by a pick), per group.
    std::optional<BreakdownReport> by_today, by_after;
    if (breakdown_.wanted()) {
        std::vector<HotspotAccess> today_access, after_access;
        for (std::size_t h = 0; h < study.hotspots.size(); ++h) {
            today_access.push_back({h, std::nullopt, result.reached_by[h] == 0});
            after_access.push_back({h, std::nullopt, result.reached_by[h] >= 0});
        }
        by_today = report_breakdown(breakdown_, study, manifest, today_access, demand);
        by_after = report_breakdown(breakdown_, study, manifest, after_access, demand);
    }
    auto region_total = [&](std::size_t region) { return demand.total_of(members[region]); };
    auto region_cell = [&](std::size_t region, std::size_t cohort) { return demand.cohort_of(members[region], cohort); };
    auto text = [&](const DerivedCount& c) { return c.text(policy); };
    auto cell_text = [&](const ProtectedCell& c) { return c.published().text(policy); };
    // A sum of hotspots' totals is published only when every one of them is (then it adds nothing).
    auto hotspot_sum = [&](const std::vector<std::size_t>& hotspots) -> std::optional<long long> {
        const DerivedCount d = demand.total_of(hotspots);
        return d.exact() ? std::optional<long long>(d.published) : std::nullopt;
    };
    // Newly reached through pick k: the sum of picks 1..k.
    std::vector<DerivedCount> cumulative(picks);
    {
        DerivedCount sum;
        for (std::size_t k = 0; k < picks; ++k) {
            sum += region_total(pick_region[k]);
            cumulative[k] = sum;
        }
    }
    // Weighted scores are published only when every count they are made of is.
    auto region_all_shown = [&](std::size_t region) {
        for (std::size_t h : members[region]) {
            const ProtectedLine& line = demand.hotspot(h);
            if (line.total.is_suppressed()) return false;
            for (const auto& c : line.cells) {
                if (c.is_suppressed()) return false;
            }
        }
        return true;
    };
    // Hotspots most people first among the published counts; hidden ones after, by name (ranking
    // them by their true size would say between which published counts they lie).
    auto hotspot_list = [&](std::vector<std::size_t> hotspots, bool with_counts) {
        std::sort(hotspots.begin(), hotspots.end(), [&](std::size_t a, std::size_t b) {
            const ProtectedCell& ca = demand.hotspot(a).total;
            const ProtectedCell& cb = demand.hotspot(b).total;
            if (ca.is_suppressed() != cb.is_suppressed()) return cb.is_suppressed();
            if (!ca.is_suppressed() && ca.shown != cb.shown) return ca.shown > cb.shown;  // as published
            return study.hotspots[a].id < study.hotspots[b].id;
        });
        std::vector<std::string> parts;
        for (std::size_t h : hotspots) {
            parts.push_back(study.hotspots[h].id + (with_counts ? " (" + cell_text(demand.hotspot(h).total) + ")" : ""));
        }
        return parts;
    };

    const bool weighted = weights.any();
    const std::string reach_text = within.text;
    auto km = [](double m) { return fixed(m / 1000.0, 2); };
    auto mi = [](double m) { return fixed(m / metres_per_mile, 2); };

    Table narrow({{"rank", Table::Align::right, true}, {"venue"}, {"kind"}, {"town"}, {"reached", Table::Align::right, true},
                  {"cumulative", Table::Align::right, true}, {service.meetings() ? "nearest_" + fellowship + "_meeting" : "nearest_" + std::string(to_string(service.assets->kind))},
                  {"distance_km", Table::Align::right, true}, {"suggested_time"}, {"note"}});
    std::vector<Table::Column> full_columns{{"rank", Table::Align::right, true}, {"venue_id"}, {"venue"}, {"kind"}, {"town"},
                                            {"reached", Table::Align::right, true}};
    for (const auto& c : study.cohorts) full_columns.push_back({c, Table::Align::right, true});
    full_columns.push_back({"cumulative", Table::Align::right, true});
    if (weighted) full_columns.push_back({"score", Table::Align::right, true});
    for (const char* c : {"nearest_meeting", "meeting_place"}) full_columns.push_back({c});
    full_columns.push_back({"distance_km", Table::Align::right, true});
    full_columns.push_back({"distance_mi", Table::Align::right, true});
    for (const char* c : {"weekday", "start", "end", "hours_known", "note", "hotspots"}) full_columns.push_back({c});
    Table full(full_columns);
    std::vector<Table::Column> cohort_columns{{"rank", Table::Align::right, true}, {"venue"}};
    for (const auto& c : study.cohorts) cohort_columns.push_back({c, Table::Align::right, true});
    cohort_columns.push_back({"reached", Table::Align::right, true});
    Table cohort_table(cohort_columns);

    OutputLayer venue_layer;
    venue_layer.name = "new_venues";
    venue_layer.style = LayerStyle::venues;
    venue_layer.label_field = "rank";
    venue_layer.title = "Venues for " + std::to_string(picks) + " new " + new_things + ", in pick order: people beyond " +
                        reach_text + " of " + existing + " each reaches first";
    venue_layer.fields = {{"rank", OutputField::Type::integer}, {"venue_id", OutputField::Type::text},
                          {"venue", OutputField::Type::text},   {"kind", OutputField::Type::text},
                          {"address", OutputField::Type::text}, {"postcode", OutputField::Type::text},
                          {"town", OutputField::Type::text},    {"reached", OutputField::Type::integer}};
    for (const auto& c : study.cohorts) venue_layer.fields.push_back({c, OutputField::Type::integer});
    venue_layer.fields.push_back({"cumulative", OutputField::Type::integer});
    if (weighted) venue_layer.fields.push_back({"score", OutputField::Type::real});
    venue_layer.fields.insert(venue_layer.fields.end(),
                              {{"suppressed", OutputField::Type::boolean}, {"suppressed_counts", OutputField::Type::text},
                               {"nearest_meeting", OutputField::Type::text}, {"meeting_place", OutputField::Type::text},
                               {"distance_km", OutputField::Type::real}, {"distance_mi", OutputField::Type::real},
                               {"weekday", OutputField::Type::text}, {"start", OutputField::Type::text},
                               {"end", OutputField::Type::text}, {"hours_known", OutputField::Type::boolean},
                               {"note", OutputField::Type::text}, {"hotspots", OutputField::Type::text}});
    OutputLayer catchment_layer;
    catchment_layer.name = "new_catchments";
    catchment_layer.style = LayerStyle::catchments;
    catchment_layer.label_field = "venue";
    catchment_layer.title = "Land within " + reach_text + " of each new " + new_thing;
    catchment_layer.fields = {{"rank", OutputField::Type::integer}, {"venue_id", OutputField::Type::text},
                              {"venue", OutputField::Type::text},   {"reach", OutputField::Type::text},
                              {"reached", OutputField::Type::integer}};

    for (std::size_t k = 0; k < picks; ++k) {
        const RankedPick& pick = result.picks[k];
        const Venue& v = study.venues[pick.venue];
        const DerivedCount gain = region_total(pick_region[k]);
        std::vector<DerivedCount> gain_cells;
        for (std::size_t c = 0; c < study.cohorts.size(); ++c) gain_cells.push_back(region_cell(pick_region[k], c));
        const Meeting* m = pick.nearest_meeting ? &study.meetings[pick.nearest_meeting->meeting] : nullptr;
        const std::string town = v.town.empty() ? "outside the towns" : v.town;
        const std::string cum = text(cumulative[k]);
        const std::string when = pick.time.slot ? pick.time.slot->to_string() : service.meetings() ? "no slot" : "none (not a meeting)";
        const std::string rank = std::to_string(k + 1);
        const bool score_shown = weighted && region_all_shown(pick_region[k]);
        narrow.add_row({rank, v.name, v.kind, town, text(gain), cum, m ? m->name + " (" + m->place + ")" : "none eligible",
                        pick.nearest_meeting ? km(pick.nearest_meeting->distance) : "", when, pick.time.note});
        std::vector<std::string> row{rank, v.id, v.name, v.kind, town, text(gain)};
        std::vector<std::string> crow{rank, v.name};
        for (const auto& cell : gain_cells) row.push_back(text(cell)), crow.push_back(text(cell));
        crow.push_back(text(gain));
        cohort_table.add_row(crow);
        row.push_back(cum);
        if (weighted) row.push_back(score_shown ? fixed(pick.score, 2) : policy.marker);
        row.push_back(m ? m->name : "none eligible");
        row.push_back(m ? m->place : "");
        row.push_back(pick.nearest_meeting ? km(pick.nearest_meeting->distance) : "");
        row.push_back(pick.nearest_meeting ? mi(pick.nearest_meeting->distance) : "");
        row.push_back(pick.time.slot ? abbreviation(pick.time.slot->weekday) : "");
        row.push_back(pick.time.slot ? pick.time.slot->start_text() : "");
        row.push_back(pick.time.slot ? pick.time.slot->end_text() : "");
        row.push_back(pick.time.hours_known ? "yes" : "no");
        row.push_back(pick.time.note);
        row.push_back(join(hotspot_list(pick.new_hotspots, false), " "));
        full.add_row(row);

        OutputFeature f;
        f.id = v.id;
        f.geometry = std::make_shared<OGRPoint>(v.at.x, v.at.y);
        // Which counts of the row leave hidden cells out, by field name ("" when none).
        std::string hidden;
        auto note_hidden = [&](bool is_hidden, const std::string& field) {
            if (is_hidden) hidden += (hidden.empty() ? "" : ",") + field;
        };
        auto text_or_null = [](const std::string& t) { return t.empty() ? FieldValue{} : FieldValue{t}; };
        f.values = {static_cast<long long>(k + 1), v.id, v.name, v.kind, text_or_null(v.address), text_or_null(v.postcode),
                    text_or_null(v.town), count_value(gain)};
        note_hidden(!gain.exact(), "reached");
        for (std::size_t c = 0; c < gain_cells.size(); ++c) {
            f.values.push_back(count_value(gain_cells[c]));
            note_hidden(!gain_cells[c].exact(), study.cohorts[c]);
        }
        f.values.push_back(count_value(cumulative[k]));
        note_hidden(!cumulative[k].exact(), "cumulative");
        if (weighted) f.values.push_back(score_shown ? FieldValue{pick.score} : FieldValue{});
        if (weighted) note_hidden(!score_shown, "score");
        f.values.push_back(static_cast<long long>(!hidden.empty()));
        f.values.push_back(hidden);
        f.values.push_back(m ? FieldValue{m->name} : FieldValue{});
        f.values.push_back(m ? FieldValue{m->place} : FieldValue{});
        f.values.push_back(pick.nearest_meeting ? FieldValue{pick.nearest_meeting->distance / 1000.0} : FieldValue{});
        f.values.push_back(pick.nearest_meeting ? FieldValue{pick.nearest_meeting->distance / metres_per_mile} : FieldValue{});
        f.values.push_back(pick.time.slot ? FieldValue{std::string(abbreviation(pick.time.slot->weekday))} : FieldValue{});
        f.values.push_back(pick.time.slot ? FieldValue{pick.time.slot->start_text()} : FieldValue{});
        f.values.push_back(pick.time.slot ? FieldValue{pick.time.slot->end_text()} : FieldValue{});
        f.values.push_back(static_cast<long long>(pick.time.hours_known));
        f.values.push_back(pick.time.note.empty() ? FieldValue{} : FieldValue{pick.time.note});
        f.values.push_back(join(hotspot_list(pick.new_hotspots, false), " "));
        venue_layer.features.push_back(std::move(f));

        OutputFeature c;
        c.id = v.id;
        c.geometry = std::shared_ptr<const OGRGeometry>(q.reach.catchment(v.at).release(), OGRGeometryDeleter());
        c.values = {static_cast<long long>(k + 1), v.id, v.name, within.text, count_value(gain)};
        catchment_layer.features.push_back(std::move(c));
    }

    // Why the first pick beats the runner-up.
    std::string why;
    if (picks > 0) {
        const Venue& first = study.venues[result.picks[0].venue];
        const DerivedCount p1 = region_total(pick_region[0]);
        why = "Why " + first.name + " first: of the chosen venues it reaches the most people on its own, " + text(p1) + ".";
        if (result.runner_up) {
            const RunnerUp& up = *result.runner_up;
            const Venue& second = study.venues[up.venue];
            std::vector<std::size_t> only_first, only_second;
            for (std::size_t h : up.first_hotspots) {
                if (std::find(up.hotspots.begin(), up.hotspots.end(), h) == up.hotspots.end()) only_first.push_back(h);
            }
            for (std::size_t h : up.hotspots) {
                if (std::find(up.first_hotspots.begin(), up.first_hotspots.end(), h) == up.first_hotspots.end()) only_second.push_back(h);
            }
            // Hotspots both reach cancel out: the difference is published when the others' counts are.
            const auto gained = hotspot_sum(only_first), lost = hotspot_sum(only_second);
            long long people = 0;
            for (std::size_t h : only_first) people += study.hotspots[h].total();
            for (std::size_t h : only_second) people -= study.hotspots[h].total();
            std::optional<long long> d = gained && lost ? std::optional<long long>(*gained - *lost) : std::nullopt;
            // Rounded counts (--rounding 5) can make the published difference 0 or of the other sign
            // than the true one: then it says "more" or "fewer" without a number.
            if (d && ((*d > 0) != (people > 0) || (*d < 0) != (people < 0))) d.reset();
            why += " In its place the runner-up, " + second.name + " (" + second.kind + ", " +
                   (second.town.empty() ? "outside the towns" : second.town) + "), would ";
            auto people_text = [&](long long n, bool fewer) {
                return (d ? std::to_string(n) + " " : std::string()) + (fewer ? "fewer" : "more") + " people";
            };
            if (weighted) {
                why += up.score < up.first_score    ? "score lower under the weights"
                       : up.score == up.first_score ? std::string("score the same under the weights (an equally good choice") +
                                                          (only_first.empty() && only_second.empty() ? ": it reaches the same hotspots)" : ")")
                                                    : "score higher (the search stopped before it could prove the best choice)";
                if (people != 0) why += ", reaching " + people_text(d ? (people > 0 ? *d : -*d) : 0, people > 0);
            } else if (people > 0) {
                why += "reach " + people_text(d ? *d : 0, true);
            } else if (people == 0) {
                why += std::string("reach as many people (an equally good choice") +
                       (only_first.empty() && only_second.empty() ? ": it reaches the same hotspots)" : ")");
            } else {
                why += "reach " + people_text(d ? -*d : 0, false) + " (the search stopped before it could prove the best choice)";
            }
            if (people != 0 && !d) why += " (how many is withheld: it would reveal a small count)";
            why += ".";
            if (!only_first.empty()) {
                why += " " + first.name + " reaches " + join(hotspot_list(only_first, true), ", ") + ", which " + second.name +
                       " does not" + (picks > 1 ? " and no other new meeting does" : "");
                why += only_second.empty() ? "." : "; " + second.name + " would reach " + join(hotspot_list(only_second, true), ", ") + " instead.";
            } else if (!only_second.empty()) {
                why += " " + second.name + " would also reach " + join(hotspot_list(only_second, true), ", ") + ".";
            }
        } else if (std::find(choice_.require.begin(), choice_.require.end(), first.id) != choice_.require.end()) {
            why += " It is required (--require), so no other venue takes its place.";
        } else {
            why += " No other eligible venue could take its place under the rules.";
        }
    }

    // The solver's claim.
    const CoveringSolution& sol = result.solution;
    std::string solver_line;
    if (sol.method == "greedy") {
        solver_line = "greedy with lazy evaluation";
        if (sol.guarantee > 0) solver_line += ": guaranteed at least " + fixed(100 * sol.guarantee, 0) + "% of the best possible";
        solver_line += sol.optimal ? "; from the data, optimal" : "; from the data, within " + fixed(100 * sol.gap(), 1) + "% of the best possible";
    } else if (sol.optimal) {
        solver_line = "exact branch and bound: optimal, proved (" + std::to_string(sol.nodes) + (sol.nodes == 1 ? " node" : " nodes") +
                      "): no other choice keeping the rules " + (weighted ? "scores higher" : "reaches more people");
    } else {
        solver_line = "exact branch and bound stopped at the time limit (" + time_limit_.text + "): within " + fixed(100 * sol.gap(), 1) +
                      "% of the best possible (" + std::to_string(sol.nodes) + " nodes). Raise --time-limit to close the gap";
    }
    std::string rules = std::to_string(new_) + (service.meetings() ? " new meeting" : " new " + service.noun() + " site") + (new_ == 1 ? "" : "s");
    if (per_town_ > 0) rules += ", at most " + std::to_string(per_town_) + " per town";
    if (min_per_town_ > 0) rules += ", at least " + std::to_string(min_per_town_) + " per town";
    if (min_spacing_) rules += ", at least " + min_spacing_->text + " apart";
    if (!choice_.require.empty()) rules += ", " + std::to_string(choice_.require.size()) + " of them required";
    std::string weight_text;
    if (weighted) {
        std::vector<std::string> parts;
        for (const auto& [name, w] : weights.cohorts) parts.push_back(name + " x" + fixed(w, 2));
        if (weights.deprivation) parts.push_back("hotspot deprivation field");
        weight_text = "weighted by " + join(parts, ", ");
    }

    const std::string model = !service.meetings() ? today.model + "; no weekday or time is suggested: a " + service.noun() + " is not a meeting"
                                                  : today.model + "; new meetings last " + std::to_string(q.slot_minutes) + " minutes, " +
                                                        (filter.window ? "inside " + filter.window->text() : std::string("at any time of the week"));
    const TableFormat format = context.format();
    if (format == TableFormat::table) {
        context.out << "Venues for new " << new_things << " (" << rules << "): " << picks << " chosen from "
                    << result.eligible.size() << " eligible venues, in pick order"
                    << (weight_text.empty() ? "" : ", " + weight_text) << ":\n\n";
        if (picks > 0) {
            narrow.print(context.out, format);
            context.out << "\nPeople reached by cohort (each counted at the first pick that reaches them):\n\n";
            cohort_table.print(context.out, format);
            context.out << "\n";
        }
        if (picks == 0) {
            context.out << "No eligible venue reaches anyone beyond " << reach_text << " of " << existing_short << ".\n";
        } else if (picks < static_cast<std::size_t>(new_)) {
            context.out << "Only " << picks << " of the " << new_ << " new " << (service.meetings() ? "meetings" : new_things) << " reach anyone not reached already.\n";
        }
        context.out << "Already within " << reach_text << " of " << existing
                    << ": " << text(region_total(already)) << " of " << cell_text(demand.table().whole.total)
                    << " people; the new " << (service.meetings() ? "meetings" : new_things) << " reach " << (cumulative.empty() ? "0" : text(cumulative.back()))
                    << " more; " << text(region_total(still)) << " remain beyond reach.\n";
        if (!why.empty()) context.out << why << "\n";
        context.out << "Solver: " << solver_line << ".\n";
        if (!result.hours_unknown.empty()) {
            context.out << "Hours: " << result.hours_unknown.size() << " of the " << result.eligible.size()
                        << " eligible venues " << (result.hours_unknown.size() == 1 ? "has" : "have")
                        << " no opening hours on record for some days, taken as open then; picks there are flagged "
                           "\"hours unknown\".\n";
        }
        if (by_after) {
            context.out << "\nBy " << by_after->breakdown.by << ", once the new meetings are held (reached: today or by a pick):\n\n";
            by_after->table.print(context.out, format);
            for (const auto& note : breakdown_notes(*by_after, policy)) context.out << note << "\n";
            if (by_today && by_today->inequality && by_after->inequality) {
                char line[160];
                std::snprintf(line, sizeof line, "Concentration index today: %.3f; once the new meetings are held: %.3f.",
                              by_today->inequality->index, by_after->inequality->index);
                context.out << line << "\n";
            }
            context.out << "\n";
        }
        context.out << "Reach: " << model << ".\n" << policy.summary() << "\n";
    } else {
        full.print(context.out, format);
    }
    if (!context.global.quiet) {
        for (const auto& n : result.notes) context.err << "note: " << n << "\n";
        context.err << "venues: " << result.eligible.size() << " eligible";
        if (result.excluded_kind) context.err << ", " << result.excluded_kind << " of other kinds";
        if (result.excluded_outside) context.err << ", " << result.excluded_outside << " outside " << study.name;
        if (result.excluded_closed) context.err << ", " << result.excluded_closed << " not open for a whole " << q.slot_minutes << "-minute slot in the window";
        if (result.excluded_by_choice) context.err << ", " << result.excluded_by_choice << " left out by the rules asked for";
        context.err << "\n";
        if (!write_lp_.empty()) context.err << "wrote " << shown_path(write_lp_) << " (CPLEX LP: glpsol --lp FILE, cbc FILE)\n";
    }

    std::string name = (service.meetings() ? result_name("rank", filter, within.text, meetings_.when)
                                           : "rank-" + service.assets->slug() + "-" + slug(within.text)) + "-" + std::to_string(new_) + "new";
    if (per_town_ > 0) name += "-" + std::to_string(per_town_) + "per-town";
    Metadata meta = with_model(run_metadata(context, manifest, study, model, policy), today);
    meta.emplace_back("rules", rules);
    if (!service.meetings()) meta.emplace_back("sited", service.assets->describe() + " (--for " + for_ + "); no time suggested");
    if (weighted) meta.emplace_back("weights", weight_text);
    meta.emplace_back("solver", solver_line);
    meta.emplace_back("eligible_venues", std::to_string(result.eligible.size()));
    if (!why.empty()) meta.emplace_back("explanation", why);
    add_venues_left_out(meta, study, result);
    if (by_after) {
        name += "-by-" + slug(by_after->breakdown.by);
        add_breakdown_metadata(meta, *by_after);
        if (by_today && by_today->inequality) {
            char c[32];
            std::snprintf(c, sizeof c, "%.4f", by_today->inequality->index);
            auto at = std::find_if(meta.begin(), meta.end(), [](const auto& kv) { return kv.first == "roisc_version"; });
            meta.insert(at, {"concentration_index_today", c});
        }
    }
    if (!results_.no_files && results_.to_database()) {
        const std::string prefix = results_.table_prefix(name);
        write_postgis(results_.out, prefix, {&venue_layer, &catchment_layer}, study.crs, meta);
        if (!context.global.quiet) {
            context.err << "wrote tables " << prefix << "_new_venues, " << prefix << "_new_catchments and " << prefix
                        << "_metadata\n";
        }
    } else if (!results_.no_files) {
        const std::string dir = results_.open_folder(name);
        write_geojson(dir + "/new_venues.geojson", venue_layer, study.crs, meta);
        write_geojson(dir + "/new_catchments.geojson", catchment_layer, study.crs, meta);
        write_layer_csv(dir + "/new_venues.csv", venue_layer);
        if (by_after) write_layer_csv(dir + "/reach_by_group.csv", breakdown_layer(*by_after, policy));
        if (by_after && breakdown_.chart) {
            const std::string with = "with the " + std::to_string(picks) + " new meeting" + (picks == 1 ? "" : "s");
            write_breakdown_charts(dir, *by_after, policy,
                                   "People within " + reach_text + " of an eligible " + fellowship + " meeting, by " +
                                       grouping_title(*by_after) + ": today and " + with,
                                   study.name + ". Reach: " + model + ".", context.command_line,
                                   {&*by_today, "today", with});
        }
        write_text(dir + "/metadata.json", metadata_json(meta));
        const std::string gpkg = (results_.name.empty() ? name : results_.name) + ".gpkg";
        write_geopackage(dir + "/" + gpkg, {&venue_layer, &catchment_layer}, study.crs, meta);
        if (map_) {
            // Today's reach shaded, the hotspots beyond it sized by their published counts, the
            // picks numbered over their dashed catchments.
            render::MapContent map = study_map(study, filter);
            map.credit = std::string("Made with roisc ") + roisc::version + ": " + context.command_line + ". Reach: " +
                         today.model + ".";
            if (today.land && !today.land->IsEmpty()) {
                map.coverage = std::shared_ptr<const OGRGeometry>(today.land->clone(), OGRGeometryDeleter());
                map.coverage_label = "Within " + reach_text + " of " + existing_today + " today";
            }
            for (std::size_t h = 0; h < study.hotspots.size(); ++h) {
                if (result.reached_by[h] == 0) continue;
                map.hotspots.push_back({study.hotspots[h].at, demand.hotspot(h).total.published()});
            }
            const bool modelled = layer_says(manifest, Role::demand, {"modelled", "modeled", "synthetic"});
            map.hotspot_label = std::string(modelled ? "Modelled people" : "People") + " in treatment beyond " + reach_text +
                                " of " + existing_short + " today (postcode sectors)";
            map.suppressed_label = policy.method == DisclosureMethod::none ? "" : "Hotspot whose count is suppressed (disclosure control)";
            for (std::size_t k = 0; k < picks; ++k) {
                const Venue& v = study.venues[result.picks[k].venue];
                map.picks.push_back({v.at, static_cast<int>(k + 1), catchment_layer.features[k].geometry});
            }
            map.picks_label = "Venue for a new " + new_thing + ", numbered in pick order (dashed: the land within " +
                              reach_text + " of it)";
            map.title = "Venues for " + std::to_string(picks) + " new " + new_things + " — " + study.name;
            map.subtitle = {"Chosen together to reach the most people beyond " + reach_text + " of " + existing + ": " + rules + ".",
                            "Reach: " + today.model + ". Solver: " + solver_line + "."};
            map.description = map.title + ". Picks numbered in pick order with their catchments; hotspots beyond reach today.";
            render::MapBox box = study.boundary ? render::MapBox::of(*study.boundary->geometry) : render::MapBox{};
            if (!study.boundary) {
                OGREnvelope all;
                for (const auto& t : study.towns) {
                    OGREnvelope e;
                    t.geometry->getEnvelope(&e);
                    all.Merge(e);
                }
                for (const auto& p : map.picks) all.Merge(p.at.x, p.at.y);
                box = {all.MinX, all.MinY, all.MaxX, all.MaxY};
            }
            map.extent = box.grown(std::max(box.width(), box.height()) * 0.04);
            const auto page = render::Page::named("A4", 150);
            write_text(dir + "/new_venues.png", render::render_map(map, render::MapFormat::png, *page).bytes);
        }
        std::string page;
        if (report_.report) {
            // Today's reach, the hotspots beyond it with their published counts, the picks over their
            // catchments: the printed map's content, as switchable layers.
            auto beyond = std::make_shared<OutputLayer>();
            beyond->name = "hotspots_beyond";
            beyond->title = "Hotspots beyond " + reach_text + " of " + existing_short + " today";
            beyond->style = LayerStyle::hotspots;
            beyond->label_field = "hotspot";
            beyond->fields = {{"hotspot", OutputField::Type::text},         {"town", OutputField::Type::text},
                              {"people", OutputField::Type::integer},       {"suppressed", OutputField::Type::boolean},
                              {"suppressed_counts", OutputField::Type::text}, {"first_reached_by", OutputField::Type::integer}};
            for (std::size_t h = 0; h < study.hotspots.size(); ++h) {
                if (result.reached_by[h] == 0) continue;
                const ProtectedCell& total = demand.hotspot(h).total;
                const std::optional<long long> people = total.published().value();
                OutputFeature f;
                f.id = study.hotspots[h].id;
                f.geometry = std::make_shared<OGRPoint>(study.hotspots[h].at.x, study.hotspots[h].at.y);
                f.values = {study.hotspots[h].id, study.hotspots[h].town.empty() ? FieldValue{} : FieldValue{study.hotspots[h].town},
                            people ? FieldValue{*people} : FieldValue{},
                            static_cast<long long>(total.is_suppressed()), std::string(total.is_suppressed() ? "people" : ""),
                            result.reached_by[h] > 0 ? FieldValue{static_cast<long long>(result.reached_by[h])} : FieldValue{}};
                beyond->features.push_back(std::move(f));
            }
            if (beyond->features.size() > report_max_features) {
                // The page keeps those with the most people: by published count, hidden ones last
                // in hotspot order (their true sizes would place them between published ones).
                std::stable_sort(beyond->features.begin(), beyond->features.end(), [](const OutputFeature& a, const OutputFeature& b) {
                    const auto* pa = std::get_if<long long>(&a.values[2]);
                    const auto* pb = std::get_if<long long>(&b.values[2]);
                    if (!pa || !pb) return pa && !pb;
                    return *pa > *pb;
                });
            }
            auto reach_today = std::make_shared<OutputLayer>();
            reach_today->name = "reach_today";
            reach_today->title = "Land within " + reach_text + " of " + existing_today + " today";
            reach_today->style = LayerStyle::coverage;
            reach_today->fields = {{"reach", OutputField::Type::text}, {"area_km2", OutputField::Type::real}};
            if (today.land && !today.land->IsEmpty()) {
                reach_today->features.push_back({"reach_today", std::shared_ptr<const OGRGeometry>(today.land->clone(), OGRGeometryDeleter()),
                                                 {reach_text, polygonal_area(today.land.get()) / 1e6}});
            }
            std::vector<std::string> counts{"reached", "cumulative"};
            counts.insert(counts.end(), study.cohorts.begin(), study.cohorts.end());
            ReportSection section;
            section.title = "Venues for " + std::to_string(picks) + " new " + new_things + " — " + study.name;
            section.summary = {"Chosen together to reach the most people beyond " + reach_text + " of " + existing + ": " + rules + ".",
                               "Already within " + reach_text + ": " + text(region_total(already)) + " of " +
                                   cell_text(demand.table().whole.total) + " people; the new " + (service.meetings() ? std::string("meetings") : new_things) + " reach " +
                                   (cumulative.empty() ? "0" : text(cumulative.back())) + " more; " + text(region_total(still)) +
                                   " remain beyond reach."};
            if (!why.empty()) section.summary.push_back(why);
            section.summary.push_back("Reach: " + model + ". Solver: " + solver_line + ".");
            section.layers = {{towns_layer(study), "Towns", true, {}},
                              {reach_today, reach_today->title, true, {}},
                              service_for_report(study, service, filter),
                              hotspots_for_report(*beyond, "Hotspots beyond " + reach_text + " today: people in treatment", {"people"}, false,
                                                  "roisc gaps --beyond " + reach_text + " lists them all"),
                              {std::make_shared<OutputLayer>(catchment_layer), "Land within " + reach_text + " of each new venue",
                               true, {"reached"}},
                              {std::make_shared<OutputLayer>(venue_layer), "Venues for new " + new_things, true,
                               counts, true}};
            section.tables = {{"reached_by_cohort", "People reached by cohort (each counted at the first pick that reaches them)",
                               std::make_shared<Table>(cohort_table)}};
            section.metadata = meta;
            section.crs = study.crs;
            page = publish_report(dir, std::move(section), report_, leaflet);
        }
        if (!context.global.quiet) {
            context.err << "wrote " << shown_path(dir) << "/: new_venues.geojson, new_catchments.geojson, new_venues.csv, "
                        << "metadata.json, " << gpkg << (map_ ? ", new_venues.png" : "") << (page.empty() ? "" : ", " + page)
                        << "\n";
        }
    }
    return 0;
}

}  // namespace roisc::cli
