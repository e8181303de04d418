#ifndef TENGEN_ENGINE_GTP_ENDGAME_H_
#define TENGEN_ENGINE_GTP_ENDGAME_H_

// End-of-game judgement for GTP: which stones are dead or in seki
// (final_status_list), the final score under the engine's rules
// (final_score), and cleanup moves that capture dead stones before passing
// (kgs-genmove_cleanup, and Tromp-Taylor scoring where nothing is removed).
//
// Life and death comes from three sources, strongest first: Benson's
// pass-alive analysis (proven, overrides everything), random playouts from
// the position (robust at the end of a game and independent of the
// network), and the network's ownership when the search provides one; the
// two estimates are averaged.

#include <array>
#include <vector>

#include "absl/random/bit_gen_ref.h"
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

// Mean final ownership over `playouts` uniformly random playouts with
// `to_play` first (own simple eyes are never filled, so settled groups live).
OwnershipMap PlayoutOwnership(const Board& board, Color to_play, int playouts,
                              absl::BitGenRef rng);

// Converts a side-to-move ownership vector of the search (flat y*size+x) to
// an OwnershipMap from Black's view.
OwnershipMap FromSideToMoveOwnership(const std::vector<float>& flat, int size, Color to_play);

// The ownership estimate of the position: playouts, averaged with the
// network's estimate when `network` is non-null.
OwnershipMap EstimateOwnership(const Game& game, const OwnershipMap* network, int playouts,
                               absl::BitGenRef rng);

// Alive / dead / seki per string. A string is dead when its stones are, on
// average, owned by the opponent; Benson's analysis overrides the estimate.
// Seki: alive strings that share a liberty where neither side can play
// without putting itself in atari.
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
