#include "schedule.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/time_of_week.hpp"
#include "roisc/core/units.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/study_loader.hpp"
#include "options/thresholds.hpp"
#include "shared/meetings_layer.hpp"
#include "shared/names.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/io/output.hpp"
#include "shared/left_out.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace roisc::cli {

namespace {
constexpr int parts_per_day = 3;
}  // namespace

void ScheduleCommand::declare(CLI::App& app) {
    options_.meetings.declare(app);
    app.add_option_function<std::string>(
           "--within",
           [this](const std::string& text) {
               options_.within = parse_threshold_option(text, "--within", ThresholdKinds::either);
               if (!options_.within->is_distance()) {
                   throw ArgumentError("--within " + text +
                                       ": the schedule counts meetings by straight-line distance; give a distance such as "
                                       "5mi or 2km.");
               }
           },
           "Also count meetings within this distance of each town's boundary, with its unit: 1mi, 5mi, 2km")
        ->type_name("DISTANCE");
    options_.results.declare(app);
}

void ScheduleCommand::validate() {
    (void)options_.meetings.filter();  // a bad --when is an argument error before any file is read
}

namespace {

std::string column_name(int cell) {
    static const char* parts[] = {"morning", "afternoon", "evening"};
    return std::string(abbreviation(weekday_from_index(cell / parts_per_day))) + "_" + parts[cell % parts_per_day];
}

// The grid for the terminal: three narrow columns (m a e) under each day.
void print_grid(std::ostream& out, const std::vector<ScheduleRow>& rows, const std::string& heading) {
    std::size_t name_width = 0;
    int widest = 1;
    for (const auto& r : rows) {
        name_width = std::max(name_width, r.area.size());
        for (int c : r.counts) widest = std::max(widest, static_cast<int>(std::to_string(c).size()));
    }
    name_width = std::max<std::size_t>(name_width, 4) + 2;
    const int group = widest * 3 + 2;  // "m a e" with cells `widest` wide
    const int total_width = std::max(4, static_cast<int>(std::to_string(rows.empty() ? 0 : rows.back().total()).size()));
    auto cells = [&](const ScheduleRow* r) {
        std::ostringstream s;
        for (int d = 0; d < 7; ++d) {
            if (d) s << "  ";
            for (int p = 0; p < parts_per_day; ++p) {
                if (p) s << ' ';
                if (r) s << std::setw(widest) << r->counts[static_cast<std::size_t>(d * parts_per_day + p)];
                else s << std::setw(widest) << "mae"[p];
            }
        }
        return s.str();
    };
    out << std::left << std::setw(static_cast<int>(name_width)) << heading;
    for (int d = 0; d < 7; ++d) {
        if (d) out << "  ";
        out << std::left << std::setw(group) << abbreviation(weekday_from_index(d));
    }
    out << "  " << std::right << std::setw(total_width) << "week" << "\n";
    out << std::left << std::setw(static_cast<int>(name_width)) << "" << cells(nullptr) << "\n";
    for (const auto& r : rows) {
        out << std::left << std::setw(static_cast<int>(name_width)) << r.area << cells(&r) << "  " << std::right
            << std::setw(total_width) << r.total() << "\n";
    }
}

}  // namespace

// The grid as a table (CSV, a GeoPackage table), with the meetings that match as a layer.
void ScheduleCommand::write_files(Context& context, const Manifest& manifest, const Study& study, const MeetingFilter& filter,
                                  const std::vector<ScheduleRow>& rows) const {
    const ResultOptions& results = options_.results;
    if (results.no_files) return;
    OutputLayer grid;
    grid.name = "schedule";
    grid.title = filter.describe() + ": weekly meetings by town, day and part of day (morning before 12:00, afternoon "
                                     "12:00-16:59, evening from 17:00)";
    grid.has_geometry = false;
    grid.fields = {{"area", OutputField::Type::text}, {"scope", OutputField::Type::text}};
    for (int c = 0; c < 7 * parts_per_day; ++c) grid.fields.push_back({column_name(c), OutputField::Type::integer});
    grid.fields.push_back({"total", OutputField::Type::integer});
    for (const auto& r : rows) {
        OutputFeature f;
        f.id = slug(r.area + "-" + r.scope);
        f.values = {r.area, r.scope};
        for (int c : r.counts) f.values.push_back(static_cast<long long>(c));
        f.values.push_back(static_cast<long long>(r.total()));
        grid.features.push_back(std::move(f));
    }
    std::vector<ListedMeeting> listed;
    for (std::size_t i = 0; i < study.meetings.size(); ++i) {
        if (filter.accepts(study.meetings[i]) && study.meetings[i].at) listed.push_back({i, std::nullopt, std::nullopt});
    }
    const OutputLayer meetings = meetings_layer("schedule_meetings", "Meetings (" + filter.describe() + ") with a place", study, listed, false);

    Metadata meta;
    for (const auto& kv : run_metadata(context, manifest, study, "weekly start times", DisclosurePolicy::standard())) {
        if (kv.first.rfind("disclosure", 0) != 0) meta.push_back(kv);  // no counts of people here
    }
    const std::string name = result_name("schedule", filter, options_.within ? "week-within-" + options_.within->text : "week",
                                         options_.meetings.when);
    if (results.to_database()) {
        const std::string prefix = results.table_prefix(name);
        write_postgis(results.out, prefix, {&grid, &meetings}, study.crs, meta);
        if (!context.global.quiet) context.err << "wrote tables " << prefix << "_schedule, " << prefix << "_schedule_meetings and " << prefix << "_metadata\n";
        return;
    }
    const std::string dir = results.open_folder(name);
    const std::string gpkg = (results.name.empty() ? name : results.name) + ".gpkg";
    write_layer_csv(dir + "/schedule.csv", grid);
    write_geojson(dir + "/schedule_meetings.geojson", meetings, study.crs, meta);
    write_text(dir + "/metadata.json", metadata_json(meta));
    write_geopackage(dir + "/" + gpkg, {&grid, &meetings}, study.crs, meta);
    if (!context.global.quiet) {
        context.err << "wrote " << shown_path(dir) << "/: schedule.csv, schedule_meetings.geojson, metadata.json, " << gpkg << "\n";
    }
}

int ScheduleCommand::run(Context& context) {
    const MeetingFilter filter = options_.meetings.filter();
    std::optional<double> within;
    std::string within_text;
    if (options_.within) {
        within = options_.within->metres();
        within_text = options_.within->text;
    }
    const Manifest manifest = load_manifest(context.manifest_path());
    StudyNeeds needs;
    needs.meetings = true;
    const Study study = load_study(manifest, needs);
    report_left_out(context, study);
    if (study.towns.empty()) {
        throw DataError(manifest.path + ": the schedule is reported by town, but the manifest has no towns layer. Fix: "
                                        "set towns = \"<areas layer>\" in its [study] table.");
    }
    const std::vector<ScheduleRow> rows = week_grid(study, filter, within, within_text);

    const TableFormat format = context.format();
    if (format == TableFormat::table) {
        auto& out = context.out;
        out << filter.describe() << ": weekly meetings by start time (m = morning, before 12:00; a = afternoon, "
                                    "12:00-16:59; e = evening, from 17:00)\n\n";
        const std::size_t n = study.towns.size() + 1;
        print_grid(out, std::vector<ScheduleRow>(rows.begin(), rows.begin() + static_cast<long>(n)), "inside");
        if (within) {
            out << "\n";
            print_grid(out, std::vector<ScheduleRow>(rows.begin() + static_cast<long>(n), rows.end()),
                       "within " + within_text);
        }
    } else {
        std::vector<Table::Column> columns = {{"area"}, {"scope"}};
        for (int c = 0; c < 7 * parts_per_day; ++c) columns.push_back({column_name(c), Table::Align::right, true});
        columns.push_back({"total", Table::Align::right, true});
        Table table(columns);
        for (const auto& r : rows) {
            std::vector<std::string> row = {r.area, r.scope};
            for (int c : r.counts) row.push_back(std::to_string(c));
            row.push_back(std::to_string(r.total()));
            table.add_row(std::move(row));
        }
        table.print(context.out, format);
    }

    write_files(context, manifest, study, filter, rows);
    if (!context.global.quiet) {
        int accepted = 0, unplaced = 0;
        for (const auto& m : study.meetings) {
            if (!filter.accepts(m)) continue;
            ++accepted;
            if (!m.at) ++unplaced;
        }
        context.err << accepted << " meeting slot(s) match (" << filter.describe() << ")";
        if (unplaced) context.err << ", " << unplaced << " of them without a place (online only) and not in the grid";
        context.err << ".\n";
    }
    return 0;
}

}  // namespace roisc::cli
