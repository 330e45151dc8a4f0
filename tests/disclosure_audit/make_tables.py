#!/usr/bin/env python3
"""Seeded random NDTMS-shaped treatment tables for the disclosure audit.

For each seed this writes, under OUT/seed_NNNN/:

  table.csv        partial_postcode,opiate,non_opiate,alcohol_only,non_opiate_and_alcohol
                   one row per Sandwell postcode sector that `roisc hotspots` places inside a town
                   (43 of the 54 sectors of layers/sandwell/hotspots_modelled.csv), small counts
  demand/          the demand layer made from it by `roisc hotspots --disclosure none` (the secure
                   input every other command reads: exact counts)
  manifest.toml    a copy of layers/sandwell/manifest.toml whose `demand` layer is demand/table.geojson
                   and whose other layers are the embedded ones (absolute paths)
  truth.json       the true counts, for scoring only (the audit's attacker never reads it)

Counts: each sector gets an expected size drawn from a gamma distribution (mean about 10 people,
long tail), shared over the four NDTMS cohorts in the national proportions (opiate 47%, non-opiate
11%, alcohol only 29%, non-opiate and alcohol 13%) with Poisson noise: most cells are 0-8, a large
share 1-4, a few sectors have 20-40 people. Same seed, same table.

Usage: make_tables.py --seeds N [--first-seed S] --out DIR   (env ROISC: the roisc binary)
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
LAYERS = os.path.join(ROOT, "layers", "sandwell")
COHORTS = ["opiate", "non_opiate", "alcohol_only", "non_opiate_and_alcohol"]
SHARES = [0.47, 0.11, 0.29, 0.13]


def roisc_binary():
    return os.environ.get("ROISC", os.path.join(ROOT, "build", "roisc"))


def poisson(rng, lam):
    # Knuth's method: lam is small here (< 60).
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def placed_sectors(roisc, workdir):
    """The sectors of the embedded modelled table that roisc places inside a town, with the town."""
    out = os.path.join(workdir, "_placement")
    os.makedirs(out, exist_ok=True)
    src = os.path.join(LAYERS, "hotspots_modelled.csv")
    subprocess.run([roisc, "-q", "--format", "csv", "hotspots", src, "--disclosure", "none",
                    "--out", out, "--name", "placement"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(out, "placement.geojson"), encoding="utf-8") as f:
        feats = json.load(f)["features"]
    sectors = sorted((ft["properties"]["hotspot"], ft["properties"]["town"]) for ft in feats
                     if ft["properties"].get("town"))
    return sectors


def make_table(seed, sectors):
    rng = random.Random(seed * 7919 + 17)
    rows = []
    for sector, _town in sectors:
        size = rng.gammavariate(1.2, 8.5)  # mean ~10 people, long tail
        rows.append([sector] + [poisson(rng, size * s) for s in SHARES])
    return rows


def manifest_text(demand_geojson):
    """layers/sandwell/manifest.toml with absolute sources and the generated demand layer."""
    with open(os.path.join(LAYERS, "manifest.toml"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    out, section = [], None
    for line in lines:
        s = line.strip()
        if s.startswith("[layers."):
            section = s[len("[layers."):-1]
        if s.startswith("source =") and section:
            src = s.split("=", 1)[1].strip().strip('"')
            if section == "hotspots":
                line = 'source = "%s"' % demand_geojson
            else:
                line = 'source = "%s"' % os.path.join(LAYERS, src)
        if s.startswith("fields =") and section == "hotspots":
            line = 'fields = { id = "hotspot", town = "town" }'
        if s.startswith("description =") and section == "hotspots":
            line = 'description = "disclosure audit: seeded random NDTMS-shaped table (not real data)"'
        out.append(line)
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=50)
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    roisc = roisc_binary()
    os.makedirs(args.out, exist_ok=True)
    sectors = placed_sectors(roisc, args.out)
    if len(sectors) < 10:
        sys.exit("make_tables: roisc placed only %d sectors inside towns" % len(sectors))
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        d = os.path.join(args.out, "seed_%04d" % seed)
        os.makedirs(os.path.join(d, "demand"), exist_ok=True)
        rows = make_table(seed, sectors)
        table = os.path.join(d, "table.csv")
        with open(table, "w", encoding="utf-8") as f:
            f.write("partial_postcode," + ",".join(COHORTS) + "\n")
            for r in rows:
                f.write(",".join(str(v) for v in r) + "\n")
        subprocess.run([roisc, "-q", "--format", "csv", "hotspots", table, "--disclosure", "none",
                        "--out", os.path.join(d, "demand"), "--name", "table"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(d, "manifest.toml"), "w", encoding="utf-8") as f:
            f.write(manifest_text(os.path.join(os.path.abspath(d), "demand", "table.geojson")))
        truth = {"seed": seed, "cohorts": COHORTS,
                 "hotspots": {r[0]: {"town": t, "counts": r[1:]} for r, (_, t) in zip(rows, sectors)}}
        with open(os.path.join(d, "truth.json"), "w", encoding="utf-8") as f:
            json.dump(truth, f, indent=1, sort_keys=True)
    print("wrote %d table(s) of %d sectors to %s" % (args.seeds, len(sectors), args.out))


if __name__ == "__main__":
    main()
