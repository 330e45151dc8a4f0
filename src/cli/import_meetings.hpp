#pragma once
#include "roisc/cli/command.hpp"

#include <string>

namespace roisc::cli {

// roisc import meetings FEED --out DIR_OR_FILE: reads a meeting list as it is published (Meeting
// Guide, BMLT, AA GB marker CSV, plain CSV) and writes a `meetings` layer as GeoJSON and GeoPackage.
// `import` is a command with one kind so far; further kinds (venues, …) become siblings of
// `meetings` here.
class ImportCommand : public Command {
public:
    struct MeetingsOptions {
        std::string feed;
        std::string format_of;   // empty: detect from the content
        std::string fellowship;  // for feeds that do not say
        std::string out;         // a folder, or a .geojson / .gpkg file
        bool no_postcodes = false;
    };

    void declare(CLI::App& app) override;
    void validate() override;
    int run(Context& context) override;
    const MeetingsOptions& meetings_options() const { return meetings_; }

private:
    CLI::App* meetings_app_ = nullptr;
    MeetingsOptions meetings_;
};

}  // namespace roisc::cli
