#ifndef TENGEN_ENGINE_ARENA_MATCH_H_
#define TENGEN_ENGINE_ARENA_MATCH_H_

// Quick matches between two players, as gating and `tengen match` play
// them: a model searched at a fixed number of visits, or a uniformly random
// player (any legal move but filling its own simple eyes). External engines
// play in the arena (arena.h), which adds the cleanup phase their counts
// need: an engine passes with its opponent's dead stones on the board.
// Colours alternate; the first `opening_temperature_moves` moves of each
// model are sampled from the visits (temperature 1) so that deterministic
// players do not repeat one game. Games end after two passes or max_moves
// and are scored by area on the final board (komi to white; positional
// superko, no suicide, so that external engines agree): both players play on
// until dead stones are captured, because passing early loses the count.
// Every game runs at once, batched per model.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/rules/game.h"
#include "engine/search/evaluator.h"

namespace tengen::arena {

struct MatchPlayer {
  enum class Kind { kModel, kRandom };
  Kind kind = Kind::kModel;
  std::string name;
  BatchBackend* backend = nullptr;       // kModel
  int visits = 16;                       // kModel
};

struct MatchOptions {
  int board_size = 9;
  float komi = 7.0f;
  int games = 20;
  int max_moves = 0;  // 0: 3 x board area
  int opening_temperature_moves = 4;
  uint64_t seed = 1;
};

struct MatchGameRecord {
  bool first_is_black = true;
  int winner = 0;           // 1 black, 2 white, 0 draw
  std::string result_text;  // "B+3", "W+0.5", "0"
  int moves = 0;
};

struct MatchResult {
  std::vector<MatchGameRecord> records;  // in game order
  int games = 0;
  int first_wins = 0;  // the first player's wins (either colour)
  int second_wins = 0;
  int draws = 0;
  int first_wins_as_black = 0;
  double first_win_rate() const { return games > 0 ? (first_wins + 0.5 * draws) / games : 0.0; }
  // 95% normal-approximation interval half-width of the win rate.
  double win_rate_margin() const;
};

// The uniformly random player's move: any legal point that does not fill
// the mover's own simple eye, or a pass when there is none.
Point RandomNonEyeMove(const Game& game, std::mt19937_64& rng);

absl::StatusOr<MatchResult> PlayMatch(const MatchPlayer& first, const MatchPlayer& second, const MatchOptions& options);

}  // namespace tengen::arena

#endif  // TENGEN_ENGINE_ARENA_MATCH_H_
