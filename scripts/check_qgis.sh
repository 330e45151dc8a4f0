#!/usr/bin/env bash
# Checks roisc's outputs in real QGIS: runs every saved query in queries/ into a scratch folder, then
# opens every GeoJSON (with its .qml) and every GeoPackage layer (with its layer_styles default style)
# in PyQGIS, headless, checks and renders each (scripts/check_qgis.py), and prints a per-layer report.
#   bash scripts/check_qgis.sh                 # build/roisc, PNGs in /tmp/qgis_check
#   ROISC=/path/to/roisc PNG_DIR=/tmp/x OUT_DIR=/tmp/y bash scripts/check_qgis.sh [--strict]
# Env: ROISC (default build/roisc), PNG_DIR (default /tmp/qgis_check), OUT_DIR (default a new
# temporary folder, kept so the files can be opened by hand), NO_INSTALL=1 to skip apt-get,
# USE_XVFB=1 to run under xvfb-run instead of QT_QPA_PLATFORM=offscreen, PYTHON (default /usr/bin/python3).
# Extra arguments go to check_qgis.py (--strict, --allow-empty LAYER).
# Exit 0 when every query ran and every layer passed; 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

# ---- Debian's QGIS, idempotently (as scripts/install-deps.sh does)
packages=(qgis python3-qgis xvfb xauth)
if [ "${NO_INSTALL:-0}" != 1 ]; then
  missing=()
  for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "check_qgis: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# PyQGIS lives in Debian's Python, not in a pyenv or venv python that may come first on PATH.
PYTHON=${PYTHON:-/usr/bin/python3}
if ! "$PYTHON" -c 'import qgis.core' 2>/dev/null; then
  echo "check_qgis: $PYTHON cannot import qgis.core (is python3-qgis installed?)" >&2
  exit 1
fi

roisc=${ROISC:-build/roisc}
if [ ! -x "$roisc" ]; then
  echo "check_qgis: no roisc binary at $roisc (build it, or set ROISC=/path/to/roisc)" >&2
  exit 1
fi
roisc=$(realpath "$roisc")
out=${OUT_DIR:-$(mktemp -d /tmp/roisc_qgis_outputs.XXXXXX)}
png=${PNG_DIR:-/tmp/qgis_check}
mkdir -p "$out" "$png"
rm -f "$png"/*.png
failures="$out/run_failures.tsv"
: >"$failures"

# ---- every saved query, into its own folder
echo "check_qgis: running queries/*.toml with $roisc into $out"
for q in queries/*.toml; do
  name=$(basename "$q" .toml)
  dir="$out/$name"
  rm -rf "$dir"; mkdir -p "$dir"
  set +e
  "$roisc" run "$q" --out "$dir" >"$out/$name.stdout" 2>"$out/$name.stderr"
  rc=$?
  set -e
  if [ $rc -ne 0 ]; then
    reason=$(grep -v '^running ' "$out/$name.stderr" | head -2 | tr '\n\t' '  ')
    printf '%s\texit %s: %s\n' "$name" "$rc" "$reason" >>"$failures"
    echo "  $name: FAILED (exit $rc) $reason"
  else
    echo "  $name: $(ls "$dir" | tr '\n' ' ')"
  fi
done

# ---- open everything in QGIS, headless
set +e
mkdir -p "/tmp/runtime-$(id -u)" && chmod 700 "/tmp/runtime-$(id -u)"
if [ "${USE_XVFB:-0}" != 1 ]; then   # Qt's offscreen platform: no X server needed
  QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/runtime-$(id -u)} \
    "$PYTHON" scripts/check_qgis.py "$out" --png-dir "$png" --run-failures "$failures" "$@"
else                                  # USE_XVFB=1: a virtual X server instead
  XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/runtime-$(id -u)} xvfb-run -a "$PYTHON" scripts/check_qgis.py "$out" --png-dir "$png" --run-failures "$failures" "$@"
fi
rc=$?
set -e
echo "check_qgis: outputs kept in $out, PNGs in $png"
exit $rc
