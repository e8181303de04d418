#ifndef TENGEN_ENGINE_DATA_RECORD_CONVERT_H_
#define TENGEN_ENGINE_DATA_RECORD_CONVERT_H_

// Game <-> RecordedGame. Self-play turns its finished games into records
// with RecordFromGame; the trainer and evaluators replay records into Game
// positions with ForEachPosition.

#include <functional>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/data/recorded_game.h"
#include "engine/rules/game.h"

namespace tengen::data {

// The rules records are replayed under: simple ko and suicide allowed, so
// that every game legal under any supported rule set replays (a recorded
// superko or suicide violation cannot be told apart from a legal move under
// some other rules). Komi and scoring come from the record.
Rules ReplayRulesFor(const RecordedGame& record);

// The moves, setup, size and komi of `game` (colours must alternate; passes
// included). Outcome fields and provenance are left to the caller; the
// game hash is computed.
absl::StatusOr<RecordedGame> RecordFromGame(const Game& game, std::span<const Point> setup_black,
                                            std::span<const Point> setup_white);

// The position before move `num_moves` (all moves when negative).
absl::StatusOr<Game> ReplayRecord(const RecordedGame& record, int num_moves = -1);

// Calls visit(game, i) with the position before each move i, in order. An
// illegal or out-of-range move is an error naming the move index.
absl::Status ForEachPosition(const RecordedGame& record,
                             const std::function<void(const Game&, int move_index)>& visit);

}  // namespace tengen::data

#endif  // TENGEN_ENGINE_DATA_RECORD_CONVERT_H_
