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

#include "engine/rules/game.h"

namespace tengen {

// Returns the short equivalent of `game`, or a plain copy when the game is
// short or its recent history cannot be replayed (setup stones in it).
Game MakeSearchBaseGame(const Game& game);

// True if the two games look the same to the search and the features.
bool SameSearchView(const Game& a, const Game& b);

// Zobrist hash of a colour array (as Game::history returns), equal to
// Board::hash() of a board with those stones.
uint64_t StonesHash(const std::array<uint8_t, kNumPoints>& colours, int size);

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_SEARCH_GAME_H_
