#ifndef TENGEN_ENGINE_GTP_ANALYSIS_FORMAT_H_
#define TENGEN_ENGINE_GTP_ANALYSIS_FORMAT_H_

// Arguments and output lines of the analysis extensions that GUIs speak:
//  - lz-analyze (Leela Zero; Lizzie, Sabaki): one line per report,
//      info move D4 visits 120 winrate 5321 prior 1234 lcb 5100 order 0 pv D4 Q16
//    repeated per candidate on that line, win rate / prior / lcb as integers
//    scaled by 10000 (side to move);
//  - kata-analyze (KataGo; Sabaki, KaTrain, Lizzie forks): the same
//    structure with floats in [0, 1], plus scoreMean / scoreLead, and with
//    `ownership true` one "ownership" list of size*size floats (side to move,
//    row-major from the top-left point) after the last candidate.
// Both accept "[color] [interval] [key value ...]" with the interval in
// centiseconds; keys: interval, minmoves, maxmoves, ownership (kata).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/gtp/move_generator.h"
#include "engine/rules/board.h"

namespace tengen::gtp {

enum class AnalyzeFlavor { kLeelaZero, kKataGo };

struct AnalyzeArgs {
  std::optional<Color> color;  // analyse for this side to move
  absl::Duration interval = absl::Seconds(1);
  int max_moves = 361;
  bool ownership = false;
};

// Parses the arguments of lz-analyze / kata-analyze (and of their
// genmove_analyze forms, which take the colour first, mandatory).
absl::StatusOr<AnalyzeArgs> ParseAnalyzeArgs(const std::vector<std::string>& args,
                                             AnalyzeFlavor flavor);

// One analysis line (ends with '\n'); "" when the report has no candidates
// yet (nothing a GUI could show).
std::string FormatAnalysisLine(const SearchReport& report, int board_size,
                               const AnalyzeArgs& args, AnalyzeFlavor flavor);

}  // namespace tengen::gtp

#endif  // TENGEN_ENGINE_GTP_ANALYSIS_FORMAT_H_
