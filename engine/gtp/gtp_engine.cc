#include "engine/gtp/gtp_engine.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/rules/coords.h"
#include "engine/rules/handicap.h"
#include "engine/rules/scoring.h"
#include "engine/rules/sgf_parser.h"
#include "engine/rules/sgf_writer.h"

namespace tengen::gtp {
namespace {

absl::Status SyntaxError(absl::string_view detail) {
  return absl::InvalidArgumentError(absl::StrCat("syntax error: ", detail));
}

absl::Status ExpectArgs(const Command& command, size_t min, size_t max) {
  if (command.args.size() < min || command.args.size() > max) {
    if (min == max) {
      return SyntaxError(absl::StrFormat("%s takes %d argument%s, got %d", command.name, min,
                                         min == 1 ? "" : "s", command.args.size()));
    }
    return SyntaxError(absl::StrFormat("%s takes %d to %d arguments, got %d", command.name, min,
                                       max, command.args.size()));
  }
  return absl::OkStatus();
}

absl::StatusOr<Color> ParseColor(const std::string& text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "b" || lower == "black") return Color::kBlack;
  if (lower == "w" || lower == "white") return Color::kWhite;
  return SyntaxError(absl::StrFormat("invalid color '%s'", Printable(text)));
}

absl::StatusOr<Point> ParseVertex(const std::string& text, int size) {
  absl::StatusOr<Point> p = GtpToPoint(text, size);
  if (!p.ok()) return SyntaxError(absl::StrFormat("invalid vertex '%s'", Printable(text)));
  return *p;
}

absl::StatusOr<int> ParseInt(const std::string& text, std::string_view what) {
  int value = 0;
  if (!absl::SimpleAtoi(text, &value)) {
    return SyntaxError(absl::StrFormat("%s must be an integer, got '%s'", what, Printable(text)));
  }
  return value;
}

absl::StatusOr<double> ParseNumber(const std::string& text, std::string_view what) {
  double value = 0;
  if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
    return SyntaxError(absl::StrFormat("%s must be a number, got '%s'", what, Printable(text)));
  }
  return value;
}

std::string Vertices(const std::vector<Point>& points, int size) {
  std::vector<std::string> names;
  names.reserve(points.size());
  for (Point p : points) names.push_back(PointToGtp(p, size));
  return absl::StrJoin(names, " ");
}

std::string ColorName(Color c) { return c == Color::kBlack ? "Black" : "White"; }

}  // namespace

absl::StatusOr<RuleSet> ParseRuleSet(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(absl::string_view(name.data(), name.size()));
  if (lower == "chinese" || lower == "area") return RuleSet::kChinese;
  if (lower == "japanese" || lower == "territory") return RuleSet::kJapanese;
  if (lower == "tromp-taylor" || lower == "tromp_taylor" || lower == "trompt-taylor") {
    return RuleSet::kTrompTaylor;
  }
  return absl::InvalidArgumentError(absl::StrFormat(
      "unknown rules '%s' (chinese, japanese or tromp-taylor)", Printable(name)));
}

Rules RulesFor(RuleSet rule_set) {
  switch (rule_set) {
    case RuleSet::kChinese:
      return Rules::Chinese();
    case RuleSet::kJapanese:
      return Rules::Japanese();
    case RuleSet::kTrompTaylor:
      return Rules::TrompTaylor();
  }
  return Rules::Chinese();
}

ScoringMode ScoringFor(RuleSet rule_set) {
  switch (rule_set) {
    case RuleSet::kChinese:
      return ScoringMode::kAreaRemovingDead;
    case RuleSet::kJapanese:
      return ScoringMode::kTerritory;
    case RuleSet::kTrompTaylor:
      return ScoringMode::kAreaAsIs;
  }
  return ScoringMode::kAreaRemovingDead;
}

std::string RuleSetName(RuleSet rule_set) {
  switch (rule_set) {
    case RuleSet::kChinese:
      return "Chinese";
    case RuleSet::kJapanese:
      return "Japanese";
    case RuleSet::kTrompTaylor:
      return "Tromp-Taylor";
  }
  return "Chinese";
}

GtpEngine::GtpEngine(MoveGenerator* generator, EngineOptions options)
    : generator_(generator),
      options_(std::move(options)),
      board_size_(ValidateBoardSize(options_.board_size).ok() ? options_.board_size : 19),
      komi_(options_.komi),
      game_(board_size_, RulesFor(options_.rules)),
      time_(options_.time) {
  RegisterCommands();
  NewGame();
}

void GtpEngine::RegisterCommands() {
  commands_ = {
      {"protocol_version", &GtpEngine::CmdProtocolVersion},
      {"name", &GtpEngine::CmdName},
      {"version", &GtpEngine::CmdVersion},
      {"known_command", &GtpEngine::CmdKnownCommand},
      {"list_commands", &GtpEngine::CmdListCommands},
      {"quit", &GtpEngine::CmdQuit},
      {"boardsize", &GtpEngine::CmdBoardSize},
      {"clear_board", &GtpEngine::CmdClearBoard},
      {"komi", &GtpEngine::CmdKomi},
      {"play", &GtpEngine::CmdPlay},
      {"genmove", &GtpEngine::CmdGenmove},
      {"reg_genmove", &GtpEngine::CmdRegGenmove},
      {"undo", &GtpEngine::CmdUndo},
      {"showboard", &GtpEngine::CmdShowboard},
      {"fixed_handicap", &GtpEngine::CmdFixedHandicap},
      {"place_free_handicap", &GtpEngine::CmdPlaceFreeHandicap},
      {"set_free_handicap", &GtpEngine::CmdSetFreeHandicap},
      {"final_score", &GtpEngine::CmdFinalScore},
      {"final_status_list", &GtpEngine::CmdFinalStatusList},
      {"time_settings", &GtpEngine::CmdTimeSettings},
      {"time_left", &GtpEngine::CmdTimeLeft},
      {"loadsgf", &GtpEngine::CmdLoadSgf},
      {"printsgf", &GtpEngine::CmdPrintSgf},
      {"kgs-genmove_cleanup", &GtpEngine::CmdCleanupGenmove},
      {"kgs-time_settings", &GtpEngine::CmdKgsTimeSettings},
      {"kgs-game_over", &GtpEngine::CmdKgsGameOver},
      {"lz-analyze", &GtpEngine::CmdLzAnalyze},
      {"lz-genmove_analyze", &GtpEngine::CmdLzGenmoveAnalyze},
      {"kata-analyze", &GtpEngine::CmdKataAnalyze},
      {"kata-genmove_analyze", &GtpEngine::CmdKataGenmoveAnalyze},
  };
  for (const auto& [name, handler] : commands_) handlers_[name] = handler;
}

std::vector<std::string> GtpEngine::CommandNames() const {
  std::vector<std::string> names;
  for (const auto& entry : commands_) names.push_back(entry.first);
  return names;
}

bool GtpEngine::Execute(std::string_view line, Output& out,
                        const std::function<bool()>& interrupted, absl::Time received) {
  const Command command = ParseCommand(line);
  if (command.name.empty()) {
    out.Write(FormatFailure(command.id, "syntax error: no command after the id"));
    return true;
  }
  auto it = handlers_.find(command.name);
  if (it == handlers_.end()) {
    out.Write(FormatFailure(command.id, "unknown command"));
    return true;
  }
  static const std::function<bool()> kNever = [] { return false; };
  Context ctx{command, out, interrupted ? interrupted : kNever,
              received == absl::InfinitePast() ? absl::Now() : received};
  quit_ = false;
  absl::StatusOr<std::string> result = (this->*(it->second))(ctx);
  if (!ctx.streamed) {
    if (result.ok()) {
      out.Write(FormatSuccess(command.id, *result));
    } else {
      out.Write(FormatFailure(command.id, std::string(result.status().message())));
    }
  }
  return !quit_;
}

std::string GtpEngine::Run(std::string_view line) {
  StringOutput out;
  std::optional<std::string> clean = PreprocessLine(line);
  if (!clean.has_value()) return "";
  Execute(*clean, out);
  return out.text();
}

void GtpEngine::NewGame() {
  Rules rules = RulesFor(options_.rules);
  rules.komi = komi_;
  game_ = Game(board_size_, rules);
  setup_.clear();
  step_is_setup_.clear();
  time_.Set(time_.settings());
  judgement_cache_.reset();
  generator_->Reset();
}

bool GtpEngine::BoardIsEmpty() const {
  return game_.board().stone_count(Color::kBlack) == 0 &&
         game_.board().stone_count(Color::kWhite) == 0;
}

void GtpEngine::RecordMove(Color color, Point p) {
  (void)color;
  (void)p;
  step_is_setup_.push_back(false);
  judgement_cache_.reset();
}

absl::Status GtpEngine::PlaceHandicap(const std::vector<Point>& stones) {
  if (absl::Status s = game_.PlaceSetupStones(stones, {}, {}); !s.ok()) return s;
  game_.set_handicap(static_cast<int>(stones.size()));
  game_.set_to_play(Color::kWhite);
  SgfSetup step;
  step.before_move = game_.move_number();
  step.black = stones;
  setup_.push_back(std::move(step));
  step_is_setup_.push_back(true);
  judgement_cache_.reset();
  return absl::OkStatus();
}

// --- Move choice -----------------------------------------------------------

SearchRequest GtpEngine::MoveRequest(Color color, absl::Time start,
                                     const std::function<bool()>& stop_early) {
  SearchRequest request;
  request.max_visits = std::max<int64_t>(1, options_.visits);
  request.max_playouts = std::max<int64_t>(1, options_.playouts);
  const std::optional<absl::Duration> budget =
      time_.MoveBudget(color, board_size_, game_.move_number());
  absl::Time deadline = absl::InfiniteFuture();
  if (budget.has_value()) {
    deadline = start + *budget;
    if (options_.time_managed) {
      request.max_visits = std::max<int64_t>(1, options_.max_time_managed_visits);
      request.max_playouts = INT64_MAX;
    }
  }
  request.should_stop = [deadline, stop_early] {
    return absl::Now() >= deadline || (stop_early && stop_early());
  };
  request.want_ownership = true;
  return request;
}

StoneStatusMap GtpEngine::JudgeStones(const SearchReport* report) {
  const uint64_t key = game_.situation_hash() ^ static_cast<uint64_t>(game_.move_number());
  if (judgement_cache_.has_value() && judgement_cache_->first == key) {
    return judgement_cache_->second;
  }
  OwnershipMap network{};
  const OwnershipMap* network_ptr = nullptr;
  if (options_.network_ownership_trained && report != nullptr &&
      report->ownership.size() == static_cast<size_t>(board_size_ * board_size_)) {
    network = FromSideToMoveOwnership(report->ownership, board_size_, game_.to_play());
    network_ptr = &network;
  }
  const OwnershipMap own =
      EstimateOwnership(game_.board(), network_ptr, std::max(0, options_.endgame_playouts));
  StoneStatusMap status = ClassifyStones(game_.board(), own);
  judgement_cache_.emplace(key, status);
  return status;
}

Point GtpEngine::ChooseMove(Color color, const SearchReport& report, bool cleanup) {
  const std::vector<MoveRecord>& moves = game_.moves();
  const bool opponent_passed =
      !moves.empty() && moves.back().point == kPass && moves.back().color == Opponent(color);
  const int no_pass_before = options_.no_pass_before_move >= 0 ? options_.no_pass_before_move
                                                               : board_size_ * board_size_ / 2;
  // An early pass of a weak network is never right while the opponent
  // plays on: take the best other candidate instead.
  const bool early = !opponent_passed && game_.move_number() < no_pass_before;
  Point best = kPass;
  float winrate = report.root_winrate;
  for (const CandidateMove& c : report.candidates) {
    if (!game_.IsLegal(c.move, color) || (early && c.move == kPass)) continue;
    best = c.move;
    winrate = c.winrate;
    break;
  }

  const int min_moves = options_.resign_min_moves >= 0 ? options_.resign_min_moves
                                                       : board_size_ * board_size_ / 4;
  if (!cleanup && options_.resign_threshold > 0 && game_.move_number() >= min_moves &&
      winrate < options_.resign_threshold && report.root_winrate < options_.resign_threshold) {
    return kResign;
  }
  if (!cleanup && !opponent_passed && best != kPass) return best;

  const StoneStatusMap status = JudgeStones(&report);
  if (cleanup) {
    // KGS cleanup phase: play on as usual, but instead of passing capture
    // every stone the engine believes dead.
    if (best != kPass) return best;
    return CleanupMove(game_, color, status);
  }

  const ScoringMode mode = ScoringFor(options_.rules);
  const float sign = color == Color::kBlack ? 1.0f : -1.0f;
  if (mode == ScoringMode::kAreaAsIs) {
    // Tromp-Taylor removes nothing. Whether the engine is ahead is judged
    // with its dead stones removed; whether a pass is safe, by the raw count.
    // Ahead but losing the raw count means dead enemy stones are still on
    // the board: capture them instead of passing.
    const float estimated =
        FinalScore(game_, status, ScoringMode::kAreaRemovingDead).margin() * sign;
    const float raw = AreaScore(game_.board(), game_.rules().komi).margin() * sign;
    if (estimated > 0 && raw <= 0) {
      const Point capture = CleanupMove(game_, color, status);
      if (capture != kPass) return capture;
      return best;
    }
    if (opponent_passed && estimated > 0) return kPass;
    if (opponent_passed && -estimated > NeutralPoints(game_.board(), status)) return kPass;
    return best;
  }
  if (opponent_passed) {
    // The opponent considers the game over. Passing ends it: do so when
    // the count wins, or when the engine is behind by more than the
    // neutral points left could ever change.
    const float margin = FinalScore(game_, status, mode).margin() * sign;
    if (margin > 0) return kPass;
    if (-margin > NeutralPoints(game_.board(), status)) return kPass;
  }
  return best;
}

absl::StatusOr<std::string> GtpEngine::GenerateAndPlay(Context& ctx, bool cleanup, bool play) {
  if (absl::Status s = ExpectArgs(ctx.command, 1, 1); !s.ok()) return s;
  absl::StatusOr<Color> color = ParseColor(ctx.command.args[0]);
  if (!color.ok()) return color.status();
  const Color before = game_.to_play();
  game_.set_to_play(*color);
  const SearchRequest request = MoveRequest(*color, ctx.received, nullptr);
  const SearchReport report = generator_->Search(game_, request);
  const Point move = ChooseMove(*color, report, cleanup);
  if (!play) {
    game_.set_to_play(before);
    return PointToGtp(move, board_size_);
  }
  if (move != kResign) {
    if (absl::Status s = game_.Play(move, *color); !s.ok()) {
      return absl::InternalError(absl::StrCat("engine chose an illegal move: ", s.message()));
    }
    RecordMove(*color, move);
  }
  time_.Charge(*color, absl::Now() - ctx.received);
  return PointToGtp(move, board_size_);
}

// --- Analysis ----------------------------------------------------------------

absl::StatusOr<std::string> GtpEngine::Analyze(Context& ctx, AnalyzeFlavor flavor, bool genmove) {
  std::vector<std::string> args = ctx.command.args;
  std::optional<Color> color;
  if (genmove) {
    if (args.empty()) return SyntaxError(absl::StrCat(ctx.command.name, " needs a color"));
    absl::StatusOr<Color> c = ParseColor(args[0]);
    if (!c.ok()) return c.status();
    color = *c;
    args.erase(args.begin());
  }
  absl::StatusOr<AnalyzeArgs> parsed = ParseAnalyzeArgs(args, flavor);
  if (!parsed.ok()) return SyntaxError(parsed.status().message());
  AnalyzeArgs analyze = *parsed;
  if (!color.has_value()) color = analyze.color;
  if (color.has_value()) game_.set_to_play(*color);
  const Color to_play = game_.to_play();

  ctx.streamed = true;
  ctx.out.Write(absl::StrCat("=", ctx.command.id, "\n"));
  SearchRequest request;
  if (genmove) {
    request = MoveRequest(to_play, ctx.received, ctx.interrupted);
  } else {
    request.max_visits = std::max<int64_t>(1, options_.max_analysis_visits);
    request.should_stop = ctx.interrupted;
  }
  request.want_ownership = analyze.ownership || genmove;
  request.report_interval = analyze.interval;
  const int size = board_size_;
  Output& out = ctx.out;
  request.on_report = [&out, size, analyze, flavor](const SearchReport& report) {
    const std::string line = FormatAnalysisLine(report, size, analyze, flavor);
    if (!line.empty()) out.Write(line);
  };
  const SearchReport report = generator_->Search(game_, request);
  if (genmove) {
    const std::string last = FormatAnalysisLine(report, size, analyze, flavor);
    if (!last.empty()) out.Write(last);
    const Point move = ChooseMove(to_play, report, false);
    if (move != kResign && game_.Play(move, to_play).ok()) RecordMove(to_play, move);
    time_.Charge(to_play, absl::Now() - ctx.received);
    out.Write(absl::StrCat("play ", PointToGtp(move, size), "\n"));
  }
  out.Write("\n");
  return std::string();
}

// --- Commands ----------------------------------------------------------------

absl::StatusOr<std::string> GtpEngine::CmdProtocolVersion(Context&) { return std::string("2"); }
absl::StatusOr<std::string> GtpEngine::CmdName(Context&) { return options_.name; }
absl::StatusOr<std::string> GtpEngine::CmdVersion(Context&) { return options_.version; }

absl::StatusOr<std::string> GtpEngine::CmdKnownCommand(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 1, 1); !s.ok()) return s;
  return std::string(handlers_.count(ctx.command.args[0]) > 0 ? "true" : "false");
}

absl::StatusOr<std::string> GtpEngine::CmdListCommands(Context&) {
  return absl::StrJoin(CommandNames(), "\n");
}

absl::StatusOr<std::string> GtpEngine::CmdQuit(Context&) {
  quit_ = true;
  return std::string();
}

absl::StatusOr<std::string> GtpEngine::CmdBoardSize(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 1, 1); !s.ok()) return s;
  absl::StatusOr<int> size = ParseInt(ctx.command.args[0], "board size");
  if (!size.ok()) return size.status();
  if (!ValidateBoardSize(*size).ok()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("unacceptable size (%d; %d to %d)", *size, kMinBoardSize, kMaxBoardSize));
  }
  if (absl::Status s = generator_->SupportsBoardSize(*size); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("unacceptable size (", s.message(), ")"));
  }
  board_size_ = *size;
  NewGame();
  return std::string();
}

absl::StatusOr<std::string> GtpEngine::CmdClearBoard(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 0, 0); !s.ok()) return s;
  NewGame();
  return std::string();
}

absl::StatusOr<std::string> GtpEngine::CmdKomi(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 1, 1); !s.ok()) return s;
  absl::StatusOr<double> komi = ParseNumber(ctx.command.args[0], "komi");
  if (!komi.ok()) return komi.status();
  if (std::fabs(*komi) > 1000) return SyntaxError("komi must be within [-1000, 1000]");
  komi_ = static_cast<float>(*komi);
  game_.set_komi(komi_);
  judgement_cache_.reset();
  return std::string();
}

absl::StatusOr<std::string> GtpEngine::CmdPlay(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 2, 2); !s.ok()) return s;
  absl::StatusOr<Color> color = ParseColor(ctx.command.args[0]);
  if (!color.ok()) return color.status();
  absl::StatusOr<Point> point = ParseVertex(ctx.command.args[1], board_size_);
  if (!point.ok()) return point.status();
  if (*point == kResign) return absl::InvalidArgumentError("illegal move: resign is not a move");
  if (absl::Status s = game_.Play(*point, *color); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("illegal move: ", s.message()));
  }
  RecordMove(*color, *point);
  return std::string();
}

absl::StatusOr<std::string> GtpEngine::CmdGenmove(Context& ctx) {
  return GenerateAndPlay(ctx, /*cleanup=*/false, /*play=*/true);
}
absl::StatusOr<std::string> GtpEngine::CmdRegGenmove(Context& ctx) {
  return GenerateAndPlay(ctx, /*cleanup=*/false, /*play=*/false);
}
absl::StatusOr<std::string> GtpEngine::CmdCleanupGenmove(Context& ctx) {
  return GenerateAndPlay(ctx, /*cleanup=*/true, /*play=*/true);
}

absl::StatusOr<std::string> GtpEngine::CmdUndo(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 0, 0); !s.ok()) return s;
  if (step_is_setup_.empty() || step_is_setup_.back() || !game_.Undo()) {
    return absl::FailedPreconditionError("cannot undo");
  }
  step_is_setup_.pop_back();
  judgement_cache_.reset();
  return std::string();
}

absl::StatusOr<std::string> GtpEngine::CmdShowboard(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 0, 0); !s.ok()) return s;
  static constexpr char kColumns[] = "ABCDEFGHJKLMNOPQRST";
  const Board& board = game_.board();
  const int n = board.size();
  std::string header = "  ";
  for (int x = 0; x < n; ++x) absl::StrAppend(&header, " ", std::string(1, kColumns[x]));
  std::string text = absl::StrCat("\n", header, "\n");
  const Point last = game_.moves().empty() ? kNoPoint : game_.moves().back().point;
  for (int y = 0; y < n; ++y) {
    absl::StrAppendFormat(&text, "%2d", n - y);
    for (int x = 0; x < n; ++x) {
      const Point p = MakePoint(x, y);
      const Color c = board.at(p);
      const char stone = c == Color::kBlack ? 'X' : c == Color::kWhite ? 'O' : '.';
      absl::StrAppend(&text, p == last ? "(" : " ", std::string(1, stone));
    }
    absl::StrAppendFormat(&text, " %d\n", n - y);
  }
  absl::StrAppend(&text, header, "\n");
  absl::StrAppendFormat(&text,
                        "Black (X) has captured %d stones, White (O) has captured %d stones\n",
                        board.captures(Color::kBlack), board.captures(Color::kWhite));
  absl::StrAppendFormat(&text, "%s to play, move %d, komi %g, %s rules", ColorName(game_.to_play()),
                        game_.move_number() + 1, game_.rules().komi, RuleSetName(options_.rules));
  return text;
}

absl::StatusOr<std::string> GtpEngine::CmdFixedHandicap(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 1, 1); !s.ok()) return s;
  absl::StatusOr<int> stones = ParseInt(ctx.command.args[0], "number of stones");
  if (!stones.ok()) return stones.status();
  if (!BoardIsEmpty() || game_.move_number() > 0) {
    return absl::FailedPreconditionError("board not empty");
  }
  absl::StatusOr<std::vector<Point>> points = FixedHandicapPoints(board_size_, *stones);
  if (!points.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid number of stones: ", points.status().message()));
  }
  if (absl::Status s = PlaceHandicap(*points); !s.ok()) return s;
  return Vertices(*points, board_size_);
}

absl::StatusOr<std::string> GtpEngine::CmdPlaceFreeHandicap(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 1, 1); !s.ok()) return s;
  absl::StatusOr<int> stones = ParseInt(ctx.command.args[0], "number of stones");
  if (!stones.ok()) return stones.status();
  if (!BoardIsEmpty() || game_.move_number() > 0) {
    return absl::FailedPreconditionError("board not empty");
  }
  absl::StatusOr<std::vector<Point>> points = FreeHandicapPoints(board_size_, *stones);
  if (!points.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid number of stones: ", points.status().message()));
  }
  if (absl::Status s = PlaceHandicap(*points); !s.ok()) return s;
  return Vertices(*points, board_size_);
}

absl::StatusOr<std::string> GtpEngine::CmdSetFreeHandicap(Context& ctx) {
  if (ctx.command.args.empty()) return SyntaxError("set_free_handicap needs vertices");
  if (!BoardIsEmpty() || game_.move_number() > 0) {
    return absl::FailedPreconditionError("board not empty");
  }
  std::vector<Point> points;
  for (const std::string& arg : ctx.command.args) {
    absl::StatusOr<Point> p = ParseVertex(arg, board_size_);
    if (!p.ok()) return p.status();
    points.push_back(*p);
  }
  if (absl::Status s = ValidateFreeHandicap(game_.board(), points); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("bad vertex list: ", s.message()));
  }
  if (absl::Status s = PlaceHandicap(points); !s.ok()) return s;
  return std::string();
}

StoneStatusMap GtpEngine::JudgeFinalPosition() {
  const uint64_t key = game_.situation_hash() ^ static_cast<uint64_t>(game_.move_number());
  if (judgement_cache_.has_value() && judgement_cache_->first == key) {
    return judgement_cache_->second;
  }
  SearchReport report;
  const bool with_network = options_.network_ownership_trained && options_.endgame_visits > 0;
  if (with_network) {
    SearchRequest request;
    request.max_visits = options_.endgame_visits;
    request.want_ownership = true;
    request.should_stop = [] { return false; };
    report = generator_->Search(game_, request);
  }
  return JudgeStones(with_network ? &report : nullptr);
}

absl::StatusOr<std::string> GtpEngine::CmdFinalScore(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 0, 0); !s.ok()) return s;
  const StoneStatusMap status = JudgeFinalPosition();
  return ResultString(FinalScore(game_, status, ScoringFor(options_.rules)).margin());
}

absl::StatusOr<std::string> GtpEngine::CmdFinalStatusList(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 1, 1); !s.ok()) return s;
  const std::string which = absl::AsciiStrToLower(ctx.command.args[0]);
  StoneStatus wanted;
  if (which == "alive") {
    wanted = StoneStatus::kAlive;
  } else if (which == "dead") {
    wanted = StoneStatus::kDead;
  } else if (which == "seki") {
    wanted = StoneStatus::kSeki;
  } else {
    return SyntaxError(absl::StrFormat("invalid status '%s' (alive, dead or seki)",
                                       Printable(ctx.command.args[0])));
  }
  const StoneStatusMap status = JudgeFinalPosition();
  std::vector<std::string> lines;
  for (const std::vector<Point>& string : status.StringsWith(game_.board(), wanted)) {
    lines.push_back(Vertices(string, board_size_));
  }
  return absl::StrJoin(lines, "\n");
}

absl::StatusOr<std::string> GtpEngine::CmdTimeSettings(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 3, 3); !s.ok()) return s;
  int values[3];
  const char* what[3] = {"main time", "byo-yomi time", "byo-yomi stones"};
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<int> v = ParseInt(ctx.command.args[i], what[i]);
    if (!v.ok()) return v.status();
    values[i] = *v;
  }
  if (absl::Status s = time_.SetGtp(values[0], values[1], values[2]); !s.ok()) {
    return SyntaxError(s.message());
  }
  return std::string();
}

absl::StatusOr<std::string> GtpEngine::CmdKgsTimeSettings(Context& ctx) {
  if (absl::Status s = time_.SetKgs(ctx.command.args); !s.ok()) return SyntaxError(s.message());
  return std::string();
}

absl::StatusOr<std::string> GtpEngine::CmdTimeLeft(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 3, 3); !s.ok()) return s;
  absl::StatusOr<Color> color = ParseColor(ctx.command.args[0]);
  if (!color.ok()) return color.status();
  absl::StatusOr<double> seconds = ParseNumber(ctx.command.args[1], "time");
  if (!seconds.ok()) return seconds.status();
  absl::StatusOr<int> stones = ParseInt(ctx.command.args[2], "stones");
  if (!stones.ok()) return stones.status();
  if (absl::Status s = time_.TimeLeft(*color, *seconds, *stones); !s.ok()) {
    return SyntaxError(s.message());
  }
  return std::string();
}

absl::StatusOr<std::string> GtpEngine::CmdLoadSgf(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 1, 2); !s.ok()) return s;
  int move_number = -1;
  if (ctx.command.args.size() == 2) {
    absl::StatusOr<int> n = ParseInt(ctx.command.args[1], "move number");
    if (!n.ok()) return n.status();
    if (*n < 1) return SyntaxError("move number must be at least 1");
    move_number = *n;
  }
  if (!options_.allow_file_access) return absl::PermissionDeniedError("file access is disabled");
  absl::StatusOr<SgfCollection> collection = ReadSgfFile(ctx.command.args[0]);
  if (!collection.ok()) {
    return absl::NotFoundError(absl::StrCat("cannot load file: ", collection.status().message()));
  }
  if (collection->games.empty() || !collection->games[0].ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot load file: ",
        collection->games.empty() ? "no game" : collection->games[0].status().message()));
  }
  absl::StatusOr<SgfReplay> replay = ReplaySgfGame(*collection->games[0]);
  if (!replay.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot load file: ", replay.status().message()));
  }
  const SgfGameRecord& record = replay->record;
  const int size = record.info.size;
  if (absl::Status s = generator_->SupportsBoardSize(size); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("unacceptable size (", s.message(), ")"));
  }
  const float komi = record.info.komi.value_or(komi_);
  Rules rules = RulesFor(options_.rules);
  rules.komi = komi;
  Game game(size, rules);
  std::vector<SgfSetup> setup;
  std::vector<bool> steps;
  const int moves_to_play =
      move_number < 0 ? static_cast<int>(record.moves.size())
                      : std::min(move_number - 1, static_cast<int>(record.moves.size()));
  size_t next_setup = 0;
  for (int k = 0; k <= moves_to_play; ++k) {
    while (next_setup < record.setup.size() && record.setup[next_setup].before_move <= k) {
      const SgfSetup& step = record.setup[next_setup++];
      if (absl::Status s = game.PlaceSetupStones(step.black, step.white, step.clear); !s.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("cannot load file: setup: ", s.message()));
      }
      if (step.to_play.has_value()) game.set_to_play(*step.to_play);
      setup.push_back(step);
      setup.back().before_move = game.move_number();
      steps.push_back(true);
    }
    if (k == moves_to_play) break;
    const SgfMove& move = record.moves[k];
    if (absl::Status s = game.Play(move.point, move.color); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "cannot load file: move %d (%s %s) is illegal under %s rules: %s", k + 1,
          ColorName(move.color), PointToGtp(move.point, size), RuleSetName(options_.rules),
          s.message()));
    }
    steps.push_back(false);
  }
  if (moves_to_play < static_cast<int>(record.moves.size())) {
    game.set_to_play(record.moves[moves_to_play].color);
  }
  game.set_handicap(record.info.handicap);
  board_size_ = size;
  komi_ = komi;
  game_ = std::move(game);
  setup_ = std::move(setup);
  step_is_setup_ = std::move(steps);
  judgement_cache_.reset();
  generator_->Reset();
  return std::string();
}

std::string GtpEngine::SgfText() const {
  SgfGameInfo info;
  info.size = board_size_;
  info.komi = game_.rules().komi;
  info.handicap = game_.handicap();
  info.rules = RuleSetName(options_.rules);
  return WriteSgf(game_, info, setup_);
}

absl::StatusOr<std::string> GtpEngine::CmdPrintSgf(Context& ctx) {
  if (absl::Status s = ExpectArgs(ctx.command, 0, 1); !s.ok()) return s;
  const std::string text = SgfText();
  if (ctx.command.args.empty()) return text;
  if (!options_.allow_file_access) return absl::PermissionDeniedError("file access is disabled");
  std::ofstream file(ctx.command.args[0], std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot write file '", Printable(ctx.command.args[0], 200), "'"));
  }
  return std::string();
}

absl::StatusOr<std::string> GtpEngine::CmdKgsGameOver(Context&) { return std::string(); }

absl::StatusOr<std::string> GtpEngine::CmdLzAnalyze(Context& ctx) {
  return Analyze(ctx, AnalyzeFlavor::kLeelaZero, /*genmove=*/false);
}
absl::StatusOr<std::string> GtpEngine::CmdLzGenmoveAnalyze(Context& ctx) {
  return Analyze(ctx, AnalyzeFlavor::kLeelaZero, /*genmove=*/true);
}
absl::StatusOr<std::string> GtpEngine::CmdKataAnalyze(Context& ctx) {
  return Analyze(ctx, AnalyzeFlavor::kKataGo, /*genmove=*/false);
}
absl::StatusOr<std::string> GtpEngine::CmdKataGenmoveAnalyze(Context& ctx) {
  return Analyze(ctx, AnalyzeFlavor::kKataGo, /*genmove=*/true);
}

}  // namespace tengen::gtp
