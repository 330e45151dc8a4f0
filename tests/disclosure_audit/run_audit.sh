#!/usr/bin/env bash
# The disclosure audit (issue 14): K seeded random tables, each attacked with a sweep of roisc runs;
# fails when any count hidden in a table's own publication can be recovered or narrowed from
# everything roisc publishes about it. See docs/disclosure.md.
#
# usage: tests/disclosure_audit/run_audit.sh [K]
#   K                seeds (default: 50 for the full size, 3 for the CI size)
#   ROISC            the binary (default build/roisc)
#   AUDIT_SIZE       full (default): AA, NA, CA, SMART x any, weekday-evenings, weekends; gaps every
#                    0.1 mi from 0.5 to 5 mi; coverage every 0.5 mi; rank --new 1, 2, 3
#                    ci: the same thresholds for NA and AA x any and weekday-evenings only
#   AUDIT_JOBS       parallel roisc / glpsol processes (default 2)
#   AUDIT_OUT        folder for tables and reports (default: a new folder under ${TMPDIR:-/tmp})
#   AUDIT_FIRST_SEED first seed (default 1)
#
# Exit: 0 every hidden count keeps the range its own table allows; 1 some hidden count recovered or
# narrowed (or a count of 1-4 published); 2 the audit itself failed.
#
# As a CTest test (tests/CMakeLists.txt):
#   add_test(NAME disclosure_audit COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/disclosure_audit/run_audit.sh)
#   set_tests_properties(disclosure_audit PROPERTIES
#     ENVIRONMENT "ROISC=$<TARGET_FILE:roisc>;AUDIT_SIZE=ci" TIMEOUT 1800 LABELS disclosure)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
export ROISC="${ROISC:-${root}/build/roisc}"
size="${AUDIT_SIZE:-full}"
jobs="${AUDIT_JOBS:-2}"
first="${AUDIT_FIRST_SEED:-1}"

case "${size}" in
  full) k="${1:-50}"; sweep=(--fellowships AA,NA,CA,SMART --windows any,weekday-evenings,weekends) ;;
  ci)   k="${1:-3}";  sweep=(--fellowships NA,AA --windows any,weekday-evenings) ;;
  *) echo "run_audit.sh: AUDIT_SIZE must be full or ci, not '${size}'" >&2; exit 2 ;;
esac

if [[ ! -x "${ROISC}" ]]; then
  echo "run_audit.sh: no roisc binary at ${ROISC} (build it, or set ROISC)" >&2; exit 2
fi
if ! command -v glpsol >/dev/null; then
  echo "run_audit.sh: glpsol not found (Debian package glpk-utils)" >&2; exit 2
fi

out="${AUDIT_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/roisc-disclosure-audit.XXXXXX")}"
mkdir -p "${out}"
echo "disclosure audit: ${k} seed(s), size ${size}, binary ${ROISC}, results in ${out}"
start=$(date +%s)
python3 "${here}/make_tables.py" --seeds "${k}" --first-seed "${first}" --out "${out}"

worst=0
for ((s = first; s < first + k; s++)); do
  d="$(printf '%s/seed_%04d' "${out}" "${s}")"
  rc=0
  python3 "${here}/audit.py" "${d}" --roisc "${ROISC}" --jobs "${jobs}" "${sweep[@]}" \
    --report "${d}/report.json" || rc=$?
  if ((rc > worst)); then worst=${rc}; fi
  if ((rc >= 2)); then break; fi
done

python3 - "${out}" <<'EOF'
import glob, json, sys
reports = [json.load(open(p)) for p in sorted(glob.glob(sys.argv[1] + "/seed_*/report.json"))]
tot = lambda k: sum(r[k] for r in reports)
print("\nsummary over %d seed(s): %d roisc runs; %d counts hidden in the base tables; "
      "%d RECOVERED exactly (%d of them true 1-4), %d NARROWED (%d of them 1-4), %d keep their range; "
      "%d seed(s) with a recovery"
      % (len(reports), tot("runs"), tot("hidden_in_base"), tot("recovered"), tot("recovered_small"),
         tot("narrowed"), tot("narrowed_small"), tot("hidden_in_base") - tot("recovered") - tot("narrowed"),
         sum(1 for r in reports if r["recovered"])))
EOF
echo "time: $(( $(date +%s) - start )) s"
if ((worst == 0)); then echo "PASS: no hidden count recovered or narrowed"; else echo "FAIL (exit ${worst})"; fi
exit "${worst}"
