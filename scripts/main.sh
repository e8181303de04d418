#!/usr/bin/env bash
# The README's main job: installs what is missing, builds, checks the human
# corpus, then a short self-demo of the engine and of the committed imitation
# model.
set -euo pipefail
cd "$(dirname "$0")/.."
TENGEN_TARGETS=tengen source scripts/bootstrap.sh
TENGEN="$TENGEN_BUILD/tengen"
CORPUS=${1:-../shared/sgf/tom-9d}
[ -d "$CORPUS" ] || CORPUS=sgf_data/valid
OUT=${TENGEN_OUT:-out}
mkdir -p "$OUT"

echo "== tengen sgf check $CORPUS"
"$TENGEN" sgf check "$CORPUS"

echo "== self-demo: rules engine speed"
"$TENGEN" bench board --size 9 --seconds 2
"$TENGEN" bench board --size 19 --seconds 2

echo "== self-demo: a random b1c16 network on 9x9, searched over GTP"
"$TENGEN" model init --arch b1c16 --size 9 --out "$OUT/demo-b1c16-9x9.model"
printf 'boardsize 9\nclear_board\nkomi 7\ngenmove b\nplay w E5\ngenmove b\nshowboard\nquit\n' |
  "$TENGEN" gtp --model "$OUT/demo-b1c16-9x9.model" --visits 32 --device cpu

if [ -d ../shared/sgf/alphago ]; then
  echo "== the imitation model (models/imitation-b6c64.tgm) predicting AlphaGo's moves (first 2048 positions)"
  "$TENGEN" eval moves --model models/imitation-b6c64.tgm --sgf ../shared/sgf/alphago \
    --max_positions 2048 --device cpu
fi
echo "== the imitation model plays one 19x19 move over GTP"
printf 'boardsize 19\nclear_board\nkomi 7.5\nplay b Q16\ngenmove w\nquit\n' |
  "$TENGEN" gtp --model models/imitation-b6c64.tgm --visits 64 --device cpu
