#!/usr/bin/env python3
"""Disclosure audit: plays the attacker against the roisc binary on one generated table.

The attacker (see docs/disclosure.md, "Threat model") sees every published output of any number of
runs, and knows where the hotspots and meetings are and which town each hotspot is in. This script

1. runs `roisc hotspots` (the base publication of the table) and a sweep of `gaps`, `coverage` and
   `rank` runs over fellowships, time windows and thresholds, through the roisc binary (env ROISC,
   default build/roisc), against the seed's manifest (make_tables.py);
2. collects EVERY published count from the CSV/GeoJSON files and tables: per-hotspot counts and
   totals, town and whole-area totals, cohort totals, pick gains, `*` as hidden;
3. turns each into an equation over the unknown hotspot x cohort cells of the true table: a
   published number is `sum of its cells = value`, a `*` is `sum of its cells >= 1` (zeros are always
   shown, and a `*` does not say whether the count is small or was hidden to protect another, so
   that is all a marker tells: see src/engine/disclosure.cpp). Which hotspots a number sums is derived
   as an attacker would: the gap hotspots are listed by name in gap_hotspots.geojson with their
   nearest distance; coverage's covered set at a distance is the complement of the gap set at that
   distance (distances from the first gaps run); rank lists the hotspots each pick reaches first,
   and "already reached" is the complement of `gaps --beyond <reach>` for the same filters;
4. for each count hidden in the base publication (hotspot cells and totals, town and whole-area
   counts) solves two integer programmes with GLPK (glpsol) for its smallest and largest value
   given (a) the base publication alone and (b) everything published. A cell whose range is one
   value is RECOVERED; one whose range is narrower than (a) is NARROWED.

The true table (truth.json) is read only to score, and to check that every derived equation holds
for it (a wrong membership derivation would be an audit bug, reported as such, exit 2).

With --rounding 5 every roisc run is made with `--rounding 5`. A published count of the base
table is then the true count rounded to the nearest multiple of 5: a published v > 0 says the true
count lies in max(threshold, v-2)..v+2 (a count below the threshold would have been hidden), a 0
that it is 0, and every cell of the table is unknown. A count published by any other run must be
the base table's rounded value of the same cells, or the sum of the rounded values of the base
cells it adds up (whole hotspots' totals, single cells): it then tells nothing the base table does
not. Any other value is UNEXPLAINED (it could carry information about the true counts) and fails
the audit, as does a published count that is not a multiple of 5.

Exit: 0 nothing recovered or narrowed; 1 some hidden count recovered or narrowed; 2 audit error.
"""
import argparse
import concurrent.futures as cf
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
MILE_M = 1609.344
CAP = 100000  # "unbounded" for the solver


# ------------------------------------------------------------------------------------------------
# What the attacker knows: equations over hotspot x cohort cells

class Knowledge:
    def __init__(self, hotspots, cohorts, town_of, rounding=0):
        self.hotspots = hotspots
        self.cohorts = cohorts
        self.rounding = rounding
        self.base_done = False  # under rounding, numbers after the base publication go to `derived`
        self.derived = []       # (expr, value, source)
        self.index = {h: i for i, h in enumerate(hotspots)}
        self.town_of = town_of
        self.eqs = {}      # frozenset(cells) -> (value, source)
        self.hidden = {}   # frozenset(cells) -> source
        self.conflicts = []
        self.published_numbers = 0
        self.hidden_markers = 0

    def cell(self, h, k):
        return self.index[h] * len(self.cohorts) + k

    def expr(self, hotspots, cohorts=None):
        ks = range(len(self.cohorts)) if cohorts is None else cohorts
        return frozenset(self.cell(h, k) for h in hotspots for k in ks)

    def add(self, expr, text, source):
        """One published count: an integer, '*' (hidden) or '' / None (nothing)."""
        if text is None:
            return
        text = str(text).strip()
        if text == "":
            return
        if text == "*" or text.endswith("+*"):
            # "97+*": the published cells of the sum, and hidden ones left out. The bound it gives
            # (sum >= 97 + 1) follows from the base table already, so it is a hidden marker here.
            self.hidden_markers += 1
            self.hidden.setdefault(expr, source)
            return
        value = int(text)
        self.published_numbers += 1
        if self.rounding and self.base_done:
            self.derived.append((expr, value, source))
            return
        if expr in self.eqs:
            if self.eqs[expr][0] != value:
                self.conflicts.append((source, self.eqs[expr][1], value, self.eqs[expr][0]))
            return
        self.eqs[expr] = (value, source)

    def describe(self, expr):
        K = len(self.cohorts)
        cells = sorted(expr)
        by_h = {}
        for c in cells:
            by_h.setdefault(self.hotspots[c // K], []).append(self.cohorts[c % K])
        parts = []
        for h, ks in by_h.items():
            parts.append(h if len(ks) == K else "%s/%s" % (h, "+".join(ks)))
        return " + ".join(parts)


# ------------------------------------------------------------------------------------------------
# Running roisc

class Runner:
    def __init__(self, roisc, manifest, scratch):
        self.roisc = roisc
        self.manifest = manifest
        self.scratch = scratch
        self.rounding = 0
        self.count = 0
        self.seconds = 0.0

    def run(self, args, name, files=True):
        out = os.path.join(self.scratch, name)
        cmd = [self.roisc, "-m", self.manifest] + args
        if files:
            cmd += ["--out", out, "--name", name]
        if self.rounding:
            cmd += ["--rounding", str(self.rounding)]
        t = time.time()
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.seconds += time.time() - t
        self.count += 1
        return p, out


def read_csv_text(text):
    return list(csv.DictReader(io.StringIO(text)))


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_geojson(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"]


def nstr(v):
    return "*" if v is None else str(v)


def shown_command(args):
    return "roisc " + " ".join("'%s'" % a if (" " in a or ";" in a) else a for a in args)


# ------------------------------------------------------------------------------------------------
# Parsers: one per command, each adds what the run publishes

def base_publication(runner, table, kn_factory):
    args = ["--format", "csv", "hotspots", table]
    p, out = runner.run(args, "base")
    if p.returncode != 0:
        raise SystemExit("audit: roisc hotspots failed:\n" + p.stderr)
    feats = read_geojson(os.path.join(out, "base.geojson"))
    hotspots = [f["properties"]["hotspot"] for f in feats]
    town_of = {f["properties"]["hotspot"]: f["properties"]["town"] for f in feats}
    kn = kn_factory(hotspots, town_of)
    src = shown_command(args)
    for f in feats:
        pr = f["properties"]
        h = pr["hotspot"]
        for k, c in enumerate(kn.cohorts):
            kn.add(kn.expr([h], [k]), nstr(pr[c]), src + " (hotspot layer, %s %s)" % (h, c))
        kn.add(kn.expr([h]), nstr(pr["total"]), src + " (hotspot layer, %s total)" % h)
    rows = read_csv_text(p.stdout)
    towns = sorted({t for t in town_of.values() if t})
    for r in rows:
        name = r["town"]
        members = [h for h in hotspots if town_of[h] == name] if name in towns else list(hotspots)
        if name not in towns and name.startswith("("):
            continue  # (outside the towns) / (not placed): none in generated tables
        for k, c in enumerate(kn.cohorts):
            kn.add(kn.expr(members, [k]), r[c], src + " (town table, %s %s)" % (name, c))
        kn.add(kn.expr(members), r["total"], src + " (town table, %s total)" % name)
    shutil.rmtree(out, ignore_errors=True)
    return kn, towns


def filters(fellowship, window):
    a = ["-f", fellowship]
    if window != "any":
        a += ["--when", window]
    return a


def parse_gaps(kn, towns, args, out, name):
    """Adds a gaps run's numbers; returns {hotspot: distance_m or inf} of the gap hotspots."""
    src = shown_command(args)
    feats = read_geojson(os.path.join(out, "gap_hotspots.geojson"))
    listed = {}
    for f in feats:
        pr = f["properties"]
        h = pr["hotspot"]
        d = pr.get("distance_km")
        listed[h] = float("inf") if d is None else float(d) * 1000.0
        kn.add(kn.expr([h]), nstr(pr["people"]), src + " (gap_hotspots, %s people)" % h)
        for k, c in enumerate(kn.cohorts):
            if c in pr:
                kn.add(kn.expr([h], [k]), nstr(pr[c]), src + " (gap_hotspots, %s %s)" % (h, c))
    for r in read_csv(os.path.join(out, "gaps_by_town.csv")):
        t = r["town"]
        members = [h for h in listed if kn.town_of[h] == t] if t in towns else list(listed)
        kn.add(kn.expr(members), r["people_beyond"], src + " (gaps_by_town, %s people_beyond)" % t)
    return listed


def parse_coverage(kn, towns, args, out, covered):
    src = shown_command(args)
    for r in read_csv(os.path.join(out, "coverage_by_town.csv")):
        t = r["town"]
        members = [h for h in kn.hotspots if kn.town_of[h] == t] if t in towns else list(kn.hotspots)
        kn.add(kn.expr(members), r["people"], src + " (coverage_by_town, %s people)" % t)
        kn.add(kn.expr([h for h in members if h in covered]), r["covered"],
               src + " (coverage_by_town, %s covered)" % t)
        kn.add(kn.expr([h for h in members if h not in covered]), r["not_covered"],
               src + " (coverage_by_town, %s not_covered)" % t)
    for r in read_csv(os.path.join(out, "coverage_by_cohort.csv")):
        k = kn.cohorts.index(r["cohort"])
        allh = kn.hotspots
        kn.add(kn.expr(allh, [k]), r["people"], src + " (coverage_by_cohort, %s people)" % r["cohort"])
        kn.add(kn.expr([h for h in allh if h in covered], [k]), r["covered"],
               src + " (coverage_by_cohort, %s covered)" % r["cohort"])
        kn.add(kn.expr([h for h in allh if h not in covered], [k]), r["not_covered"],
               src + " (coverage_by_cohort, %s not_covered)" % r["cohort"])


ALREADY = re.compile(r"Already within [^\n]*?: (\S+) of (\S+) people; the new meetings reach (\S+) more; (\S+) remain")


def split_hotspots(kn, text):
    toks = text.split()
    out, i = [], 0
    while i < len(toks):
        if i + 1 < len(toks) and (toks[i] + " " + toks[i + 1]) in kn.index:
            out.append(toks[i] + " " + toks[i + 1])
            i += 2
        elif toks[i] in kn.index:
            out.append(toks[i])
            i += 1
        else:
            raise ValueError("unknown hotspot in rank output: %r" % toks[i])
    return out


def parse_rank(kn, args, out, name, stdout, not_reached_today, warnings):
    src = shown_command(args)
    # new_venues.csv is the layer's attribute table: a hidden count is an empty cell.
    rows = read_csv(os.path.join(out, "new_venues.csv"))
    for r in rows:
        for k in ["reached", "cumulative"] + list(kn.cohorts):
            if k in r and r[k] == "":
                r[k] = "*"
    union = []
    for r in rows:
        picked = split_hotspots(kn, r["hotspots"])
        union += picked
        tag = "%s (new_venues.csv, pick %s %s" % (src, r["rank"], r["venue"])
        kn.add(kn.expr(picked), r["reached"], tag + ", reached)")
        for k, c in enumerate(kn.cohorts):
            kn.add(kn.expr(picked, [k]), r[c], tag + ", %s)" % c)
        kn.add(kn.expr(union), r["cumulative"], tag + ", cumulative)")
    m = ALREADY.search(stdout)
    if m is None:
        if "reach anyone not reached already" not in stdout:
            warnings.append("rank summary line not found: " + src)
        return
    allh = kn.hotspots
    reached = [h for h in allh if h not in not_reached_today]
    kn.add(kn.expr(reached), m.group(1), src + " (summary, already within reach)")
    kn.add(kn.expr(allh), m.group(2), src + " (summary, of N people)")
    kn.add(kn.expr(union), m.group(3), src + " (summary, newly reached)")
    still = [h for h in allh if h in not_reached_today and h not in set(union)]
    kn.add(kn.expr(still), m.group(4), src + " (summary, still beyond reach)")


# ------------------------------------------------------------------------------------------------
# GLPK

class Solver:
    def __init__(self, kn, truth_cells, tmp, jobs=1):
        self.kn = kn
        self.jobs = max(1, jobs)
        self.truth = truth_cells
        self.tmp = tmp
        self.calls = 0

    def system(self, eqs, hidden, variables, rounded=None):
        """CPLEX LP constraint text for the equations, with known cells moved to the right. With
        `rounded` (expr -> (lo, hi)), ranges in place of the equations."""
        var = {c: "x%d" % c for c in variables}
        lines, n = [], 0
        for expr, (lo, hi) in (rounded or {}).items():
            vs = [c for c in expr if c in var]
            n += 1
            terms = " + ".join(var[c] for c in sorted(vs))
            if lo == hi:
                lines.append(" r%d: %s = %d" % (n, terms, lo))
            else:
                lines.append(" r%d: %s >= %d" % (n, terms, lo))
                lines.append(" s%d: %s <= %d" % (n, terms, hi))
        for expr, (value, _src) in eqs.items():
            vs = [c for c in expr if c in var]
            rhs = value - sum(self.known[c] for c in expr if c not in var)
            if not vs:
                continue
            n += 1
            lines.append(" e%d: %s = %d" % (n, " + ".join(var[c] for c in sorted(vs)), rhs))
        for expr in hidden:
            vs = [c for c in expr if c in var]
            rhs = 1 - sum(self.known[c] for c in expr if c not in var)
            if not vs or rhs <= 0:
                continue
            n += 1
            lines.append(" h%d: %s >= %d" % (n, " + ".join(var[c] for c in sorted(vs)), rhs))
        bounds = ["Bounds"] + [" 0 <= %s <= %d" % (var[c], CAP) for c in sorted(variables)]
        general = ["General"] + [" " + var[c] for c in sorted(variables)]
        return "\n".join(["Subject To"] + lines + bounds + general + ["End"]) + "\n"

    def optimise(self, system, expr, variables, sense, job=0):
        vs = sorted(c for c in expr if c in variables)
        const = sum(self.known[c] for c in expr if c not in variables)
        if not vs:
            return const
        path = os.path.join(self.tmp, "p%d.lp" % job)
        with open(path, "w") as f:
            f.write(("Maximize" if sense > 0 else "Minimize") + "\n obj: " +
                    " + ".join("x%d" % c for c in vs) + "\n" + system)
        self.calls += 1
        p = subprocess.run(["glpsol", "--lp", path, "-o", path + ".out"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        with open(path + ".out") as f:
            text = f.read()
        status = re.search(r"Status:\s+(.*)", text)
        obj = re.search(r"Objective:\s+obj = (-?\d+)", text)
        if not status or "OPTIMAL" not in status.group(1) or not obj:
            raise RuntimeError("glpsol: %s\n%s" % (status.group(1) if status else "?", p.stdout[-2000:]))
        v = int(obj.group(1)) + const
        return v

    def ranges(self, targets, eqs_base, hid_base, eqs_all, hid_all, variables, known, rounded=None):
        self.known = known
        if rounded is not None:
            # Under rounding everything published elsewhere was checked to follow from the base
            # table's rounded cells, so the base system is also the system of everything (plus
            # the hidden markers, which say "at least 1" as before).
            sys_base = self.system({}, hid_base, variables, rounded)
            sys_all = self.system({}, hid_all, variables, rounded)
        else:
            sys_base = self.system(eqs_base, hid_base, variables)
            sys_all = self.system(eqs_all, hid_all, variables)
        out = {}
        def one(job):
            i, t = job
            lo_b = self.optimise(sys_base, t, variables, -1, i)
            hi_b = self.optimise(sys_base, t, variables, +1, i)
            if sys_all == sys_base:
                return t, ((lo_b, hi_b), (lo_b, hi_b))
            lo_a = self.optimise(sys_all, t, variables, -1, i)
            hi_a = self.optimise(sys_all, t, variables, +1, i)
            return t, ((lo_b, hi_b), (lo_a, hi_a))
        with cf.ThreadPoolExecutor(max_workers=self.jobs) as pool:
            for t, r in pool.map(one, enumerate(targets)):
                out[t] = r
        return out


# ------------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("seed_dir", help="a folder written by make_tables.py (table.csv, manifest.toml, truth.json)")
    ap.add_argument("--roisc", default=os.environ.get("ROISC", os.path.join(ROOT, "build", "roisc")))
    ap.add_argument("--fellowships", default="AA,NA,CA,SMART")
    ap.add_argument("--windows", default="any,weekday-evenings,weekends")
    ap.add_argument("--gaps-from", type=float, default=0.5)
    ap.add_argument("--gaps-to", type=float, default=5.0)
    ap.add_argument("--gaps-step", type=float, default=0.1, help="miles between gaps thresholds")
    ap.add_argument("--coverage-step", type=float, default=0.5, help="miles between coverage thresholds (same range)")
    ap.add_argument("--rank-new", default="1,2,3", help="the --new values of the rank runs ('' for none)")
    ap.add_argument("--rank-reach", default="20min")
    ap.add_argument("--no-dedupe", action="store_true",
                    help="run every threshold, even when the hotspots it counts (known from the published "
                         "distances) are those of a run already made (the output is then the same)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rounding", type=int, default=0, choices=[0, 5],
                    help="run roisc with --rounding 5 and read counts as rounded (0: exact, the default)")
    ap.add_argument("--threshold", type=int, default=5, help="the policy's threshold (for --rounding)")
    ap.add_argument("--report", help="write the result as JSON here")
    ap.add_argument("--keep", action="store_true", help="keep the run folders")
    args = ap.parse_args()

    t0 = time.time()
    seed_dir = os.path.abspath(args.seed_dir)
    with open(os.path.join(seed_dir, "truth.json")) as f:
        truth = json.load(f)
    cohorts = truth["cohorts"]
    scratch = tempfile.mkdtemp(prefix="runs-", dir=seed_dir)
    runner = Runner(args.roisc, os.path.join(seed_dir, "manifest.toml"), scratch)
    runner.rounding = args.rounding
    warnings = []

    kn, towns = base_publication(runner, os.path.join(seed_dir, "table.csv"),
                                 lambda hs, town_of: Knowledge(hs, cohorts, town_of, args.rounding))
    kn.base_done = True
    eqs_base, hid_base = dict(kn.eqs), dict(kn.hidden)
    base_counts = (kn.published_numbers, kn.hidden_markers)

    fellowships = [s for s in args.fellowships.split(",") if s]
    windows = [s for s in args.windows.split(",") if s]
    combos = [(f, w) for f in fellowships for w in windows]
    nsteps = int(round((args.gaps_to - args.gaps_from) / args.gaps_step))
    gap_t = [round(args.gaps_from + i * args.gaps_step, 3) for i in range(nsteps + 1)]
    csteps = int(round((args.gaps_to - args.gaps_from) / args.coverage_step)) if args.coverage_step > 0 else -1
    cov_t = [round(args.gaps_from + i * args.coverage_step, 3) for i in range(csteps + 1)]
    rank_new = [int(s) for s in args.rank_new.split(",") if s]

    def mi(t):
        return ("%g" % t) + "mi"

    def name_of(*parts):
        return re.sub(r"[^A-Za-z0-9.]+", "-", "_".join(str(p) for p in parts))

    pool = cf.ThreadPoolExecutor(max_workers=max(1, args.jobs))

    # Phase 1: the first gaps run of each filter gives every hotspot's nearest distance beyond the
    # smallest threshold (published in gap_hotspots.geojson); the others are nearer.
    def gaps_job(f, w, beyond):
        a = ["gaps", "--beyond", beyond] + filters(f, w)
        name = name_of("gaps", f, w, beyond)
        p, out = runner.run(a, name)
        return a, p, out, name

    distances = {}
    gap_sets_seen = set()
    mismatches = []
    futs = {pool.submit(gaps_job, f, w, mi(gap_t[0])): (f, w) for f, w in combos}
    for fut in cf.as_completed(futs):
        f, w = futs[fut]
        a, p, out, name = fut.result()
        if p.returncode != 0:
            raise SystemExit("audit: %s failed:\n%s" % (shown_command(a), p.stderr))
        listed = parse_gaps(kn, towns, a, out, name)
        distances[(f, w)] = listed
        gap_sets_seen.add(frozenset(listed))
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)

    def gap_set(f, w, t):
        return frozenset(h for h, d in distances[(f, w)].items() if d > t * MILE_M)

    # Phase 2: every other run, with the hotspots each counts derived from those distances.
    jobs = []
    for f, w in combos:
        for t in gap_t[1:]:
            s = gap_set(f, w, t)
            if s in gap_sets_seen and not args.no_dedupe:
                continue
            gap_sets_seen.add(s)
            jobs.append(("gaps", f, w, t, s))
    cov_seen = set()
    for f, w in combos:
        for t in cov_t:
            covered = frozenset(kn.hotspots) - gap_set(f, w, t)
            if covered in cov_seen and not args.no_dedupe:
                continue
            cov_seen.add(covered)
            jobs.append(("coverage", f, w, t, covered))
    if rank_new:
        for f, w in combos:
            jobs.append(("reach", f, w, args.rank_reach, None))

    def run_job(job):
        kind, f, w, t, s = job
        if kind in ("gaps", "reach"):
            beyond = mi(t) if kind == "gaps" else t
            return job, gaps_job(f, w, beyond)
        a = ["coverage", "--within", mi(t)] + filters(f, w)
        name = name_of("coverage", f, w, t)
        p, out = runner.run(a, name)
        return job, (a, p, out, name)

    reach_sets = {}
    for fut in cf.as_completed([pool.submit(run_job, j) for j in jobs]):
        job, (a, p, out, name) = fut.result()
        kind, f, w, t, s = job
        if p.returncode != 0:
            warnings.append("%s failed (exit %d): %s" % (shown_command(a), p.returncode, p.stderr.strip()[-300:]))
            continue
        if kind == "coverage":
            parse_coverage(kn, towns, a, out, s)
        else:
            listed = parse_gaps(kn, towns, a, out, name)
            if kind == "gaps" and frozenset(listed) != s:
                mismatches.append("%s: listed %d hotspots, distances predicted %d" % (shown_command(a), len(listed), len(s)))
            if kind == "reach":
                reach_sets[(f, w)] = frozenset(listed)
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)

    # Phase 3: rank, "already reached" being the complement of the gaps run at the same reach.
    def rank_job(f, w, n):
        a = ["rank", "--new", str(n)] + filters(f, w)
        name = name_of("rank", f, w, n)
        p, out = runner.run(a, name)
        return (f, w, n), (a, p, out, name)

    rank_jobs = [(f, w, n) for f, w in combos for n in rank_new if (f, w) in reach_sets]
    for fut in cf.as_completed([pool.submit(rank_job, *j) for j in rank_jobs]):
        (f, w, n), (a, p, out, name) = fut.result()
        if p.returncode != 0:
            # e.g. no eligible venue in the window, or nobody left to reach: publishes nothing
            warnings.append("%s: exit %d: %s" % (shown_command(a), p.returncode, p.stderr.strip()[-200:]))
            continue
        if os.path.exists(os.path.join(out, "new_venues.csv")):
            parse_rank(kn, a, out, name, p.stdout, reach_sets[(f, w)], warnings)
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    pool.shutdown()
    t_runs = time.time() - t0

    # Check: the true table satisfies everything the attacker derived.
    K = len(cohorts)
    true_cell = {}
    for h, rec in truth["hotspots"].items():
        for k in range(K):
            true_cell[kn.cell(h, k)] = rec["counts"][k]
    bad = []
    for expr, (v, src) in kn.eqs.items():
        tv = sum(true_cell[c] for c in expr)
        if tv != v and not args.rounding:  # rounded: checked against their ranges below
            bad.append("%s: published %d, true %d (%s)" % (src, v, tv, kn.describe(expr)))
    for expr, src in kn.hidden.items():
        tv = sum(true_cell[c] for c in expr)
        if tv < 1:
            bad.append("%s: hidden but true value %d" % (src, tv))
    small_published = [(src, v) for expr, (v, src) in kn.eqs.items() if 1 <= v <= 4]
    small_published += [(src, v) for expr, v, src in kn.derived if 1 <= v <= 4]

    # Under rounding: the ranges the base table's rounded counts allow, and every other count
    # explained by them.
    rounded, unexplained, not_rounded = None, [], []
    if args.rounding:
        rounded = {}
        for expr, (v, src) in eqs_base.items():
            rounded[expr] = (0, 0) if v == 0 else (max(args.threshold, v - args.rounding // 2), v + args.rounding // 2)
        for expr, (v, src) in list(eqs_base.items()) + [(e, (v, s)) for e, v, s in kn.derived]:
            if v % args.rounding:
                not_rounded.append("%s = %d" % (src, v))

        def from_base(expr):
            if expr in eqs_base:
                yield eqs_base[expr][0]
            total, by_h = 0, {}
            for c in expr:
                by_h.setdefault(c // K, []).append(c)
            for hi, cs in by_h.items():
                part = kn.expr([kn.hotspots[hi]]) if len(cs) == K else None
                if part is not None and part in eqs_base:
                    total += eqs_base[part][0]
                    continue
                for c in cs:
                    one = frozenset([c])
                    if one not in eqs_base:
                        return
                    total += eqs_base[one][0]
            yield total

        for expr, v, src in kn.derived:
            if v not in list(from_base(expr)):
                unexplained.append("%s = %d (the base table's rounded cells give %s)"
                                   % (src, v, " or ".join(str(x) for x in from_base(expr)) or "nothing"))
        for expr, (lo, hi) in rounded.items():
            tv = sum(true_cell[c] for c in expr)
            if not lo <= tv <= hi:
                bad.append("%s: published as %d..%d, true %d" % (eqs_base[expr][1], lo, hi, tv))

    # Solve.
    known = {c: v for expr, (v, _s) in eqs_base.items() if len(expr) == 1 for c in expr}
    if args.rounding:
        known = {}
    variables = set(range(len(kn.hotspots) * K)) - set(known)
    targets = sorted(hid_base, key=lambda e: (len(e), sorted(e)))
    t1 = time.time()
    solver = Solver(kn, true_cell, scratch, args.jobs)
    result = {}
    if not bad and not kn.conflicts:
        result = solver.ranges(targets, eqs_base, hid_base, kn.eqs, kn.hidden, variables, known, rounded)
    t_solve = time.time() - t1

    # Equations with the cells the base table publishes taken out: a recovery by plain subtraction
    # of two published numbers shows up as two reduced equations differing by the target.
    reduced = {}
    for e, (v, src) in kn.eqs.items():
        r = frozenset(c for c in e if c not in known)
        if r and r not in reduced:
            reduced[r] = (v - sum(known[c] for c in e if c in known), src, v)

    def witness(expr):
        t = frozenset(c for c in expr if c not in known)
        if t in reduced and t not in [frozenset(c for c in e if c not in known) for e in eqs_base]:
            v, src, o = reduced[t]
            out = ["%s = %d" % (src, o)]
            if o != v:
                out.append("minus the counts the base table publishes (%d)" % (o - v))
            return out + ["gives %d = %s" % (v, kn.describe(expr))]
        best = None
        for a_expr, (va, sa, oa) in reduced.items():
            if len(a_expr) <= len(t) or not t <= a_expr:
                continue
            rest = a_expr - t
            if rest in reduced:
                vb, sb, ob = reduced[rest]
                cand = ["%s = %d" % (sa, oa), "minus %s = %d" % (sb, ob)]
                if oa - ob != va - vb:
                    cand.append("minus the counts the base table publishes (%d)" % ((oa - ob) - (va - vb)))
                cand.append("gives %d = %s" % (va - vb, kn.describe(expr)))
                if best is None or len(cand) < len(best):
                    best = cand
        return best

    cells = []
    for t in targets:
        if t not in result:
            continue
        (bl, bh), (al, ah) = result[t]
        tv = sum(true_cell[c] for c in t)
        status = "recovered" if al == ah else ("narrowed" if (al, ah) != (bl, bh) else "safe")
        rec = {"cells": kn.describe(t), "true": tv, "small": 1 <= tv <= 4, "base_range": [bl, bh],
               "audit_range": [al, ah], "status": status, "base_source": hid_base[t]}
        if status == "recovered":
            rec["witness"] = witness(t)
        cells.append(rec)

    summary = {
        "seed": truth.get("seed"),
        "hotspots": len(kn.hotspots),
        "runs": runner.count,
        "run_seconds": round(t_runs, 1),
        "solve_seconds": round(t_solve, 1),
        "glpsol_calls": solver.calls,
        "base_published_numbers": base_counts[0],
        "base_hidden_markers": base_counts[1],
        "published_numbers": kn.published_numbers,
        "hidden_markers": kn.hidden_markers,
        "equations": len(kn.eqs),
        "hidden_in_base": len(cells),
        "recovered": sum(c["status"] == "recovered" for c in cells),
        "recovered_small": sum(c["status"] == "recovered" and c["small"] for c in cells),
        "narrowed": sum(c["status"] == "narrowed" for c in cells),
        "narrowed_small": sum(c["status"] == "narrowed" and c["small"] for c in cells),
        "base_determined": sum(c["base_range"][0] == c["base_range"][1] for c in cells),
        "small_counts_published": len(small_published),
        "rounding": args.rounding,
        "unexplained": unexplained[:20],
        "not_rounded": not_rounded[:20],
        "audit_errors": bad[:20] + ["conflict: %s" % (c,) for c in kn.conflicts[:20]] + mismatches[:20],
        "warnings": warnings,
        "cells": cells,
    }
    if args.report:
        with open(args.report, "w") as f:
            json.dump(summary, f, indent=1)
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)

    print("seed %s: %d runs (%.0fs), %d numbers published (%d hidden markers), %d equations; "
          "%d counts hidden in the base table: %d recovered (%d of them 1-4), %d narrowed (%d of them 1-4); "
          "solve %.0fs, %d glpsol calls"
          % (summary["seed"], runner.count, t_runs, kn.published_numbers, kn.hidden_markers, len(kn.eqs),
             len(cells), summary["recovered"], summary["recovered_small"], summary["narrowed"],
             summary["narrowed_small"], t_solve, solver.calls))
    for w in warnings[:5]:
        print("  warning: " + w)
    if summary["audit_errors"]:
        print("AUDIT ERROR (the attacker's equations do not hold for the true table):")
        for e in summary["audit_errors"]:
            print("  " + e)
        return 2
    shown = 0
    for c in cells:
        if c["status"] != "safe" and shown < 3:
            shown += 1
            print("  %s %s: true %d, base allows %s..%s, everything published allows %s..%s"
                  % (c["status"].upper(), c["cells"], c["true"], c["base_range"][0], c["base_range"][1],
                     c["audit_range"][0], c["audit_range"][1]))
            for line in c.get("witness") or []:
                print("      " + line)
    if small_published:
        print("  %d published numbers are 1-4, e.g. %s = %d" % (len(small_published), *small_published[0]))
    if args.rounding:
        print("  rounding %d: %d numbers published by the other runs, %d unexplained by the base table's "
              "rounded cells, %d not multiples of %d"
              % (args.rounding, len(kn.derived), len(unexplained), len(not_rounded), args.rounding))
        for u in (unexplained + not_rounded)[:5]:
            print("    " + u)
    return 1 if (summary["recovered"] or summary["narrowed"] or small_published or unexplained or not_rounded) else 0


if __name__ == "__main__":
    sys.exit(main())
