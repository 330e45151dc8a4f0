// Choosing the travel model from the travel options: network files, the manifest's network
// layers, or the estimate fallback said aloud.
#include "options/travel.hpp"

#include "roisc/core/crs.hpp"
#include "roisc/core/error.hpp"
#include "roisc/io/manifest.hpp"
#include "../../support/network_fixtures.hpp"

#include <doctest/doctest.h>
#include <ogr_spatialref.h>

#include <memory>
#include <string>

using namespace roisc;
using roisc::test::bng;
using roisc::test::osm_point;
using roisc::cli::ChosenModel;
using roisc::cli::TravelRequest;
using roisc::cli::choose_travel_model;

TEST_CASE("a manifest network layer may be an OpenStreetMap file: its lines layer is read") {
    const Manifest manifest = load_manifest(std::string(ROISC_TEST_DATA) + "/network/osm_block/manifest.toml");
    const auto layers = manifest.with_role(Role::network);
    REQUIRE(layers.size() == 1);
    CHECK(layers[0]->source_layer == std::optional<std::string>("lines"));
    TravelRequest request;
    request.by = "network";
    request.mode = TravelMode::drive;
    const ChosenModel chosen = choose_travel_model(request, manifest, bng());
    REQUIRE(chosen.model.kind() == TravelKind::network);
    CHECK(chosen.model.network_graph()->edge_count() == 5);
    CHECK(chosen.model.describe().find("oneway.osm") != std::string::npos);
    // The canal has no road class: said in a note.
    REQUIRE(chosen.notes.size() == 1);
    CHECK(chosen.notes[0].find("1 network line(s) have no road class") != std::string::npos);
    const Point n1 = osm_point(-2.0, 52.5), n2 = osm_point(-1.99, 52.5);
    const double mph20 = 20 * 1.609344 * builtin_profile(TravelMode::drive).maxspeed_factor / 3.6;
    CHECK(AccessTimes(chosen.model, {n2}).seconds_to_nearest(n1) == doctest::Approx(distance(n1, n2) / mph20).epsilon(1e-6));
}

TEST_CASE("choosing a model: network files, the manifest, or the estimate fallback said aloud") {
    Manifest manifest;
    manifest.path = "test/manifest.toml";
    TravelRequest request;
    ChosenModel chosen = choose_travel_model(request, manifest, bng());
    CHECK(chosen.model.kind() == TravelKind::estimate);
    REQUIRE(chosen.notes.size() == 1);
    CHECK(chosen.notes[0].find("estimate model") != std::string::npos);
    request.by = "network";
    CHECK_THROWS_AS(choose_travel_model(request, manifest, bng()), ArgumentError);
    request.network_files = {std::string(ROISC_TEST_DATA) + "/network/footbridge.geojson"};
    chosen = choose_travel_model(request, manifest, bng());
    CHECK(chosen.model.kind() == TravelKind::network);
    CHECK(chosen.model.network_graph()->edge_count() == 6);
    CHECK(chosen.notes.size() == 1);  // the line without a class
    request.network_files = {std::string(ROISC_TEST_DATA) + "/network/edges.csv"};
    chosen = choose_travel_model(request, manifest, bng());
    CHECK(chosen.model.network_graph()->edge_count() == 2);
    request.network_files = {"/nonexistent/roads.geojson"};
    CHECK_THROWS_AS(choose_travel_model(request, manifest, bng()), ArgumentError);
    request.by = "straight";
    CHECK(choose_travel_model(request, manifest, bng()).model.kind() == TravelKind::straight);
}

