#ifndef TENGEN_ENGINE_RULES_HANDICAP_H_
#define TENGEN_ENGINE_RULES_HANDICAP_H_

// Handicap placement for the GTP commands fixed_handicap, place_free_handicap
// and set_free_handicap. FixedHandicapPoints itself is declared in game.h.

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/rules/board.h"
#include "engine/rules/game.h"

namespace tengen {

// The largest count fixed_handicap accepts on this board size: 0 below 7x7,
// 4 on 7x7 and on even sizes, 9 on odd sizes from 9x9 (GTP 2 section 4.1.1).
int MaxFixedHandicap(int size);

// A deterministic placement for place_free_handicap: the fixed points while
// they exist for `stones`, then further points spread out greedily (each new
// stone as far as possible from the others, preferring the third and fourth
// lines). Works on every board size; 2..size*size-1 stones.
absl::StatusOr<std::vector<Point>> FreeHandicapPoints(int size, int stones);

// Checks a set_free_handicap vertex list against the board it goes on: the
// board must be empty, and the list 2..size*size-1 distinct on-board points
// (no pass). The error names the offending vertex.
absl::Status ValidateFreeHandicap(const Board& board, const std::vector<Point>& points);

}  // namespace tengen

#endif  // TENGEN_ENGINE_RULES_HANDICAP_H_
