// roisc import meetings, run in-process through the real command line.
#include "../support/run_roisc.hpp"
#include "../support/temp_file.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

using Run = roisc::test::RoiscRun;
using roisc::test::run_roisc;

const std::string& sandwell_manifest = roisc::test::sandwell_manifest();

using roisc::test::ScratchDir;

}  // namespace

TEST_CASE("import meetings: writes GeoJSON and GeoPackage, places by postcode, summarises") {
    ScratchDir dir("import_meetings");
    const std::string feed = std::string(ROISC_TEST_DATA) + "/feeds/meeting_guide_sunday.json";
    const Run r = run_roisc({"import", "meetings", feed, "--fellowship", "AA", "--out", dir.path.string(), "--manifest",
                         sandwell_manifest});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(fs::exists(dir.path / "meetings.geojson"));
    CHECK(fs::exists(dir.path / "meetings.gpkg"));
    CHECK(r.err.find("as Meeting Guide JSON: 2 meetings, 2 kept, 0 skipped") != std::string::npos);
    CHECK(r.err.find("1 by feed coordinates, 1 by postcode") != std::string::npos);
    CHECK(r.err.find("fellowship:   AA 2") != std::string::npos);

    std::ifstream in(dir.path / "meetings.geojson");
    const auto doc = nlohmann::json::parse(in);
    REQUIRE(doc["features"].size() == 2);
    const auto& late = doc["features"][1];
    CHECK(late["properties"]["placed_by"] == "postcode");
    CHECK(late["properties"]["weekday"] == "Sun");
    CHECK(late["properties"]["end"] == "01:00");
    CHECK_FALSE(late["geometry"].is_null());

    // One file named: the other is written beside it.
    const Run named = run_roisc({"import", "meetings", feed, "--out", (dir.path / "sunday.gpkg").string(), "--manifest",
                             sandwell_manifest, "-q"});
    CHECK(named.code == 0);
    CHECK(named.err.empty());
    CHECK(fs::exists(dir.path / "sunday.gpkg"));
    CHECK(fs::exists(dir.path / "sunday.geojson"));
}

TEST_CASE("import meetings: an invalid feed is a DataError and leaves no file behind") {
    const std::string invalid = std::string(ROISC_SHARED_DATA) + "/meetings/meeting_guide_feeds/invalid_trailing_text.json";
    if (!fs::exists(invalid)) return;  // the feed tests report the missing shared data
    ScratchDir dir("import_invalid");
    const Run bad = run_roisc({"import", "meetings", invalid, "--out", dir.path.string(), "--manifest", sandwell_manifest});
    CHECK(bad.code == 3);  // a DataError
    CHECK(bad.err_has("invalid_trailing_text.json"));
    CHECK(fs::is_empty(dir.path));

    const Run shapefile = run_roisc({"import", "meetings", invalid, "--out", (dir.path / "x.shp").string()});
    CHECK(shapefile.code == 2);  // an ArgumentError
    CHECK(shapefile.err_has("give a folder, or a file ending in .geojson or .gpkg"));
    const Run martians = run_roisc({"import", "meetings", invalid, "--fellowship", "Martians", "--out", dir.path.string()});
    CHECK(martians.code == 2);
    CHECK(martians.err.find("'Martians' is not a fellowship roisc knows") != std::string::npos);
    CHECK(run_roisc({"import", "meetings", invalid, "--fellowship", "NA,AA", "--out", dir.path.string()}).code == 2);
    CHECK(run_roisc({"import", "meetings", invalid}).code == 2);  // --out is required
}
