#!/usr/bin/python3
"""The whole-command benchmark (issue 15): roisc's commands on the national case against GeoPandas.

    /usr/bin/python3 bench/end_to_end/run.py --size 17k [--roisc build/roisc] [--work /tmp/roisc-e2e]
        [--timeout 300] [--timeout-none S] [--jobs check,gaps-none,gaps-std,cov-none,cov-std,within,map,peer]
        [--within-places 1000] [--within-budget S] [--nice 19] [--perf] [--seed 20261123]

For the size given (17k, 170k, 1.7M demand points) it generates the case with generate.py (once;
kept in WORK/data-SIZE), then runs, each under `nice -n 19 /usr/bin/time -v timeout …` (wall time
and peak resident memory, max RSS, of the process tree):

  check      roisc -m M layers --check (what a user runs first on new data)
  gaps-none  roisc -m M gaps --beyond 2mi -f NA --disclosure none --out …
  gaps-std   the same with disclosure control (the default, standard)
  cov-none   roisc -m M coverage --within 2mi -f NA --disclosure none --out …
  cov-std    the same with disclosure control
  within     roisc -m M within --from=LON,LAT --radius 2mi -f NA, one place per run (the command
             takes one place): up to --within-places places, stopping once --within-budget seconds
             are spent; the table gives the mean per call and the total for 1,000 places
             (extrapolated when fewer were run)
  map        roisc -m M map --beyond 2mi -f NA --out … (the whole study area, PNG + SVG + PDF)
  peer       python3 peer_gaps.py (GeoPandas + scipy cKDTree + sjoin, writes the gap points)

A run that exceeds --timeout (default 300 s; --timeout-none for the two runs without disclosure) is
killed and reported as "timed out". Then it checks roisc's files against the peer's:

  * gaps --disclosure none: the same gap points, the same region, people and nearest distance for
    each (1e-6 m), and the same per-region gap points and people;
  * gaps with disclosure: every count it publishes equals the true one (hidden counts are `*`);
  * coverage --disclosure none: per region the points, people, covered and not covered, and per
    cohort; with disclosure, every published count equals the true one;
  * within: for each place timed, the number of meetings listed equals the eligible NA meetings
    within 2 miles in the peer's cKDTree (allowing for meetings within 1 m of the radius).

It prints agree/disagree for each, and the table: command, size, wall seconds, CPU seconds (user +
system), peak MB, and the ratios to the GeoPandas gap job (wall time, peak memory). Results are also written to WORK/results-SIZE.json.
Exit status: 0 all checks agree, 1 some disagree, 2 something could not be run (or timed out).
"""
import argparse
import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"  # Debian's Python, where python3-geopandas is installed
COHORTS = ["opiate", "non_opiate", "alcohol_only", "non_opiate_and_alcohol"]
BEYOND_M = 3218.688  # 2 miles
ALL_JOBS = ["check", "gaps-none", "gaps-std", "cov-none", "cov-std", "within", "map", "peer"]


def parse_time_v(path):
    """Wall seconds, max RSS (kB) and exit status from GNU time -v output."""
    wall = rss = None
    cpu = 0.0
    status = None
    signal = None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("Elapsed (wall clock) time"):
                v = line.rsplit(": ", 1)[1]
                parts = [float(p) for p in v.split(":")]
                wall = 0.0
                for p in parts:
                    wall = wall * 60 + p
            elif line.startswith("User time (seconds)") or line.startswith("System time (seconds)"):
                cpu += float(line.rsplit(": ", 1)[1])
            elif line.startswith("Maximum resident set size"):
                rss = int(line.rsplit(": ", 1)[1])
            elif line.startswith("Exit status"):
                status = int(line.rsplit(": ", 1)[1])
            elif line.startswith("Command terminated by signal"):
                signal = int(line.rsplit(" ", 1)[1])
    return wall, rss, status, signal, cpu


class Runner:
    def __init__(self, a, logdir):
        self.a = a
        self.logdir = logdir

    def timed(self, name, cmd, timeout, cwd=None, quiet=False):
        tf = os.path.join(self.logdir, name + ".time")
        out = os.path.join(self.logdir, name + ".out")
        err = os.path.join(self.logdir, name + ".err")
        full = ["nice", "-n", str(self.a.nice), "/usr/bin/time", "-v", "-o", tf,
                "timeout", "-k", "10", str(int(timeout))] + cmd
        if not quiet:
            print(f"[{time.strftime('%H:%M:%S')}] {name}: {' '.join(cmd)}", flush=True)
        t0 = time.perf_counter()
        with open(out, "w") as fo, open(err, "w") as fe:
            p = subprocess.run(full, stdout=fo, stderr=fe, cwd=cwd)
        outer = time.perf_counter() - t0
        try:
            wall, rss, status, sig, cpu = parse_time_v(tf)
        except (OSError, ValueError, IndexError):
            wall, rss, status, sig, cpu = outer, None, p.returncode, None, None
        timed_out = p.returncode in (124, 137) or status in (124, 137)
        r = {"name": name, "cmd": cmd, "seconds": wall if wall is not None else outer,
             "cpu_seconds": cpu, "peak_kb": rss, "rc": p.returncode, "timed_out": timed_out, "timeout": timeout,
             "stdout": out, "stderr": err}
        if not quiet:
            state = "timed out" if timed_out else f"rc {p.returncode}"
            print(f"    {r['seconds']:.2f} s (CPU {cpu if cpu is not None else float('nan'):.2f} s), peak {fmt_mb(rss)} MB, {state}", flush=True)
            if p.returncode not in (0,) and not timed_out:
                with open(err) as f:
                    tail = f.read()[-1500:]
                print("    stderr: " + tail.replace("\n", "\n    "), flush=True)
        return r


def fmt_mb(kb):
    return "?" if kb is None else f"{kb * 1024 / 1e6:,.0f}"


def ogr_csv(gpkg, layer, fields, dst):
    """A GeoPackage layer's fields as CSV rows (ogr2ogr), read back as dicts."""
    if os.path.exists(dst):
        os.remove(dst)
    subprocess.run(["ogr2ogr", "-f", "CSV", dst, gpkg, layer, "-select", ",".join(fields)], check=True)
    with open(dst, newline="") as f:
        return list(csv.DictReader(f))


def expected_demand(data):
    """The features of the case's demand GeoPackage, as ogrinfo counts them."""
    text = subprocess.run(["ogrinfo", "-ro", "-so", "-al", os.path.join(data, "demand.gpkg")],
                          capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Feature Count: (\d+)", text).group(1))


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def find_gpkg(folder):
    g = [f for f in os.listdir(folder) if f.endswith(".gpkg")]
    return os.path.join(folder, g[0]) if g else None


class Checks:
    def __init__(self):
        self.items = []

    def add(self, name, ok, detail):
        self.items.append({"check": name, "agree": bool(ok), "detail": detail})
        print(f"  {'agree   ' if ok else 'DISAGREE'}  {name}: {detail}", flush=True)


def check_gaps_none(work, out_dir, peer_dir, checks, tmp):
    gpkg = find_gpkg(out_dir)
    # roisc's layers carry distance_km and distance_mi (docs/outputs.md); metres here for the comparison.
    r_rows = ogr_csv(gpkg, "gap_hotspots", ["hotspot", "town", "people", "distance_km"], os.path.join(tmp, "r_gaps.csv"))
    for row in r_rows:
        row["distance_m"] = str(float(row["distance_km"]) * 1000.0)
    p_rows = ogr_csv(os.path.join(peer_dir, "peer_gaps.gpkg"), "gap_points", ["postcode", "region", "people", "distance_m"],
                     os.path.join(tmp, "p_gaps.csv"))
    r = {row["hotspot"]: row for row in r_rows}
    p = {row["postcode"]: row for row in p_rows}
    only_r = sorted(set(r) - set(p))
    only_p = sorted(set(p) - set(r))
    checks.add("gaps none: the same gap points", not only_r and not only_p and len(r) == len(r_rows),
               f"roisc {len(r_rows):,}, peer {len(p_rows):,}; only in roisc {len(only_r)} {only_r[:5]}, only in peer {len(only_p)} {only_p[:5]}")
    common = sorted(set(r) & set(p))
    maxdiff = 0.0
    worst = None
    bad_dist = bad_region = bad_people = 0
    examples = []
    for k in common:
        d = abs(float(r[k]["distance_m"]) - float(p[k]["distance_m"]))
        if d > maxdiff:
            maxdiff, worst = d, k
        if d > 1e-3:  # 1 mm: the kilometres may be stored to 6 decimals
            bad_dist += 1
            if len(examples) < 3:
                examples.append(f"{k}: roisc {r[k]['distance_m']} peer {p[k]['distance_m']}")
        if r[k]["town"] != p[k]["region"]:
            bad_region += 1
            if len(examples) < 6:
                examples.append(f"{k}: region roisc {r[k]['town']!r} peer {p[k]['region']!r}")
        if int(r[k]["people"]) != int(p[k]["people"]):
            bad_people += 1
    checks.add("gaps none: each gap point's nearest distance (1 mm)", bad_dist == 0,
               f"{len(common):,} compared, {bad_dist} differ, largest difference {maxdiff:.3g} m" + (f" ({worst})" if worst else "")
               + (f"; e.g. {examples}" if examples and bad_dist else ""))
    checks.add("gaps none: each gap point's region and people", bad_region == 0 and bad_people == 0,
               f"{bad_region} regions and {bad_people} people counts differ" + (f"; e.g. {examples}" if bad_region else ""))
    # per region
    by_r = {row[list(row)[0]]: row for row in read_csv(os.path.join(out_dir, "gaps_by_town.csv"))}
    by_p = {row["region"]: row for row in read_csv(os.path.join(peer_dir, "peer_by_region.csv"))}
    diffs = []
    for reg, pr in by_p.items():
        rr = by_r.get(reg)
        if rr is None or int(rr["gap_hotspots"]) != int(pr["gap_points"]) or int(rr["people_beyond"]) != int(pr["people_beyond"]):
            diffs.append(f"{reg}: roisc {rr and (rr['gap_hotspots'], rr['people_beyond'])} peer {(pr['gap_points'], pr['people_beyond'])}")
    tot_p = sum(int(x["gap_points"]) for x in by_p.values()), sum(int(x["people_beyond"]) for x in by_p.values())
    checks.add("gaps none: per-region gap points and people", not diffs,
               f"9 regions, total {tot_p[0]:,} points / {tot_p[1]:,} people" + (f"; {diffs}" if diffs else ""))


def published_matches(table, truth, key_col, cols, label, checks):
    """Every published (not '*') count of `table` equals the true one, and every partial sum ('57+*': the
    published cells of a total whose other cells are hidden) is below it; returns counts for the report."""
    shown = hidden = wrong = partial = 0
    small = 0
    examples = []
    for row in table:
        key = row[key_col]
        if key not in truth:
            continue
        for c, tc in cols.items():
            v = row.get(c, "")
            if v in ("*", ""):
                hidden += 1
                continue
            t = truth[key][tc]
            if v.endswith("+*"):
                # The hidden cells left out hold at least 1 person each: the published part is below the truth.
                partial += 1
                if int(v[:-2]) >= int(t):
                    wrong += 1
                    if len(examples) < 4:
                        examples.append(f"{key}/{c}: published {v}, true {t}")
                continue
            shown += 1
            if int(v) != int(t):
                wrong += 1
                if len(examples) < 4:
                    examples.append(f"{key}/{c}: published {v}, true {t}")
            if 1 <= int(v) <= 4:
                small += 1
    checks.add(label, wrong == 0 and small == 0,
               f"{shown} counts published, {partial} partial sums (N+*) below the truth, {hidden} hidden, {wrong} differ from "
               f"the true count, {small} published counts of 1-4"
               + (f"; e.g. {examples}" if examples else ""))


def check_gaps_std(out_dir, peer_dir, checks, tmp):
    truth = {row["region"]: row for row in read_csv(os.path.join(peer_dir, "peer_by_region.csv"))}
    table = read_csv(os.path.join(out_dir, "gaps_by_town.csv"))
    key = list(table[0])[0]
    published_matches(table, truth, key, {"gap_hotspots": "gap_points", "people_beyond": "people_beyond"},
                      "gaps standard: published per-region counts equal the true ones", checks)
    rows = read_csv(os.path.join(out_dir, "gap_hotspots.csv"))
    tot = sum(int(x["gap_points"]) for x in truth.values())
    checks.add("gaps standard: every gap point listed", len(rows) == tot, f"roisc lists {len(rows):,}, the peer finds {tot:,}")
    p_rows = ogr_csv(os.path.join(peer_dir, "peer_gaps.gpkg"), "gap_points", ["postcode", "people"], os.path.join(tmp, "p_people.csv"))
    ptruth = {r["postcode"]: {"people": r["people"]} for r in p_rows}
    published_matches(rows, ptruth, "hotspot", {"people": "people"},
                      "gaps standard: published people of each gap point equal the true ones", checks)


def check_cov(out_dir, peer_dir, checks, disclosure):
    truth = {row["region"]: row for row in read_csv(os.path.join(peer_dir, "peer_coverage.csv"))}
    table = read_csv(os.path.join(out_dir, "coverage_by_town.csv"))
    key = list(table[0])[0]
    cols = {"hotspots": "points", "people": "people", "covered": "people_within", "not_covered": "people_beyond"}
    cohort_truth = {c: {"people": sum(int(t[c + "_within"]) + int(t[c + "_beyond"]) for t in truth.values()),
                        "covered": sum(int(t[c + "_within"]) for t in truth.values()),
                        "not_covered": sum(int(t[c + "_beyond"]) for t in truth.values())} for c in COHORTS}
    ctable = read_csv(os.path.join(out_dir, "coverage_by_cohort.csv"))
    if disclosure == "none":
        diffs = []
        for reg, t in truth.items():
            row = next((r for r in table if r[key] == reg), None)
            if row is None or any(int(row[c]) != int(t[tc]) for c, tc in cols.items()):
                diffs.append(f"{reg}: roisc {row and [row[c] for c in cols]} peer {[t[tc] for tc in cols.values()]}")
        for row in ctable:
            c = row["cohort"]
            if c in cohort_truth and any(int(row[k]) != cohort_truth[c][k] for k in ("people", "covered", "not_covered")):
                diffs.append(f"cohort {c}: roisc {[row[k] for k in ('people', 'covered', 'not_covered')]} peer {cohort_truth[c]}")
        checks.add("coverage none: per-region points, people, covered, not covered; per cohort", not diffs,
                   "9 regions and 4 cohorts" + (f"; {diffs}" if diffs else ""))
    else:
        published_matches(table, truth, key, cols, "coverage standard: published per-region counts equal the true ones", checks)
        published_matches(ctable, cohort_truth, "cohort", {"people": "people", "covered": "covered", "not_covered": "not_covered"},
                          "coverage standard: published per-cohort counts equal the true ones", checks)


def check_within(results, data, checks):
    """roisc within's count of meetings against cKDTree on the peer's side."""
    if not results:
        return
    code = r"""
import sys, json, numpy as np, geopandas as gpd
from scipy.spatial import cKDTree
m = gpd.read_file(sys.argv[1] + "/meetings.gpkg", layer="meetings")
m = m[(m.fellowship == "NA") & m.attendance.isin(["in_person", "hybrid"]) & m.geometry.notna()]
t = cKDTree(np.column_stack([m.geometry.x, m.geometry.y]))
pts = json.loads(sys.stdin.read())
r = float(sys.argv[2])
out = [[len(t.query_ball_point(p, r - 1.0)), len(t.query_ball_point(p, r + 1.0))] for p in pts]
print(json.dumps(out))
"""
    pts = [[float(x["easting"]), float(x["northing"])] for x in results]
    p = subprocess.run([PY, "-c", code, data, str(BEYOND_M)], input=json.dumps(pts), capture_output=True, text=True, check=True)
    bounds = json.loads(p.stdout)
    bad = []
    for x, (lo, hi) in zip(results, bounds):
        n = x["count"]
        if n is None or not (lo <= n <= hi):
            bad.append(f"{x['place']}: roisc {n}, peer {lo}" + (f"-{hi}" if hi != lo else ""))
    checks.add("within: meetings within 2mi of each place timed", not bad,
               f"{len(results)} places, {sum(x['count'] or 0 for x in results)} meetings listed in all" + (f"; {bad[:5]}" if bad else ""))


def within_count(path):
    with open(path) as f:
        text = f.read()
    m = re.search(r"^(\d+) meetings? \(", text, re.M)
    if m:
        return int(m.group(1))
    if re.search(r"^No meetings?|^no eligible|^0 meetings", text, re.M | re.I):
        return 0
    return None


def main():
    ap = argparse.ArgumentParser(description="roisc end-to-end benchmark against GeoPandas (issue 15)")
    ap.add_argument("--size", default="17k")
    ap.add_argument("--roisc", default=os.environ.get("ROISC", "build/roisc"))
    ap.add_argument("--work", default="/tmp/roisc-e2e")
    ap.add_argument("--data", help="data folder (default WORK/data-SIZE; generated when it has no manifest.toml)")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--timeout-none", type=float, help="timeout of the two runs without disclosure (default --timeout)")
    ap.add_argument("--jobs", default=",".join(ALL_JOBS))
    ap.add_argument("--within-places", type=int, default=1000)
    ap.add_argument("--within-budget", type=float, help="seconds to spend on within (default --timeout)")
    ap.add_argument("--nice", type=int, default=19)
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--tag", default="", help="suffix of the run folder and results file, to keep several runs of one size")
    ap.add_argument("--perf", action="store_true", help="also profile gaps --disclosure none with perf record -g")
    a = ap.parse_args()
    jobs = [j.strip() for j in a.jobs.split(",") if j.strip()]
    unknown = set(jobs) - set(ALL_JOBS)
    if unknown:
        ap.error(f"unknown jobs {sorted(unknown)}; choose from {ALL_JOBS}")
    roisc = os.path.abspath(a.roisc)
    if not os.access(roisc, os.X_OK):
        print(f"run: no roisc binary at {roisc} (--roisc)", file=sys.stderr)
        return 2
    size = a.size
    data = os.path.abspath(a.data or os.path.join(a.work, f"data-{size}"))
    work = os.path.join(os.path.abspath(a.work), f"run-{size}{a.tag}")
    logdir = os.path.join(work, "logs")
    os.makedirs(logdir, exist_ok=True)
    manifest = os.path.join(data, "manifest.toml")
    if not os.path.exists(manifest):
        t0 = time.perf_counter()
        subprocess.run(["nice", "-n", str(a.nice), PY, os.path.join(HERE, "generate.py"), size, data, "--seed", str(a.seed)], check=True)
        print(f"generated in {time.perf_counter() - t0:.1f} s", flush=True)
    t_none = a.timeout_none or a.timeout
    run = Runner(a, logdir)
    try:
        load = open("/proc/loadavg").read().split()[:3]
    except OSError:
        load = ["?"]
    print(f"roisc end-to-end, size {size}, data {data}, roisc {roisc}, timeout {a.timeout:g} s"
          f" ({t_none:g} s without disclosure), load average {' '.join(load)}", flush=True)
    res = {}
    outs = {}
    base = [roisc, "-m", manifest]
    for j in jobs:
        od = os.path.join(work, j)
        if j != "within" and os.path.exists(od):
            shutil.rmtree(od)
        outs[j] = od
        if j == "check":
            res[j] = run.timed(j, base + ["layers", "--check", "--format", "json"], a.timeout)
        elif j == "gaps-none":
            res[j] = run.timed(j, base + ["gaps", "--beyond", "2mi", "-f", "NA", "--disclosure", "none", "--out", od], t_none)
        elif j == "gaps-std":
            res[j] = run.timed(j, base + ["gaps", "--beyond", "2mi", "-f", "NA", "--out", od], a.timeout)
        elif j == "cov-none":
            res[j] = run.timed(j, base + ["coverage", "--within", "2mi", "-f", "NA", "--disclosure", "none", "--out", od], t_none)
        elif j == "cov-std":
            res[j] = run.timed(j, base + ["coverage", "--within", "2mi", "-f", "NA", "--out", od], a.timeout)
        elif j == "map":
            res[j] = run.timed(j, base + ["map", "--beyond", "2mi", "-f", "NA", "--out", od], a.timeout)
        elif j == "peer":
            res[j] = run.timed(j, [PY, os.path.join(HERE, "peer_gaps.py"), data, od], a.timeout)
        elif j == "within":
            places = read_csv(os.path.join(data, "places.csv"))[: a.within_places]
            budget = a.within_budget or a.timeout
            print(f"[{time.strftime('%H:%M:%S')}] within: one run per place, up to {len(places)} places or {budget:g} s", flush=True)
            total = 0.0
            cpu = 0.0
            peak = 0
            done = []
            failed = timed_out = 0
            for i, pl in enumerate(places):
                r = run.timed("within", base + ["within", f"--from={pl['lon']},{pl['lat']}", "--radius", "2mi", "-f", "NA"],
                              a.timeout, quiet=True)
                total += r["seconds"]
                cpu += r["cpu_seconds"] or 0.0
                peak = max(peak, r["peak_kb"] or 0)
                if r["timed_out"]:
                    timed_out += 1
                elif r["rc"] != 0:
                    failed += 1
                    if failed <= 3:
                        print(f"    within {pl['lon']},{pl['lat']}: rc {r['rc']}: {open(r['stderr']).read()[-500:]}", flush=True)
                done.append({"place": f"{pl['lon']},{pl['lat']}", "easting": pl["easting"], "northing": pl["northing"],
                             "count": within_count(r["stdout"]) if r["rc"] == 0 else None, "seconds": r["seconds"]})
                if total >= budget or r["timed_out"]:
                    break
            n = len(done)
            mean = total / n
            res[j] = {"name": j, "seconds": mean * 1000, "cpu_seconds": cpu / n * 1000, "peak_kb": peak, "rc": 0 if failed == 0 else 1,
                      "timed_out": timed_out > 0, "places_run": n, "mean_seconds": mean, "measured_seconds": total,
                      "extrapolated": n < 1000, "places": done}
            print(f"    {n} places in {total:.1f} s, {mean:.3f} s a place, 1,000 places "
                  f"{'extrapolated ' if n < 1000 else ''}{mean * 1000:.0f} s, peak {fmt_mb(peak)} MB, {failed} failed", flush=True)

    if a.perf and shutil.which("perf"):
        pd = os.path.join(work, "perf.data")
        od = os.path.join(work, "perf-gaps")
        print(f"[{time.strftime('%H:%M:%S')}] perf record -g: gaps --disclosure none", flush=True)
        subprocess.run(["nice", "-n", str(a.nice), "perf", "record", "-g", "-o", pd, "--"] + base +
                       ["gaps", "--beyond", "2mi", "-f", "NA", "--disclosure", "none", "--out", od],
                       stdout=subprocess.DEVNULL, stderr=open(os.path.join(logdir, "perf.err"), "w"))
        rep = subprocess.run(["perf", "report", "-i", pd, "--no-children", "--sort", "dso,symbol", "-g", "none",
                              "--stdio", "--percent-limit", "1"], capture_output=True, text=True)
        top = [ln.rstrip()[:150] for ln in rep.stdout.splitlines() if "%" in ln and not ln.startswith("#")][:20]
        with open(os.path.join(work, "perf-top.txt"), "w") as f:
            f.write("\n".join(top) + "\n")
        print("perf top (self time):\n" + "\n".join(top), flush=True)

    # --- checks -------------------------------------------------------------------------
    print("\nChecks against the peer:", flush=True)
    checks = Checks()
    peer_ok = "peer" in res and res["peer"]["rc"] == 0
    peer_dir = outs.get("peer")
    tmp = os.path.join(work, "check")
    os.makedirs(tmp, exist_ok=True)
    if not peer_ok:
        print("  (no peer result: checks skipped)")
    else:
        for j, fn in (("gaps-none", lambda: check_gaps_none(work, outs[j], peer_dir, checks, tmp)),
                      ("gaps-std", lambda: check_gaps_std(outs[j], peer_dir, checks, tmp)),
                      ("cov-none", lambda: check_cov(outs[j], peer_dir, checks, "none")),
                      ("cov-std", lambda: check_cov(outs[j], peer_dir, checks, "standard"))):
            if j in res:
                if res[j]["rc"] == 0:
                    try:
                        fn()
                    except Exception as e:  # a missing or malformed output file is a disagreement
                        checks.add(f"{j}: outputs readable", False, repr(e))
                else:
                    print(f"  (skipped {j}: {'timed out' if res[j]['timed_out'] else 'rc %d' % res[j]['rc']})")
    if "within" in res:
        check_within([x for x in res["within"]["places"] if x["count"] is not None], data, checks)
    if "check" in res and res["check"]["rc"] == 0:
        with open(res["check"]["stdout"]) as f:
            listed = {l["name"]: l["features"] for l in json.load(f)["layers"]}
        checks.add("check: layers --check lists every demand feature", listed.get("demand") == expected_demand(data),
                   f"listed {listed.get('demand')}, in the file {expected_demand(data)}")
    if "map" in res and res["map"]["rc"] == 0:
        files = sorted(os.listdir(outs["map"]))
        checks.add("map: the map files written", any(f.endswith(".png") for f in files), ", ".join(files))

    # --- table --------------------------------------------------------------------------
    labels = {
        "check": "roisc layers --check",
        "gaps-none": "roisc gaps --beyond 2mi -f NA --disclosure none",
        "gaps-std": "roisc gaps --beyond 2mi -f NA (disclosure standard)",
        "cov-none": "roisc coverage --within 2mi -f NA --disclosure none",
        "cov-std": "roisc coverage --within 2mi -f NA (disclosure standard)",
        "within": "roisc within --radius 2mi -f NA, 1,000 places",
        "map": "roisc map --beyond 2mi -f NA (png, svg, pdf)",
        "peer": "GeoPandas gap job (peer_gaps.py)",
    }
    peer_s = res["peer"]["seconds"] if peer_ok else None
    peer_kb = res["peer"]["peak_kb"] if peer_ok else None
    print(f"\nsize {size}; ratios are roisc / the GeoPandas gap job (time x, memory x); nice -n {a.nice}")
    hdr = f"{'command':56s} {'size':>6s} {'seconds':>9s} {'CPU s':>9s} {'peak MB':>8s} {'time x':>7s} {'mem x':>6s}  status"
    print(hdr)
    print("-" * len(hdr))
    for j in jobs:
        r = res[j]
        secs = r["seconds"]
        status = "timed out" if r["timed_out"] else ("ok" if r["rc"] == 0 else f"rc {r['rc']}")
        if j == "within":
            status += f" ({r['places_run']} places run{', extrapolated' if r['extrapolated'] else ''}; {r['mean_seconds']:.2f} s each)"
        s_txt = (f">{r['timeout']:g}" if r["timed_out"] and j != "within" else f"{secs:.2f}")
        tx = "" if not peer_s or j == "peer" or r["timed_out"] else f"{secs / peer_s:.2f}"
        mx = "" if not peer_kb or j == "peer" or not r["peak_kb"] else f"{r['peak_kb'] / peer_kb:.2f}"
        c_txt = "" if r["timed_out"] and j != "within" or r.get("cpu_seconds") is None else f"{r['cpu_seconds']:.2f}"
        print(f"{labels[j]:56s} {size:>6s} {s_txt:>9s} {c_txt:>9s} {fmt_mb(r['peak_kb']):>8s} {tx:>7s} {mx:>6s}  {status}")
    agree = all(c["agree"] for c in checks.items)
    n_dis = sum(1 for c in checks.items if not c["agree"])
    print(f"\nagreement: {'agree' if agree else 'DISAGREE'} ({len(checks.items) - n_dis} of {len(checks.items)} checks agree)")
    with open(os.path.join(os.path.abspath(a.work), f"results-{size}{a.tag}.json"), "w") as f:
        json.dump({"size": size, "load": load, "timeout": a.timeout, "timeout_none": t_none,
                   "results": {k: {kk: vv for kk, vv in v.items() if kk != "places"} for k, v in res.items()},
                   "checks": checks.items}, f, indent=1)
    if not agree:
        return 1
    if any(r["timed_out"] or r["rc"] != 0 for r in res.values()):
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
