#!/usr/bin/env bash
# Evaluates the checkpoints of a self-play run (docs/RESULTS.md): each of
# GENERATIONS against the first model and a uniformly random player (tengen
# match), each of GNUGO_GENERATIONS against GNU Go level 1 (tengen arena,
# with its cleanup phase before the count), every game appended to
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
if [ -n "$GNUGO_GENERATIONS" ]; then
  ARENA=$RUN/evaluation-gnugo
  {
    echo "board_size: $SIZE komi: $KOMI schedule: GAUNTLET gauntlet_opponent: \"gnugo:1\""
    echo "games_per_pairing: $((GAMES / 2)) engine_parallel_games: 2"
    echo "player { name: \"gnugo:1\" gnugo { level: 1 } }"
    for g in $GNUGO_GENERATIONS; do
      echo "player { name: \"$(basename "$RUN").gen-$(printf %06d "$g")\" search { model: \"$(model "$g")\" visits: $VISITS temperature: 1 temperature_moves: 4 } }"
    done
  } >"$ARENA.pbtxt"
  "$TENGEN" arena --config "$ARENA.pbtxt" --out "$ARENA" --device cpu | grep -v '^#' | head -3
  cat "$ARENA/results.tsv" >>"$RESULTS"
fi
"$TENGEN" elo --results "$RESULTS"
