#include "run.hpp"

#include "roisc/core/error.hpp"

#include <toml++/toml.h>

#include <filesystem>
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

// Options every command takes from the top level.
bool is_global(const std::string& key) { return key == "manifest" || key == "format" || key == "quiet"; }

std::string where(const std::string& path, const toml::source_region& r) { return path + ":" + std::to_string(r.begin.line); }

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

std::string scalar(const toml::node& node, const std::string& path, const std::string& key) {
    if (node.is_boolean()) {
        throw DataError(where(path, node.source()) + ": option '" + key + "': true/false cannot be a list item.");
    }
    if (auto s = node.value<std::string>()) return *s;
    if (auto i = node.value<int64_t>()) return std::to_string(*i);
    if (auto d = node.value<double>()) {
        std::ostringstream o;
        o << *d;
        return o.str();
    }
    throw DataError(where(path, node.source()) + ": option '" + key +
                    "' must be a string, a number, true/false, or an array of strings.");
}

}  // namespace

std::vector<std::string> query_arguments(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        throw ArgumentError("query file '" + path + "' not found. The saved queries are in queries/ (ls queries).");
    }
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw DataError(path + ":" + std::to_string(e.source().begin.line) + ": not valid TOML: " +
                        std::string(e.description()) + ". Fix the query file at that line.");
    }
    const toml::table* query = root["query"].as_table();
    const auto command = query ? (*query)["command"].value<std::string>() : std::nullopt;
    if (!command) {
        throw DataError(path + ": a query file needs [query] with command = \"gaps\" (or coverage, within, …).");
    }
    bool known = false;
    for (const auto& info : commands()) known = known || *command == info.name;
    if (!known || *command == "run") {
        std::string list;
        for (const auto& info : commands()) {
            if (std::string(info.name) != "run") list += (list.empty() ? "" : ", ") + std::string(info.name);
        }
        throw DataError(where(path, (*query)["command"].node()->source()) + ": unknown command '" + *command +
                        "'. Use one of: " + list + ".");
    }
    const auto names = option_names(*command);
    std::vector<std::string> globals, args{*command};
    const fs::path folder = fs::absolute(path).parent_path();
    bool has_name = false;
    if (const toml::table* options = root["options"].as_table()) {
        for (const auto& [k, node] : *options) {
            const std::string key(k.str());
            const bool global = is_global(key);
            if (!global && std::find(names.begin(), names.end(), key) == names.end()) {
                std::string list;
                for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
                throw DataError(where(path, k.source()) + ": '" + key + "' is not an option of roisc " + *command +
                                ". Its options: " + list + ", and manifest, format, quiet.");
            }
            if (key == "name") has_name = true;
            auto& target = global ? globals : args;
            if (node.is_boolean()) {
                if (node.as_boolean()->get()) target.push_back("--" + key);
                continue;
            }
            std::vector<std::string> values;
            if (const toml::array* arr = node.as_array()) {
                for (const auto& item : *arr) values.push_back(scalar(item, path, key));
            } else {
                values.push_back(scalar(node, path, key));
            }
            for (auto value : values) {
                // A manifest named in a query file is found beside the file, wherever it is run from.
                if (key == "manifest" && fs::path(value).is_relative()) value = (folder / value).lexically_normal().string();
                target.push_back("--" + key);
                target.push_back(value);
            }
        }
    }
    if (!has_name && std::find(names.begin(), names.end(), "name") != names.end()) {
        args.push_back("--name");
        args.push_back(fs::path(path).stem().string());
    }
    globals.insert(globals.end(), args.begin(), args.end());
    return globals;
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
