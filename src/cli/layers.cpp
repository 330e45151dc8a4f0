#include "layers.hpp"

#include "roisc/io/study_loader.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/count_columns.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/study_loader.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <sstream>

namespace fs = std::filesystem;

namespace roisc::cli {

void LayersCommand::declare(CLI::App& app) {
    app.add_flag("--check", options_.check, "Exit with code 3 when any layer is unusable");
    app.add_option("names", options_.names, "Only these layers (default: all)")->type_name("LAYER");
}

void LayersCommand::validate() {}

namespace {

std::string display_path(const Layer& layer) {
    if (!layer.spec.is_file()) return layer.spec.source_as_written;
    std::error_code ec;
    const fs::path rel = fs::relative(layer.spec.source, fs::current_path(), ec);
    if (!ec && !rel.empty() && rel.string().size() < layer.spec.source.size()) return rel.string();
    return layer.spec.source;
}

std::string fixed(double v, int decimals) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << v;
    return s.str();
}

std::string status(const Layer& layer) {
    const int e = layer.error_count(), w = layer.warning_count();
    if (e == 0 && w == 0) return "ok";
    std::string s;
    if (e) s += std::to_string(e) + (e == 1 ? " error" : " errors");
    if (w) s += std::string(s.empty() ? "" : ", ") + std::to_string(w) + (w == 1 ? " warning" : " warnings");
    return s;
}

std::string field_list(const Layer& layer) {
    std::string s;
    for (std::size_t i = 0; i < layer.field_names.size(); ++i) {
        s += (i ? ", " : "") + layer.field_names[i] + " (" + layer.field_types[i] + ")";
    }
    return s.empty() ? "none" : s;
}

std::string mapping(const Layer& layer) {
    std::string s;
    auto add = [&](const std::string& logical) {
        if (layer.field_index(logical) < 0) return;
        s += (s.empty() ? "" : ", ") + logical + " <- " + layer.spec.source_field(logical);
    };
    for (const auto& f : schema_for(layer.spec.role).fields) add(f.name);
    for (const auto& c : layer.spec.cohorts) add(c);
    for (const auto& b : layer.spec.breakdowns) {
        std::string columns;
        for (const auto& c : b.columns) {
            const int i = find_count_column(layer.field_names, b.name, c, layer.spec.source_as_written);
            columns += (columns.empty() ? "" : ", ") + c + " <- " +
                       (i < 0 ? std::string("(missing)") : layer.field_names[static_cast<std::size_t>(i)]);
        }
        s += (s.empty() ? "" : "; ") + std::string("breakdown ") + b.name + ": " + columns;
    }
    return s.empty() ? "none" : s;
}

std::string extent_text(const Layer& layer) {
    if (layer.extent.empty) return "none";
    return fixed(layer.extent.min_x, 0) + " " + fixed(layer.extent.min_y, 0) + " " + fixed(layer.extent.max_x, 0) +
           " " + fixed(layer.extent.max_y, 0);
}

std::string one_line(const Problem& p) {
    std::string s = p.where;
    if (!p.field.empty()) s += (s.empty() ? "" : ", ") + std::string("field '") + p.field + "'";
    s += (s.empty() ? "" : ": ") + p.message;
    if (!p.fix.empty()) s += " Fix: " + p.fix;
    return s;
}

// Features read, located demand rows included (they are kept apart from `features`).
std::size_t feature_count(const Layer& l) { return l.features.size() + l.demand_rows.size(); }

}  // namespace

int LayersCommand::run(Context& context) {
    const Manifest manifest = load_manifest(context.manifest_path());
    for (const auto& name : options_.names) {
        if (!manifest.find(name)) {
            std::string known;
            for (const auto& l : manifest.layers) known += (known.empty() ? "" : ", ") + l.name;
            throw ArgumentError("no layer named '" + name + "' in " + manifest.path + " (it has: " + known + ").");
        }
    }
    const bool strict = context.global.strict;
    if (strict && !options_.check) throw ArgumentError("--strict only makes sense with --check.");
    if (!context.global.quiet) context.err << "reading " << manifest.layers.size() << " layers from " << manifest.path << "\n";
    // Demand rows read as the commands read them (a national table in seconds, not a feature object
    // a row), unless a declared breakdown is to be checked: that reads every feature's fields.
    const bool breakdowns = std::any_of(manifest.layers.begin(), manifest.layers.end(),
                                        [](const LayerSpec& l) { return l.role == Role::demand && !l.breakdowns.empty(); });
    LoadedLayers loaded = read_layers(manifest, breakdowns ? Keep::features : Keep::demand_rows);
    for (auto& l : loaded.layers) {
        if (l.spec.role != Role::demand) continue;
        if (auto problem = missing_demand_counts(l)) l.problems.push_back(std::move(*problem));
    }
    std::vector<const Layer*> shown;
    for (const auto& l : loaded.layers) {
        if (options_.names.empty() ||
            std::find(options_.names.begin(), options_.names.end(), l.spec.name) != options_.names.end()) {
            shown.push_back(&l);
        }
    }

    const TableFormat format = context.format();
    if (format == TableFormat::json) {
        nlohmann::ordered_json doc;
        doc["manifest"] = manifest.path;
        doc["study"] = manifest.study_name;
        doc["working_crs"] = {{"code", loaded.crs.code}, {"name", loaded.crs.name}, {"reason", loaded.crs.reason}};
        doc["layers"] = nlohmann::ordered_json::array();
        for (const Layer* l : shown) {
            nlohmann::ordered_json j;
            j["name"] = l->spec.name;
            j["role"] = to_string(l->spec.role);
            if (!l->spec.level.empty()) j["level"] = l->spec.level;
            j["source"] = display_path(*l);
            j["driver"] = l->driver;
            j["features"] = feature_count(*l);
            j["without_geometry"] = l->without_geometry;
            j["source_crs"] = l->source_crs;
            if (l->extent.empty) j["extent"] = nullptr;
            else j["extent"] = {l->extent.min_x, l->extent.min_y, l->extent.max_x, l->extent.max_y};
            j["fields"] = nlohmann::ordered_json::array();
            for (std::size_t i = 0; i < l->field_names.size(); ++i) {
                j["fields"].push_back({{"name", l->field_names[i]}, {"type", l->field_types[i]}});
            }
            j["repaired"] = l->repaired;
            j["usable"] = l->usable();
            j["problems"] = nlohmann::ordered_json::array();
            for (const auto& p : l->problems) {
                j["problems"].push_back({{"severity", p.severity == Problem::Severity::error ? "error" : "warning"},
                                         {"code", p.code}, {"where", p.where}, {"field", p.field},
                                         {"message", p.message}, {"fix", p.fix}});
            }
            doc["layers"].push_back(std::move(j));
        }
        context.out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    } else {
        Table summary({{"layer"}, {"role"}, {"level"}, {"features", Table::Align::right, true}, {"source CRS"},
                       {"status"}, {"source"}});
        for (const Layer* l : shown) {
            summary.add_row({l->spec.name, to_string(l->spec.role), l->spec.level, std::to_string(feature_count(*l)),
                             l->source_crs, status(*l), display_path(*l)});
        }
        if (format == TableFormat::csv) {
            Table wide({{"layer"}, {"role"}, {"level"}, {"features", Table::Align::right, true}, {"source_crs"},
                        {"errors", Table::Align::right, true}, {"warnings", Table::Align::right, true},
                        {"repaired", Table::Align::right, true}, {"source"}, {"driver"}, {"min_x"}, {"min_y"},
                        {"max_x"}, {"max_y"}, {"fields"}, {"problems"}});
            for (const Layer* l : shown) {
                std::string problems;
                for (const auto& p : l->problems) problems += (problems.empty() ? "" : " | ") + one_line(p);
                std::string fields;
                for (const auto& n : l->field_names) fields += (fields.empty() ? "" : ";") + n;
                const bool e = l->extent.empty;
                wide.add_row({l->spec.name, to_string(l->spec.role), l->spec.level, std::to_string(feature_count(*l)),
                              l->source_crs, std::to_string(l->error_count()), std::to_string(l->warning_count()),
                              std::to_string(l->repaired), display_path(*l), l->driver,
                              e ? "" : fixed(l->extent.min_x, 1), e ? "" : fixed(l->extent.min_y, 1),
                              e ? "" : fixed(l->extent.max_x, 1), e ? "" : fixed(l->extent.max_y, 1), fields, problems});
            }
            wide.print_csv(context.out);
        } else {
            auto& out = context.out;
            out << (manifest.study_name.empty() ? std::string("Layers") : manifest.study_name) << ": "
                << manifest.path << "\n";
            out << "working CRS " << loaded.crs.code << " (" << loaded.crs.name << "), " << loaded.crs.reason << "\n\n";
            summary.print_aligned(out);
            for (const Layer* l : shown) {
                out << "\n" << l->spec.name << " (" << to_string(l->spec.role)
                    << (l->spec.level.empty() ? "" : ", " + l->spec.level) << ")"
                    << (l->driver.empty() ? "" : ", " + l->driver) << "\n";
                out << "  features:  " << feature_count(*l);
                if (l->without_geometry) out << " (" << l->without_geometry << " without location)";
                if (l->repaired) out << " (" << l->repaired << " geometries repaired)";
                out << "\n";
                out << "  extent:    " << extent_text(*l) << (l->extent.empty ? "" : " (" + loaded.crs.code + ")") << "\n";
                out << "  fields:    " << field_list(*l) << "\n";
                out << "  mapping:   " << mapping(*l) << "\n";
                if (l->problems.empty()) {
                    out << "  problems:  none\n";
                } else {
                    out << "  problems:\n";
                    for (const auto& p : l->problems) {
                        out << "    " << (p.severity == Problem::Severity::error ? "error: " : "warning: ") << one_line(p)
                            << "\n";
                    }
                }
            }
        }
    }

    int unusable = 0, warned = 0;
    for (const Layer* l : shown) {
        if (!l->usable()) ++unusable;
        if (l->warning_count()) ++warned;
    }
    if (options_.check) {
        for (const Layer* l : shown) {
            for (const auto& p : l->problems) {
                if (p.severity == Problem::Severity::error || strict) context.err << describe(*l, p) << "\n";
            }
        }
        // The records every analysis would leave out, each named: the study as the commands build it.
        std::size_t left_out = 0;
        if (!unusable && options_.names.empty()) {
            StudyNeeds needs;
            needs.hotspots = !loaded.with_role(Role::demand).empty();
            needs.meetings = !loaded.with_role(Role::meetings).empty();
            needs.venues = !loaded.with_role(Role::venues).empty();
            needs.assets = !loaded.with_role(Role::assets).empty();
            needs.stops = !loaded.with_role(Role::stops).empty();
            try {
                const Study study = build_study(manifest, loaded, needs);
                left_out = study.left_out.size();
                for (const auto& r : study.left_out) context.err << "left out: " << r.text() << "\n";
                if (!context.global.quiet) {
                    for (const auto& n : study.notes) context.err << "note: " << n << "\n";
                }
                // Each declared breakdown (`--by sex`): its columns there, whole counts, adding up to the cohorts.
                std::set<std::string> breakdowns;
                for (const Layer* d : loaded.with_role(Role::demand)) {
                    for (const auto& b : d->spec.breakdowns) breakdowns.insert(b.name);
                }
                for (const auto& b : breakdowns) {
                    needs.count_breakdown = b;
                    (void)build_study(manifest, loaded, needs);
                }
            } catch (const DataError& e) {
                context.err << "error: " << e.what() << "\n";
                ++unusable;
            }
        }
        if (unusable || (strict && (warned || left_out))) {
            context.err << "roisc layers --check: " << unusable << " of " << shown.size() << " layers unusable";
            if (strict) context.err << ", " << warned << " with warnings, " << left_out << " record(s) left out (--strict)";
            context.err << ".\n";
            return static_cast<int>(ExitCode::data);
        }
        if (left_out && !context.global.quiet) {
            context.err << "roisc layers --check: " << left_out
                        << " record(s) would be left out of analyses or counted otherwise (listed above; --strict "
                           "makes this an error).\n";
        }
        if (!context.global.quiet) context.err << "roisc layers --check: all " << shown.size() << " layers usable.\n";
    }
    return 0;
}

}  // namespace roisc::cli
