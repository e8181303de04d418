#ifndef TENGEN_ENGINE_GTP_ENDGAME_H_
#define TENGEN_ENGINE_GTP_ENDGAME_H_

// End-of-game judgement for GTP: which stones are dead or in seki
// (final_status_list), the final score under the engine's rules
// (final_score), and cleanup moves that capture dead stones before passing
// (kgs-genmove_cleanup, and Tromp-Taylor scoring where nothing is removed).
//
// Life and death comes from Benson's pass-alive analysis (proven, overrides
// everything), then from scoring playouts (engine/rules/playout.h: captures
// and escapes around the last move, no self-atari of two stones or more, so
// seki and settled shapes stay as they are), 1024 of them by default, half
// with each side first, seeded from the position: the same position always
// gets the same answer. Each string is dead or alive by its majority over
// the playouts. The network's ownership is averaged in only when the model
// was trained on final ownership (self-play); an imitation network's head
// never learned it. Measured on 100 finished Tom games (see
// tests/gtp_final_score_test.cc): the recorded winner in 98.

#include <array>
#include <cstdint>
#include <vector>

#include "engine/rules/board.h"
#include "engine/rules/game.h"
#include "engine/rules/scoring.h"

namespace tengen::gtp {

// How the engine counts a finished game.
enum class ScoringMode {
  kAreaRemovingDead,  // Chinese: dead stones removed by agreement, then area
  kAreaAsIs,          // Tromp-Taylor: every stone on the board counts
  kTerritory,         // Japanese
};

// Per padded point, from Black's point of view, in [-1, 1] (0 off board).
using OwnershipMap = std::array<float, kNumPoints>;

enum class StoneStatus : uint8_t { kNone, kAlive, kDead, kSeki };

struct StoneStatusMap {
  std::array<StoneStatus, kNumPoints> status{};  // kNone on empty points
  std::vector<Point> dead;  // every dead stone
  std::vector<Point> seki;  // every stone in seki
  // One representative stone per string of each status (for GTP lists).
  std::vector<std::vector<Point>> StringsWith(const Board& board, StoneStatus status) const;
};

// A seed that depends on the position alone (stones and ko point), so
// that the same position is always judged the same way.
uint64_t PositionSeed(const Board& board);

// Mean final ownership over `playouts` scoring playouts (ScoringPlayout),
// half of them with each side first, the k-th seeded with the k-th value of
// SplitMix64(seed). Stones vote by string: in each playout a string's
// stones all go to whoever owns the majority of its points at the end, so
// the sign of a stone's value is its string's majority over the playouts.
OwnershipMap PlayoutOwnership(const Board& board, int playouts, uint64_t seed);

// Converts a side-to-move ownership vector of the search (flat y*size+x) to
// an OwnershipMap from Black's view.
OwnershipMap FromSideToMoveOwnership(const std::vector<float>& flat, int size, Color to_play);

// The ownership estimate of the position: PlayoutOwnership seeded with
// PositionSeed (a function of the position alone), averaged with the
// network's estimate when `network` is non-null. Only a network trained on
// final ownership (self-play records) may be passed: the head of a network
// trained on human records never learned it.
OwnershipMap EstimateOwnership(const Board& board, const OwnershipMap* network, int playouts);

// Alive / dead / seki per string. A string is dead when its stones are, on
// average, owned by the opponent; Benson's analysis overrides the estimate.
// Seki: strings still alive once the dead stones are gone that share a
// liberty where neither side can play without putting itself in atari (a
// shape test alone would also call a string seki that the opponent can
// approach from outside and capture, so the estimate decides life first).
StoneStatusMap ClassifyStones(const Board& board, const OwnershipMap& black_ownership);

// The final score of the game's position with the given dead stones.
Score FinalScore(const Game& game, const StoneStatusMap& status, ScoringMode mode);

// A move for `color` that removes the opponent's dead stones: a capture if
// there is one, else a liberty of a dead string that neither fills an own
// eye nor leaves the played stones in atari. kPass when there is nothing to
// clean up (or no safe way to do it).
Point CleanupMove(const Game& game, Color color, const StoneStatusMap& status);

// Empty points that neither side owns once the dead stones are gone (dame
// and seki liberties): the only points that can still change an area count.
int NeutralPoints(const Board& board, const StoneStatusMap& status);

}  // namespace tengen::gtp

#endif  // TENGEN_ENGINE_GTP_ENDGAME_H_
