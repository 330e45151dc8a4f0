// coverage/gaps --of SERVICE and --min-options on the embedded default, against an independent
// recount: the layers read with OGR, projected with OGR to British National Grid, distances by GEOS
// (OGRGeometry::Distance), people summed per town. Exact counts (--disclosure none) so the figures
// can be compared; and the errors: unknown kind, a kind with no asset, meeting filters, bad counts.
#include "roisc/io/gdal_support.hpp"

#include "../support/run_roisc.hpp"

#include "../support/csv.hpp"

#include <doctest/doctest.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using roisc::test::run_roisc;
using roisc::test::sandwell_manifest;

namespace {

using roisc::test::csv_rows;

struct Place {
    double x = 0, y = 0;
    std::string town, kind;
    long long people = 0;
};

// Every point feature of a GeoJSON layer in EPSG:27700, with the named fields.
std::vector<Place> read_points(const std::string& path, const std::string& kind_field) {
    roisc::ensure_gdal_registered();
    std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    OGRSpatialReference wgs84, bng;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    bng.importFromEPSG(27700);
    bng.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> to_bng(OGRCreateCoordinateTransformation(&wgs84, &bng));
    REQUIRE(to_bng);
    std::vector<Place> out;
    for (auto& f : *layer) {
        const OGRPoint* p = f->GetGeometryRef()->toPoint();
        double x = p->getX(), y = p->getY();
        REQUIRE(to_bng->Transform(1, &x, &y));
        Place place{x, y, "", "", 0};
        if (kind_field.empty()) {
            place.town = f->GetFieldAsString("town");
            for (const char* c : {"opiate", "non_opiate", "alcohol_only", "non_opiate_and_alcohol"}) place.people += f->GetFieldAsInteger64(c);
        } else {
            place.kind = f->GetFieldAsString(kind_field.c_str());
        }
        out.push_back(place);
    }
    return out;
}

// Per town (and "Sandwell"): people whose hotspot has at least `n` distinct pharmacy places within `metres`.
std::map<std::string, long long> recount(double metres, int n) {
    const std::string dir = std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/";
    const auto hotspots = read_points(dir + "hotspots.geojson", "");
    std::set<std::pair<double, double>> pharmacies;
    for (const auto& a : read_points(dir + "assets.geojson", "kind")) {
        if (a.kind == "pharmacy") pharmacies.insert({a.x, a.y});
    }
    REQUIRE(pharmacies.size() > 10);
    std::map<std::string, long long> covered;
    for (const auto& h : hotspots) {
        const OGRPoint at(h.x, h.y);
        int within = 0;
        for (const auto& [x, y] : pharmacies) {
            const OGRPoint p(x, y);
            if (at.Distance(&p) <= metres) ++within;
        }
        covered[h.town] += 0;
        covered["Sandwell"] += 0;
        if (within >= n) {
            covered[h.town] += h.people;
            covered["Sandwell"] += h.people;
        }
    }
    return covered;
}


// town -> covered, from `coverage --format csv`.
std::map<std::string, long long> printed(const std::vector<std::string>& args) {
    std::vector<std::string> all{"--format", "csv"};
    all.insert(all.end(), args.begin(), args.end());
    const auto r = run_roisc(sandwell_manifest(), all);
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    const auto rows = csv_rows(r.out);
    REQUIRE(rows.size() > 2);
    REQUIRE(rows[0][3] == "covered");
    std::map<std::string, long long> out;
    for (std::size_t i = 1; i < rows.size(); ++i) out[rows[i][0]] = std::stoll(rows[i][3]);
    return out;
}

}  // namespace

TEST_CASE("coverage --of pharmacies per town equals an independent recount (GEOS distances), and --min-options 2 too") {
    for (const auto& [reach, metres] : std::vector<std::pair<std::string, double>>{{"800m", 800}, {"500m", 500}, {"1mi", 1609.344}}) {
      for (int n : {1, 2, 3}) {
        CAPTURE(reach);
        CAPTURE(n);
        const auto want = recount(metres, n);
        const auto got = printed({"coverage", "--of", "pharmacies", "--within", reach, "--min-options", std::to_string(n),
                                  "--disclosure", "none", "--no-files"});
        for (const auto& [town, people] : want) {
            CAPTURE(town);
            REQUIRE(got.count(town));
            CHECK(got.at(town) == people);
        }
        if (n > 1 && metres < 1000) {
            const auto fewer = recount(metres, n - 1);
            CHECK(want.at("Sandwell") < fewer.at("Sandwell"));  // a choice is rarer than one place
        }
      }
    }
    // The default is byte-for-byte today's --of meetings.
    const auto a = run_roisc(sandwell_manifest(), {"coverage", "-f", "NA", "--within", "2mi", "--no-files"});
    const auto b = run_roisc(sandwell_manifest(), {"coverage", "-f", "NA", "--within", "2mi", "--no-files", "--of", "meetings",
                                                   "--min-options", "1"});
    CHECK(a.code == 0);
    CHECK(a.out == b.out);
}

TEST_CASE("gaps --of pharmacies says what was measured, names the nearest pharmacy, and min-options names the n-th") {
    auto r = run_roisc(sandwell_manifest(), {"gaps", "--of", "pharmacies", "--beyond", "1mi", "--no-files"});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out_has("Hotspots beyond 1mi of a pharmacy, most people first"));
    CHECK(r.out_has("nearest_asset"));
    CHECK(r.out_has("Service: pharmacy; 83 in the study's assets."));
    r = run_roisc(sandwell_manifest(), {"gaps", "--of", "pharmacies", "--beyond", "1mi", "--min-options", "2", "--no-files"});
    REQUIRE(r.code == 0);
    CHECK(r.out_has("at least 2 options (pharmacy; distinct places)"));
    CHECK(r.out_has("the nearest columns give the 2nd nearest place"));
}

TEST_CASE("--of refuses what it cannot measure: unknown kinds, kinds with no asset, meeting filters, bad counts") {
    auto r = run_roisc(sandwell_manifest(), {"coverage", "--of", "pharmasy", "--within", "1mi", "--no-files"});
    CHECK(r.code == 2);
    CHECK(r.err_has("Did you mean pharmacy?"));
    CHECK(r.err_has("This study's assets: recovery_cafe 1, treatment_service 2, library 19, pharmacy 83, gp_practice 47."));
    r = run_roisc(sandwell_manifest(), {"coverage", "--of", "hubs", "--within", "1mi", "--no-files"});
    CHECK(r.code == 3);
    CHECK(r.err_has("no asset of the study is a recovery hub"));
    r = run_roisc(sandwell_manifest(), {"gaps", "--of", "pharmacies:needle_exchange", "--beyond", "1mi", "--no-files"});
    CHECK(r.code == 3);
    CHECK(r.err_has("pharmacy with needle exchange"));
    r = run_roisc(sandwell_manifest(), {"coverage", "--of", "library:pharmacy", "--within", "1mi", "--no-files"});
    CHECK(r.code == 2);
    CHECK(r.err_has("is not a kind of library"));
    r = run_roisc(sandwell_manifest(), {"coverage", "--of", "library:secret", "--within", "1mi", "--no-files"});
    CHECK(r.code == 2);
    CHECK(r.err_has("is not a qualifier"));
    r = run_roisc(sandwell_manifest(), {"coverage", "--of", "library:layer=nope", "--within", "1mi", "--no-files"});
    CHECK(r.code == 2);
    CHECK(r.err_has("Its assets layers: assets"));
    r = run_roisc(sandwell_manifest(), {"coverage", "--of", "library:", "--within", "1mi", "--no-files"});
    CHECK(r.code == 2);
    r = run_roisc(sandwell_manifest(), {"coverage", "--of", "pharmacies", "-f", "NA", "--within", "1mi", "--no-files"});
    CHECK(r.code == 2);
    CHECK(r.err_has("--fellowship only applies to meetings"));
    r = run_roisc(sandwell_manifest(), {"gaps", "--of", "library", "--when", "weekday-evenings", "--beyond", "1mi", "--no-files"});
    CHECK(r.code == 2);
    CHECK(r.err_has("--when only applies to meetings"));
    r = run_roisc(sandwell_manifest(), {"map", "--of", "library", "--type", "W", "--beyond", "1mi"});
    CHECK(r.code == 2);
    for (const char* bad : {"0", "-1", "nan", "1.5", "", "2x"}) {
        CAPTURE(bad);
        r = run_roisc(sandwell_manifest(), {"coverage", "--of", "pharmacies", "--within", "1mi", "--min-options", bad, "--no-files"});
        CHECK(r.code == 2);
    }
    r = run_roisc(sandwell_manifest(), {"coverage", "--within", "20min", "--min-options", "2", "--no-files"});
    CHECK(r.code == 2);
    CHECK(r.err_has("straight-line distance only"));
    // Hostile text: control characters and a huge kind are named, not echoed raw, and refused.
    r = run_roisc(sandwell_manifest(), {"coverage", "--of", std::string("ph\x1b[31marmacy"), "--within", "1mi", "--no-files"});
    CHECK(r.code == 2);
    CHECK(r.err.find('\x1b') == std::string::npos);
    r = run_roisc(sandwell_manifest(), {"coverage", "--of", std::string(5000, 'x'), "--within", "1mi", "--no-files"});
    CHECK(r.code == 2);
}

TEST_CASE("rank --for sites assets, not meetings: no time suggested, reached today by an existing one") {
    auto r = run_roisc(sandwell_manifest(), {"rank", "--for", "library", "--new", "2", "--within", "1mi", "--no-files"});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out_has("Venues for new library sites"));
    CHECK(r.out_has("none (not a meeting)"));
    CHECK(r.out_has("no weekday or time is suggested"));
    CHECK(r.out_has("nearest_library"));
    // No hub today: the first hubs are sited, one per town, and the run says nobody is reached today.
    r = run_roisc({"--manifest", sandwell_manifest(), "rank", "--for", "hubs", "--new", "6", "--min-per-town", "1", "--within", "1mi", "--no-files"});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.err_has("no recovery hub in the study today"));
    CHECK(r.out_has("Venues for new recovery hub sites (6 new recovery hub sites, at least 1 per town): 6 chosen"));
    CHECK(r.out_has("Already within 1mi of a recovery hub: 0 of 2000"));
    r = run_roisc(sandwell_manifest(), {"rank", "--for", "library", "-f", "NA", "--no-files"});
    CHECK(r.code == 2);
    r = run_roisc(sandwell_manifest(), {"rank", "--for", "libary", "--no-files"});
    CHECK(r.code == 2);
    CHECK(r.err_has("Did you mean library?"));
}
