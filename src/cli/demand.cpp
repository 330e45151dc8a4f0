#include "demand.hpp"

#include "options/results.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"
#include "roisc/engine/demand_model.hpp"
#include "roisc/io/model_inputs.hpp"
#include "roisc/io/output.hpp"
#include "roisc/version.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace roisc::cli {

namespace {

// "opiate=47,alcohol_only=53" -> cohorts and shares, in the order given.
std::vector<std::pair<std::string, double>> parse_cohorts(const std::string& text) {
    std::vector<std::pair<std::string, double>> out;
    std::stringstream s(text);
    std::string part;
    while (std::getline(s, part, ',')) {
        const auto eq = part.find('=');
        const std::string name = trim(part.substr(0, eq));
        const std::string share = eq == std::string::npos ? "" : trim(part.substr(eq + 1));
        char* end = nullptr;
        const double v = std::strtod(share.c_str(), &end);
        if (name.empty() || share.empty() || end != share.c_str() + share.size()) {
            throw ArgumentError("--cohorts '" + text + "': write NAME=PERCENT,… (e.g. opiate=47,non_opiate=11,"
                                "alcohol_only=29,non_opiate_and_alcohol=13), the percentages adding up to 100.");
        }
        out.emplace_back(name, v);
    }
    return out;
}

std::string percent_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g%%", v);
    return buf;
}

}  // namespace

void DemandCommand::declare(CLI::App& app) {
    app.require_subcommand(1);
    model_app_ = app.add_subcommand(
        "model",
        "Share a stated number of people in treatment out over small areas (LSOAs) by population and deprivation: "
        "a modelled demand layer, labelled modelled in its own fields");
    model_app_->fallthrough();
    model_app_->add_option("--population", model_.population,
                           "The small areas (LSOA polygons or points, any OGR format) with their population")
        ->required()
        ->type_name("LAYER");
    model_app_->add_option("--deprivation", model_.deprivation,
                           "The areas' IMD deciles by area code (a table or layer, e.g. the IMD 2019 CSV)")
        ->required()
        ->type_name("TABLE");
    auto* total = model_app_->add_option("--total", model_.total, "People in treatment to share out")
                      ->type_name("N")
                      ->check([](const std::string& text) -> std::string {
                          // CLI11 alone says "Could not convert" for 1e18 or 2.5: say what a total is.
                          long long v = 0;
                          const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
                          if (ec == std::errc() && end == text.data() + text.size()) return "";  // its range: the query's
                          if (ec == std::errc::result_out_of_range) {
                              return "'" + text + "' is more than roisc counts in one place (" + std::to_string(max_people_count) + ")";
                          }
                          return "'" + text + "' is not a whole number of people: give digits, such as 1200";
                      });
    auto* rate = model_app_->add_option("--rate", model_.rate,
                                        "Or: people in treatment per 1,000 residents (the total is the rate times the "
                                        "areas' population, rounded)")
                     ->type_name("PER_1000");
    total->excludes(rate);
    model_app_->add_option("--cohorts", model_.cohorts,
                           "Cohorts and their percentages of the total (default opiate=47,non_opiate=11,"
                           "alcohol_only=29,non_opiate_and_alcohol=13)")
        ->type_name("NAME=PCT,…");
    model_app_->add_option("--area-field", model_.area_field,
                           "The area code field of --population (default: lsoa11cd, lsoa21cd, lsoa_code or code)")
        ->type_name("FIELD");
    model_app_->add_option("--population-field", model_.population_field,
                           "The population field (default: population, population_mid2022 or pop)")
        ->type_name("FIELD");
    model_app_->add_option("--deprivation-area-field", model_.deprivation_area_field,
                           "The area code field of --deprivation (default as --area-field)")
        ->type_name("FIELD");
    model_app_->add_option("--decile-field", model_.decile_field, "The IMD decile field (default imd_decile)")
        ->type_name("FIELD");
    model_app_->add_option("-o,--out", model_.out,
                           "A folder (modelled_demand.geojson and .gpkg are written in it), or a .geojson file (the "
                           ".gpkg is written beside it)")
        ->required()
        ->type_name("DIR_OR_FILE");
    option_for("the total", "--total");
    option_for("the cohort shares", "--cohorts");
    option_for("the areas", "--population");
}

void DemandCommand::validate() {
    if (!model_app_ || !model_app_->parsed()) return;
    if (!model_.total && !model_.rate) {
        throw ArgumentError("demand model: say how many people to share out: --total N, or --rate PER_1000.");
    }
    if (model_.rate && (!(*model_.rate > 0) || !std::isfinite(*model_.rate) || *model_.rate > 1000)) {
        throw ArgumentError("--rate: a rate per 1,000 residents, more than 0 and at most 1000.");
    }
    const std::string ext = lower(std::filesystem::path(model_.out).extension().string());
    if (!ext.empty() && ext != ".geojson") {
        throw ArgumentError("--out " + model_.out + ": give a folder, or a .geojson file (a .gpkg is written beside it).");
    }
}

int DemandCommand::run(Context& context) {
    if (!model_app_ || !model_app_->parsed()) throw ArgumentError("roisc demand: say what to make: model.");
    ModelSources sources{model_.population, model_.area_field, model_.population_field, model_.deprivation,
                         model_.deprivation_area_field, model_.decile_field};
    const std::vector<SmallArea> read = read_model_areas(sources);

    DemandModelQuery q;
    double residents = 0;
    for (const auto& a : read) {
        q.areas.push_back({a.id, a.population, a.imd_decile, a.at});
        residents += a.population;
    }
    if (!model_.cohorts.empty()) q.cohorts = parse_cohorts(model_.cohorts);
    q.total = model_.total ? *model_.total : std::llround(*model_.rate * residents / 1000.0);
    if (model_.rate && q.total < 1) {
        std::ostringstream rate;
        rate << *model_.rate;
        throw ArgumentError("--rate " + rate.str() + ": gives no one in treatment among " +
                            std::to_string(std::llround(residents)) + " residents. Fix: a higher rate, or --total N.");
    }
    const DemandModel model = model_demand(q);

    std::string shares;
    for (const auto& [name, share] : q.cohorts) shares += (shares.empty() ? "" : ", ") + name + " " + percent_text(share);
    char how_many[96];
    if (model_.rate) {
        std::snprintf(how_many, sizeof how_many, "%lld people in treatment (%g per 1,000 of %.0f residents)", q.total,
                      *model_.rate, residents);
    } else {
        std::snprintf(how_many, sizeof how_many, "%lld people in treatment", q.total);
    }
    const std::string method = std::string("modelled: ") + how_many + " x cohort shares " + shares +
                               "; allocated by area population x (1 + 0.25 x (10 - IMD decile)); largest-remainder "
                               "rounding; not real data";

    OutputLayer layer;
    layer.name = "modelled_demand";
    layer.title = "MODELLED demand by small area: " + std::string(how_many) + ", not real data";
    layer.style = LayerStyle::hotspots;
    layer.size_field = "total";
    layer.label_field = "area";
    layer.fields = {{"area", OutputField::Type::text}};
    for (const auto& c : model.cohorts) layer.fields.push_back({c, OutputField::Type::integer});
    layer.fields.insert(layer.fields.end(), {{"total", OutputField::Type::integer},
                                             {"population", OutputField::Type::real},
                                             {"imd_decile", OutputField::Type::integer},
                                             {"deprivation", OutputField::Type::real},
                                             {"modelled", OutputField::Type::boolean},
                                             {"method", OutputField::Type::text}});
    for (const auto& m : model.areas) {
        OutputFeature f;
        f.id = m.area->id;
        f.geometry = std::make_shared<OGRPoint>(m.area->at.x, m.area->at.y);
        f.values.push_back(m.area->id);
        for (long long c : m.counts) f.values.push_back(c);
        f.values.push_back(m.total);
        f.values.push_back(m.area->population);
        f.values.push_back(static_cast<long long>(m.area->imd_decile));
        f.values.push_back(m.weight);
        f.values.push_back(static_cast<long long>(1));
        f.values.push_back(method);
        layer.features.push_back(std::move(f));
    }
    // The command line as typed for the nested command (the shared one names `demand` alone).
    std::string query = "roisc demand model";
    for (const CLI::Option* o : model_app_->get_options()) {
        const std::string name = o->get_lnames().empty() ? "" : o->get_lnames().front();
        if (o->count() == 0 || name == "help" || name == "out") continue;
        for (const auto& r : o->results()) query += " --" + name + " " + r;
    }
    Metadata meta;
    meta.emplace_back("query", query);
    meta.emplace_back("modelled", "true: a model from population and deprivation, not counts of people in treatment");
    meta.emplace_back("method", method);
    meta.emplace_back("sources", model_.population + "; " + model_.deprivation);
    meta.emplace_back("roisc_version", roisc::version);
    const WorkingCrs lonlat{"EPSG:4326", "WGS 84", "the inputs' longitude/latitude", {}};
    namespace fs = std::filesystem;
    const bool to_file = !fs::path(model_.out).extension().empty();
    const fs::path geojson = to_file ? fs::path(model_.out) : fs::path(model_.out) / "modelled_demand.geojson";
    if (!to_file) result_folder(model_.out);  // the layer, its GeoPackage and metadata replace the folder's earlier set together
    fs::path gpkg = geojson;
    gpkg.replace_extension(".gpkg");
    write_geojson(geojson.string(), layer, lonlat, meta);
    write_geopackage(gpkg.string(), {&layer}, lonlat, meta);
    // A folder is a result folder like any command's: the metadata beside the layer.
    if (!to_file) write_text((fs::path(model_.out) / "metadata.json").string(), metadata_json(meta));

    std::string cohorts_toml;
    for (const auto& c : model.cohorts) cohorts_toml += (cohorts_toml.empty() ? "\"" : ", \"") + c + "\"";
    if (!context.global.quiet) {
        context.err << "wrote " << shown_path(geojson.string()) << " and .gpkg: " << model.areas.size() << " areas, " << model.total
                    << " people (modelled): ";
        for (std::size_t c = 0; c < model.cohorts.size(); ++c) {
            context.err << (c ? ", " : "") << model.cohorts[c] << " " << model.cohort_totals[c];
        }
        context.err << ".\nUse it as the demand layer of a manifest:\n\n"
                    << "[layers.demand]\ndescription = \"MODELLED demand: " << how_many << " by population and IMD\"\n"
                    << "role = \"demand\"\nsource = \"" << geojson.filename().string()
                    << "\"\ncohorts = [" << cohorts_toml << "]\nfields = { id = \"area\" }\n";
    }
    return 0;
}

}  // namespace roisc::cli
