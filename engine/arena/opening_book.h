#ifndef TENGEN_ENGINE_ARENA_OPENING_BOOK_H_
#define TENGEN_ENGINE_ARENA_OPENING_BOOK_H_

// Openings for an arena from held-out human games: the position after the
// first K moves of each game in SGF files or folders. A game is skipped when
// it is on another board size, has setup stones (handicap), has a pass or
// fewer than K moves before that point, does not alternate colours from
// black, or breaks the arena's rules (superko, suicide) in those moves.
// Positions reached twice (transpositions included) are kept once. With
// max_openings, the openings are a seeded choice among the rest (a function
// of the seed and the positions, so it does not depend on library
// versions), kept in file order.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/rules/game.h"

namespace tengen::arena {

struct Opening {
  std::string source;        // "FILE game N"
  std::vector<Point> moves;  // black first, colours alternating
};

struct OpeningBookOptions {
  std::vector<std::string> paths;  // SGF files or folders
  int board_size = 9;
  int moves = 4;
  int max_openings = 0;  // 0: all
  uint64_t seed = 1;
  Rules rules = Rules::Chinese();
};

struct OpeningBook {
  std::vector<Opening> openings;
  int games_read = 0;
  int skipped = 0;     // not usable (size, setup, short, illegal, broken)
  int duplicates = 0;  // same position as an earlier game
  int unused = 0;      // left out by max_openings
  // "N openings (after K moves) from G games: S skipped, D duplicates, U unused"
  std::string Summary(int moves) const;
};

// Fails when no path yields any opening, or a path cannot be read.
absl::StatusOr<OpeningBook> LoadOpeningBook(const OpeningBookOptions& options);

}  // namespace tengen::arena

#endif  // TENGEN_ENGINE_ARENA_OPENING_BOOK_H_
