#ifndef TENGEN_ENGINE_SEARCH_PASS_RULES_H_
#define TENGEN_ENGINE_SEARCH_PASS_RULES_H_

// When passing is safe. Under Tromp-Taylor the game ends after two passes
// and is scored by a plain area count of the board as it stands (dead
// stones count as alive), so a pass after the opponent's pass must not be
// made from a position that count loses, and a network trained on human
// games (which pass with dead stones on the board) needs to be told so.

#include "engine/rules/game.h"

namespace tengen {

// Tromp-Taylor area margin of the current board for the side to move, komi
// included (> 0: the side to move would win if the game ended now).
float AreaMarginForSideToMove(const Game& game);
// The same for `to_play` on a bare board (search's path positions).
float AreaMarginForSideToMove(const Board& board, Color to_play, float komi);

// True if passing now ends the game (the opponent's last move was a pass).
inline bool PassEndsGame(const Game& game) { return game.consecutive_passes() >= 1; }

// True if the side to move would lose by the area count if the game ended
// now, i.e. a pass that ends the game would lose. Callers that only care
// about game-ending passes check PassEndsGame too.
bool PassingWouldLose(const Game& game);

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_PASS_RULES_H_
