#!/usr/bin/env bash
# Installs every Debian 12 package roisc needs to build, test, benchmark and render.
# Idempotent and non-interactive: safe to run again on a machine that already has them.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake pkg-config git
  # core geospatial stack
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin proj-data
  # algorithms, CLI, config, tests
  libboost-dev libboost-graph-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev doctest-dev
  # maps
  libcairo2-dev fonts-dejavu-core
  # the directory's weekly calendars (iCalendar) and the independent reader its tests parse them with
  libical-dev python3-icalendar
  # writing the R-tree of a large GeoPackage layer in bulk (src/io/geopackage_rtree.cpp)
  libsqlite3-dev
  # reading the directory's PDF booklet back in its test (pdftoppm, pdftotext)
  poppler-utils
  # the layer build script (scripts/build_sandwell_layers.py)
  python3 python3-gdal
  # reference solvers for the venue-ranking tests and benchmarks
  glpk-utils coinor-cbc
  # the shareable report (--report): Leaflet inlined into the page; the browser test's headless
  # Chromium and its DevTools-protocol driver (tests/report/check_report.py)
  libjs-leaflet chromium python3-websocket
  # PostGIS round-trip tests; pgRouting, the peer in the network benchmark (bench/bench_network.cpp)
  postgresql postgresql-15-postgis-3 postgresql-15-pgrouting
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
