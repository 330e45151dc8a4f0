#!/usr/bin/env bash
# Installs the Debian 12 packages the end-to-end benchmark (bench/end_to_end/) needs on top of
# scripts/install-deps.sh: the GeoPandas peer, SciPy's cKDTree, GNU time for peak memory, and
# linux-perf for the profile. Idempotent and non-interactive; run as root or with sudo.
# Not part of the tests.
set -euo pipefail

packages=(python3 python3-gdal python3-geopandas python3-rtree python3-scipy python3-numpy python3-shapely python3-pandas time)
optional=(python3-pyogrio linux-perf valgrind)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
opt_missing=()
for p in "${optional[@]}"; do installed "$p" || opt_missing+=("$p"); done

if [ ${#missing[@]} -eq 0 ] && [ ${#opt_missing[@]} -eq 0 ]; then
  echo "install-deps (end_to_end): all packages already installed"
  exit 0
fi

$SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps (end_to_end): installing ${missing[*]}"
  $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Optional packages: installed when the distribution has them (python3-pyogrio is not in Debian 12;
# GeoPandas then reads and writes through Fiona). python3-rtree gives GeoPandas 0.12 its spatial index (sjoin).
for p in "${opt_missing[@]}"; do
  if apt-cache show "$p" >/dev/null 2>&1; then
    echo "install-deps (end_to_end): installing optional $p"
    $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "$p" >/dev/null || echo "install-deps (end_to_end): $p failed, continuing"
  else
    echo "install-deps (end_to_end): $p is not available here, skipped"
  fi
done
echo "install-deps (end_to_end): done"
