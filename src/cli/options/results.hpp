#pragma once
// Where a command's results go and what metadata they carry.
#include "roisc/cli/command.hpp"
#include "roisc/engine/disclosure.hpp"
#include "roisc/model/study.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/output.hpp"

#include <string>

namespace roisc::cli {

struct ResultOptions {
    std::string out;   // folder; default outputs/<name>
    std::string name;  // default: derived from the command and its options
    bool no_files = false;

    void declare(CLI::App& app);
    // The result folder (--out, or outputs/<name>), named as one of the run's result folders: the
    // run's files are staged and replace the folder's earlier set together (io/output.hpp OutputSet).
    std::string open_folder(const std::string& default_name) const;
    // --out PG:… writes PostGIS tables instead of files.
    bool to_database() const;
    // Table name prefix in the database: the name with "-" as "_" ("gaps_na_2mi").
    std::string table_prefix(const std::string& default_name) const;
};

// The metadata every output of a run carries: the query, the model, the sources and their dates,
// the disclosure policy and the roisc version.
Metadata run_metadata(const Context& context, const Manifest& manifest, const Study& study, const std::string& model,
                      const DisclosurePolicy& disclosure);

// The metadata as a JSON object, for metadata.json beside the CSV tables.
std::string metadata_json(const Metadata& metadata);

// "outputs/x/coverage.geojson" relative to the working directory when shorter.
std::string shown_path(const std::string& path);

}  // namespace roisc::cli
