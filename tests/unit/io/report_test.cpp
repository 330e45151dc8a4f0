// The report writer (io/report.hpp): every text escaped, the data script unbreakable, the same
// bytes twice, tile templates checked, Leaflet found or a clear error.
#include "roisc/core/error.hpp"
#include "roisc/io/report.hpp"

#include "../support/report_page.hpp"

#include <doctest/doctest.h>

#include <ogr_geometry.h>

using namespace roisc;

TEST_CASE("report_html escapes every text it is given") {
    auto layer = std::make_shared<OutputLayer>();
    layer->name = "gap_hotspots";
    layer->title = "</script><script>alert(1)</script>";
    layer->style = LayerStyle::hotspots;
    layer->fields = {{"hotspot", OutputField::Type::text}, {"people", OutputField::Type::integer}};
    layer->features.push_back({"B69 <3>", std::make_shared<OGRPoint>(400000, 290000), {std::string("<b>&\"'"), FieldValue{}}});
    auto table = std::make_shared<Table>(std::vector<Table::Column>{{"town"}, {"people", Table::Align::right, true}});
    table->add_row({"<img src=x onerror=alert(1)>", "12+*"});
    ReportPage page;
    page.title = "A & B <title>";
    ReportSection s;
    s.title = "<h1>";
    s.summary = {"5 < 6 & \"7\""};
    s.layers = {{layer, "<legend>", true, {"people"}, true}};
    s.tables = {{"t", "<caption>", table}};
    s.metadata = {{"query", "roisc gaps --name '<x>'"}, {"disclosure_marker", "*"}};
    s.crs = WorkingCrs{"EPSG:27700", "", "", {}};
    page.sections.push_back(s);
    LeafletAssets leaflet;
    leaflet.js = "window.L = {};";
    leaflet.css = ".leaflet-container {}";
    leaflet.version = "1.6.0";
    const std::string html = report_html(page, leaflet);
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(html.find("<img src=x") == std::string::npos);
    CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    CHECK(html.find("<title>A &amp; B &lt;title&gt;</title>") != std::string::npos);
    CHECK(html.find("5 &lt; 6 &amp; &quot;7&quot;") != std::string::npos);
    CHECK(html.find("&lt;legend&gt;") != std::string::npos);
    // Inside the data script no "<" at all: nothing can close it early.
    const auto data = test::report_data(html);
    REQUIRE(data.is_object());
    CHECK(data["sections"][0]["layers"][0]["title"] == "</script><script>alert(1)</script>");
    CHECK(data["sections"][0]["layers"][0]["geojson"]["features"][0]["id"] == "B69 <3>");
    const auto tables = test::report_tables(html);
    REQUIRE(tables.size() == 2);
    CHECK(tables[0].rows[0][0] == "<img src=x onerror=alert(1)>");
    CHECK(tables[1].rows[0] == std::vector<std::string>{"B69 <3>", "<b>&\"'", "*"});  // null count: hidden
    CHECK(report_html(page, leaflet) == html);
}

TEST_CASE("tile_origin: the origin the page's policy allows, or a clear refusal") {
    CHECK(tile_origin("https://tile.example.org/{z}/{x}/{y}.png") == "https://tile.example.org");
    CHECK(tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org");
    CHECK(tile_origin("http://localhost:8080/tiles/{z}/{x}/{y}.png") == "http://localhost:8080");
    CHECK_THROWS_AS(tile_origin("tile.example.org/{z}/{x}/{y}.png"), ArgumentError);
    CHECK_THROWS_AS(tile_origin("https://tile.example.org/{z}/{x}.png"), ArgumentError);
    CHECK_THROWS_AS(tile_origin("https://{z}.example.org/{z}/{x}/{y}.png"), ArgumentError);
    CHECK_THROWS_AS(tile_origin("https://t.example.org/{z}/{x}/{y}.png' onerror='x"), ArgumentError);
}

TEST_CASE("load_leaflet: Debian's libjs-leaflet, made ready to inline; a missing folder names the package") {
    const LeafletAssets a = load_leaflet(leaflet_dir());
    CHECK(a.js.size() > 100000);
    CHECK_FALSE(a.version.empty());
    CHECK(a.js.find("sourceMappingURL") == std::string::npos);
    CHECK(a.css.find("url(") == std::string::npos);
    CHECK(a.css.find(".leaflet-container") != std::string::npos);
    try {
        load_leaflet("/nonexistent/leaflet");
        FAIL("no error");
    } catch (const RuntimeFailure& e) {
        CHECK(std::string(e.what()).find("libjs-leaflet") != std::string::npos);
    }
}

TEST_CASE("a page of many meetings opens with the query's fellowship switched on and the others a tick away") {
    auto meetings_of = [](std::size_t n) {
        auto layer = std::make_shared<OutputLayer>();
        layer->name = "meetings";
        layer->title = "Meetings";
        layer->style = LayerStyle::meetings;
        layer->fields = {{"meeting", OutputField::Type::text}, {"fellowship", OutputField::Type::text}};
        for (std::size_t i = 0; i < n; ++i) {
            const std::string fellowship = i % 3 == 0 ? "NA" : "AA";
            layer->features.push_back({"m" + std::to_string(i), std::make_shared<OGRPoint>(400000.0 + static_cast<double>(i), 290000.0),
                                       {fellowship + " meeting", fellowship}});
        }
        return layer;
    };
    auto page_of = [](std::shared_ptr<OutputLayer> layer) {
        ReportPage page;
        page.title = "Meetings";
        ReportSection s;
        s.title = "Meetings";
        ReportLayer r{layer, "", true, {}};
        r.first_shown = {"NA"};
        s.layers = {r};
        s.crs = WorkingCrs{"EPSG:27700", "", "", {}};
        page.sections.push_back(s);
        LeafletAssets leaflet;
        leaflet.js = "window.L = {};";
        return report_html(page, leaflet);
    };
    const std::string many = page_of(meetings_of(report_max_features + 1));
    CHECK(many.find("data-layer=\"meetings_NA\" checked>") != std::string::npos);
    CHECK(many.find("data-layer=\"meetings_AA\">") != std::string::npos);
    CHECK(many.find("switched off at first, as a page of 5001 meetings draws slowly: tick to show") != std::string::npos);
    // Every meeting is still on the page: switched off, not left out.
    const auto data = test::report_data(many);
    std::size_t features = 0;
    for (const auto& l : data["sections"][0]["layers"]) features += l["geojson"]["features"].size();
    CHECK(features == report_max_features + 1);

    const std::string few = page_of(meetings_of(report_max_features));
    CHECK(few.find("data-layer=\"meetings_AA\" checked>") != std::string::npos);
    CHECK(few.find("switched off at first") == std::string::npos);
}
