#!/usr/bin/env bash
# The README's main job: installs what is missing, builds, then runs the
# experiment (tengen experiment: imitation vs self-play from zero vs
# self-play from an imitation checkpoint, evaluated, rated in an arena and
# reported) with an embedded preset, and prints where the report is.
#   bash scripts/main.sh [PRESET]   smoke (default, minutes on a CPU), cpu (about an hour), gpu
# Killed or stopped, the same command continues where it was. TENGEN_OUT
# sets the parent folder of the run (default ./out).
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET=${1:-smoke}
TENGEN_TARGETS=tengen source scripts/bootstrap.sh
OUT=${TENGEN_OUT:-out}/experiment-$PRESET
mkdir -p "$(dirname "$OUT")"
echo "== tengen experiment --preset $PRESET --out $OUT"
"$TENGEN_BUILD/tengen" experiment --preset "$PRESET" --out "$OUT"
echo "== the report: $OUT/report/report.html (also report.md, report.json)"
