#pragma once
// Reading the network and travel profiles from files: OGR line layers (GeoJSON, GeoPackage, OSM PBF,
// PostGIS), node/edge CSV graphs, and profile TOML files.
#include "roisc/core/crs.hpp"
#include "roisc/io/manifest.hpp"
#include "roisc/model/network.hpp"

#include <string>
#include <vector>

namespace roisc {

// Reads a profile TOML file. A missing file is an ArgumentError; wrong content a DataError naming
// the file, the line and the key.
Profile load_profile(const std::string& path);
// --profile FILE if given; else ./profiles/<mode>.toml; else the source tree's profiles/<mode>.toml;
// else the built-in profile.
Profile find_profile(TravelMode mode, const std::string& explicit_path = "");

// Reads a network layer (role `network`; logical fields class, maxspeed, oneway) into `crs`.
// Several layers are joined where they share vertices. Throws DataError for an unusable layer.
Network read_network(const std::vector<LayerSpec>& layers, const WorkingCrs& crs);
// A LayerSpec for a network file named on the command line, its class in `class_field`.
LayerSpec network_layer_spec(const std::string& path, const std::string& class_field = "highway");
// A node/edge CSV graph (shared/data/roads: node_id,lon,lat and edge_id,u,v,length_m,highway,
// maxspeed,…,geometry_lonlat; an optional oneway column). Lengths are taken as given.
Network read_network_csv(const std::string& nodes_path, const std::string& edges_path, const WorkingCrs& crs);
// True when `path` is an edge CSV of such a graph (its header has u, v and length_m).
bool is_edge_csv(const std::string& path);

}  // namespace roisc
