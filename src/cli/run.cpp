#include "run.hpp"

#include "roisc/core/error.hpp"

#include "shared/query_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace roisc::cli {

void RunCommand::declare(CLI::App& app) {
    app.add_option("file", file_, "A saved query (TOML), e.g. queries/sandwell_na_gap.toml")->required()->type_name("FILE");
    app.add_flag("--show", show_, "Print the equivalent command line on stderr before running");
    app.add_option("-o,--out", out_, "Write the result files here instead of outputs/<query name>")->type_name("DIR");
    app.add_flag("--report", report_, "Also write report.html (gaps, coverage, rank): the shareable page, see docs/report.md");
}

namespace {

// Option names a command declares, without dashes: "fellowship", "within", …
std::vector<std::string> option_names(const std::string& command) {
    CLI::App app;
    for (const auto& info : commands()) {
        if (command != info.name) continue;
        auto c = info.make();
        c->declare(app);
    }
    std::vector<std::string> names;
    for (const CLI::Option* o : app.get_options()) {
        for (const auto& n : o->get_lnames()) names.push_back(n);
        if (o->get_positional()) names.push_back(o->get_name(true, false));
    }
    return names;
}

}  // namespace

std::vector<std::string> query_arguments(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        throw ArgumentError("query file '" + path + "' not found. The saved queries are in queries/ (ls queries).");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ArgumentError("query file '" + path + "' cannot be read: check its permissions.");
    std::ostringstream text;
    text << in.rdbuf();
    QueryCommands known;
    for (const auto& info : commands()) known.names.emplace_back(info.name);
    known.options_of = option_names;
    return query_arguments_text(text.str(), path, known);
}

int RunCommand::run(Context& context) {
    const auto args = query_arguments(file_);
    std::vector<const char*> argv{"roisc"};
    if (!context.global.manifest.empty() &&
        std::find(args.begin(), args.end(), "--manifest") == args.end()) {
        argv.push_back("--manifest");
        argv.push_back(context.global.manifest.c_str());
    }
    if (context.global.format != "table" && std::find(args.begin(), args.end(), "--format") == args.end()) {
        argv.push_back("--format");
        argv.push_back(context.global.format.c_str());
    }
    if (context.global.quiet) argv.push_back("--quiet");
    for (const auto& a : args) argv.push_back(a.c_str());
    if (report_ && std::find(args.begin(), args.end(), "--report") == args.end()) argv.push_back("--report");
    if (!out_.empty()) {
        argv.push_back("--out");
        argv.push_back(out_.c_str());
    }
    if (show_ || !context.global.quiet) {
        std::string line;
        for (const char* a : argv) {
            const std::string s = a;
            line += (line.empty() ? "" : " ") + (s.find(' ') == std::string::npos ? s : "\"" + s + "\"");
        }
        context.err << "running " << file_ << ": " << line << "\n";
    }
    return run_cli(static_cast<int>(argv.size()), argv.data(), context.out, context.err);
}

}  // namespace roisc::cli
