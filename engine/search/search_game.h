#ifndef TENGEN_ENGINE_SEARCH_SEARCH_GAME_H_
#define TENGEN_ENGINE_SEARCH_SEARCH_GAME_H_

// Search copies a Game once per simulation (the leaf's features need a
// Game). A Game carries its whole move list, so late in a game that copy
// would grow with the game; the search instead starts every simulation from
// a short equivalent: the position Game::kHistoryLength - 1 moves ago set up
// as stones, followed by the last moves. Stones, the history positions the
// features see, side to move, ko point, pass count and rules are identical;
// only the capture counts and superko history differ (the search keeps its
// own superko set).

#include <array>
#include <cstdint>
#include <vector>

#include "engine/features/compact_position.h"
#include "engine/features/point_features.h"
#include "engine/rules/game.h"
#include "engine/search/legal_moves.h"

namespace tengen {

// Returns the short equivalent of `game`, or a plain copy when the game is
// short or its recent history cannot be replayed (setup stones in it).
Game MakeSearchBaseGame(const Game& game);

// True if the two games look the same to the search and the features.
bool SameSearchView(const Game& a, const Game& b);

// Zobrist hash of a colour array (as Game::history returns), equal to
// Board::hash() of a board with those stones.
uint64_t StonesHash(const std::array<uint8_t, kNumPoints>& colours, int size);

// The position at the end of a search path: a base game plus the path's
// moves, replayed on a bare Board. It looks to the search and the features
// exactly like a copy of the base game after the same PlayUnchecked calls.
// Moves are taken back rather than the board copied back: consecutive
// simulations share a prefix (at least the base), and taking back the moves
// after it touches only what they changed, where a board copy touches all
// 5.7 KB of it (and of the base), cold when a thread drives many games. One
// object serves every simulation of a search. The base game must stay
// unchanged, and alive, until the next SetBase.
class PathPosition {
 public:
  // A new base position (computes what every simulation then reuses).
  void SetBase(const Game& base);
  // Takes moves back until `moves` (<= moves_played()) remain.
  void RewindTo(int moves);
  // Back to the base position, no moves played.
  void Rewind() { RewindTo(0); }
  // For the side to move, without legality checks (Game::PlayUnchecked).
  void Play(Point p);

  const Game& base() const { return *base_; }
  int moves_played() const { return moves_played_; }
  const Board& board() const { return board_; }
  Color to_play() const { return to_play_; }
  bool IsOver() const { return consecutive_passes_[moves_played_] >= 2; }
  uint64_t situation_hash() const { return board_.hash() ^ ZobristToPlay(to_play_); }
  // As Game::history_size().
  int history_size() const;

  // Search::PrefetchSelection's share: 3 or more turns ahead the members,
  // 2 the undo records the next rewind reads and the history planes.
  void Prefetch(int turns_ahead) const;

  // LegalMoveMask of the equivalent game. The exact mask needs the base's
  // superko set, so it is only available with no moves played.
  void LegalMoves(bool exact, LegalMask* mask) const;
  // FillCompactPosition of the equivalent game.
  void Fill(CompactPosition* position) const;

 private:
  static constexpr int kRingSize = Game::kHistoryLength - 1;
  using FlatPlane = std::array<uint8_t, kMaxBoardSize * kMaxBoardSize>;

  // The colours `back` moves ago (1 <= back <= kRingSize, back <
  // history_size()) as a flat plane.
  const uint8_t* PreviousPlane(int back) const;
  // Room for the planes and passes of `moves` moves played.
  void Reserve(int moves);

  const Game* base_ = nullptr;
  // base_->history(k + 1), flattened, as far as the base has it.
  std::array<FlatPlane, kRingSize> base_history_;
  Board board_;
  BoardUndo board_undo_;
  PointFeatures features_;  // of board_
  FeatureUndo features_undo_;
  Color to_play_ = Color::kBlack;
  int moves_played_ = 0;
  // Indexed by the number of moves played, d: the colours flattened
  // (features copy whole planes; written when move d + 1 is played, [0] at
  // SetBase) and the consecutive passes after d moves. A rewind to d keeps
  // [0, d] as they are.
  std::vector<FlatPlane> planes_;
  std::vector<uint8_t> consecutive_passes_;
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_SEARCH_GAME_H_
