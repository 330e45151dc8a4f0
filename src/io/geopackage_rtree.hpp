#pragma once
// The GeoPackage R-tree spatial index of a large layer, written in bulk. GDAL 3.6 fills the index
// one row at a time through SQLite's R*-tree when it closes the file (seconds for a million points);
// here the tree is packed (sort-tile-recursive) into SQLite's own node format in one pass, then
// checked with SQLite's rtreecheck before it is trusted. Private to src/io.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace roisc {

// True when the GDAL in use fills a new layer's index row by row (before 3.7, which bulk-loads it
// itself): only then is writing our own worth it.
bool gdal_fills_rtree_row_by_row();

// One non-empty geometry's envelope, under the fid GDAL gave its feature, as the R-tree stores it:
// float32, rounded outward.
struct RtreeEntry {
    std::int64_t fid = 0;
    float min_x = 0, max_x = 0, min_y = 0, max_y = 0;
};

RtreeEntry rtree_entry(std::int64_t fid, double min_x, double max_x, double min_y, double max_y);

// A layer written without an index whose index is to be built after GDAL has closed the file.
struct PendingRtree {
    std::string table;
    std::string geometry_column;
    std::string fid_column;
    std::vector<RtreeEntry> entries;
};

// Writes the index of `pending` into the closed GeoPackage at `path`, as GDAL 3.6 would have
// (virtual table, its triggers, the gpkg_extensions row), in one transaction; uses up its entries. Returns false, having
// rolled back, when the tree does not pass rtreecheck or the count of its rows differs (`why` says
// what); the caller then builds the index the slow way. Throws RuntimeFailure when the file cannot
// be written at all.
bool write_bulk_rtree(const std::string& path, PendingRtree& pending, std::string& why);

// The index built by GDAL itself (SELECT CreateSpatialIndex), for when the bulk one fails its check.
void create_rtree_with_gdal(const std::string& path, const PendingRtree& pending);

}  // namespace roisc
