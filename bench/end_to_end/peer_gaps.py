#!/usr/bin/python3
"""The peer of `roisc gaps --beyond 2mi -f NA --disclosure none` in GeoPandas (issue 15).

    python3 bench/end_to_end/peer_gaps.py DATA_DIR OUT_DIR [--beyond-m 3218.688] [--fellowship NA]

Reads the files generate.py wrote (demand.gpkg, meetings.gpkg, regions.gpkg), as an analyst would
with GeoPandas:

1. the eligible meetings: the fellowship, attending in person or hybrid (roisc's default: online-only
   meetings have no place), with a geometry;
2. every demand point's nearest eligible meeting by scipy's cKDTree (straight line, EPSG:27700);
3. every demand point's region by a spatial join (`sjoin`, predicate `within`);
4. the gap points: nearest meeting further than the threshold (2 miles = 3,218.688 m), written to
   OUT_DIR/peer_gaps.gpkg (layer gap_points) with their cohorts, people, region, nearest meeting and
   distance; and the per-region table to OUT_DIR/peer_by_region.csv.

Also writes OUT_DIR/peer_coverage.csv (people within / beyond reach per region), which the checks
use for `roisc coverage`; that is a groupby on columns already computed, a few ms.
Prints the time of each step to stderr.
"""
import argparse
import os
import sys
import time

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

COHORTS = ["opiate", "non_opiate", "alcohol_only", "non_opiate_and_alcohol"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--beyond-m", type=float, default=3218.688)
    ap.add_argument("--fellowship", default="NA")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    t0 = time.perf_counter()
    steps = []

    def step(name):
        nonlocal t0
        t = time.perf_counter()
        steps.append((name, t - t0))
        t0 = t

    demand = gpd.read_file(os.path.join(a.data, "demand.gpkg"), layer="demand")
    meetings = gpd.read_file(os.path.join(a.data, "meetings.gpkg"), layer="meetings")
    regions = gpd.read_file(os.path.join(a.data, "regions.gpkg"), layer="regions")
    step("read")

    eligible = meetings[(meetings["fellowship"] == a.fellowship)
                        & meetings["attendance"].isin(["in_person", "hybrid"])
                        & meetings.geometry.notna() & ~meetings.geometry.is_empty]
    mxy = np.column_stack([eligible.geometry.x.to_numpy(), eligible.geometry.y.to_numpy()])
    tree = cKDTree(mxy)
    dxy = np.column_stack([demand.geometry.x.to_numpy(), demand.geometry.y.to_numpy()])
    dist, idx = tree.query(dxy, k=1, workers=-1)
    demand["distance_m"] = dist
    demand["nearest_meeting"] = eligible["meeting_id"].to_numpy()[idx]
    step("nearest (cKDTree)")

    joined = gpd.sjoin(demand, regions[["code", "name", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    demand["region"] = joined["name"].reindex(demand.index)
    step("regions (sjoin)")

    demand["people"] = demand[COHORTS].sum(axis=1)
    beyond = demand["distance_m"] > a.beyond_m
    gaps = demand[beyond]
    cols = ["postcode", "region", "people"] + COHORTS + ["nearest_meeting", "distance_m", "geometry"]
    gaps = gaps[cols]
    path = os.path.join(a.out, "peer_gaps.gpkg")
    if os.path.exists(path):
        os.remove(path)
    gaps.to_file(path, layer="gap_points", driver="GPKG")
    step("write gap points (GeoPackage)")

    names = regions["name"].tolist()
    by = gaps.groupby("region").agg(gap_points=("postcode", "size"), people_beyond=("people", "sum"))
    by = by.reindex(names, fill_value=0)
    by.index.name = "region"
    by.to_csv(os.path.join(a.out, "peer_by_region.csv"))
    cov = pd.DataFrame({
        "points": demand.groupby("region").size(),
        "people": demand.groupby("region")["people"].sum(),
        "people_within": demand[~beyond].groupby("region")["people"].sum(),
        "people_beyond": demand[beyond].groupby("region")["people"].sum(),
    }).reindex(names, fill_value=0).fillna(0).astype(np.int64)
    for c in COHORTS:
        cov[c + "_within"] = demand[~beyond].groupby("region")[c].sum().reindex(names, fill_value=0).fillna(0).astype(np.int64)
        cov[c + "_beyond"] = demand[beyond].groupby("region")[c].sum().reindex(names, fill_value=0).fillna(0).astype(np.int64)
    cov.index.name = "region"
    cov.to_csv(os.path.join(a.out, "peer_coverage.csv"))
    step("tables")

    unplaced = int(demand["region"].isna().sum())
    print(f"peer: {len(demand):,} points, {len(eligible):,} eligible meetings, {len(gaps):,} gap points, "
          f"{int(gaps['people'].sum()):,} people beyond; {unplaced} points in no region", file=sys.stderr)
    for name, s in steps:
        print(f"peer: {name:32s} {s:8.3f} s", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
