#ifndef TENGEN_IMITATION_GAME_FILTER_H_
#define TENGEN_IMITATION_GAME_FILTER_H_

// Which human games become training data, and the conversion of a parsed
// SGF game tree into a RecordedGame. Every rejection has a reason, counted
// by `tengen imitate prepare` and stored in the manifest.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/data/recorded_game.h"
#include "engine/rules/sgf_parser.h"

namespace tengen::imitation {

enum class IllegalMovePolicy { kDrop, kCut };

struct GameFilterOptions {
  // Keep only games strictly before this date (YYYY-MM-DD); "" keeps all.
  std::string before_date = "2014-01-01";
  bool allow_undated = false;
  int board_size = 19;  // 0: any size
  bool allow_handicap = false;
  std::string min_rank;  // e.g. "7d", "1p"; "" for none
  bool require_result = true;
  int min_moves = 30;
  IllegalMovePolicy illegal_moves = IllegalMovePolicy::kDrop;
};

// What move-prediction evaluation (`tengen eval moves --sgf`) keeps: every
// game with a result, whatever its date, handicap or length; illegal moves
// cut the game there.
GameFilterOptions EvaluationFilter(int board_size);

// Settings as text, for the manifest.
std::map<std::string, std::string> DescribeFilters(const GameFilterOptions& options);
absl::Status ValidateFilters(const GameFilterOptions& options);

enum class Rejection {
  kNone = 0,
  kParseError,
  kBoardSize,
  kAfterDate,
  kUndated,
  kHandicap,
  kRankUnknown,
  kRankTooLow,
  kNoResult,
  kIllegalMove,
  kTooShort,
  kNumRejections,
};
std::string_view RejectionName(Rejection rejection);

// Rank on one scale: 30k = -29 ... 1k = 0, 1d = 1 ... 9d = 9, 1p = 10 ...
// 9p = 18 (a professional ranks above every amateur). Accepts "9d", "9 dan",
// "2k", "15 kyu", "3p", "9段", case-insensitive, trailing '*' or '?' ignored.
absl::StatusOr<int> ParseRank(std::string_view text);

struct ConvertedGame {
  Rejection rejection = Rejection::kNone;
  std::string detail;      // why (for parse errors and illegal moves)
  bool was_cut = false;    // kept, but cut before an illegal move
  data::RecordedGame record;
};

// Applies the filters (metadata first, so rejected games are never
// replayed), replays the main line and fills a human GameRecord: flat moves,
// one-hot (empty) policy targets, winner and score lead from RE, setup
// stones, provenance and the game hash. `source_path` names the file (or
// archive member) and game_number its 1-based index there.
ConvertedGame ConvertSgfGame(const SgfGameTree& tree, const GameFilterOptions& options);

}  // namespace tengen::imitation

#endif  // TENGEN_IMITATION_GAME_FILTER_H_
