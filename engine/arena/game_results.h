#ifndef TENGEN_ENGINE_ARENA_GAME_RESULTS_H_
#define TENGEN_ENGINE_ARENA_GAME_RESULTS_H_

// The results file of matches: one game per line, tab-separated,
//   tengen-result-1 <black> <white> <winner: B|W|0> <result text> <moves> <game id>
// (names may not hold tabs or line breaks). Lines are appended whole with one
// write and flushed, and a writer that finds the file not ending in a line
// break (a kill in the middle of a line) starts on a new line, so a broken
// line never swallows the next game. Readers skip and count, naming file and
// line, every line that is broken or foreign.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tengen::arena {

enum class Winner { kBlack, kWhite, kDraw };

struct GameResult {
  std::string black;
  std::string white;
  Winner winner = Winner::kDraw;
  std::string result_text;  // "B+3.5", "W+R", "0"
  int moves = 0;
  std::string game_id;  // unique within a schedule (resuming skips games already played)
};

absl::Status AppendResult(const std::string& path, const GameResult& result);

struct ResultsFile {
  std::vector<GameResult> games;
  int skipped_lines = 0;
  std::vector<std::string> problems;  // "FILE:LINE: why", one per skipped line
};

// A missing file has no games.
absl::StatusOr<ResultsFile> ReadResults(const std::string& path);

std::string FormatResultLine(const GameResult& result);

}  // namespace tengen::arena

#endif  // TENGEN_ENGINE_ARENA_GAME_RESULTS_H_
