#ifndef TENGEN_ENGINE_GTP_GTP_ENGINE_H_
#define TENGEN_ENGINE_GTP_GTP_ENGINE_H_

// The GTP engine: the game state and every command of GTP version 2 plus the
// extensions GUIs and servers use (kgs-*, lz-analyze, kata-analyze), on top
// of an abstract MoveGenerator. Torch-free; the `tengen gtp` command wires a
// network-backed MCTS into it, tests a fake.
//
// Execute() handles one preprocessed command line and writes its complete
// response. Analysis commands stream: "=id" first, then info lines every
// interval until `interrupted()` says new input is waiting, then the empty
// line that ends the response (lz-genmove_analyze also "play <move>").
// Every failure is a "? message" response; the engine never exits on bad
// input.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/gtp/analysis_format.h"
#include "engine/gtp/endgame.h"
#include "engine/gtp/gtp_protocol.h"
#include "engine/gtp/move_generator.h"
#include "engine/gtp/time_control.h"
#include "engine/rules/game.h"
#include "engine/rules/sgf_game.h"

namespace tengen::gtp {

enum class RuleSet { kChinese, kJapanese, kTrompTaylor };
absl::StatusOr<RuleSet> ParseRuleSet(std::string_view name);  // chinese, japanese, tromp-taylor
Rules RulesFor(RuleSet rule_set);
ScoringMode ScoringFor(RuleSet rule_set);
std::string RuleSetName(RuleSet rule_set);

struct EngineOptions {
  std::string name = "tengen";
  // Lizzie reads the version as "major.minor" and warns below minor 15
  // (Leela Zero 0.15 introduced lz-analyze); it must stay numeric.
  std::string version = "0.20";
  RuleSet rules = RuleSet::kChinese;
  float komi = 7.5f;
  int board_size = 19;  // until the controller sends boardsize
  // Budget per genmove without a clock: root visits (a reused subtree
  // counts) and new playouts.
  int64_t visits = 200;
  int64_t playouts = INT64_MAX;
  // Think by the clock: with time settings the clock alone bounds a move
  // (up to max_time_managed_visits); without --time-managed the visit budget
  // applies and the clock only caps it.
  bool time_managed = false;
  int64_t max_time_managed_visits = 1'000'000;
  // Analysis runs until interrupted, up to this many visits.
  int64_t max_analysis_visits = 1'000'000;
  // Resign when the best move's win rate is below this (0 never), from
  // move `resign_min_moves` on (-1: a quarter of the board area).
  float resign_threshold = 0.05f;
  int resign_min_moves = -1;
  // The engine does not pass before this move number (-1: half the board
  // area) unless the opponent just passed or nothing else is legal.
  int no_pass_before_move = -1;
  // Life and death behind final_score, final_status_list, pass and cleanup
  // decisions: Benson's pass-alive analysis, then this many scoring
  // playouts seeded from the position (so the same position always gets
  // the same answer), each string dead or alive by its majority.
  int endgame_playouts = 1024;
  // The network's ownership joins the playouts only for a model trained on
  // final ownership (ModelMeta data_source: self-play; a head trained on
  // human records, which carry no final ownership, never learned it). It
  // then comes from the move's search, or for final_score from a search of
  // `endgame_visits` visits.
  bool network_ownership_trained = false;
  int64_t endgame_visits = 32;
  TimeControlOptions time;
  uint64_t seed = 1;
  // loadsgf / printsgf FILE touch the file system (off in the fuzzer).
  bool allow_file_access = true;
};

// Where responses go. Write must send the bytes on at once (flush): GUIs
// wait for each line.
class Output {
 public:
  virtual ~Output() = default;
  virtual void Write(std::string_view text) = 0;
};

class StringOutput : public Output {
 public:
  void Write(std::string_view text) override { text_.append(text.data(), text.size()); }
  const std::string& text() const { return text_; }
  void Clear() { text_.clear(); }

 private:
  std::string text_;
};

class GtpEngine {
 public:
  // The generator must outlive the engine.
  GtpEngine(MoveGenerator* generator, EngineOptions options);

  // Handles one preprocessed command line (see PreprocessLine). Returns
  // false once the command was quit. `interrupted` is polled by long
  // commands (may be null: never interrupted). `received` is when the line
  // arrived, the start of the move's clock (default: now).
  bool Execute(std::string_view line, Output& out,
               const std::function<bool()>& interrupted = nullptr,
               absl::Time received = absl::InfinitePast());

  // Convenience for tests: the response text of one command.
  std::string Run(std::string_view line);

  const Game& game() const { return game_; }
  const TimeControl& time_control() const { return time_; }
  std::vector<std::string> CommandNames() const;

 private:
  struct Context {
    const Command& command;
    Output& out;
    const std::function<bool()>& interrupted;
    absl::Time received;
    bool streamed = false;  // the handler wrote the whole response itself
  };
  using Handler = absl::StatusOr<std::string> (GtpEngine::*)(Context&);

  void RegisterCommands();
  void NewGame();
  absl::Status PlaceHandicap(const std::vector<Point>& stones);
  bool BoardIsEmpty() const;

  // The move the engine plays for `color` now (resign included), from a
  // finished search report, and the search behind it.
  Point ChooseMove(Color color, const SearchReport& report, bool cleanup);
  SearchRequest MoveRequest(Color color, absl::Time start,
                            const std::function<bool()>& stop_early);
  // Dead stones etc. of the current position; `report` adds the network's
  // ownership when options_.network_ownership_trained.
  StoneStatusMap JudgeStones(const SearchReport* report);
  // The same for final_score / final_status_list (cached per position, so
  // both answers agree).
  StoneStatusMap JudgeFinalPosition();
  std::string SgfText() const;
  absl::StatusOr<std::string> GenerateAndPlay(Context& ctx, bool cleanup, bool play);
  absl::StatusOr<std::string> Analyze(Context& ctx, AnalyzeFlavor flavor, bool genmove);
  void RecordMove(Color color, Point p);

  absl::StatusOr<std::string> CmdProtocolVersion(Context& ctx);
  absl::StatusOr<std::string> CmdName(Context& ctx);
  absl::StatusOr<std::string> CmdVersion(Context& ctx);
  absl::StatusOr<std::string> CmdKnownCommand(Context& ctx);
  absl::StatusOr<std::string> CmdListCommands(Context& ctx);
  absl::StatusOr<std::string> CmdQuit(Context& ctx);
  absl::StatusOr<std::string> CmdBoardSize(Context& ctx);
  absl::StatusOr<std::string> CmdClearBoard(Context& ctx);
  absl::StatusOr<std::string> CmdKomi(Context& ctx);
  absl::StatusOr<std::string> CmdPlay(Context& ctx);
  absl::StatusOr<std::string> CmdGenmove(Context& ctx);
  absl::StatusOr<std::string> CmdRegGenmove(Context& ctx);
  absl::StatusOr<std::string> CmdCleanupGenmove(Context& ctx);
  absl::StatusOr<std::string> CmdUndo(Context& ctx);
  absl::StatusOr<std::string> CmdShowboard(Context& ctx);
  absl::StatusOr<std::string> CmdFixedHandicap(Context& ctx);
  absl::StatusOr<std::string> CmdPlaceFreeHandicap(Context& ctx);
  absl::StatusOr<std::string> CmdSetFreeHandicap(Context& ctx);
  absl::StatusOr<std::string> CmdFinalScore(Context& ctx);
  absl::StatusOr<std::string> CmdFinalStatusList(Context& ctx);
  absl::StatusOr<std::string> CmdTimeSettings(Context& ctx);
  absl::StatusOr<std::string> CmdKgsTimeSettings(Context& ctx);
  absl::StatusOr<std::string> CmdTimeLeft(Context& ctx);
  absl::StatusOr<std::string> CmdLoadSgf(Context& ctx);
  absl::StatusOr<std::string> CmdPrintSgf(Context& ctx);
  absl::StatusOr<std::string> CmdKgsGameOver(Context& ctx);
  absl::StatusOr<std::string> CmdLzAnalyze(Context& ctx);
  absl::StatusOr<std::string> CmdLzGenmoveAnalyze(Context& ctx);
  absl::StatusOr<std::string> CmdKataAnalyze(Context& ctx);
  absl::StatusOr<std::string> CmdKataGenmoveAnalyze(Context& ctx);

  MoveGenerator* generator_;
  EngineOptions options_;
  int board_size_;
  float komi_;
  Game game_;
  TimeControl time_;
  // The game as SGF setup steps (handicap, loadsgf setup) and moves, kept in
  // step with game_ for printsgf and undo.
  std::vector<SgfSetup> setup_;
  std::vector<bool> step_is_setup_;
  std::optional<std::pair<uint64_t, StoneStatusMap>> judgement_cache_;
  bool quit_ = false;
  std::vector<std::pair<std::string, Handler>> commands_;
  std::map<std::string, Handler, std::less<>> handlers_;
};

}  // namespace tengen::gtp

#endif  // TENGEN_ENGINE_GTP_GTP_ENGINE_H_
