// Maps at national scale: crowded hotspots summed in a grid of round squares (published counts only,
// hatched where every count is suppressed), crowded meetings drawn small; sparse maps unchanged.
#include "roisc/render/map.hpp"

#include "../support/run_roisc.hpp"
#include "../support/study_fixtures.hpp"

#include <cairo.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace roisc;
namespace fs = std::filesystem;

namespace {

using test::rectangle;

render::MapContent frame_of(double size) {
    render::MapContent m;
    m.title = "Test";
    m.attribution = "Contains OS data";
    const auto land = rectangle(0, 0, size, size);
    m.towns.push_back({"Testland", land});
    m.boundary = render::MapArea{"Testland", land};
    m.extent = {0, 0, size, size};
    m.fellowship = "NA";
    m.reach_metres = 3218.688;
    m.gap_label = "Gap";
    m.coverage_label = "Within reach";
    m.reach_circles_note = " (dashed: each meeting's reach)";
    m.hotspot_label = "People in treatment";
    m.suppressed_label = "Count suppressed";
    m.meetings_label = "Meetings";
    return m;
}

// A national map: 600 km square, 40,000 hotspots (every fifth suppressed) and 5,000 meetings.
render::MapContent dense_map() {
    render::MapContent m = frame_of(600'000);
    std::mt19937 random(20261206);
    std::uniform_real_distribution<double> at(1000, 599'000);
    for (int i = 0; i < 40'000; ++i) {
        m.hotspots.push_back({{at(random), at(random)}, i % 5 == 0 ? PublishedCount::suppressed() : PublishedCount::shown(5 + i % 40)});
    }
    for (int i = 0; i < 5'000; ++i) m.meetings.push_back({{at(random), at(random)}, i % 3 == 0 ? "NA" : "AA", i % 3 == 0});
    return m;
}

// A borough: 10 km square, 40 hotspots and 6 meetings well apart.
render::MapContent sparse_map() {
    render::MapContent m = frame_of(10'000);
    for (int i = 0; i < 40; ++i) {
        m.hotspots.push_back({{500.0 + 1500.0 * (i % 7), 500.0 + 1500.0 * (i / 7)}, i % 4 == 0 ? PublishedCount::suppressed() : PublishedCount::shown(5 + i)});
    }
    for (int i = 0; i < 6; ++i) m.meetings.push_back({{1200.0 + 1500.0 * i, 5000}, "NA", true});
    return m;
}

std::set<std::string> texts_of(const render::RenderedMap& drawn, render::MapTextRole role) {
    std::set<std::string> out;
    for (const auto& t : drawn.texts) {
        if (t.role == role) out.insert(t.text);
    }
    return out;
}

// The texts of a role joined by spaces: a legend row's label may be wrapped over lines.
std::string joined(const render::RenderedMap& drawn, render::MapTextRole role) {
    std::string out;
    for (const auto& t : drawn.texts) {
        if (t.role == role) out += " " + t.text;
    }
    return out + " ";
}

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};

// A PNG file's pixels as 0xRRGGBB, row by row.
std::vector<unsigned> pixels(const fs::path& file) {
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> s(cairo_image_surface_create_from_png(file.string().c_str()));
    REQUIRE(cairo_surface_status(s.get()) == CAIRO_STATUS_SUCCESS);
    const int w = cairo_image_surface_get_width(s.get()), h = cairo_image_surface_get_height(s.get());
    const int stride = cairo_image_surface_get_stride(s.get());
    const unsigned char* data = cairo_image_surface_get_data(s.get());
    std::vector<unsigned> out;
    for (int y = 0; y < h; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < w; ++x) out.push_back(row[x] & 0xFFFFFFu);
    }
    return out;
}

// The share of a drawn PNG's pixels of exactly `colour` (0xRRGGBB).
double share_of(const std::string& png, unsigned colour) {
    const fs::path file = fs::temp_directory_path() / "roisc-map-grid-test.png";
    std::ofstream(file, std::ios::binary) << png;
    const auto all = pixels(file);
    fs::remove(file);
    return static_cast<double>(std::count(all.begin(), all.end(), colour)) / static_cast<double>(all.size());
}

}  // namespace

TEST_CASE("a square's value is the sum of its published counts only; all suppressed is hatched") {
    // Square (0, 0) of 10 km: a suppressed hotspot (its true count, 3, is not known to the map) and
    // a published 7. Square (1, 0): two suppressed. Square (0, 1): a published 0 only.
    const std::vector<render::MapHotspot> hotspots = {{{2000, 3000}, PublishedCount::suppressed()},
                                                      {{8000, 9000}, PublishedCount::shown(7)},
                                                      {{12000, 1000}, PublishedCount::suppressed()},
                                                      {{19000, 9000}, PublishedCount::suppressed()},
                                                      {{4000, 15000}, PublishedCount::shown(0)},
                                                      {{90000, 90000}, PublishedCount::shown(50)}};  // outside
    const auto cells = render::hotspot_cells(hotspots, 10'000, {0, 0, 50'000, 50'000});
    REQUIRE(cells.size() == 3);
    // Ordered by row, then column.
    CHECK(cells[0].column == 0);
    CHECK(cells[0].row == 0);
    CHECK(cells[0].published_sum == 7);
    CHECK(cells[0].published == 1);
    CHECK(cells[0].suppressed == 1);
    CHECK_FALSE(cells[0].only_suppressed());
    CHECK(cells[1].column == 1);
    CHECK(cells[1].published_sum == 0);
    CHECK(cells[1].suppressed == 2);
    CHECK(cells[1].only_suppressed());
    CHECK(cells[2].row == 1);
    CHECK(cells[2].published_sum == 0);
    CHECK_FALSE(cells[2].only_suppressed());  // nobody here: drawn as nothing
    // Squares sit on multiples of their size in the working CRS, negative coordinates included.
    const auto west = render::hotspot_cells({{{-1, 5}, PublishedCount::shown(5)}}, 1000, {-5000, -5000, 5000, 5000});
    REQUIRE(west.size() == 1);
    CHECK(west[0].column == -1);
    CHECK(west[0].row == 0);

    SUBCASE("drawn: the square shows in its class colour and its class says 7, never 10 (7 + 3)") {
        render::MapContent m = frame_of(600'000);
        m.hotspot_drawing = render::HotspotDrawing::grid;
        m.hotspots.assign(hotspots.begin(), hotspots.end() - 1);  // the 50 left out: one class
        const auto drawn = render::render_map(m, render::MapFormat::png, render::Page{});
        CHECK(drawn.hotspot_cell_metres == 10'000);
        const auto grid = texts_of(drawn, render::MapTextRole::legend_grid);
        CHECK(joined(drawn, render::MapTextRole::legend_grid).find("Sum per 10 km square, published counts only") != std::string::npos);
        CHECK(grid.count("7 or more"));  // the one class: from the one positive sum
        for (const auto& t : grid) {
            if (t.rfind("Sum per", 0) != 0) CHECK(t.find("10") == std::string::npos);
        }
        CHECK(joined(drawn, render::MapTextRole::legend).find(" " + m.suppressed_cell_label + " ") != std::string::npos);
        CHECK(share_of(drawn.bytes, palette::hotspot_class_colour(0, 1)) > 0);
    }
}

TEST_CASE("crowded hotspots switch to the grid and crowded meetings to small symbols; sparse maps do not") {
    SUBCASE("a national map") {
        const render::MapContent m = dense_map();
        std::vector<Point> at;
        for (const auto& h : m.hotspots) at.push_back(h.at);
        CHECK(render::crowding(at, m.extent, 0.001, 12) > render::crowded_marks_per_square);
        const auto drawn = render::render_map(m, render::MapFormat::svg, render::Page{});
        CHECK(drawn.hotspot_cell_metres == 10'000);  // 10 km: 8.4 pt on the page, the first round size of 5 pt or more
        CHECK(drawn.small_meetings);
        CHECK(joined(drawn, render::MapTextRole::legend_grid).find(" Sum per 10 km square, published counts only ") != std::string::npos);
        // The classes: ranges of round numbers, the last open.
        const std::regex range("^[0-9]+(–[0-9]+)?$|^[0-9]+ or more$");
        std::size_t classes = 0;
        for (const auto& t : texts_of(drawn, render::MapTextRole::legend_grid)) {
            CAPTURE(t);
            if (std::regex_match(t, range)) ++classes;
        }
        CHECK(classes >= 2);
        // Without the circles the coverage row says nothing of dashes.
        const std::string legend = joined(drawn, render::MapTextRole::legend);
        CHECK(legend.find(" Within reach ") != std::string::npos);
        CHECK(legend.find("dashed") == std::string::npos);

        SUBCASE("--hotspots points forces the circles") {
            render::MapContent points = m;
            points.hotspot_drawing = render::HotspotDrawing::points;
            const auto p = render::render_map(points, render::MapFormat::svg, render::Page{});
            // The grid's SVG is a path per class and per fellowship, not a shape per mark.
            CHECK(drawn.bytes.size() * 5 < p.bytes.size());
            CHECK(p.hotspot_cell_metres == 0);
            CHECK(texts_of(p, render::MapTextRole::legend_grid).empty());
            CHECK(joined(p, render::MapTextRole::legend).find(" Count suppressed ") != std::string::npos);
        }
    }
    SUBCASE("a borough") {
        render::MapContent m = sparse_map();
        const auto drawn = render::render_map(m, render::MapFormat::png, render::Page{});
        CHECK(drawn.hotspot_cell_metres == 0);
        CHECK_FALSE(drawn.small_meetings);
        CHECK(texts_of(drawn, render::MapTextRole::legend_grid).empty());
        CHECK(joined(drawn, render::MapTextRole::legend).find(" Within reach (dashed: each meeting's reach) ") != std::string::npos);
        // Forced, the grid takes the round size at this scale (5 pt is 99 m here: 100 m squares).
        m.hotspot_drawing = render::HotspotDrawing::grid;
        const auto grid = render::render_map(m, render::MapFormat::png, render::Page{});
        CHECK(grid.hotspot_cell_metres == 100);
        CHECK(joined(grid, render::MapTextRole::legend_grid).find(" Sum per 100 m square, published counts only ") != std::string::npos);
    }
}

TEST_CASE("grid squares and classes are round numbers") {
    CHECK(render::grid_cell_metres(0.00072) == 10'000);  // England on A4: 7.2 pt
    CHECK(render::grid_cell_metres(0.0016) == 5'000);    // a region: 8 pt
    CHECK(render::grid_cell_metres(0.036) == 200);       // Sandwell: 7.2 pt
    CHECK(render::grid_classes({}).empty());
    CHECK(render::grid_classes({0, 0}).empty());
    CHECK(render::grid_classes({7}) == std::vector<long long>{7});
    // Quintiles of 5 … 104 (every whole number): 25, 45, 65, 85, rounded down to 25, 25 (dropped), 50, 50.
    std::vector<long long> sums;
    for (long long s = 5; s < 105; ++s) sums.push_back(s);
    sums.push_back(0);
    CHECK(render::grid_classes(sums) == std::vector<long long>{5, 25, 50});
    std::vector<long long> wide;
    for (long long s = 1; s <= 5000; s *= 2) wide.push_back(s);  // 1 … 4096
    const auto bounds = render::grid_classes(wide);
    CHECK(bounds.front() == 1);
    CHECK(bounds.size() <= 5);
    for (std::size_t i = 1; i < bounds.size(); ++i) CHECK(bounds[i] > bounds[i - 1]);
}

TEST_CASE("roisc map --hotspots: Sandwell's map is the same drawn as points; the grid on request; a bad value refused") {
    const std::string sandwell = std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/manifest.toml";
    const fs::path dir = fs::temp_directory_path() / "roisc-map-grid-test";
    fs::remove_all(dir);
    auto run = [&](const std::string& sub, std::vector<std::string> extra) {
        std::vector<std::string> args = {"map", "-f", "NA", "--beyond", "2mi", "--out", (dir / sub).string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return test::run_roisc(sandwell, args);
    };
    // The credit quotes the command line: option and folder the same length, so it wraps alike.
    REQUIRE(run("auto-run", {"--hotspots", "auto", "--formats", "png"}).code == 0);
    REQUIRE(run("points", {"--hotspots", "points", "--formats", "png"}).code == 0);
    REQUIRE(run("grid-run", {"--hotspots", "Grid", "--formats", "png"}).code == 0);
    const auto automatic = pixels(dir / "auto-run" / "sandwell.png"), points = pixels(dir / "points" / "sandwell.png"),
               grid = pixels(dir / "grid-run" / "sandwell.png");
    REQUIRE(automatic.size() == points.size());
    // All but the foot of the page (the credit) alike: the borough is drawn with circles.
    const std::size_t above_credit = automatic.size() - 1754 * 100;
    CHECK(std::equal(automatic.begin(), automatic.begin() + static_cast<std::ptrdiff_t>(above_credit), points.begin()));
    CHECK_FALSE(std::equal(automatic.begin(), automatic.begin() + static_cast<std::ptrdiff_t>(above_credit), grid.begin()));
    const auto bad = run("bad", {"--hotspots", "dots"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("--hotspots 'dots': give auto") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "bad"));
    fs::remove_all(dir);
}
