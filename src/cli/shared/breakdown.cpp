#include "breakdown.hpp"

#include "names.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"
#include "roisc/render/chart.hpp"
#include "roisc/version.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace roisc::cli {

namespace {

std::string demand_sources(const Manifest& manifest) {
    std::string s;
    for (const LayerSpec* spec : manifest.with_role(Role::demand)) s += (s.empty() ? "" : ", ") + spec->source_as_written;
    return s.empty() ? "the demand layer" : s;
}

std::optional<long long> whole_number(const std::string& text) {
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(v) || std::floor(v) != v || std::fabs(v) > 1e15) {
        return std::nullopt;
    }
    return static_cast<long long>(v);
}

std::string fixed(double v, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    std::string s = buf;
    if (s == "-0.000" || s == "-0.0000") s = s.substr(1);
    return s;
}

std::string percent(double share) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * share);
    return buf;
}

std::string with_commas(long long n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

}  // namespace

namespace {

const BreakdownSpec* declared_breakdown(const BreakdownOptions& options, const Manifest& manifest) {
    if (options.by_imd_decile()) return nullptr;
    const std::string want = lower(options.field());
    for (const LayerSpec* spec : manifest.with_role(Role::demand)) {
        for (const auto& b : spec->breakdowns) {
            if (lower(b.name) == want) return &b;
        }
    }
    return nullptr;
}

}  // namespace

void add_breakdown_needs(const BreakdownOptions& options, const Manifest& manifest, StudyNeeds& needs) {
    if (!options.wanted()) return;
    if (const BreakdownSpec* b = declared_breakdown(options, manifest)) {
        needs.count_breakdown = b->name;
    } else {
        needs.hotspot_fields = {options.field()};
    }
}

HotspotGroups hotspot_groups(const BreakdownOptions& options, const Study& study, const Manifest& manifest) {
    HotspotGroups g;
    g.by = options.field();
    if (study.hotspot_attributes.empty() || study.hotspot_attributes.front() != g.by) {
        throw RuntimeFailure("the breakdown field '" + g.by + "' was not loaded with the study");
    }
    g.group_of.reserve(study.hotspots.size());
    if (options.by_imd_decile()) {
        for (int d = 1; d <= 10; ++d) g.names.push_back(std::to_string(d));
        for (const auto& h : study.hotspots) {
            const std::string& text = h.attributes.front();
            const auto d = whole_number(text);
            if (!d || *d < 1 || *d > 10) {
                throw DataError(demand_sources(manifest) + ", hotspot '" + h.id + "', field '" + g.by + "': '" + text +
                                "' is not an IMD decile. Fix: give every hotspot a whole number from 1 (most deprived "
                                "10 % of areas) to 10 (least deprived), e.g. the decile of the LSOA holding most of "
                                "its population (roisc demand model writes one).");
            }
            g.group_of.push_back(static_cast<std::size_t>(*d - 1));
        }
        return g;
    }
    // Any other field: its values, numbers in numeric order before text in text order.
    std::vector<std::string> values;
    for (const auto& h : study.hotspots) values.push_back(h.attributes.front().empty() ? "(empty)" : h.attributes.front());
    std::vector<std::string> names = values;
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        const auto na = whole_number(a), nb = whole_number(b);
        if (na && nb) return *na < *nb;
        if (na || nb) return static_cast<bool>(na);
        return a < b;
    });
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < names.size(); ++i) index[names[i]] = i;
    for (const auto& v : values) g.group_of.push_back(index.at(v));
    g.names = std::move(names);
    return g;
}

BreakdownReport report_breakdown(const BreakdownOptions& options, const Study& study, const Manifest& manifest,
                                 const std::vector<HotspotAccess>& access, const ProtectedDemand& demand) {
    BreakdownReport r;
    if (!study.count_breakdown.name.empty()) {
        std::vector<std::vector<long long>> cells;
        cells.reserve(study.hotspots.size());
        for (const auto& h : study.hotspots) cells.push_back(h.breakdown_counts);
        r.breakdown = break_down_counts(study.count_breakdown, cells, access, demand);
    } else {
        r.breakdown = break_down(hotspot_groups(options, study, manifest), access, demand);
    }
    if (options.by_imd_decile()) r.inequality = inequality_of(r.breakdown);  // deciles: most deprived first
    const DisclosurePolicy& policy = demand.policy();
    r.table = Table({{r.breakdown.by}, {"hotspots", Table::Align::right, true}, {"people", Table::Align::right, true},
                     {"reached", Table::Align::right, true}, {"not_reached", Table::Align::right, true},
                     {"share_reached", Table::Align::right}});
    auto add = [&](const GroupReach& g) {
        const auto share = g.share_reached();
        r.table.add_row({g.group, std::to_string(g.hotspots), g.people.text(policy), g.reached.text(policy),
                         g.not_reached.text(policy), share ? percent(*share) : ""});
    };
    for (const auto& g : r.breakdown.groups) add(g);
    GroupReach whole = r.breakdown.whole;
    whole.group = study.name;
    add(whole);
    return r;
}

std::vector<std::string> breakdown_notes(const BreakdownReport& report, const DisclosurePolicy& policy) {
    std::vector<std::string> notes;
    const bool counts = !report.breakdown.groups.empty() && report.breakdown.groups.back().group == not_broken_down;
    if (counts) {
        const GroupReach& rest = report.breakdown.groups.back();
        notes.push_back("\"" + std::string(not_broken_down) + "\": the people of " + std::to_string(rest.hotspots) +
                        " hotspot(s) whose " + report.breakdown.by + " counts are not published (a count of 1 to " +
                        std::to_string(policy.threshold - 1) + ", or a hidden total), counted by their published totals; "
                        "the rows add up to the total.");
    }
    if (!report.breakdown.whole.people.exact()) {
        notes.push_back("Shares are of the people in published cells: \"+" + policy.marker + "\" marks " +
                        std::to_string(report.breakdown.whole.people.hidden) +
                        " hotspot count(s) hidden by disclosure control and left out; a group with none published has no share.");
    }
    if (report.breakdown.by == imd_decile_field) {
        if (const auto& q = report.inequality) {
            std::string ci = q->ci_low ? "95% CI " + fixed(*q->ci_low, 3) + " to " + fixed(*q->ci_high, 3) : "no CI";
            notes.push_back("Concentration index of reach across IMD deciles: " + fixed(q->index, 3) + " (" + ci +
                            "; Kakwani et al. 1997, over " + with_commas(q->people) + " people in " +
                            std::to_string(q->groups) + " deciles; below 0: reach favours the more deprived).");
            notes.push_back("Share reached: most deprived fifth of the people " + percent(q->most_deprived_fifth) +
                            ", least deprived fifth " + percent(q->least_deprived_fifth) + ", gap " +
                            fixed(q->fifths_gap_points(), 1) + " points.");
        } else {
            notes.push_back("Concentration index: not computed (it needs published people in two deciles or more, "
                            "some of them reached).");
        }
    }
    return notes;
}

void add_breakdown_metadata(Metadata& metadata, const BreakdownReport& report) {
    // Before the version, which stays last.
    Metadata extra;
    extra.emplace_back("breakdown_by", report.breakdown.by);
    if (report.breakdown.by == imd_decile_field) {
        if (const auto& q = report.inequality) {
            extra.emplace_back("concentration_index", fixed(q->index, 4));
            extra.emplace_back("concentration_index_se", q->standard_error ? fixed(*q->standard_error, 4) : "");
            extra.emplace_back("concentration_index_ci95",
                               q->ci_low ? fixed(*q->ci_low, 4) + " to " + fixed(*q->ci_high, 4) : "");
            extra.emplace_back("concentration_index_method",
                               "C = (2/mu) sum f_t mu_t R_t - 1 over IMD deciles, most deprived first, from the published "
                               "cells (Kakwani, Wagstaff & van Doorslaer 1997; O'Donnell et al. 2008, ch. 8); 95% CI: "
                               "C +/- 1.96 SE, SE by Kakwani et al. (1997) for grouped data, people counted as independent");
            extra.emplace_back("concentration_index_people", std::to_string(q->people));
            extra.emplace_back("share_reached_most_deprived_fifth", fixed(q->most_deprived_fifth, 4));
            extra.emplace_back("share_reached_least_deprived_fifth", fixed(q->least_deprived_fifth, 4));
            extra.emplace_back("fifths_gap_points", fixed(q->fifths_gap_points(), 1));
        } else {
            extra.emplace_back("concentration_index", "");
        }
    }
    auto at = std::find_if(metadata.begin(), metadata.end(), [](const auto& kv) { return kv.first == "roisc_version"; });
    metadata.insert(at, extra.begin(), extra.end());
}

OutputLayer breakdown_layer(const BreakdownReport& report, const DisclosurePolicy& policy) {
    OutputLayer layer;
    layer.name = "reach_by_group";
    layer.title = "People reached and not reached by " + report.breakdown.by;
    layer.has_geometry = false;
    layer.fields = {{"by", OutputField::Type::text},
                    {"group", OutputField::Type::text},
                    {"hotspots", OutputField::Type::integer},
                    {"people", OutputField::Type::text},
                    {"reached", OutputField::Type::text},
                    {"not_reached", OutputField::Type::text},
                    {"people_published", OutputField::Type::integer},
                    {"reached_published", OutputField::Type::integer},
                    {"hidden_hotspots", OutputField::Type::integer},
                    {"share_reached", OutputField::Type::real}};
    auto add = [&](const GroupReach& g, const std::string& id) {
        OutputFeature f;
        f.id = id;
        const auto share = g.share_reached();
        f.values = {report.breakdown.by,
                    g.group,
                    static_cast<long long>(g.hotspots),
                    g.people.text(policy),
                    g.reached.text(policy),
                    g.not_reached.text(policy),
                    g.people.published,
                    g.reached.published,
                    static_cast<long long>(g.people.hidden),
                    share ? FieldValue{*share} : FieldValue{}};
        layer.features.push_back(std::move(f));
    };
    for (const auto& g : report.breakdown.groups) add(g, slug(report.breakdown.by + "-" + g.group));
    add(report.breakdown.whole, "all");
    return layer;
}

std::vector<std::string> write_breakdown_charts(const std::string& dir, const BreakdownReport& report,
                                                const DisclosurePolicy& policy, const std::string& title,
                                                const std::string& subtitle, const std::string& command_line,
                                                const BeforeAfter& compare) {
    render::ChartContent chart;
    chart.title = title;
    chart.subtitle = {subtitle};
    const bool deciles = report.breakdown.by == imd_decile_field;
    const bool counts = !report.breakdown.groups.empty() && report.breakdown.groups.back().group == not_broken_down;
    chart.axis_label = deciles  ? "IMD 2019 decile of the hotspot (1 = most deprived 10% of areas in England, 10 = least)"
                       : counts ? report.breakdown.by + " (\"" + not_broken_down + "\": hotspots whose " +
                                      report.breakdown.by + " counts are not published)"
                                : report.breakdown.by;
    for (const auto& g : report.breakdown.groups) {
        render::ChartBar b;
        b.label = g.group;
        b.share = g.share_reached();
        b.people = g.people.text(policy);
        b.partial = !g.people.exact() && b.share.has_value();
        b.empty = g.hotspots == 0;
        chart.bars.push_back(std::move(b));
    }
    chart.overall = report.breakdown.whole.share_reached();
    if (compare.before) {
        // The same groups in the same order: the grouping depends on the demand layer alone.
        const auto& before = compare.before->breakdown.groups;
        for (std::size_t i = 0; i < chart.bars.size() && i < before.size(); ++i) {
            chart.bars[i].before = before[i].share_reached();
            chart.bars[i].before_partial = !before[i].people.exact() && chart.bars[i].before.has_value();
        }
        chart.overall_before = compare.before->breakdown.whole.share_reached();
        chart.before_label = compare.before_label;
        chart.after_label = compare.after_label;
    }
    chart.notes.push_back(policy.summary() +
                          " Each share is of the people in published cells; \"*\" after a share: hidden counts are left "
                          "out of it; a hatched stub: no count in the group is published, so no share is shown.");
    for (const auto& n : breakdown_notes(report, policy)) {
        if (n.rfind("Shares are of", 0) != 0) chart.notes.push_back(n);
    }
    chart.credit = std::string("roisc ") + roisc::version + ": " + command_line;
    chart.description = title + ". " + subtitle;
    const auto page = render::Page::named("A4", 150);
    std::vector<std::string> files;
    for (const auto format : {render::MapFormat::png, render::MapFormat::svg, render::MapFormat::pdf}) {
        const std::string file = std::string("reach_by_group.") + render::extension(format);
        write_text(dir + "/" + file, render::render_chart(chart, format, *page).bytes);
        files.push_back(file);
    }
    return files;
}

void check_chart_output(const BreakdownOptions& options, bool no_files, bool to_database) {
    if (options.chart && (no_files || to_database)) {
        throw ArgumentError(std::string("--chart: the chart is a file (PNG, SVG, PDF); drop ") +
                            (no_files ? "--no-files" : "--out PG:…") + ", or drop --chart.");
    }
}

std::string grouping_title(const BreakdownReport& report) {
    return report.breakdown.by == imd_decile_field ? std::string("IMD decile") : report.breakdown.by;
}

}  // namespace roisc::cli
