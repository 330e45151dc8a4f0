#include "query_file.hpp"

#include "roisc/core/error.hpp"
#include "roisc/core/text.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;

namespace roisc::cli {

namespace {

// Options every command takes from the top level.
bool is_global(const std::string& key) { return key == "manifest" || key == "format" || key == "quiet"; }

std::string where(const std::string& path, const toml::source_region& r) { return path + ":" + std::to_string(r.begin.line); }

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

std::vector<std::string> query_arguments_text(const std::string& text, const std::string& path,
                                              const QueryCommands& commands) {
    if (const std::string problem = toml_text_problem(text); !problem.empty()) {
        throw DataError(path + ": " + problem + ". Fix the query file there.");
    }
    toml::table root;
    try {
        root = toml::parse(text, path);
    } catch (const toml::parse_error& e) {
        throw DataError(path + ":" + std::to_string(e.source().begin.line) + ": not valid TOML: " +
                        std::string(e.description()) + ". Fix the query file at that line.");
    }
    const toml::table* query = root["query"].as_table();
    const auto command = query ? (*query)["command"].value<std::string>() : std::nullopt;
    if (!command) {
        throw DataError(path + ": a query file needs [query] with command = \"gaps\" (or coverage, within, …).");
    }
    const bool known = std::find(commands.names.begin(), commands.names.end(), *command) != commands.names.end();
    if (!known || *command == "run") {
        std::string list;
        for (const auto& name : commands.names) {
            if (name != "run") list += (list.empty() ? "" : ", ") + name;
        }
        throw DataError(where(path, (*query)["command"].node()->source()) + ": unknown command '" + *command +
                        "'. Use one of: " + list + ".");
    }
    const auto names = commands.options_of(*command);
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

}  // namespace roisc::cli
