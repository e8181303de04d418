#include "engine/gtp/analysis_format.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/gtp/gtp_protocol.h"
#include "engine/rules/coords.h"

namespace tengen::gtp {
namespace {

std::optional<Color> ParseColorWord(const std::string& word) {
  const std::string lower = absl::AsciiStrToLower(word);
  if (lower == "b" || lower == "black") return Color::kBlack;
  if (lower == "w" || lower == "white") return Color::kWhite;
  return std::nullopt;
}

absl::StatusOr<int> ParseNonNegative(const std::string& text, std::string_view what) {
  int value = 0;
  if (!absl::SimpleAtoi(text, &value) || value < 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s must be a non-negative integer, got '%s'", what, Printable(text)));
  }
  return value;
}

// Centiseconds as sent by the GUIs. Zero would flood the pipe: 10 ms is the
// shortest interval honoured.
absl::Duration IntervalFromCentiseconds(int cs) { return absl::Milliseconds(10 * std::max(cs, 1)); }

int Scaled(float fraction) { return static_cast<int>(std::lround(fraction * 10000.0)); }

}  // namespace

absl::StatusOr<AnalyzeArgs> ParseAnalyzeArgs(const std::vector<std::string>& args,
                                             AnalyzeFlavor flavor) {
  AnalyzeArgs result;
  size_t i = 0;
  if (i < args.size()) {
    if (std::optional<Color> c = ParseColorWord(args[i])) {
      result.color = c;
      ++i;
    }
  }
  if (i < args.size() && !args[i].empty() && absl::ascii_isdigit(args[i][0])) {
    absl::StatusOr<int> cs = ParseNonNegative(args[i], "interval");
    if (!cs.ok()) return cs.status();
    result.interval = IntervalFromCentiseconds(*cs);
    ++i;
  }
  while (i < args.size()) {
    const std::string key = args[i];
    if (i + 1 >= args.size()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("analyze argument '%s' needs a value", Printable(key)));
    }
    const std::string& value = args[i + 1];
    i += 2;
    if (key == "interval") {
      absl::StatusOr<int> cs = ParseNonNegative(value, "interval");
      if (!cs.ok()) return cs.status();
      result.interval = IntervalFromCentiseconds(*cs);
    } else if (key == "maxmoves") {
      absl::StatusOr<int> n = ParseNonNegative(value, "maxmoves");
      if (!n.ok()) return n.status();
      result.max_moves = *n;
    } else if (key == "minmoves") {
      // Candidates without visits are never reported; accepted for GUIs
      // that always send it.
      absl::StatusOr<int> n = ParseNonNegative(value, "minmoves");
      if (!n.ok()) return n.status();
    } else if (flavor == AnalyzeFlavor::kKataGo &&
               (key == "ownership" || key == "ownershipStdev" || key == "movesOwnership" ||
                key == "pvVisits" || key == "pvEdgeVisits" || key == "rootInfo")) {
      const std::string lower = absl::AsciiStrToLower(value);
      if (lower != "true" && lower != "false") {
        return absl::InvalidArgumentError(absl::StrFormat(
            "analyze argument '%s' must be true or false, got '%s'", key, Printable(value)));
      }
      if (key == "ownership") result.ownership = lower == "true";
    } else {
      return absl::InvalidArgumentError(
          absl::StrFormat("unsupported analyze argument '%s'", Printable(key)));
    }
  }
  return result;
}

std::string FormatAnalysisLine(const SearchReport& report, int board_size,
                               const AnalyzeArgs& args, AnalyzeFlavor flavor) {
  std::string line;
  int order = 0;
  for (const CandidateMove& c : report.candidates) {
    if (order >= args.max_moves) break;
    if (c.visits <= 0) continue;
    if (!line.empty()) line += ' ';
    const std::string move = PointToGtp(c.move, board_size);
    if (flavor == AnalyzeFlavor::kLeelaZero) {
      absl::StrAppendFormat(&line, "info move %s visits %d winrate %d prior %d lcb %d order %d pv",
                            move, c.visits, Scaled(c.winrate), Scaled(c.prior),
                            std::max(0, Scaled(c.lcb)), order);
    } else {
      absl::StrAppendFormat(&line,
                            "info move %s visits %d winrate %.6f scoreMean %.3f scoreLead %.3f "
                            "prior %.6f lcb %.6f order %d pv",
                            move, c.visits, c.winrate, c.score_lead, c.score_lead, c.prior,
                            c.lcb, order);
    }
    if (c.pv.empty()) {
      absl::StrAppend(&line, " ", move);
    } else {
      for (Point p : c.pv) absl::StrAppend(&line, " ", PointToGtp(p, board_size));
    }
    ++order;
  }
  if (line.empty()) return "";
  if (flavor == AnalyzeFlavor::kKataGo && args.ownership &&
      report.ownership.size() == static_cast<size_t>(board_size * board_size)) {
    line += " ownership";
    for (float v : report.ownership) absl::StrAppendFormat(&line, " %.6f", v);
  }
  line += '\n';
  return line;
}

}  // namespace tengen::gtp
