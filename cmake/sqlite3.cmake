# SQLite: the GeoPackage R-tree of a large layer is written into its shadow tables directly
# (src/io/geopackage_rtree.cpp). CMake's own FindSQLite3 gives SQLite::SQLite3.
find_package(SQLite3 3.24 REQUIRED)  # rtreecheck() arrived in 3.24
