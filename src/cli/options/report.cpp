#include "report.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/report.hpp"

namespace roisc::cli {

void ReportOptions::declare(CLI::App& app) {
    app.add_flag("--report", report,
                 "Also write report.html: one self-contained page (interactive map, tables, method) that works "
                 "offline and loads nothing from the network");
    declare_tiles(app, "the report's map");
}

void ReportOptions::declare_tiles(CLI::App& app, const std::string& where) {
    app.add_option("--tiles", tiles,
                   "Add a basemap to " + where + " from this tile server (the page then loads tiles from it): "
                   "https://host/{z}/{x}/{y}.png")
        ->type_name("URL_TEMPLATE")
        ->check([](const std::string& url) {
            try {
                tile_origin(url);
            } catch (const ArgumentError& e) {
                std::string m = e.what();
                return m.substr(m.find(": ") + 2);  // CLI11 names the option itself
            }
            return std::string();
        });
}

void ReportOptions::check(const ResultOptions& results) const {
    if (!tiles.empty() && !report) {
        throw ArgumentError("--tiles adds a basemap to the report's map: give --report too, or drop --tiles.");
    }
    if (report && (results.no_files || results.to_database())) {
        throw ArgumentError("--report writes report.html into the output folder: it cannot go with --no-files or a PG: "
                            "database. Drop --report, or give --out DIR.");
    }
}

}  // namespace roisc::cli
