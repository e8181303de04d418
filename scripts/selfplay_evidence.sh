#!/usr/bin/env bash
# Evaluates the checkpoints of a self-play run (docs/RESULTS.md): each listed
# generation against the first model, a uniformly random player and GNU Go
# level 1, with every game appended to RUN/evaluation.tsv, then the Elo table
# (random = 0).
#   bash scripts/selfplay_evidence.sh RUN_DIR "0 2 4 8 16 32" [GAMES] [VISITS]
set -euo pipefail
RUN=$1
GENERATIONS=$2
GAMES=${3:-40}
VISITS=${4:-32}
TENGEN=${TENGEN:-build/tengen}
RESULTS=$RUN/evaluation.tsv
SIZE=$(sed -n 's/^board_size: *\([0-9]*\).*/\1/p' "$RUN/config.pbtxt" | head -1)
SIZE=${SIZE:-9}
KOMI=${KOMI:-7}
common=(--games "$GAMES" --visits "$VISITS" --size "$SIZE" --komi "$KOMI" --device cpu --append_results "$RESULTS")
first=$RUN/models/gen-000000.tgm
for g in $GENERATIONS; do
  model=$RUN/models/$(printf 'gen-%06d.tgm' "$g")
  [ -f "$model" ] || { echo "no $model" >&2; exit 1; }
  [ "$g" -eq 0 ] || "$TENGEN" match --first "$model" --second "$first" "${common[@]}" | tail -1
  "$TENGEN" match --first "$model" --second random "${common[@]}" | tail -1
  "$TENGEN" match --first "$model" --second gnugo:1 "${common[@]}" --games $((GAMES / 2)) | tail -1
done
"$TENGEN" elo --results "$RESULTS"
