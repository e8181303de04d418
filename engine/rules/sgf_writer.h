#ifndef TENGEN_ENGINE_RULES_SGF_WRITER_H_
#define TENGEN_ENGINE_RULES_SGF_WRITER_H_

// Writes games as SGF FF[4] CA[UTF-8], one game tree with the main line only,
// so that reading the text back (sgf_parser + sgf_game) gives the same
// metadata, setup and moves. Text values are escaped; komi is written in the
// shortest form that reads back to the same float.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/rules/game.h"
#include "engine/rules/sgf_game.h"

namespace tengen {

// The record's info, setup steps and moves. Ends with a newline.
std::string WriteSgf(const SgfGameRecord& record);

// A game as played (game.moves()) with its metadata. Setup stones are not
// visible through Game, so pass them in `setup` (handicap stones included);
// info.size is taken from the game.
std::string WriteSgf(const Game& game, const SgfGameInfo& info,
                     const std::vector<SgfSetup>& setup = {});

// Writes the replayed record, parses and replays the text again and
// compares: OK when both hold the same game and end in the same position.
absl::Status CheckSgfRoundTrip(const SgfReplay& replay, const SgfReplayOptions& options = {});

}  // namespace tengen

#endif  // TENGEN_ENGINE_RULES_SGF_WRITER_H_
