#include "hotspots.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/postcode.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/engine/equity.hpp"
#include "roisc/io/count_columns.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/output.hpp"
#include "roisc/io/csv.hpp"
#include "roisc/io/hotspot_table.hpp"
#include "roisc/io/postcode_lookup.hpp"
#include "roisc/version.hpp"
#include "options/disclosure.hpp"
#include "options/results.hpp"

#include <ogr_api.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace fs = std::filesystem;

namespace roisc::cli {

void HotspotsCommand::declare(CLI::App& app) {
    app.add_option("input", options_.input,
                   "Treatment counts by partial postcode (CSV): a postcode column (partial_postcode, postcode, "
                   "sector, district) and cohort columns (opiate, non_opiate, alcohol_only, "
                   "non_opiate_and_alcohol) or one count column. Example: layers/sandwell/hotspots_modelled.csv")
        ->required()
        ->type_name("FILE.csv");
    app.add_option("--lookup", options_.lookup,
                   "Postcode lookup to use instead of the manifest's postcodes layer: Code-Point Open CSV (or its "
                   "folder), ONS Postcode Directory CSV, or any layer with a postcode field")
        ->type_name("FILE");
    app.add_option("--spread", options_.spread,
                   "units: draw each sector's count over its unit postcodes instead of one point per sector")
        ->check(CLI::IsMember({"none", "units"}));
    app.add_option("--disclosure", options_.disclosure,
                   "standard: suppress small counts and whatever would reveal them; none: exact counts, for the "
                   "secure environment only (recorded in every output)")
        ->check(CLI::IsMember({"standard", "none"}));
    threshold_option_ = app.add_option("--threshold", options_.threshold,
                                       "Smallest count published under --disclosure standard (default 5)")
                            ->type_name("N");
    DisclosureOptions::add_rounding(app, options_.rounding);
    app.add_option("--out", options_.out_dir, "Folder for the result files (default: outputs/<name>)")
        ->type_name("DIR");
    app.add_option("--name", options_.name, "Base name of the output files (default: the input's name)")
        ->type_name("NAME");
    app.add_option("--breakdown", options_.breakdowns,
                   "Count columns that cut the same people another way, NAME=COLUMN,COLUMN,… (repeatable), e.g. "
                   "sex=male,female or age=18-24,25-34,35-49,50+; each row's columns must add up to its cohorts. "
                   "Written as NAME_COLUMN fields; `--by NAME` once declared in the manifest")
        ->type_name("NAME=COLUMNS");
}

void HotspotsCommand::validate() {
    options_.threshold_given = threshold_option_ && threshold_option_->count() > 0;
    // Checks the pair (--disclosure, --threshold) the same way run() will use it.
    DisclosurePolicy::from_options(options_.disclosure,
                                   options_.threshold_given ? std::optional<long long>(options_.threshold) : std::nullopt,
                                   options_.rounding);
    std::set<std::string> names;
    for (const auto& b : options_.breakdowns) {
        const BreakdownSpec spec = parse_breakdown_spec(b, "--breakdown");
        if (!names.insert(spec.name).second) throw ArgumentError("--breakdown: '" + spec.name + "' is given twice.");
    }
    if (!options_.breakdowns.empty() && options_.spread == "units") {
        throw ArgumentError("--breakdown: a breakdown is not shared out over unit postcodes; drop --spread units, or "
                            "--breakdown.");
    }
    if (!options_.name.empty() && options_.name.find_first_of("/\\") != std::string::npos) {
        throw ArgumentError("--name '" + options_.name + "': give a file name without a folder; use --out for the folder.");
    }
}

namespace {

// ---------------------------------------------------------------------------------------------
// Areas by location

struct PreparedDeleter {
    void operator()(OGRPreparedGeometry* g) const { OGRDestroyPreparedGeometry(g); }
};

// Finds the area (town, ward) a point lies in; on a shared edge, the first in layer order.
class AreaFinder {
public:
    struct Area {
        std::string id, name;
        OGREnvelope envelope;
        std::unique_ptr<OGRPreparedGeometry, PreparedDeleter> prepared;
    };

    explicit AreaFinder(const Layer* layer) {
        if (!layer) return;
        for (const auto& f : layer->features) {
            if (!f.geometry) continue;
            Area a;
            a.id = layer->text(f, "id").value_or("");
            a.name = layer->text(f, "name").value_or(a.id);
            f.geometry->getEnvelope(&a.envelope);
            a.prepared.reset(OGRCreatePreparedGeometry(OGRGeometry::ToHandle(f.geometry.get())));
            areas_.push_back(std::move(a));
        }
    }
    const Area* at(double x, double y) const {
        OGRPoint p(x, y);
        for (const auto& a : areas_) {
            if (x < a.envelope.MinX || x > a.envelope.MaxX || y < a.envelope.MinY || y > a.envelope.MaxY) continue;
            if (OGRPreparedGeometryIntersects(a.prepared.get(), OGRGeometry::ToHandle(&p))) return &a;
        }
        return nullptr;
    }
    const std::vector<Area>& areas() const { return areas_; }

private:
    std::vector<Area> areas_;
};

// ---------------------------------------------------------------------------------------------
// Outputs

// One point of the demand layer as it will be published.
struct DemandPoint {
    std::string hotspot;     // the input's postcode key, normalised
    std::string postcode;    // the point's own postcode (the hotspot's, or a unit's when spread)
    std::string level;
    double x = 0, y = 0;     // working CRS
    std::string town, ward, ward_code;
    std::vector<PublishedCount> counts;
    PublishedCount total = PublishedCount::suppressed();
    // The breakdowns' cells, all of a breakdown or none (null) when its row may not be published.
    std::vector<std::optional<long long>> breakdown;
    long long n_units = 0;
    std::string located_by;
    std::string lines;
};

struct TownLine {
    std::string name;
    std::vector<PublishedCount> counts;
    PublishedCount total = PublishedCount::suppressed();
};

struct RunInfo {
    std::string name;
    std::string input;
    std::string lookup;
    std::string working_crs;
    std::string spread;
    std::string study;
    std::vector<std::string> not_placed;  // "line 4: B6 93" — keys and lines only, never counts
};

// What produced these counts and how they were protected: the GeoJSON's metadata member, and the
// GeoPackage's metadata table, readable in any SQLite tool.
// "sex_male": a breakdown column's field in the demand layer.
std::string breakdown_field(const BreakdownSpec& b, const std::string& column) {
    return b.name + "_" + count_column_key(column, b.name);
}

Metadata run_metadata(const RunInfo& info, const DisclosurePolicy& policy, const std::vector<std::string>& cohorts,
                      const std::vector<BreakdownSpec>& breakdowns) {
    Metadata m = {
        {"title", "Treatment demand by postcode: " + info.name},
        {"generator", std::string("roisc ") + roisc::version + " hotspots"},
        {"study", info.study},
        {"input", info.input},
        {"lookup", info.lookup},
        {"working_crs", info.working_crs},
        {"spread", info.spread},
    };
    std::string cohort_list;
    for (const auto& c : cohorts) cohort_list += (cohort_list.empty() ? "" : ",") + c;
    m.emplace_back("cohorts", cohort_list);
    if (!breakdowns.empty()) {
        std::string list;
        for (const auto& b : breakdowns) {
            list += (list.empty() ? "" : "; ") + b.name + "=";
            for (std::size_t c = 0; c < b.columns.size(); ++c) list += (c ? "," : "") + breakdown_field(b, b.columns[c]);
        }
        m.emplace_back("breakdowns", list);
    }
    for (const auto& kv : policy.metadata()) m.push_back(kv);
    std::string not_placed;
    for (const auto& n : info.not_placed) not_placed += (not_placed.empty() ? "" : "; ") + n;
    m.emplace_back("not_placed", not_placed);
    return m;
}

// The count fields: one per cohort, and their total when there are several.
std::vector<OutputField> count_fields(const std::vector<std::string>& cohorts) {
    std::vector<OutputField> fields;
    for (const auto& c : cohorts) fields.push_back({c, OutputField::Type::integer});
    if (cohorts.size() > 1) fields.push_back({"total", OutputField::Type::integer});
    return fields;
}

// A count's value; null where it is suppressed. Appends the suppressed ones' names to `hidden`.
void add_counts(std::vector<FieldValue>& values, std::string& hidden, const std::vector<std::string>& cohorts,
                const std::vector<PublishedCount>& counts, const PublishedCount& total) {
    auto add = [&](const PublishedCount& c, const std::string& name) {
        if (const auto v = c.value()) {
            values.emplace_back(*v);
        } else {
            values.emplace_back(std::monostate{});
            hidden += (hidden.empty() ? "" : ",") + name;
        }
    };
    for (std::size_t k = 0; k < cohorts.size(); ++k) add(counts[k], cohorts[k]);
    if (cohorts.size() > 1) add(total, "total");
}

FieldValue text_or_null(const std::string& s) { return s.empty() ? FieldValue{} : FieldValue{s}; }

// The demand points. A feature's id is its hotspot's key, or "<hotspot>/<unit>" for a unit's share
// with --spread units: unique, and the same for the same input.
OutputLayer demand_layer(const RunInfo& info, const std::vector<DemandPoint>& points,
                         const std::vector<std::string>& cohorts, const std::vector<BreakdownSpec>& breakdowns,
                         const DisclosurePolicy& policy) {
    using T = OutputField::Type;
    OutputLayer layer;
    layer.name = info.name;
    layer.title = "Treatment demand by postcode (roisc hotspots). " + policy.summary();
    // QGIS opens it styled: circles sized by the published total (one cohort: its count), hollow where hidden.
    layer.style = LayerStyle::hotspots;
    layer.size_field = cohorts.size() == 1 ? cohorts.front() : "total";
    layer.label_field = "hotspot";
    layer.fields = {{"hotspot", T::text}, {"postcode", T::text}, {"level", T::text},
                    {"town", T::text},    {"ward_code", T::text}, {"ward", T::text}};
    for (auto& f : count_fields(cohorts)) layer.fields.push_back(std::move(f));
    for (const auto& b : breakdowns) {
        for (const auto& c : b.columns) layer.fields.push_back({breakdown_field(b, c), T::integer});
    }
    layer.fields.insert(layer.fields.end(),
                        {{"suppressed", T::boolean}, {"suppressed_counts", T::text}, {"n_units", T::integer},
                         {"located_by", T::text}, {"lines", T::text}});
    for (const auto& p : points) {
        OutputFeature f;
        f.id = p.postcode == p.hotspot ? p.hotspot : p.hotspot + "/" + p.postcode;
        f.geometry = std::make_shared<OGRPoint>(p.x, p.y);
        f.values = {p.hotspot, p.postcode, p.level, text_or_null(p.town), text_or_null(p.ward_code), text_or_null(p.ward)};
        std::string hidden;
        add_counts(f.values, hidden, cohorts, p.counts, p.total);
        for (const auto& v : p.breakdown) f.values.push_back(v ? FieldValue{*v} : FieldValue{});
        f.values.insert(f.values.end(), {static_cast<long long>(!hidden.empty()), hidden, p.n_units, p.located_by, p.lines});
        layer.features.push_back(std::move(f));
    }
    return layer;
}

// The town summary, with the same disclosure control as the terminal table: a table, no geometry.
OutputLayer town_summary_table(const std::vector<TownLine>& towns, const std::vector<std::string>& cohorts,
                               const DisclosurePolicy& policy) {
    OutputLayer table;
    table.name = "town_summary";
    table.title = "Treatment counts by town (roisc hotspots). " + policy.summary();
    table.has_geometry = false;
    table.fields = {{"town", OutputField::Type::text}};
    for (auto& f : count_fields(cohorts)) table.fields.push_back(std::move(f));
    table.fields.push_back({"suppressed", OutputField::Type::boolean});
    table.fields.push_back({"suppressed_counts", OutputField::Type::text});
    for (const auto& t : towns) {
        OutputFeature f;
        f.id = t.name;
        f.values = {t.name};
        std::string hidden;
        add_counts(f.values, hidden, cohorts, t.counts, t.total);
        f.values.emplace_back(static_cast<long long>(!hidden.empty()));
        f.values.emplace_back(hidden);
        table.features.push_back(std::move(f));
    }
    return table;
}

// ---------------------------------------------------------------------------------------------

const std::string outside_towns = "(outside the towns)";
const std::string not_placed_region = "(not placed)";

std::string join_lines(const std::vector<int>& lines) {
    std::string s;
    for (int l : lines) s += (s.empty() ? "" : ",") + std::to_string(l);
    return s;
}

const LayerSpec* towns_spec(const Manifest& manifest) {
    if (!manifest.towns.empty()) return manifest.find(manifest.towns);
    for (const auto& l : manifest.layers) {
        if (l.role == Role::areas && l.level == "town") return &l;
    }
    return nullptr;
}

const LayerSpec* wards_spec(const Manifest& manifest) {
    for (const auto& l : manifest.layers) {
        if (l.role == Role::areas && l.level == "ward") return &l;
    }
    return nullptr;
}

}  // namespace

int HotspotsCommand::run(Context& context) {
    options_.strict = context.global.strict;  // rows whose postcode cannot be placed are an error (exit 3)
    const Options& o = options_;
    const DisclosurePolicy policy = DisclosurePolicy::from_options(
        o.disclosure, o.threshold_given ? std::optional<long long>(o.threshold) : std::nullopt, o.rounding);
    const TableFormat format = context.format();
    const bool talk = !context.global.quiet;
    std::error_code ec;
    if (!fs::is_regular_file(o.input, ec)) {
        throw ArgumentError("hotspots: input '" + o.input + "' not found. Give the CSV of counts by partial postcode, "
                            "e.g. layers/sandwell/hotspots_modelled.csv.");
    }

    std::vector<BreakdownSpec> breakdowns;
    for (const auto& b : o.breakdowns) breakdowns.push_back(parse_breakdown_spec(b, "--breakdown"));
    const HotspotInput input = read_hotspot_table(o.input, breakdowns);
    const std::vector<std::string>& cohorts = input.cohorts;

    // Only the layers this command needs: towns, wards and (without --lookup) postcodes.
    const Manifest manifest = load_manifest(context.manifest_path());
    Manifest needed = manifest;
    needed.layers.clear();
    const LayerSpec* town_spec = towns_spec(manifest);
    const LayerSpec* ward_spec = wards_spec(manifest);
    const LayerSpec* postcode_spec = nullptr;
    if (o.lookup.empty()) {
        const auto specs = manifest.with_role(Role::postcodes);
        if (specs.empty()) {
            throw DataError(manifest.path + ": no layer with role postcodes to look the hotspots' postcodes up in. "
                                            "Fix: add one to the manifest, or give a lookup with --lookup FILE.");
        }
        postcode_spec = specs.front();
    }
    for (const LayerSpec* s : {town_spec, ward_spec, postcode_spec}) {
        if (s) needed.layers.push_back(*s);
    }
    if (talk) context.err << "reading " << needed.layers.size() << " layer(s) from " << manifest.path << "\n";
    const LoadedLayers loaded = read_layers(needed);
    auto usable = [&](const LayerSpec* s) -> const Layer* {
        if (!s) return nullptr;
        const Layer* l = loaded.find(s->name);
        require_usable(*l);
        return l;
    };
    const Layer* towns_layer = usable(town_spec);
    const Layer* wards_layer = usable(ward_spec);

    const PostcodeLookup lookup = o.lookup.empty() ? postcode_lookup_from_layer(*usable(postcode_spec))
                                                   : read_postcode_lookup(o.lookup, loaded.crs);
    if (talk) {
        context.err << "postcode lookup: " << lookup.source() << " (" << lookup.given(PostcodeLevel::unit) << " units, "
                    << lookup.given(PostcodeLevel::sector) << " sectors, " << lookup.given(PostcodeLevel::district)
                    << " districts)\n";
        for (const auto& n : lookup.notes()) context.err << "note: " << n << "\n";
        for (const auto& w : input.warnings) context.err << "warning: " << w << "\n";
    }

    // Place each row.
    struct Placed {
        const InputRow* row;
        std::optional<Postcode> postcode;   // where it was placed: the row's own, or a unit's sector
        PostcodeLocation location;
        std::string located_by;
        std::string region;                 // town name, outside_towns or not_placed_region
        const AreaFinder::Area* ward = nullptr;
    };
    const AreaFinder towns(towns_layer), wards(wards_layer);
    std::vector<Placed> placed;
    std::vector<std::string> unplaced_lines, unplaced_keys;
    for (const auto& row : input.rows) {
        Placed p{&row, std::nullopt, {}, "", not_placed_region, nullptr};
        const std::string where = "line " + join_lines(row.lines);
        if (!row.postcode) {
            unplaced_lines.push_back(where + ": '" + row.key_as_written + "': " + row.postcode.reason);
        } else {
            const Postcode& pc = *row.postcode.postcode;
            if (auto loc = lookup.find(pc)) {
                p.postcode = pc;
                p.location = *loc;
                p.located_by = loc->describe();
            } else if (pc.level() == PostcodeLevel::unit) {
                // Units newer than the lookup: their sector is the best place we have.
                const Postcode sector = *pc.parent();
                if (auto sloc = lookup.find(sector)) {
                    p.postcode = sector;
                    p.location = *sloc;
                    p.located_by = "sector " + sector.text() + " (unit not in the lookup)";
                    if (talk) {
                        context.err << "warning: " << o.input << " " << where << ": unit " << pc.text()
                                    << " is not in the lookup; placed at its sector " << sector.text() << ".\n";
                    }
                }
            }
            if (!p.postcode) {
                std::string why = std::string(to_string(pc.level())) + " " + pc.text() + " is not in the lookup";
                const auto parent = pc.parent();
                if (parent && lookup.find(*parent)) {
                    const char* check = pc.level() == PostcodeLevel::sector  ? "the sector digit"
                                        : pc.level() == PostcodeLevel::unit  ? "the last two letters"
                                                                             : "the district number";
                    why += ", though " + std::string(to_string(parent->level())) + " " + parent->text() +
                           " is: check " + check;
                }
                unplaced_lines.push_back(where + ": '" + row.key_as_written + "': " + why);
            }
        }
        if (!p.postcode) {
            unplaced_keys.push_back(where + ": " + row.key_as_written);
        } else {
            const auto* town = towns.at(p.location.x, p.location.y);
            p.region = town ? town->name : outside_towns;
            p.ward = wards.at(p.location.x, p.location.y);
        }
        placed.push_back(std::move(p));
    }

    // Unplaced rows are never dropped silently: listed here, counted under "(not placed)".
    auto list_unplaced = [&](std::ostream& err) {
        err << "roisc hotspots: " << unplaced_lines.size() << " row(s) of " << o.input
            << " could not be placed on the map:\n";
        for (const auto& l : unplaced_lines) err << "  " << l << "\n";
    };
    if (!unplaced_lines.empty() && o.strict) {
        std::string msg = o.input + ": " + std::to_string(unplaced_lines.size()) +
                          " row(s) could not be placed (--strict):";
        for (const auto& l : unplaced_lines) msg += "\n  " + l;
        msg += "\nFix: correct these postcodes, or give a fuller lookup with --lookup; without --strict they are "
               "counted under \"" + not_placed_region + "\".";
        throw DataError(msg);
    }

    // The table the disclosure control works on: hotspots by cohort, in towns, in the whole area.
    CountTable table(cohorts);
    std::map<std::string, std::size_t> region_index;
    std::vector<std::string> region_names;
    for (const auto& a : towns.areas()) region_names.push_back(a.name);
    std::sort(region_names.begin(), region_names.end());
    region_names.erase(std::unique(region_names.begin(), region_names.end()), region_names.end());
    for (const std::string& extra : {outside_towns, not_placed_region}) {
        if (std::any_of(placed.begin(), placed.end(), [&](const Placed& p) { return p.region == extra; })) {
            region_names.push_back(extra);
        }
    }
    for (const auto& n : region_names) region_index[n] = table.add_region(n);
    for (const auto& p : placed) {
        table.add_row(region_index.at(p.region), p.postcode ? p.postcode->text() : p.row->key_as_written, p.row->counts);
    }
    const ProtectedTable safe = protect(table, policy);

    // The demand layer: one point per placed hotspot, or its units with --spread units.
    std::vector<DemandPoint> points;
    std::size_t spread_hotspots = 0, not_spread = 0;
    const long long min_share = policy.method == DisclosureMethod::standard ? policy.threshold : 1;
    for (std::size_t h = 0; h < placed.size(); ++h) {
        const Placed& p = placed[h];
        if (!p.postcode) continue;
        const ProtectedLine& line = safe.rows[h];
        DemandPoint base;
        base.hotspot = p.row->postcode.postcode->text();  // as the input names it (a unit may be placed at its sector)
        base.postcode = p.postcode->text();
        base.level = to_string(p.postcode->level());
        base.x = p.location.x;
        base.y = p.location.y;
        base.town = p.region == outside_towns ? "" : p.region;
        if (p.ward) base.ward = p.ward->name, base.ward_code = p.ward->id;
        for (const auto& c : line.cells) base.counts.push_back(c.published());
        base.total = line.total.published();
        // A breakdown's cells are published together or not at all (engine/equity.hpp).
        std::size_t at = 0;
        for (const auto& b : breakdowns) {
            const auto first = p.row->breakdown_counts.begin() + static_cast<std::ptrdiff_t>(at);
            const std::vector<long long> cells(first, first + static_cast<std::ptrdiff_t>(b.columns.size()));
            const bool shown = breakdown_publishable(line.total, cells, policy);
            for (const long long v : cells) base.breakdown.push_back(shown ? std::optional<long long>(policy.rounded(v)) : std::nullopt);
            at += b.columns.size();
        }
        base.n_units = p.location.n_units;
        base.located_by = p.located_by;
        base.lines = join_lines(p.row->lines);

        std::vector<UnitPoint> units;
        if (o.spread == "units" && p.postcode->level() != PostcodeLevel::unit) units = lookup.units_of(*p.postcode);
        if (units.empty()) {
            if (o.spread == "units") ++not_spread;
            points.push_back(std::move(base));
            continue;
        }
        // Each column is shared out on its own, from its published value only: a suppressed count
        // is shown as suppressed at every point, so spreading reveals nothing the hotspot row does not.
        auto share = [&](const PublishedCount& c) -> std::optional<std::vector<long long>> {
            if (c.is_suppressed()) return std::nullopt;
            if (policy.rounding <= 1) return spread_count(*c.value(), units.size(), min_share);
            // Rounded counts are shared out in whole multiples of the rounding base, so every
            // unit's share is rounded too (and still 0 or at least the threshold).
            const long long base = policy.rounding;
            auto shares = spread_count(*c.value() / base, units.size(), (min_share + base - 1) / base);
            for (auto& v : shares) v *= base;
            return shares;
        };
        auto shown = [&](const std::optional<std::vector<long long>>& shares, std::size_t u) {
            if (!shares) return PublishedCount::suppressed();
            const long long v = (*shares)[u];
            return policy.is_small(v) ? PublishedCount::suppressed() : PublishedCount::shown(v);
        };
        std::vector<std::optional<std::vector<long long>>> by_cohort;
        for (const auto& c : base.counts) by_cohort.push_back(share(c));
        const auto totals = share(base.total);
        std::vector<DemandPoint> unit_points;
        for (std::size_t u = 0; u < units.size(); ++u) {
            // Only units that got a share of some published count are drawn.
            bool gets_some = totals && (*totals)[u] > 0;
            for (const auto& c : by_cohort) gets_some = gets_some || (c && (*c)[u] > 0);
            if (!gets_some) continue;
            DemandPoint q;
            q.hotspot = base.hotspot;
            q.postcode = units[u].postcode;
            q.level = "unit";
            q.x = units[u].x;
            q.y = units[u].y;
            for (const auto& c : by_cohort) q.counts.push_back(shown(c, u));
            q.total = shown(totals, u);
            const auto* town = towns.at(q.x, q.y);
            q.town = town ? town->name : "";
            if (const auto* ward = wards.at(q.x, q.y)) q.ward = ward->name, q.ward_code = ward->id;
            q.n_units = 1;
            q.located_by = "share of " + base.hotspot + " (" + std::to_string(units.size()) + " units)";
            q.lines = base.lines;
            unit_points.push_back(std::move(q));
        }
        if (unit_points.empty()) {
            // Nothing published to share (all zero, or all suppressed): the hotspot stays one point.
            ++not_spread;
            points.push_back(std::move(base));
            continue;
        }
        ++spread_hotspots;
        for (auto& q : unit_points) points.push_back(std::move(q));
    }

    // The town table, from the same protected table.
    std::vector<TownLine> town_lines;
    auto town_line = [&](const ProtectedLine& l, const std::string& name) {
        TownLine t;
        t.name = name;
        for (const auto& c : l.cells) t.counts.push_back(c.published());
        t.total = l.total.published();
        return t;
    };
    for (const auto& r : safe.regions) town_lines.push_back(town_line(r, r.name));
    const std::string whole_name = manifest.study_name.empty() ? "total" : manifest.study_name;
    town_lines.push_back(town_line(safe.whole, whole_name));

    // The files are staged and replace the folder's earlier set together (io/output.hpp OutputSet).
    const std::string name = o.name.empty() ? fs::path(o.input).stem().string() : o.name;
    const std::string out_dir = o.out_dir.empty() ? (fs::path("outputs") / name).string() : o.out_dir;
    try {
        result_folder(out_dir);
    } catch (const RuntimeFailure& e) {
        throw ArgumentError("--out '" + out_dir + "': " + e.what());
    }
    RunInfo info;
    info.name = name;
    info.input = o.input;
    info.lookup = lookup.source();
    info.working_crs = loaded.crs.code;
    info.spread = o.spread;
    info.study = manifest.study_name;
    info.not_placed = unplaced_keys;
    const Metadata metadata = run_metadata(info, policy, cohorts, breakdowns);
    const OutputLayer demand = demand_layer(info, points, cohorts, breakdowns, policy);
    const OutputLayer town_summary = town_summary_table(town_lines, cohorts, policy);
    const OutputLayer metadata_rows = metadata_table(metadata);
    const std::string geojson_path = (fs::path(out_dir) / (name + ".geojson")).string();
    const std::string gpkg_path = (fs::path(out_dir) / (name + ".gpkg")).string();
    write_geojson(geojson_path, demand, loaded.crs, metadata);
    write_text((fs::path(out_dir) / "metadata.json").string(), metadata_json(metadata));
    write_geopackage(gpkg_path, {&demand, &town_summary, &metadata_rows}, loaded.crs, metadata);

    // The town summary on stdout.
    std::vector<Table::Column> columns{{"town"}};
    for (const auto& c : cohorts) columns.push_back({c, Table::Align::right, true});
    if (cohorts.size() > 1) columns.push_back({"total", Table::Align::right, true});
    Table summary(columns);
    for (const auto& t : town_lines) {
        std::vector<std::string> cells{t.name};
        for (const auto& c : t.counts) cells.push_back(c.text(policy));
        if (cohorts.size() > 1) cells.push_back(t.total.text(policy));
        summary.add_row(std::move(cells));
    }
    summary.print(context.out, format);
    // With one cohort the total is the same count (and always has the same status): count it once.
    const std::size_t per_line = cohorts.size() > 1 ? 1 : 2;
    std::string note = policy.summary() + " " + std::to_string(safe.suppressed_count() / per_line) + " of " +
                       std::to_string(safe.cell_count() / per_line) + " counts are hidden.";
    if (region_index.count(outside_towns)) {
        note += " \"" + outside_towns + "\": hotspots whose point lies outside every town.";
    }
    if (region_index.count(not_placed_region)) {
        note += " \"" + not_placed_region + "\": rows whose postcode could not be placed (listed on stderr).";
    }
    if (format == TableFormat::table) {
        context.out << "\n" << note << "\n";
    } else if (talk) {
        context.err << note << "\n";
    }

    if (!unplaced_lines.empty()) {
        list_unplaced(context.err);
        context.err << "Fix: correct these postcodes, or give a fuller lookup with --lookup. --strict makes this an "
                       "error (exit 3).\n";
    }
    if (talk) {
        if (o.spread == "units") {
            context.err << "spread " << spread_hotspots << " hotspot(s) over their unit postcodes";
            if (not_spread) {
                context.err << "; " << not_spread << " kept as one point (no units in the lookup, or nothing published to share)";
            }
            context.err << ".\n";
        }
        context.err << "wrote " << points.size() << " point(s) to " << geojson_path << " and " << gpkg_path << "\n";
        if (!breakdowns.empty()) {
            std::string toml;
            for (const auto& b : breakdowns) {
                toml += (toml.empty() ? "" : ", ") + b.name + " = [";
                for (std::size_t c = 0; c < b.columns.size(); ++c) toml += (c ? ", \"" : "\"") + breakdown_field(b, b.columns[c]) + "\"";
                toml += "]";
            }
            context.err << "breakdowns: in the manifest's demand layer, breakdowns = { " << toml << " } makes each a --by "
                        << "grouping of coverage, gaps and rank.\n";
        }
    }
    return 0;
}

}  // namespace roisc::cli
