#ifndef TENGEN_ENGINE_RULES_PLAYOUT_H_
#define TENGEN_ENGINE_RULES_PLAYOUT_H_

// Uniform random playouts: the classic Monte-Carlo baseline and the board
// benchmark's workload; and the scoring playouts behind end-of-game life and
// death, which add the few rules that keep settled shapes settled.

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

// A playout for judging a finished position, reproducible from `seed`.
// Uniform random play misjudges exactly the shapes a finished game is made
// of: it fills the shared liberties of a seki, lets a string in atari
// escape or be saved at random, and plays capturing races as if both sides
// had forgotten them. This playout, like those of Fuego and Pachi:
//   1. captures the last move's string when it is in atari (a
//      self-atari), and
//   2. saves its own strings next to the last move that are in atari, by
//      capturing an enemy string in atari next to them or by extending
//      when that gives at least two liberties (one of the moves of 1 and 2,
//      chosen uniformly);
//   3. else plays uniformly among the legal moves that neither fill its own
//      simple eye nor leave a string of two or more stones in atari (a
//      single-stone self-atari stays allowed: throw-ins and nakade need it).
// Rules 1 and 2 apply at 7 moves in 8, so that a race is not always read
// the same way. Ends on two passes or at `max_moves` (0: 3 * size^2).
PlayoutResult ScoringPlayout(Board& board, Color to_play, uint64_t seed, int max_moves = 0);

// True when `c` playing the empty point p captures nothing and leaves the
// new string (of `min_size` stones or more) with at most one liberty.
bool IsSelfAtari(const Board& board, Point p, Color c, int min_size = 1);

}  // namespace tengen

#endif  // TENGEN_ENGINE_RULES_PLAYOUT_H_
