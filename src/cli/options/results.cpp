#include "results.hpp"

#include "../shared/left_out.hpp"
#include "roisc/version.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <filesystem>

namespace fs = std::filesystem;

namespace roisc::cli {

void ResultOptions::declare(CLI::App& app) {
    app.add_option("-o,--out", out,
                   "Folder for the result files (default: outputs/<name>), or a PostGIS connection string "
                   "(PG:host=… dbname=…) to write tables")
        ->type_name("DIR|PG:…");
    app.add_option("--name", name, "Name of the result, used for the default folder")->type_name("NAME");
    app.add_flag("--no-files", no_files, "Print the table only; write no files");
}

bool ResultOptions::to_database() const { return is_database(out); }

std::string ResultOptions::table_prefix(const std::string& default_name) const {
    std::string p = name.empty() ? default_name : name;
    for (auto& c : p) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return p;
}

std::string ResultOptions::open_folder(const std::string& default_name) const {
    const std::string folder = out.empty() ? (fs::path("outputs") / (name.empty() ? default_name : name)).string() : out;
    result_folder(folder);
    return folder;
}


std::string shown_path(const std::string& path) {
    std::error_code ec;
    const fs::path rel = fs::relative(path, fs::current_path(), ec);
    if (!ec && !rel.empty() && rel.string().size() <= path.size()) return rel.string();
    return path;
}

Metadata run_metadata(const Context& context, const Manifest& manifest, const Study& study, const std::string& model,
                      const DisclosurePolicy& disclosure) {
    Metadata m;
    m.emplace_back("query", context.command_line);
    m.emplace_back("study", study.name);
    m.emplace_back("manifest", manifest.path);
    m.emplace_back("working_crs", study.crs.code);
    m.emplace_back("model", model);
    std::string sources;
    for (const auto& l : manifest.layers) {
        if (!sources.empty()) sources += "; ";
        sources += l.name + " (" + to_string(l.role) + "): " + l.source_as_written;
        // Dates come from the manifest, not file times, so the same inputs give the same bytes.
        if (!l.date.empty()) sources += ", dated " + l.date;
    }
    m.emplace_back("sources", sources);
    add_left_out(m, study);
    for (const auto& kv : disclosure.metadata()) m.push_back(kv);
    m.emplace_back("roisc_version", roisc::version);
    return m;
}

}  // namespace roisc::cli

namespace roisc::cli {

std::string metadata_json(const Metadata& metadata) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& [k, v] : metadata) j[k] = v;
    return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace roisc::cli
