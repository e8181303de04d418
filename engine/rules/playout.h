#ifndef TENGEN_ENGINE_RULES_PLAYOUT_H_
#define TENGEN_ENGINE_RULES_PLAYOUT_H_

// Uniform random playouts: the classic Monte-Carlo baseline and the board
// benchmark's workload.

#include <cstdint>

#include "absl/random/bit_gen_ref.h"
#include "engine/rules/board.h"

namespace tengen {

struct PlayoutResult {
  int moves = 0;
  // True if the playout ended on two passes, false if it hit the move cap.
  bool finished = false;
};

// Plays uniformly random legal moves (simple ko, no suicide) that do not fill
// the mover's own simple eye, until both sides pass or `max_moves` is
// reached (0: 3 * size^2). Each move is uniform over the candidates.
PlayoutResult RandomPlayout(Board& board, Color to_play, absl::BitGenRef rng, int max_moves = 0);

}  // namespace tengen

#endif  // TENGEN_ENGINE_RULES_PLAYOUT_H_
