#include "engine/search/pass_rules.h"

#include "engine/rules/scoring.h"

namespace tengen {

float AreaMarginForSideToMove(const Game& game) {
  return AreaMarginForSideToMove(game.board(), game.to_play(), game.rules().komi);
}

float AreaMarginForSideToMove(const Board& board, Color to_play, float komi) {
  const float black_margin = AreaScore(board, komi).margin();
  return to_play == Color::kBlack ? black_margin : -black_margin;
}

bool PassingWouldLose(const Game& game) { return AreaMarginForSideToMove(game) < 0; }

}  // namespace tengen
