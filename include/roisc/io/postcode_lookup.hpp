#pragma once
// A postcode geocoder: normalised postcode -> point in the working CRS. Built from the manifest's
// `postcodes` layer or from a file the user names (Code-Point Open, ONS Postcode Directory, any CSV
// or OGR layer with a postcode field). Levels the source lacks are made from the levels below: a
// sector from the mean of its units, a district from the unit-weighted mean of its sectors.
#include "roisc/core/crs.hpp"
#include "roisc/core/postcode.hpp"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace roisc {

struct Layer;

// One located postcode as a source gives it.
struct PostcodePoint {
    Postcode postcode;
    double x = 0, y = 0;       // working CRS
    long long n_units = 0;     // unit postcodes it covers; 0 when the source does not say
};

// Where a location came from: the source itself, or the mean of the level below.
enum class PostcodeBasis { source, mean_of_units, mean_of_sectors, mean_of_districts };

struct PostcodeLocation {
    double x = 0, y = 0;       // working CRS
    PostcodeLevel level = PostcodeLevel::unit;
    long long n_units = 1;     // unit postcodes it covers (weights for the mean of a parent)
    PostcodeBasis basis = PostcodeBasis::source;
    int parts = 0;             // for a mean: how many units/sectors/districts it was made from

    // "lookup", "mean of 98 units", "mean of 6 sectors" — for reports and output attributes.
    std::string describe() const;
};

struct UnitPoint {
    std::string postcode;      // normalised unit, "B69 3DE"
    double x = 0, y = 0;
};

class PostcodeLookup {
public:
    PostcodeLookup() = default;
    // `source` names where the points came from, for messages ("Code-Point Open CSV b.csv").
    PostcodeLookup(std::vector<PostcodePoint> points, std::string source);

    // The location of a postcode of any level, from the source or made from the levels below it.
    std::optional<PostcodeLocation> find(const Postcode& postcode) const;
    // The unit postcodes inside a unit, sector, district or area, in postcode order (for spreading
    // a count over them). Empty when the source has no units there.
    std::vector<UnitPoint> units_of(const Postcode& postcode) const;

    const std::string& source() const { return source_; }
    // How many postcodes of a level the source itself gave (not counting those made from below).
    std::size_t given(PostcodeLevel level) const { return given_[static_cast<int>(level)]; }
    std::size_t size() const { return locations_.size(); }
    // Remarks made while building: repeated postcodes (the first is kept), and the like.
    const std::vector<std::string>& notes() const { return notes_; }
    void add_note(std::string note) { notes_.push_back(std::move(note)); }

private:
    std::string source_;
    std::unordered_map<std::string, PostcodeLocation> locations_;
    // Units by sector, and sectors (with units) by district, both sorted: the spreading index.
    std::unordered_map<std::string, std::vector<UnitPoint>> units_by_sector_;
    std::unordered_map<std::string, std::vector<std::string>> unit_sectors_by_district_;
    std::size_t given_[4] = {0, 0, 0, 0};
    std::vector<std::string> notes_;
};

// The lookup from a manifest layer of role `postcodes`, already read into the working CRS.
// Features whose postcode does not parse are noted and skipped.
PostcodeLookup postcode_lookup_from_layer(const Layer& layer);

// The lookup from a file or folder the user names (--lookup), into the working CRS `crs`:
//  * Code-Point Open CSV (no header; PC,PQ,EA,NO,... in British National Grid), one file or a
//    folder of them;
//  * a CSV with a header: a postcode column (pcds, pcd, postcode, sector, district, ...) and
//    coordinates as eastings/northings (oseast1m/osnrth1m, easting/northing, x/y) or WGS84
//    (lat/long, latitude/longitude), told apart by the names and the ranges of the values;
//    ONSPD's terminated postcodes (doterm set) are left out;
//  * any other file GDAL reads as a vector layer with a postcode field (points, or polygons by
//    a point inside them).
// A missing file is an ArgumentError; a file that cannot be used is a DataError saying why.
PostcodeLookup read_postcode_lookup(const std::string& path, const WorkingCrs& crs);

}  // namespace roisc
