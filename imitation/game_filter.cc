#include "imitation/game_filter.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "engine/data/game_hash.h"
#include "engine/rules/sgf_game.h"

namespace tengen::imitation {
namespace {

struct Date {
  int year = 0, month = 0, day = 0;
  bool operator<(const Date& o) const {
    if (year != o.year) return year < o.year;
    if (month != o.month) return month < o.month;
    return day < o.day;
  }
};

absl::StatusOr<Date> ParseCutoff(std::string_view text) {
  Date d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      !absl::SimpleAtoi(std::string(text.substr(0, 4)), &d.year) ||
      !absl::SimpleAtoi(std::string(text.substr(5, 2)), &d.month) ||
      !absl::SimpleAtoi(std::string(text.substr(8, 2)), &d.day) || d.month < 1 || d.month > 12 ||
      d.day < 1 || d.day > 31) {
    return absl::InvalidArgumentError(
        absl::StrFormat("date '%s': expected YYYY-MM-DD", text));
  }
  return d;
}

// Flat encoding of a point for the record.
int32_t Flat(Point p, int size) { return ToFlat(p, size); }

ConvertedGame Reject(Rejection why, std::string detail = "") {
  ConvertedGame c;
  c.rejection = why;
  c.detail = std::move(detail);
  return c;
}

}  // namespace

GameFilterOptions EvaluationFilter(int board_size) {
  GameFilterOptions filter;
  filter.before_date = "";
  filter.allow_undated = true;
  filter.allow_handicap = true;
  filter.min_moves = 1;
  filter.board_size = board_size;
  filter.illegal_moves = IllegalMovePolicy::kCut;
  return filter;
}

std::map<std::string, std::string> DescribeFilters(const GameFilterOptions& o) {
  std::map<std::string, std::string> m;
  m["before_date"] = o.before_date.empty() ? "none" : o.before_date;
  m["allow_undated"] = o.allow_undated ? "true" : "false";
  m["board_size"] = o.board_size == 0 ? "any" : absl::StrFormat("%d", o.board_size);
  m["allow_handicap"] = o.allow_handicap ? "true" : "false";
  m["min_rank"] = o.min_rank.empty() ? "none" : o.min_rank;
  m["require_result"] = o.require_result ? "true" : "false";
  m["min_moves"] = absl::StrFormat("%d", o.min_moves);
  m["illegal_moves"] = o.illegal_moves == IllegalMovePolicy::kCut ? "cut" : "drop";
  return m;
}

absl::Status ValidateFilters(const GameFilterOptions& o) {
  if (!o.before_date.empty()) {
    if (absl::StatusOr<Date> d = ParseCutoff(o.before_date); !d.ok()) return d.status();
  }
  if (!o.min_rank.empty()) {
    if (absl::StatusOr<int> r = ParseRank(o.min_rank); !r.ok()) return r.status();
  }
  if (o.board_size != 0) {
    if (absl::Status s = ValidateBoardSize(o.board_size); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::string_view RejectionName(Rejection rejection) {
  switch (rejection) {
    case Rejection::kNone:
      return "kept";
    case Rejection::kParseError:
      return "parse_error";
    case Rejection::kBoardSize:
      return "board_size";
    case Rejection::kAfterDate:
      return "date_too_late";
    case Rejection::kUndated:
      return "undated";
    case Rejection::kHandicap:
      return "handicap";
    case Rejection::kRankUnknown:
      return "rank_unknown";
    case Rejection::kRankTooLow:
      return "rank_too_low";
    case Rejection::kNoResult:
      return "no_result";
    case Rejection::kIllegalMove:
      return "illegal_move";
    case Rejection::kTooShort:
      return "too_short";
    case Rejection::kNumRejections:
      break;
  }
  return "?";
}

absl::StatusOr<int> ParseRank(std::string_view text) {
  std::string t = absl::AsciiStrToLower(
      absl::StripAsciiWhitespace(absl::string_view(text.data(), text.size())));
  while (!t.empty() && (t.back() == '*' || t.back() == '?')) t.pop_back();
  size_t digits = 0;
  while (digits < t.size() && absl::ascii_isdigit(static_cast<unsigned char>(t[digits]))) ++digits;
  int number = 0;
  if (digits == 0 || digits > 2 || !absl::SimpleAtoi(t.substr(0, digits), &number)) {
    return absl::InvalidArgumentError(absl::StrFormat("rank '%s' is not like 9d, 2k or 1p", text));
  }
  std::string unit(absl::StripAsciiWhitespace(absl::string_view(t).substr(digits)));
  if ((unit == "d" || unit == "dan" || unit == "段") && number >= 1 && number <= 9) return number;
  if ((unit == "k" || unit == "kyu" || unit == "级" || unit == "級") && number >= 1 &&
      number <= 30) {
    return 1 - number;
  }
  if ((unit == "p" || unit == "pro") && number >= 1 && number <= 9) return 9 + number;
  return absl::InvalidArgumentError(absl::StrFormat("rank '%s' is not like 9d, 2k or 1p", text));
}

ConvertedGame ConvertSgfGame(const SgfGameTree& tree, const GameFilterOptions& options) {
  absl::StatusOr<SgfGameInfo> info_or = ReadSgfGameInfo(tree);
  if (!info_or.ok()) return Reject(Rejection::kParseError, std::string(info_or.status().message()));
  const SgfGameInfo& info = *info_or;

  if (options.board_size != 0 && info.size != options.board_size) {
    return Reject(Rejection::kBoardSize);
  }
  if (!options.before_date.empty()) {
    if (info.year == 0) {
      if (!options.allow_undated) return Reject(Rejection::kUndated);
    } else {
      // The latest day the written date can mean must be before the cutoff.
      const Date latest{info.year, info.month == 0 ? 12 : info.month,
                        info.day == 0 ? 31 : info.day};
      absl::StatusOr<Date> cutoff = ParseCutoff(options.before_date);
      if (cutoff.ok() && !(latest < *cutoff)) return Reject(Rejection::kAfterDate);
    }
  }
  if (!options.allow_handicap && info.handicap >= 2) return Reject(Rejection::kHandicap);
  if (!options.min_rank.empty()) {
    absl::StatusOr<int> minimum = ParseRank(options.min_rank);
    absl::StatusOr<int> black = ParseRank(info.black_rank);
    absl::StatusOr<int> white = ParseRank(info.white_rank);
    if (!black.ok() || !white.ok()) return Reject(Rejection::kRankUnknown);
    if (minimum.ok() && (*black < *minimum || *white < *minimum)) {
      return Reject(Rejection::kRankTooLow);
    }
  }
  const bool has_result = info.result.winner != Color::kEmpty || info.result.draw;
  if (options.require_result && !has_result) return Reject(Rejection::kNoResult);

  SgfReplayOptions replay_options;
  replay_options.stop_at_illegal_move = options.illegal_moves == IllegalMovePolicy::kCut;
  absl::StatusOr<SgfReplay> replay = ReplaySgfGame(tree, replay_options);
  if (!replay.ok()) {
    // Root errors (bad size, komi...) are parse errors; the rest are moves.
    const std::string message(replay.status().message());
    const bool is_move = message.find("move") != std::string::npos;
    return Reject(is_move ? Rejection::kIllegalMove : Rejection::kParseError, message);
  }
  const SgfGameRecord& rec = replay->record;
  ConvertedGame out;
  out.was_cut = !rec.cut.ok();
  if (out.was_cut) out.detail = std::string(rec.cut.message());

  const int size = info.size;
  data::RecordedGame& r = out.record;
  r.source = data::DataSource::kHuman;
  r.board_size = size;
  r.komi = info.komi.value_or(0.0f);
  r.scoring = SgfReplayRules(info, replay_options).scoring == ScoringRule::kTerritory
                  ? data::RecordScoring::kTerritory
                  : data::RecordScoring::kArea;
  r.handicap = info.handicap;

  // Setup: only before the first move; anything later (or colours that do
  // not alternate) ends the usable part of the record like an illegal move.
  size_t usable_moves = rec.moves.size();
  std::string cut_reason;
  std::optional<Color> first_player;
  for (const SgfSetup& step : rec.setup) {
    if (step.before_move > 0) {
      if (static_cast<size_t>(step.before_move) < usable_moves) {
        usable_moves = step.before_move;
        cut_reason = absl::StrFormat("setup stones before move %d", step.before_move + 1);
      }
      continue;
    }
    for (Point p : step.black) r.setup_black.push_back(Flat(p, size));
    for (Point p : step.white) r.setup_white.push_back(Flat(p, size));
    if (!step.clear.empty()) {
      if (usable_moves > 0) cut_reason = "AE in the root setup";
      usable_moves = 0;
    }
    if (step.to_play.has_value()) first_player = step.to_play;
  }
  if (!options.allow_handicap && (!r.setup_black.empty() || !r.setup_white.empty())) {
    return Reject(Rejection::kHandicap);
  }
  if (!rec.moves.empty()) first_player = rec.moves[0].color;
  const Color first = first_player.value_or(Color::kBlack);
  r.first_to_move = first == Color::kWhite ? 2 : 1;
  for (size_t i = 0; i < usable_moves; ++i) {
    const Color expected = (i % 2 == 0) ? first : Opponent(first);
    if (rec.moves[i].color != expected) {
      usable_moves = i;
      cut_reason = absl::StrFormat("move %d: %s moves twice in a row", static_cast<int>(i) + 1,
                                   rec.moves[i].color == Color::kBlack ? "black" : "white");
      break;
    }
    r.moves.push_back(Flat(rec.moves[i].point, size));
  }
  if (usable_moves < rec.moves.size()) {
    if (options.illegal_moves == IllegalMovePolicy::kDrop) {
      return Reject(Rejection::kIllegalMove, cut_reason);
    }
    out.was_cut = true;
    out.detail = cut_reason;
  }
  if (static_cast<int>(r.moves.size()) < options.min_moves) return Reject(Rejection::kTooShort);

  r.result_text = info.result.text;
  r.winner = info.result.winner == Color::kBlack   ? 1.0f
             : info.result.winner == Color::kWhite ? -1.0f
                                                   : 0.0f;
  if (info.result.draw) {
    r.has_score_lead = true;
    r.score_lead = 0;
  } else if (info.result.margin.has_value() && info.result.winner != Color::kEmpty) {
    r.has_score_lead = true;
    r.score_lead = *info.result.margin * r.winner;
  }
  r.source_path = tree.file_name();
  r.source_game_index = tree.game_number();
  r.date = info.date;
  r.black_player = info.black_player;
  r.white_player = info.white_player;
  r.black_rank = info.black_rank;
  r.white_rank = info.white_rank;
  r.game_hash = data::ComputeGameHash(r);
  return out;
}

}  // namespace tengen::imitation
