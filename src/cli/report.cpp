#include "report.hpp"

#include "options/results.hpp"
#include "shared/report_page.hpp"
#include "shared/study_map.hpp"

#include "roisc/core/error.hpp"
#include "roisc/io/output.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace roisc::cli {

namespace {

// The commands whose runs have a report.
bool has_report(const std::string& command) { return command == "gaps" || command == "coverage" || command == "rank"; }

struct SavedQuery {
    std::string command;
    std::string title;  // [query] title, when the file has one
};

// What the page needs to know of a query file before running it; a file that cannot be read is
// left to `roisc run`, which says what is wrong with it.
SavedQuery peek(const std::string& path) {
    SavedQuery q;
    try {
        const toml::table root = toml::parse_file(path);
        q.command = root["query"]["command"].value_or(std::string());
        q.title = root["query"]["title"].value_or(std::string());
    } catch (const toml::parse_error&) {
    }
    return q;
}

}  // namespace

void ReportCommand::declare(CLI::App& app) {
    app.add_option("queries", files_, "Saved queries (TOML) of gaps, coverage or rank, e.g. queries/sandwell_na_gap.toml")
        ->required()
        ->type_name("QUERY.toml…");
    app.add_option("-o,--out", out_, "Folder for report.html and each query's files (default: outputs/<name>)")->type_name("DIR");
    app.add_option("--name", name_, "Name of the report, used for the default folder (default: report)")->type_name("NAME");
    app.add_option("--title", title_, "The page's heading (default: the query's title, or \"Report\" for several)")
        ->type_name("TEXT");
    report_.report = true;
    report_.declare_tiles(app, "the maps");
}

void ReportCommand::validate() {
    if (is_database(out_)) {
        throw ArgumentError("--out: roisc report writes a page into a folder, not a database. Give --out DIR.");
    }
    std::vector<std::string> stems;
    for (const auto& f : files_) {
        std::error_code ec;
        if (!fs::exists(f, ec)) {
            throw ArgumentError("query file '" + f + "' not found. The saved queries are in queries/ (ls queries).");
        }
        const SavedQuery q = peek(f);
        if (!q.command.empty() && !has_report(q.command)) {
            throw ArgumentError(f + ": a " + q.command + " query has no report; roisc report gathers gaps, coverage and rank "
                                "queries.");
        }
        const std::string stem = fs::path(f).stem().string();
        if (std::find(stems.begin(), stems.end(), stem) != stems.end()) {
            throw ArgumentError("two queries are named " + stem + ": each query's files go in a folder named after it. "
                                "Rename one, or give each query once.");
        }
        stems.push_back(stem);
    }
}

int ReportCommand::run(Context& context) {
    validate();
    const LeafletAssets leaflet = load_leaflet(leaflet_dir());
    const std::string dir = out_.empty() ? (fs::path("outputs") / (name_.empty() ? "report" : name_)).string() : out_;
    ReportPage page;
    page.tiles = report_.tiles;
    page.attribution = map_attribution;
    {
        ReportGathering gathering;
        for (const auto& file : files_) {
            const SavedQuery q = peek(file);
            const std::string query_dir = (fs::path(dir) / fs::path(file).stem()).string();
            std::vector<std::string> args{"roisc"};
            if (!context.global.manifest.empty()) args.insert(args.end(), {"--manifest", context.global.manifest});
            if (context.global.format != "table") args.insert(args.end(), {"--format", context.global.format});
            if (context.global.quiet) args.push_back("--quiet");
            if (context.global.strict) args.push_back("--strict");
            args.insert(args.end(), {"run", file, "--report", "--out", query_dir});
            std::vector<const char*> argv;
            for (const auto& a : args) argv.push_back(a.c_str());
            const std::size_t before = gathering.sections.size();
            const int code = run_cli(static_cast<int>(argv.size()), argv.data(), context.out, context.err);
            if (code != 0) return code;
            if (gathering.sections.size() != before + 1) {
                throw ArgumentError(file + ": its run wrote no report (is it a gaps, coverage or rank query?).");
            }
            if (!q.title.empty()) gathering.sections.back().title = q.title;
        }
        page.sections = std::move(gathering.sections);
    }
    page.title = !title_.empty() ? title_ : page.sections.size() == 1 ? page.sections.front().title : "Report";
    write_report(dir + "/report.html", page, leaflet);
    if (!context.global.quiet) {
        context.err << "wrote " << shown_path(dir) << "/report.html: " << page.sections.size()
                    << (page.sections.size() == 1 ? " query" : " queries") << ", each with its files in "
                    << shown_path(dir) << "/<query name>/\n";
    }
    return 0;
}

}  // namespace roisc::cli
