#include "engine/search/pass_rules.h"

#include "engine/rules/scoring.h"

namespace tengen {

float AreaMarginForSideToMove(const Game& game) {
  const float black_margin = AreaScore(game.board(), game.rules().komi).margin();
  return game.to_play() == Color::kBlack ? black_margin : -black_margin;
}

bool PassingWouldLose(const Game& game) { return AreaMarginForSideToMove(game) < 0; }

}  // namespace tengen
