// The postcode geocoder: building from points, levels made from the levels below, every kind of
// source, and the real Code-Point Open file.
#include "roisc/core/crs.hpp"
#include "roisc/core/error.hpp"
#include "roisc/io/csv.hpp"
#include "roisc/io/layer.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/io/postcode_lookup.hpp"

#include "../support/shared_data.hpp"
#include "../support/temp_file.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>

using namespace roisc;

namespace {

const std::string fixtures = std::string(ROISC_TEST_DATA) + "/hotspots";

Postcode pc(const std::string& text) { return *parse_postcode(text).postcode; }

WorkingCrs bng() { return choose_working_crs("EPSG:27700", std::nullopt); }

using test::TempFile;

}  // namespace

TEST_CASE("lookup: sectors from units, districts from sectors, units listed in order") {
    std::vector<PostcodePoint> points = {
        {pc("B69 3DE"), 100, 200, 0},  {pc("B69 3AA"), 300, 400, 0},   // sector B69 3 only by its units
        {pc("B69 4"), 1000, 1000, 6},                                   // a sector point, 6 units
        {pc("B70 1"), 0, 0, 0},        {pc("B70 2"), 10, 10, 0},        // sectors without unit counts
        {pc("B69 3DE"), 9999, 9999, 0},                                 // a repeat: the first wins
    };
    const PostcodeLookup lookup(points, "test points");
    CHECK(lookup.given(PostcodeLevel::unit) == 2);
    CHECK(lookup.given(PostcodeLevel::sector) == 3);
    CHECK(lookup.given(PostcodeLevel::district) == 0);
    REQUIRE(lookup.notes().size() == 1);
    CHECK(lookup.notes()[0].find("B69 3DE") != std::string::npos);

    const auto unit = lookup.find(pc("b693de"));
    REQUIRE(unit);
    CHECK(unit->x == 100);
    CHECK(unit->basis == PostcodeBasis::source);
    CHECK(unit->describe() == "lookup");

    const auto sector = lookup.find(pc("B69 3"));
    REQUIRE(sector);
    CHECK(sector->x == doctest::Approx(200));
    CHECK(sector->y == doctest::Approx(300));
    CHECK(sector->n_units == 2);
    CHECK(sector->basis == PostcodeBasis::mean_of_units);
    CHECK(sector->describe() == "mean of 2 units");

    // B69 = B69 3 (2 units at 200,300) and B69 4 (6 units at 1000,1000), weighted by units.
    const auto district = lookup.find(pc("B69"));
    REQUIRE(district);
    CHECK(district->level == PostcodeLevel::district);
    CHECK(district->x == doctest::Approx((2 * 200 + 6 * 1000) / 8.0));
    CHECK(district->y == doctest::Approx((2 * 300 + 6 * 1000) / 8.0));
    CHECK(district->n_units == 8);
    CHECK(district->describe() == "mean of 2 sectors");

    // Sectors without a unit count weigh one each.
    const auto b70 = lookup.find(pc("B70"));
    REQUIRE(b70);
    CHECK(b70->x == doctest::Approx(5));

    // The area from its districts.
    const auto area = lookup.find(pc("B"));
    REQUIRE(area);
    CHECK(area->basis == PostcodeBasis::mean_of_districts);

    CHECK_FALSE(lookup.find(pc("B69 9")));
    CHECK_FALSE(lookup.find(pc("B69 3XX")));

    const auto units = lookup.units_of(pc("B69 3"));
    REQUIRE(units.size() == 2);
    CHECK(units[0].postcode == "B69 3AA");  // postcode order
    CHECK(units[1].postcode == "B69 3DE");
    CHECK(lookup.units_of(pc("B69")).size() == 2);
    CHECK(lookup.units_of(pc("B")).size() == 2);
    CHECK(lookup.units_of(pc("B69 3DE")).size() == 1);
    CHECK(lookup.units_of(pc("B69 4")).empty());
}

TEST_CASE("lookup: from a manifest postcodes layer") {
    const Manifest manifest = load_manifest(fixtures + "/manifest.toml");
    const LoadedLayers loaded = read_layers(manifest);
    const Layer* layer = loaded.find("postcodes");
    REQUIRE(layer);
    REQUIRE(layer->usable());
    const PostcodeLookup lookup = postcode_lookup_from_layer(*layer);
    CHECK(lookup.given(PostcodeLevel::unit) == 6);
    CHECK(lookup.given(PostcodeLevel::sector) == 5);
    CHECK(lookup.given(PostcodeLevel::district) == 1);
    // B70 is not in the layer: the unit-weighted mean of B70 1 (200 units) and B70 2 (100).
    const auto b70 = lookup.find(pc("B70"));
    REQUIRE(b70);
    CHECK(b70->x == doctest::Approx((200 * 400500.0 + 100 * 400200.0) / 300));
    CHECK(b70->y == doctest::Approx((200 * 291500.0 + 100 * 292500.0) / 300));
    CHECK(b70->n_units == 300);
    // B69 1 has only units.
    const auto b691 = lookup.find(pc("B69 1"));
    REQUIRE(b691);
    CHECK(b691->x == doctest::Approx(398600));
    CHECK(b691->basis == PostcodeBasis::mean_of_units);
    // B69 3 is given as a sector: its own point, not its units' mean.
    const auto b693 = lookup.find(pc("B69 3"));
    REQUIRE(b693);
    CHECK(b693->x == doctest::Approx(399500));
    CHECK(b693->basis == PostcodeBasis::source);
    CHECK(lookup.units_of(pc("B69 3")).size() == 4);
}

TEST_CASE("lookup: ONS Postcode Directory style CSV, grid references preferred") {
    const PostcodeLookup lookup = read_postcode_lookup(fixtures + "/lookup_onspd.csv", bng());
    CHECK(lookup.source().find("oseast1m/osnrth1m") != std::string::npos);
    CHECK(lookup.given(PostcodeLevel::unit) == 2);  // one terminated, one without a grid reference
    const auto p = lookup.find(pc("B69 3DE"));
    REQUIRE(p);
    CHECK(p->x == 399482);
    CHECK(p->y == 289566);
    CHECK_FALSE(lookup.find(pc("B69 3XX")));  // terminated (doterm set)
    CHECK_FALSE(lookup.find(pc("B69 3ZZ")));  // no grid reference
    bool said = false;
    for (const auto& n : lookup.notes()) said = said || n.find("terminated") != std::string::npos;
    CHECK(said);
}

TEST_CASE("lookup: WGS84 columns are recognised and transformed") {
    const PostcodeLookup lookup = read_postcode_lookup(fixtures + "/lookup_latlon.csv", bng());
    CHECK(lookup.source().find("WGS84") != std::string::npos);
    const auto p = lookup.find(pc("B69 3DE"));
    REQUIRE(p);
    // Within a few metres of Code-Point's grid reference (the datum shift is not exact).
    CHECK(std::hypot(p->x - 399482, p->y - 289566) < 10.0);

    try {
        read_postcode_lookup(fixtures + "/lookup_swapped.csv", bng());
        FAIL("expected a DataError");
    } catch (const DataError& e) {
        CHECK(std::string(e.what()).find("wrong way round") != std::string::npos);
    }
}

TEST_CASE("lookup: a file without a postcode or coordinates, or no file at all") {
    TempFile no_pc("nopc.csv", "name,easting,northing\nx,399482,289566\n");
    CHECK_THROWS_AS(read_postcode_lookup(no_pc.path.string(), bng()), DataError);
    TempFile no_xy("noxy.csv", "postcode,name\nB69 3DE,x\n");
    try {
        read_postcode_lookup(no_xy.path.string(), bng());
        FAIL("expected a DataError");
    } catch (const DataError& e) {
        CHECK(std::string(e.what()).find("no coordinate columns") != std::string::npos);
    }
    CHECK_THROWS_AS(read_postcode_lookup("/no/such/lookup.csv", bng()), ArgumentError);
}

TEST_CASE("lookup: any OGR layer with a postcode field") {
    // The fixture holds eastings/northings without a crs member, so GDAL takes them for WGS84:
    // that must be an error that says so, not points in the sea.
    try {
        read_postcode_lookup(fixtures + "/postcodes.geojson", bng());
        FAIL("expected a DataError");
    } catch (const DataError& e) {
        CHECK(std::string(e.what()).find("not longitude/latitude") != std::string::npos);
    }

    TempFile lonlat("lonlat.geojson",
                    R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"pcds":"B69 3DE"},)"
                    R"("geometry":{"type":"Point","coordinates":[-2.009061,52.503992]}}]})");
    const PostcodeLookup ogr = read_postcode_lookup(lonlat.path.string(), bng());
    const auto p = ogr.find(pc("B69 3DE"));
    REQUIRE(p);
    CHECK(std::hypot(p->x - 399482, p->y - 289566) < 10.0);
}

TEST_CASE("lookup: the real Code-Point Open file") {
    const std::string b = "postcodes/codepoint_open_2014_raw/b.csv";
    if (!test::shared_data_available(b)) return;
    const PostcodeLookup lookup = read_postcode_lookup(test::shared_data(b), bng());
    CHECK(lookup.source().find("Code-Point Open") != std::string::npos);
    CHECK(lookup.given(PostcodeLevel::unit) == 41276);
    const auto council_house = lookup.find(pc("B69 3DE"));
    REQUIRE(council_house);
    CHECK(council_house->x == 399482);
    CHECK(council_house->y == 289566);
    const auto fixed_width = lookup.find(pc("B1 1AY"));  // "B1  1AY" in the file
    REQUIRE(fixed_width);
    CHECK(fixed_width->x == 406523);
    // Sectors and districts come from the units.
    const auto sector = lookup.find(pc("B69 3"));
    REQUIRE(sector);
    CHECK(sector->basis == PostcodeBasis::mean_of_units);
    CHECK(lookup.find(pc("B69"))->basis == PostcodeBasis::mean_of_sectors);
    CHECK(lookup.units_of(pc("B69 3")).size() == static_cast<std::size_t>(sector->n_units));
}

TEST_CASE("lookup: all of Sandwell's unit postcodes resolve, and every sector lies within 1 km of its units") {
    const std::string folder = "postcodes/codepoint_open_2014_raw";
    const std::string sandwell = "postcodes/sandwell_postcodes_2014.csv";
    if (!test::shared_data_available(folder) || !test::shared_data_available(sandwell)) return;
    // The whole Code-Point folder: b, dy, ws and wv (the column-headers file is passed over).
    const PostcodeLookup codepoint = read_postcode_lookup(test::shared_data(folder), bng());
    CHECK(codepoint.given(PostcodeLevel::unit) == 72055);

    CsvReader csv(test::shared_data(sandwell));
    CsvRecord r;
    REQUIRE(csv.next(r));
    int units = 0;
    while (csv.next(r)) {
        const auto p = codepoint.find(pc(r.fields[0]));
        INFO(r.fields[0]);
        REQUIRE(p);
        CHECK(p->x == std::stod(r.fields[4]));
        CHECK(p->y == std::stod(r.fields[5]));
        ++units;
    }
    CHECK(units == 6827);

    // The embedded default's sector points against the mean of their units in Code-Point.
    const std::string manifest_path = std::string(ROISC_SOURCE_DIR) + "/layers/sandwell/manifest.toml";
    const Manifest manifest = load_manifest(manifest_path);
    const LayerSpec* spec = manifest.with_role(Role::postcodes).front();
    const Layer layer = read_layer(*spec, bng());
    REQUIRE(layer.usable());
    const PostcodeLookup embedded = postcode_lookup_from_layer(layer);
    int sectors = 0;
    double worst = 0;
    for (const auto& f : layer.features) {
        const auto text = layer.text(f, "postcode");
        const PostcodeParse parsed = parse_postcode(text.value_or(""));
        if (!parsed || parsed.postcode->level() != PostcodeLevel::sector) continue;
        const auto mine = embedded.find(*parsed.postcode);
        const auto units_mean = codepoint.find(*parsed.postcode);
        REQUIRE(mine);
        REQUIRE(units_mean);
        const double d = std::hypot(mine->x - units_mean->x, mine->y - units_mean->y);
        worst = std::max(worst, d);
        CHECK_MESSAGE(d < 1000.0, parsed.postcode->text() << " is " << d << " m from its units' mean");
        ++sectors;
    }
    CHECK(sectors > 50);
    MESSAGE(sectors << " sectors of the embedded layer checked; the farthest from its units' mean: " << worst << " m");
}
