#!/usr/bin/env bash
# Evaluates the checkpoints of a self-play run (docs/RESULTS.md): each of
# GENERATIONS against the first model and a uniformly random player, each of
# GNUGO_GENERATIONS against GNU Go level 1, every game appended to
# RUN/evaluation.tsv; then the Elo table (random = 0).
#   bash scripts/selfplay_evidence.sh RUN_DIR "5 10 20" "20" [GAMES] [VISITS]
set -euo pipefail
RUN=$1
GENERATIONS=$2
GNUGO_GENERATIONS=$3
GAMES=${4:-40}
VISITS=${5:-32}
TENGEN=${TENGEN:-build/tengen}
RESULTS=$RUN/evaluation.tsv
SIZE=$(sed -n 's/^board_size: *\([0-9]*\).*/\1/p' "$RUN/config.pbtxt" | head -1)
SIZE=${SIZE:-9}
KOMI=${KOMI:-7}
common=(--visits "$VISITS" --size "$SIZE" --komi "$KOMI" --device cpu --append_results "$RESULTS")
model() { printf '%s/models/gen-%06d.tgm' "$RUN" "$1"; }
for g in $GENERATIONS; do
  "$TENGEN" match --first "$(model "$g")" --second "$(model 0)" --games "$GAMES" "${common[@]}" | tail -1
  "$TENGEN" match --first "$(model "$g")" --second random --games "$GAMES" "${common[@]}" | tail -1
done
for g in $GNUGO_GENERATIONS; do
  "$TENGEN" match --first "$(model "$g")" --second gnugo:1 --games $((GAMES / 2)) "${common[@]}" | tail -1
done
"$TENGEN" elo --results "$RESULTS"
