#include "schedule.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/time_of_week.hpp"
#include "roisc/core/units.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/model/meeting.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace roisc::cli {

int ScheduleRow::total() const {
    int t = 0;
    for (int c : counts) t += c;
    return t;
}

namespace {

constexpr int parts_per_day = 3;

int cell_of(const WeeklySlot& slot) {
    return day_index(slot.weekday) * parts_per_day + static_cast<int>(slot.part());
}

// Distance from a point to an area in the working CRS: 0 inside it.
double distance_to(const OGRGeometry& area, const Point& p) {
    const OGRPoint point(p.x, p.y);
    return area.Distance(&point);
}

}  // namespace

std::vector<ScheduleRow> week_grid(const Study& study, const MeetingFilter& filter,
                                   std::optional<double> within_metres, const std::string& within_text) {
    const std::size_t towns = study.towns.size();
    std::vector<ScheduleRow> inside(towns + 1), near(towns + 1);
    const std::string study_label = study.name;
    for (std::size_t t = 0; t <= towns; ++t) {
        inside[t].area = near[t].area = t < towns ? study.towns[t].name : study_label;
        inside[t].scope = "inside";
        near[t].scope = "within " + within_text;
    }
    for (const auto& m : study.meetings) {
        if (!m.at || !filter.accepts(m)) continue;
        std::vector<bool> in_town(towns, false), near_town(towns, false);
        bool in_study = false, near_study = false;
        double nearest = -1;
        for (std::size_t t = 0; t < towns; ++t) {
            const auto& geometry = study.towns[t].geometry;
            if (!geometry) continue;
            const double d = distance_to(*geometry, *m.at);
            in_town[t] = d == 0;
            near_town[t] = within_metres && d <= *within_metres;
            if (nearest < 0 || d < nearest) nearest = d;
        }
        // The study as a whole: its boundary when the manifest names one, else the union of its towns.
        if (study.boundary && study.boundary->geometry) {
            const double d = distance_to(*study.boundary->geometry, *m.at);
            in_study = d == 0;
            near_study = within_metres && d <= *within_metres;
        } else if (nearest >= 0) {
            in_study = nearest == 0;
            near_study = within_metres && nearest <= *within_metres;
        }
        for (const auto& slot : m.slots) {
            // With --when, only the slots that lie in the window fill the grid.
            if (filter.window && !slot_within(slot, *filter.window)) continue;
            const int c = cell_of(slot);
            for (std::size_t t = 0; t < towns; ++t) {
                if (in_town[t]) ++inside[t].counts[static_cast<std::size_t>(c)];
                if (near_town[t]) ++near[t].counts[static_cast<std::size_t>(c)];
            }
            if (in_study) ++inside[towns].counts[static_cast<std::size_t>(c)];
            if (near_study) ++near[towns].counts[static_cast<std::size_t>(c)];
        }
    }
    std::vector<ScheduleRow> rows = inside;
    if (within_metres) rows.insert(rows.end(), near.begin(), near.end());
    return rows;
}

void ScheduleCommand::declare(CLI::App& app) {
    options_.meetings.declare(app);
    app.add_option("--within", options_.within,
                   "Also count meetings within this distance of each town's boundary, with its unit: 1mi, 5mi, 2km")
        ->type_name("DISTANCE");
}

void ScheduleCommand::validate() {
    const std::string& f = options_.meetings.fellowship;
    if (!f.empty() && !fellowship_from_text(f)) {
        throw ArgumentError("--fellowship " + f + ": not a fellowship roisc knows. Use AA, NA, CA, SMART, Al-Anon or "
                                                  "Other.");
    }
    if (!options_.within.empty()) {
        const Threshold t = parse_threshold(options_.within, "--within");
        if (!t.is_distance()) {
            throw ArgumentError("--within " + options_.within +
                                ": the schedule counts meetings by straight-line distance; give a distance such as "
                                "5mi or 2km.");
        }
    }
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

int ScheduleCommand::run(Context& context) {
    MeetingFilter filter = options_.meetings.filter();
    if (!filter.fellowship.empty()) filter.fellowship = to_string(*fellowship_from_text(filter.fellowship));
    std::optional<double> within;
    std::string within_text;
    if (!options_.within.empty()) {
        const Threshold t = parse_threshold(options_.within, "--within");
        within = t.metres();
        within_text = t.text;
    }
    const Manifest manifest = load_manifest(context.manifest_path());
    StudyNeeds needs;
    needs.meetings = true;
    const Study study = load_study(manifest, needs);
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
        for (const auto& note : study.notes) context.err << "note: " << note << "\n";
    }
    return 0;
}

}  // namespace roisc::cli
