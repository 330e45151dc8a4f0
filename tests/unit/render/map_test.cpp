// roisc map: the Sandwell NA gap map rendered through the real command line in-process, read back
// and checked for size and content; and the renderer's text checked for counts.
#include "roisc/cli/command.hpp"
#include "roisc/core/error.hpp"
#include "roisc/render/map.hpp"

#include <cairo.h>
#include "../support/run_roisc.hpp"
#include "../support/study_fixtures.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace roisc;
namespace fs = std::filesystem;

namespace {

const std::string sandwell = std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/manifest.toml";
const std::vector<std::string> town_names = {"Oldbury", "Rowley Regis", "Smethwick", "Tipton", "Wednesbury", "West Bromwich"};

using Run = test::RoiscRun;
Run run(const std::vector<std::string>& args) { return test::run_roisc(sandwell, args); }

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("roisc-map-test-" + name);
    fs::remove_all(dir);
    return dir;
}

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};

// The pixels of a PNG as 0xRRGGBB, row by row.
struct Pixels {
    int width = 0, height = 0;
    std::vector<unsigned> rgb;
};

Pixels read_png(const fs::path& path) {
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> s(cairo_image_surface_create_from_png(path.string().c_str()));
    REQUIRE(cairo_surface_status(s.get()) == CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(s.get());
    Pixels p;
    p.width = cairo_image_surface_get_width(s.get());
    p.height = cairo_image_surface_get_height(s.get());
    const int stride = cairo_image_surface_get_stride(s.get());
    const unsigned char* data = cairo_image_surface_get_data(s.get());
    REQUIRE(data != nullptr);
    for (int y = 0; y < p.height; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < p.width; ++x) p.rgb.push_back(row[x] & 0xFFFFFFu);
    }
    return p;
}

double share_of(const Pixels& p, unsigned colour) {
    std::size_t n = 0;
    for (unsigned c : p.rgb) n += c == colour;
    return static_cast<double>(n) / static_cast<double>(p.rgb.size());
}

// Gap and band colours are translucent fills: within a unit or two of their value over white.
double share_near(const Pixels& p, unsigned colour, int tolerance = 2) {
    std::size_t n = 0;
    for (unsigned c : p.rgb) {
        bool near = true;
        for (int shift : {16, 8, 0}) {
            const int a = static_cast<int>((c >> shift) & 0xFFu), b = static_cast<int>((colour >> shift) & 0xFFu);
            near = near && std::abs(a - b) <= tolerance;
        }
        n += near;
    }
    return static_cast<double>(n) / static_cast<double>(p.rgb.size());
}

}  // namespace

TEST_CASE("roisc map draws the Sandwell NA gap map as PNG, SVG and PDF") {
    const fs::path dir = fresh_dir("sandwell");
    const Run r = run({"map", "--fellowship", "NA", "--beyond", "2mi", "--out", dir.string()});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);

    for (const char* ext : {"png", "svg", "pdf"}) {
        const fs::path f = dir / (std::string("sandwell.") + ext);
        CAPTURE(f);
        REQUIRE(fs::exists(f));
        CHECK(fs::file_size(f) > 10000);
    }
    CHECK(fs::exists(dir / "metadata.json"));
    // Written to a temporary name and renamed: nothing else is left in the folder but the list of
    // the set's files.
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name != ".roisc-files") CHECK(name.front() != '.');
    }

    SUBCASE("the PNG is A4 landscape at 150 dpi, with a drawn map") {
        const Pixels png = read_png(dir / "sandwell.png");
        CHECK(png.width == 1754);
        CHECK(png.height == 1240);
        const std::set<unsigned> colours(png.rgb.begin(), png.rgb.end());
        CHECK(colours.size() > 200);  // fills, symbols, anti-aliased text and lines
        // The gap areas (West Bromwich is 95% gap at two miles) cover a good part of the page.
        CHECK(share_near(png, render::gap_fill_rgb) > 0.05);
        CHECK(share_of(png, 0xFFFFFFu) < 0.6);  // the map is not blank
        // The map frame's top-left quarter is not white: land beyond the borough is shaded.
        std::size_t white = 0, n = 0;
        for (int y = 200; y < 500; ++y) {
            for (int x = 60; x < 600; ++x, ++n) white += png.rgb[static_cast<std::size_t>(y) * png.width + x] == 0xFFFFFFu;
        }
        CHECK(static_cast<double>(white) / static_cast<double>(n) < 0.2);
    }

    SUBCASE("the SVG names the towns and carries the attribution; the PDF is a PDF") {
        const std::string svg = slurp(dir / "sandwell.svg");
        CHECK(svg.find("<svg") != std::string::npos);
        CHECK(svg.find("<title>NA meetings and gap hotspots beyond 2 mi — Sandwell</title>") != std::string::npos);
        for (const auto& town : town_names) {
            CAPTURE(town);
            CHECK(svg.find(town) != std::string::npos);
        }
        CHECK(svg.find("OpenStreetMap contributors (ODbL)") != std::string::npos);
        CHECK(svg.find("meetings illustrative, demand modelled") != std::string::npos);
        // No hotspot is named or counted in the SVG's text.
        const std::regex sector("B[0-9]{2} [0-9]|WS[0-9] [0-9]");
        CHECK_FALSE(std::regex_search(svg, sector));
        const std::string pdf = slurp(dir / "sandwell.pdf");
        CHECK(pdf.rfind("%PDF-", 0) == 0);
        CHECK(pdf.find("CreationDate") == std::string::npos);
    }

    SUBCASE("the same inputs give the same bytes") {
        const fs::path again = fresh_dir("sandwell-again");
        REQUIRE(run({"map", "--fellowship", "NA", "--beyond", "2mi", "--out", again.string()}).code == 0);
        for (const char* file : {"sandwell.png", "sandwell.svg", "sandwell.pdf"}) {
            CAPTURE(file);
            CHECK(slurp(dir / file) == slurp(again / file));
        }
    }
}

TEST_CASE("roisc map: a map per town, one town, and bad arguments") {
    SUBCASE("--per-town draws the borough and every town") {
        const fs::path dir = fresh_dir("per-town");
        REQUIRE(run({"map", "-f", "NA", "--beyond", "2mi", "--per-town", "--formats", "png", "--out", dir.string()}).code == 0);
        for (const char* stem : {"sandwell", "oldbury", "rowley-regis", "smethwick", "tipton", "wednesbury", "west-bromwich"}) {
            CAPTURE(stem);
            CHECK(fs::exists(dir / (std::string(stem) + ".png")));
        }
        CHECK(read_png(dir / "west-bromwich.png").width == 1754);
    }
    SUBCASE("--town draws that town only; A3 at 100 dpi") {
        const fs::path dir = fresh_dir("one-town");
        const Run r = run({"map", "-f", "NA", "--beyond", "1mi", "--when", "weekday-evenings", "--town", "west bromwich",
                           "--formats", "png", "--page", "A3", "--dpi", "100", "--out", dir.string()});
        CAPTURE(r.err);
        REQUIRE(r.code == 0);
        CHECK_FALSE(fs::exists(dir / "sandwell.png"));
        const Pixels png = read_png(dir / "west-bromwich.png");
        CHECK(png.width == 1654);
        CHECK(png.height == 1169);
    }
    SUBCASE("bad arguments exit 2 and say what to do") {
        const fs::path dir = fresh_dir("bad");
        Run r = run({"map", "-f", "NA", "--beyond", "2mi", "--formats", "gif", "--out", dir.string()});
        CHECK(r.code == 2);
        CHECK(r.err.find("png, svg or pdf") != std::string::npos);
        r = run({"map", "-f", "NA", "--beyond", "2mi", "--town", "Dudley", "--out", dir.string()});
        CHECK(r.code == 2);
        CHECK(r.err.find("West Bromwich") != std::string::npos);
        r = run({"map", "-f", "NA", "--beyond", "2mi", "--town", "Tipton", "--per-town", "--out", dir.string()});
        CHECK(r.code == 2);
        r = run({"map", "-f", "NA", "--beyond", "2", "--out", dir.string()});
        CHECK(r.code == 2);
        CHECK_FALSE(fs::exists(dir));
    }
    SUBCASE("the saved query draws the maps") {
        const fs::path dir = fresh_dir("query");
        const std::string query = std::string(ROISC_SOURCE_DIR) + "/queries/sandwell_na_gap_map.toml";
        const Run r = run({"run", query, "--out", dir.string()});
        CAPTURE(r.err);
        REQUIRE(r.code == 0);
        CHECK(fs::exists(dir / "sandwell.pdf"));
        CHECK(fs::exists(dir / "tipton.svg"));
    }
}

namespace {

// A small map: one town, two published hotspots and three suppressed ones, one meeting.
render::MapContent small_map() {
    render::MapContent m;
    m.title = "Test map";
    m.subtitle = {"Threshold: more than 1 mi"};
    m.attribution = "Contains OS data © Crown copyright and database right";
    auto ring = std::make_unique<OGRLinearRing>();
    ring->addPoint(0, 0);
    ring->addPoint(4000, 0);
    ring->addPoint(4000, 3000);
    ring->addPoint(0, 3000);
    ring->closeRings();
    auto square = std::make_shared<OGRPolygon>();
    square->addRingDirectly(ring.release());
    m.towns.push_back({"Testtown", square});
    m.boundary = render::MapArea{"Testshire", square};
    m.gaps.push_back(square);
    m.extent = {0, 0, 4000, 3000};
    m.hotspots = {{{1000, 1000}, PublishedCount::shown(64)},
                  {{2000, 1000}, PublishedCount::shown(7)},
                  {{3000, 1000}, PublishedCount::suppressed()},
                  {{3000, 2000}, PublishedCount::suppressed()},
                  {{1000, 2000}, PublishedCount::suppressed()}};
    m.meetings = {{{3500, 2500}, "NA", true}};
    m.reach_metres = 1609.344;
    m.fellowship = "NA";
    m.gap_label = "Gap";
    m.coverage_label = "Within reach";
    m.hotspot_label = "People in treatment";
    m.suppressed_label = "Count suppressed";
    m.meetings_label = "Meetings";
    return m;
}

}  // namespace

TEST_CASE("the map writes no count as text: numbers only on the scale bar and the legend's reference sizes") {
    const render::MapContent map = small_map();
    const auto drawn = render::render_map(map, render::MapFormat::png, render::Page{});
    const std::regex number("^[0-9]+([.][0-9]+)?$");
    bool town = false;
    for (const auto& t : drawn.texts) {
        CAPTURE(t.text);
        if (std::regex_search(t.text, std::regex("[0-9]"))) {
            const bool allowed = t.role == render::MapTextRole::scale || t.role == render::MapTextRole::legend_reference ||
                                 t.role == render::MapTextRole::subtitle || t.role == render::MapTextRole::attribution;
            CHECK(allowed);
        }
        if (t.role == render::MapTextRole::legend_reference) {
            REQUIRE(std::regex_match(t.text, number));
            // Reference sizes are round numbers, not counts from the map (7 is published, 64 the largest).
            CHECK(t.text != "7");
            CHECK(t.text != "64");
        }
        town = town || (t.role == render::MapTextRole::town && t.text == "Testtown");
    }
    CHECK(town);
}

TEST_CASE("hotspot symbols: areas in proportion to published counts; suppressed ones one fixed size") {
    CHECK(render::hotspot_radius(64, 64) == doctest::Approx(18));
    CHECK(render::hotspot_radius(16, 64) == doctest::Approx(9));  // a quarter of the count, a quarter of the area
    CHECK(render::hotspot_radius(0, 64) == 0);
    CHECK(render::hotspot_radius(5, 64) > render::suppressed_radius_pt);
    // Every format draws the same small map.
    const render::MapContent map = small_map();
    for (const auto format : {render::MapFormat::png, render::MapFormat::svg, render::MapFormat::pdf}) {
        const auto drawn = render::render_map(map, format, render::Page{});
        CHECK(drawn.bytes.size() > 1000);
    }
    const auto page = render::Page::named("a3", 150);
    REQUIRE(page);
    CHECK(page->png_width() == 2480);
    CHECK(page->png_height() == 1754);
    CHECK_FALSE(render::Page::named("letter", 150));
}

TEST_CASE("roisc map --isochrones draws travel-time bands under the meetings, one colour per time") {
    const fs::path dir = fresh_dir("isochrones");
    // AA meets inside Sandwell, so its bands lie on the white of the study area.
    const Run r = run({"map", "-f", "AA", "--isochrones", "10min,20min,30min", "--formats", "png", "--out", dir.string()});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    REQUIRE(fs::exists(dir / "sandwell.png"));
    CHECK(fs::exists(dir / "metadata.json"));
    const Pixels png = read_png(dir / "sandwell.png");
    CHECK(png.width == 1754);
    CHECK(png.height == 1240);
    // Each band shows in its own legend colour over the study area: the 10-minute disc (611 m on the
    // estimate model) of each of the two AA meetings inside Sandwell and the wider rings.
    for (std::size_t band = 0; band < 3; ++band) {
        CAPTURE(band);
        CHECK(share_near(png, render::isochrone_band_rgb(band, 3)) > 0.002);
    }
    CHECK(share_near(png, render::gap_fill_rgb) == 0);  // no gaps asked for
    // The travel model is stated in the metadata as in roisc isochrones.
    const std::string meta = slurp(dir / "metadata.json");
    CHECK(meta.find("\"travel_model\": \"estimate\"") != std::string::npos);
    CHECK(meta.find("\"detour_factor\": \"1.31\"") != std::string::npos);

    SUBCASE("with --beyond as well, and bad arguments") {
        const fs::path both = fresh_dir("isochrones-and-gaps");
        Run b = run({"map", "-f", "NA", "--beyond", "2mi", "--isochrones", "15min,30min", "--formats", "png", "--out", both.string()});
        CAPTURE(b.err);
        REQUIRE(b.code == 0);
        const Pixels gaps = read_png(both / "sandwell.png");
        CHECK(share_near(gaps, render::gap_fill_rgb) > 0.05);
        b = run({"map", "-f", "NA", "--formats", "png", "--out", both.string()});
        CHECK(b.code == 2);
        CHECK(b.err.find("give --beyond") != std::string::npos);
        b = run({"map", "-f", "NA", "--isochrones", "2mi", "--out", both.string()});
        CHECK(b.code == 2);
        CHECK(b.err.find("--isochrones: '2mi' is a distance") != std::string::npos);
        b = run({"map", "-f", "NA", "--beyond", "2mi", "--mode", "drive", "--out", both.string()});
        CHECK(b.code == 2);
        CHECK(b.err.find("travel options (--mode drive) have nothing to do") != std::string::npos);
    }
}

TEST_CASE("isochrone bands: each time's band alone, in its colour, with its legend entry and the model") {
    render::MapContent m;
    m.title = "Bands";
    m.attribution = "Contains OS data";
    m.credit = "Travel times: estimate: straight line × 1.31 detour at 4.8 km/h (walk, no road network).";
    const auto land = test::rectangle(0, 0, 4000, 3000);
    m.towns.push_back({"Testtown", land});
    m.extent = {0, 0, 4000, 3000};
    m.meetings_label = "Meetings";
    m.isochrone_heading = "Walking time to the nearest eligible meeting (estimate model)";
    // Nested areas: 10 min a 400 m square, 20 min a 1,200 m square around it.
    m.isochrones = {{"Within 10 min", test::rectangle(1800, 1300, 2200, 1700)}, {"10 to 20 min", test::rectangle(1400, 900, 2600, 2100)}};
    const auto drawn = render::render_map(m, render::MapFormat::png, render::Page{});
    const fs::path file = fresh_dir("bands");
    fs::create_directories(file);
    std::ofstream(file / "bands.png", std::ios::binary) << drawn.bytes;
    const Pixels png = read_png(file / "bands.png");
    const double inner = share_near(png, render::isochrone_band_rgb(0, 2));
    const double outer = share_near(png, render::isochrone_band_rgb(1, 2));
    CHECK(inner > 0.001);
    // The outer band is the ring only (1,200² − 400² = 8 × 400²), not drawn over the inner square.
    CHECK(outer / inner == doctest::Approx(8).epsilon(0.15));
    CHECK(render::isochrone_band_rgb(0, 2) != render::isochrone_band_rgb(1, 2));
    std::set<std::string> legend;
    for (const auto& t : drawn.texts) {
        if (t.role == render::MapTextRole::legend) legend.insert(t.text);
    }
    CHECK(legend.count("Within 10 min"));
    CHECK(legend.count("10 to 20 min"));
    // No gap or hotspot rows when there are none to show.
    CHECK_FALSE(legend.count("Gap"));
    bool model = false;
    for (const auto& t : drawn.texts) model = model || (t.role == render::MapTextRole::credit && t.text.find("1.31 detour") != std::string::npos);
    CHECK(model);
}

TEST_CASE("picks: numbered discs in pick order over everything, a town name kept off them") {
    render::MapContent map = small_map();
    // The second pick sits where the town's name would go (the middle of the square).
    map.picks = {{{800, 2600}, 1, test::rectangle(300, 2100, 1300, 2900)}, {{2000, 1500}, 2, nullptr}};
    map.picks_label = "Venue for a new NA meeting";
    const auto drawn = render::render_map(map, render::MapFormat::png, render::Page{});
    std::vector<std::string> numbers;
    for (const auto& t : drawn.texts) {
        if (t.role == render::MapTextRole::pick) numbers.push_back(t.text);
    }
    // Drawn last pick first (so the first stays on top), then the legend's sample disc.
    CHECK(numbers == std::vector<std::string>{"2", "1", "1"});
    const fs::path file = fs::temp_directory_path() / "roisc-map-test-picks.png";
    {
        std::ofstream out(file, std::ios::binary);
        out << drawn.bytes;
    }
    const Pixels p = read_png(file);
    CHECK(share_near(p, render::pick_fill_rgb) > 0.0002);
    fs::remove(file);
}

TEST_CASE("roisc rank --map draws the picks with their numbers") {
    const fs::path dir = fresh_dir("rank");
    const Run r = run({"rank", "-f", "NA", "--new", "3", "--per-town", "1", "--map", "--out", dir.string()});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    REQUIRE(fs::exists(dir / "new_venues.png"));
    const Pixels p = read_png(dir / "new_venues.png");
    CHECK(p.width == 1754);
    CHECK(p.height == 1240);
    CHECK(share_near(p, render::pick_fill_rgb) > 0.0005);
    CHECK(run({"rank", "-f", "NA", "--map", "--no-files"}).code == 2);
    fs::remove_all(dir);
}
