// Every GeoJSON roisc writes follows RFC 7946: WGS84 lon/lat, no "crs" member, right-hand rings
// (exteriors counter-clockwise, holes clockwise), a stated precision, unique stable ids, typed
// properties; and GDAL opens it.
#include "roisc/io/gdal_support.hpp"

#include "../support/run_roisc.hpp"
#include "../support/temp_file.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const std::string sandwell = std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/manifest.toml";

// The raw text of every "coordinates" member, as written in the file.
std::string coordinates_text(const std::string& text) {
    std::string out;
    std::size_t at = 0;
    while ((at = text.find("\"coordinates\"", at)) != std::string::npos) {
        int depth = 0;
        std::size_t i = text.find('[', at);
        const std::size_t start = i;
        for (; i < text.size(); ++i) {
            if (text[i] == '[') ++depth;
            if (text[i] == ']' && --depth == 0) break;
        }
        out += text.substr(start, i - start + 1) + " ";
        at = i;
    }
    return out;
}

// Twice the signed area: positive for counter-clockwise rings.
double signed_area(const json& ring) {
    double a = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        a += ring[i][0].get<double>() * ring[i + 1][1].get<double>() - ring[i + 1][0].get<double>() * ring[i][1].get<double>();
    }
    return a;
}

// The most digits after a decimal point of any number written in the text.
int most_decimals(const std::string& text) {
    int most = 0, run = -1;
    for (char c : text) {
        if (c == '.') run = 0;
        else if (run >= 0 && c >= '0' && c <= '9') most = std::max(most, ++run);
        else run = -1;
    }
    return most;
}

void check_position(const json& p, const std::string& where) {
    CAPTURE(where);
    REQUIRE(p.is_array());
    REQUIRE(p.size() == 2);
    const double lon = p[0].get<double>(), lat = p[1].get<double>();
    CHECK(std::fabs(lon) <= 180);
    CHECK(std::fabs(lat) <= 90);
}

void check_polygon(const json& rings, const std::string& where) {
    for (std::size_t r = 0; r < rings.size(); ++r) {
        const json& ring = rings[r];
        REQUIRE(ring.size() >= 4);
        CHECK(ring.front() == ring.back());  // closed
        for (const auto& p : ring) check_position(p, where);
        CAPTURE(where);
        CAPTURE(r);
        if (r == 0) CHECK(signed_area(ring) > 0);  // exterior counter-clockwise
        else CHECK(signed_area(ring) < 0);         // holes clockwise
    }
}

void check_geometry(const json& g, const std::string& where) {
    if (g.is_null()) return;
    const std::string type = g["type"];
    const json& c = g["coordinates"];
    if (type == "Point") check_position(c, where);
    else if (type == "MultiPoint" || type == "LineString") for (const auto& p : c) check_position(p, where);
    else if (type == "MultiLineString") for (const auto& l : c) for (const auto& p : l) check_position(p, where);
    else if (type == "Polygon") check_polygon(c, where);
    else if (type == "MultiPolygon") for (const auto& poly : c) check_polygon(poly, where);
    else FAIL("unexpected geometry type " << type << " in " << where);
}

void check_rfc7946(const fs::path& path) {
    CAPTURE(path.string());
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const json doc = json::parse(text.str());
    CHECK(doc["type"] == "FeatureCollection");
    // The stated precision: 6 decimals of a degree, about 0.1 m (numbers in text fields aside).
    CHECK(most_decimals(coordinates_text(text.str())) <= 6);
    CHECK_FALSE(doc.contains("crs"));
    std::set<std::string> ids;
    std::map<std::string, json::value_t> types;
    for (const auto& f : doc["features"]) {
        CHECK(f["type"] == "Feature");
        REQUIRE(f.contains("id"));
        CHECK(ids.insert(f["id"].dump()).second);  // unique
        check_geometry(f["geometry"], path.filename().string() + " " + f["id"].dump());
        for (const auto& [k, v] : f["properties"].items()) {
            if (v.is_null()) continue;
            // One JSON type per property across features (integers and reals both count as numbers).
            const auto t = v.is_number() ? json::value_t::number_float : v.type();
            auto [it, fresh] = types.emplace(k, t);
            CAPTURE(k);
            CHECK(it->second == t);
        }
    }
    roisc::ensure_gdal_registered();
    roisc::DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    REQUIRE(ds);
    CHECK(ds->GetLayer(0)->GetFeatureCount() == static_cast<GIntBig>(doc["features"].size()));
}

int run(const std::vector<std::string>& args) { return roisc::test::run_roisc(sandwell, args).code; }

}  // namespace

TEST_CASE("every GeoJSON output follows RFC 7946 and opens in GDAL") {
    const roisc::test::ScratchDir scratch("rfc7946");
    const fs::path& dir = scratch.path;
    REQUIRE(run({"gaps", "-f", "NA", "--beyond", "1mi", "--out", (dir / "gaps").string()}) == 0);
    REQUIRE(run({"coverage", "-f", "AA", "--within", "2mi", "--out", (dir / "coverage").string()}) == 0);
    int checked = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.path().extension() == ".geojson") {
            check_rfc7946(e.path());
            ++checked;
        }
    }
    CHECK(checked == 3);
}

TEST_CASE("the embedded Sandwell layers follow RFC 7946 too") {
    for (const char* name : {"borough", "towns", "wards", "venues", "meetings", "hotspots"}) {
        check_rfc7946(fs::path(ROISC_SOURCE_DIR) / "layers" / "sandwell" / (std::string(name) + ".geojson"));
    }
}

TEST_CASE("the GeoPackage holds a QGIS default style for every layer") {
    const roisc::test::ScratchDir scratch("gpkg_styles");
    const fs::path& dir = scratch.path;
    REQUIRE(run({"gaps", "-f", "NA", "--beyond", "2mi", "--out", dir.string(), "--name", "styled"}) == 0);
    roisc::ensure_gdal_registered();
    roisc::DatasetPtr ds(GDALDataset::Open((dir / "styled.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    REQUIRE(ds);
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    REQUIRE(styles);
    std::set<std::string> styled;
    for (auto& f : *styles) {
        styled.insert(f->GetFieldAsString("f_table_name"));
        CHECK(f->GetFieldAsInteger("useAsDefault") == 1);
        CHECK(std::string(f->GetFieldAsString("styleQML")).find("<renderer-v2") != std::string::npos);
    }
    CHECK(styled == std::set<std::string>{"gap_hotspots", "gap_areas"});
    CHECK(ds->GetLayerByName("gap_hotspots")->GetFeatureCount() > 0);
    // Each layer says its geometry type, so QGIS need not scan it.
    CHECK(wkbFlatten(ds->GetLayerByName("gap_hotspots")->GetGeomType()) == wkbPoint);
    CHECK(wkbFlatten(ds->GetLayerByName("gap_areas")->GetGeomType()) == wkbMultiPolygon);
    CHECK(fs::exists(dir / "gap_hotspots.qml"));
    CHECK(fs::exists(dir / "gap_areas.qml"));
}
