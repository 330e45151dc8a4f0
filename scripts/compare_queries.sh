#!/usr/bin/env bash
# Runs every saved query in queries/ with two roisc binaries and compares what each wrote:
# stdout, stderr, the exit code and every output file, byte for byte apart from the version
# string in metadata. For refactors that must not change a result.
#   bash scripts/compare_queries.sh OLD_BINARY NEW_BINARY [WORK_DIR]
# Exit 0 when every query gives the same bytes; 1 with the differing files listed otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1"); new=$(realpath "$2")
work=${3:-$(mktemp -d)}
mkdir -p "$work"

run_all() {  # binary label
    local bin=$1 label=$2
    for q in queries/*.toml; do
        local name; name=$(basename "$q" .toml)
        local dir="$work/$label/$name"
        rm -rf "$dir"; mkdir -p "$dir"
        set +e
        "$bin" run "$q" --out "$dir/files" >"$dir/stdout" 2>"$dir/stderr"
        echo $? >"$dir/exit"
        set -e
        # The version string and the absolute output folder differ by construction.
        find "$dir" -type f \( -name '*.json' -o -name '*.geojson' -o -name '*.csv' -o -name 'stdout' -o -name 'stderr' -o -name '*.qml' \) \
            -exec sed -i -E -e 's/roisc [0-9]+\.[0-9]+\.[0-9]+[^" ]*/roisc VERSION/g' \
                             -e 's/"version": *"[^"]*"/"version": "VERSION"/g' \
                             -e "s#$work/$label#WORK#g" {} +
    done
}

run_all "$old" old
run_all "$new" new
if diff -r "$work/old" "$work/new" >"$work/diff.txt"; then
    echo "compare_queries: $(ls queries/*.toml | wc -l) saved queries give the same bytes ($work)"
else
    echo "compare_queries: differences (full diff in $work/diff.txt):"
    grep -E '^(diff|Only|Binary)' "$work/diff.txt" | head -40
    exit 1
fi
