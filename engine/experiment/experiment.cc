#include "engine/experiment/experiment.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "engine/arena/arena.h"
#include "engine/data/atomic_file.h"
#include "engine/data/json_writer.h"
#include "engine/data/progress.h"
#include "engine/experiment/arm_checkpoints.h"
#include "engine/experiment/child_process.h"
#include "engine/experiment/generation_compute.h"
#include "engine/experiment/run_files.h"
#include "engine/nn/meta/model_config.h"
#include "selfplay/selfplay_config.h"

namespace tengen::experiment {
namespace {

namespace fs = std::filesystem;

// One line of a command's output (git), or "".
std::string CommandOutput(const std::string& command) {
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  char buffer[256];
  std::string out;
  while (std::fgets(buffer, sizeof(buffer), pipe) != nullptr) out += buffer;
  pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

class Experiment {
 public:
  Experiment(const ExperimentSettings& s, const ExperimentOptions& o, int full_visits, int cheap_visits,
             double forward_flops)
      : s_(s),
        o_(o),
        folders_(o.out_dir, s.batch, s.checkpoint_every_positions),
        started_(data::MonotonicSeconds()),
        generation_(full_visits, cheap_visits),
        forward_flops_(forward_flops) {}

  absl::StatusOr<ExperimentResult> Run() {
    if (absl::Status st = Prepare(); !st.ok()) return st;
    const std::vector<std::string> stages = StageNames();
    ExperimentResult result;
    for (size_t i = 0; i < stages.size(); ++i) {
      const std::string& stage = stages[i];
      // The human shards are remade (seconds, the same shards) when a chunk
      // on a lent machine did not carry them.
      if (fs::exists(DonePath(stage)) && (stage != "human" || fs::exists(Path("human/manifest.pbtxt")))) continue;
      Say(absl::StrFormat("stage %d/%d: %s", i + 1, stages.size(), stage));
      absl::StatusOr<bool> done = RunStage(stage);
      if (!done.ok()) {
        return absl::Status(done.status().code(),
                            absl::StrFormat("stage %s: %s (the same command resumes)", stage, done.status().message()));
      }
      if (!*done) {
        Say(absl::StrFormat("stopped during stage %s after %s; the same command continues", stage,
                            data::FormatDuration(data::MonotonicSeconds() - started_)));
        return result;
      }
      if (absl::Status st = data::WriteFileAtomically(DonePath(stage), data::UtcTimestamp() + "\n"); !st.ok())
        return st;
    }
    result.finished = true;
    result.report_html = Path("report/report.html");
    Say(absl::StrFormat("done in %s; report: %s", data::FormatDuration(data::MonotonicSeconds() - started_),
                        result.report_html));
    return result;
  }

 private:
  std::string Path(const std::string& relative) const { return (fs::path(o_.out_dir) / relative).string(); }
  std::string DonePath(const std::string& stage) const { return Path("state/" + stage + ".done"); }
  void Say(const std::string& line) const { std::fprintf(stderr, "experiment: %s\n", line.c_str()); }

  std::vector<std::string> StageNames() const {
    std::vector<std::string> stages = {"human"};
    stages.insert(stages.end(), s_.arms.begin(), s_.arms.end());
    for (const char* s : {"eval", "arena", "report"}) stages.push_back(s);
    return stages;
  }

  // The folder, its config (a different one is refused) and run_info.json.
  absl::Status Prepare() {
    std::error_code ec;
    fs::create_directories(Path("state"), ec);
    if (ec) return absl::InternalError(absl::StrFormat("cannot create %s: %s", Path("state"), ec.message()));
    const std::string config_path = Path(report::kConfigFile);
    std::string stored;
    if (data::ReadFileToString(config_path, &stored).ok()) {
      if (stored != s_.resolved_text) {
        return absl::FailedPreconditionError(absl::StrFormat(
            "%s holds another experiment's config; use a new --out folder (or remove it to start over)", config_path));
      }
    } else if (absl::Status st = data::WriteFileAtomically(config_path, s_.resolved_text); !st.ok()) {
      return st;
    }
    std::vector<std::pair<std::string, std::string>> info = {
        {"command", o_.command_line},
        {"preset", s_.preset.empty() ? "(none)" : s_.preset},
        {"commit", CommandOutput("git rev-parse HEAD 2>/dev/null")},
        {"worktree", CommandOutput("git status --porcelain 2>/dev/null | grep -q . && echo modified || echo clean")},
        {"device", o_.device_description},
        {"torch", o_.torch_version},
        {"host", CommandOutput("hostname")},
        {"cpu", CommandOutput("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'")},
        {"cores", std::to_string(sysconf(_SC_NPROCESSORS_ONLN))},
        {"arch", s_.arch},
        {"board_size", std::to_string(s_.board_size)},
        {"budget", s_.compute_matched() ? absl::StrFormat("%g device-seconds per arm", s_.budget_device_seconds)
                                        : absl::StrFormat("%d training positions per arm", s_.budget_positions)},
        {"checkpoint_every_positions", std::to_string(s_.checkpoint_every_positions)},
        {"updated_at", data::UtcTimestamp()}};
    std::string started;
    if (std::string old; data::ReadFileToString(Path(report::kRunInfoFile), &old).ok()) {
      absl::StatusOr<std::vector<std::pair<std::string, std::string>>> fields =
          report::ParseFlatJsonObject(old, nullptr);
      if (fields.ok()) {
        for (const auto& [key, value] : *fields) {
          if (key == "started_at") started = value;
        }
      }
    }
    info.push_back({"started_at", started.empty() ? data::UtcTimestamp() : started});
    std::vector<std::string> fields;
    for (const auto& [key, value] : info)
      fields.push_back(absl::StrCat("  ", data::JsonQuote(key), ": ", data::JsonQuote(value)));
    return data::WriteFileAtomically(Path(report::kRunInfoFile),
                                     absl::StrCat("{\n", absl::StrJoin(fields, ",\n"), "\n}\n"));
  }

  bool ChunkOver() const { return o_.max_seconds > 0 && data::MonotonicSeconds() - started_ >= o_.max_seconds; }
  bool Stopping() const { return ChunkOver() || (o_.stop != nullptr && o_.stop->load()); }

  // Runs a child; true when it finished (exit 0, not asked to stop).
  absl::StatusOr<bool> RunTool(std::vector<std::string> argv, const std::function<bool()>& poll = nullptr,
                               std::string* captured = nullptr) {
    if (Stopping()) return false;
    ChildOptions child;
    child.argv = std::move(argv);
    child.stop = o_.stop;
    std::string capture_path;
    if (captured != nullptr) {
      capture_path = Path("state/capture.txt");
      fs::remove(capture_path);
      child.stdout_path = capture_path;
    }
    child.should_stop = [&] { return (poll && poll()) || ChunkOver(); };
    absl::StatusOr<ChildRun> run = RunChild(child);
    if (!run.ok()) return run.status();
    if (captured != nullptr) data::ReadFileToString(capture_path, captured).IgnoreError();
    if (run->stopped && (Stopping() || !poll)) return false;
    if (run->exit_code != 0 && !run->stopped) {
      return absl::InternalError(absl::StrFormat("`%s` failed (exit %d)", CommandLine(child.argv), run->exit_code));
    }
    return true;
  }

  absl::StatusOr<bool> RunStage(const std::string& stage) {
    if (stage == "human") return HumanStage();
    if (stage == kImitationArm) return ImitationStage();
    if (stage == kSelfPlayZeroArm || stage == kSelfPlayBootstrapArm) return SelfPlayStage(stage);
    if (stage == "eval") return EvalStage();
    if (stage == "arena") return ArenaStage();
    if (stage == "report") return ReportStage();
    return absl::InternalError("unknown stage " + stage);
  }

  absl::StatusOr<bool> HumanStage() {
    std::vector<std::string> argv = {"tengen",  "imitate",      "prepare",
                                     "--out",   Path("human"),  absl::StrCat("--size=", s_.board_size),
                                     "--split", s_.human_split, "--overwrite"};
    argv.insert(argv.end(), s_.human_sgf.begin(), s_.human_sgf.end());
    return RunTool(argv);
  }

  // --- arms ---------------------------------------------------------------

  std::string ArmFolder(const std::string& arm) const { return folders_.ArmFolder(arm); }
  int64_t ArmBudgetPositions(const std::string& arm) const {
    return arm == kSelfPlayBootstrapArm ? s_.budget_positions - s_.bootstrap_from_positions : s_.budget_positions;
  }

  double ArmBudgetSeconds(const std::string& arm) const {
    if (!s_.compute_matched()) return 0;
    return arm == kSelfPlayBootstrapArm ? s_.budget_device_seconds - BootstrapStart().device_seconds
                                        : s_.budget_device_seconds;
  }

  absl::StatusOr<bool> RunArm(const std::string& arm, std::vector<std::string> argv) {
    ArmClock::Options clock_options;
    clock_options.budget_seconds = ArmBudgetSeconds(arm);
    clock_options.budget_positions = ArmBudgetPositions(arm);
    clock_options.forward_flops = forward_flops_;
    if (arm != kImitationArm) clock_options.generation = &generation_;
    clock_options.say = [this](const std::string& line) { Say(line); };
    ArmClock clock(folders_, arm, clock_options);
    bool budget_spent = false;
    absl::StatusOr<bool> done = RunTool(std::move(argv), [&] {
      budget_spent = clock.Poll();
      return budget_spent;
    });
    clock.Poll();
    clock.Finish();
    if (!done.ok()) return done.status();
    if (absl::Status st = WriteCheckpoints(); !st.ok()) return st;
    return *done || budget_spent;
  }

  absl::StatusOr<bool> ImitationStage() {
    // With a budget of seconds the clock stops the trainer; its step count
    // only has to be out of reach (at 1e5 positions/s, beyond any device
    // here) and not absurd, since the data order is planned over it.
    const int64_t steps = s_.compute_matched() ? static_cast<int64_t>(s_.budget_device_seconds * 1e5 / s_.batch) + 1
                                               : s_.budget_positions / s_.batch;
    std::vector<std::string> argv = {"tengen",
                                     "imitate",
                                     "train",
                                     "--data",
                                     Path("human"),
                                     "--out",
                                     ArmFolder(kImitationArm),
                                     "--arch",
                                     s_.arch,
                                     absl::StrCat("--size=", s_.board_size),
                                     absl::StrCat("--batch=", s_.batch),
                                     absl::StrCat("--lr=", s_.lr),
                                     "--device",
                                     s_.device,
                                     absl::StrCat("--seed=", s_.seed),
                                     absl::StrCat("--max_steps=", steps),
                                     absl::StrCat("--snapshot_every=", s_.checkpoint_every_positions / s_.batch),
                                     absl::StrCat("--checkpoint_every=", s_.checkpoint_every_positions / s_.batch),
                                     "--eval_every=0",
                                     "--validation_positions=2048",
                                     "--log_every=100"};
    // Without a known horizon a decaying schedule has no end to decay to.
    if (s_.compute_matched()) argv.push_back("--lr_decay=constant");
    return RunArm(kImitationArm, argv);
  }

  // The imitation checkpoint the bootstrap arm starts from, as a row.
  report::CheckpointRow BootstrapStart() const {
    for (const report::CheckpointRow& row : CheckpointRows(kImitationArm)) {
      if (row.training_positions == s_.bootstrap_from_positions) return row;
    }
    return {};
  }

  absl::StatusOr<bool> SelfPlayStage(const std::string& arm) {
    std::string config = s_.selfplay_text;
    if (arm == kSelfPlayBootstrapArm) {
      const report::CheckpointRow start = BootstrapStart();
      if (start.model.empty()) {
        return absl::FailedPreconditionError(absl::StrFormat(
            "the imitation arm has no checkpoint at %d positions to start from", s_.bootstrap_from_positions));
      }
      absl::StrAppend(&config, "init_model: \"", Path(start.model), "\"\n");
    }
    std::error_code ec;
    fs::create_directories(ArmFolder(arm), ec);
    const std::string config_path = ArmFolder(arm) + "/selfplay.pbtxt";
    if (absl::Status st = data::WriteFileAtomically(config_path, config); !st.ok()) return st;
    std::vector<std::string> argv = {"tengen",
                                     "selfplay",
                                     "run",
                                     "--run",
                                     ArmFolder(arm) + "/run",
                                     "--config",
                                     config_path,
                                     "--progress_seconds=30"};
    if (!s_.compute_matched()) {
      argv.push_back(absl::StrCat("--max_generations=", ArmBudgetPositions(arm) / s_.checkpoint_every_positions));
    }
    return RunArm(arm, argv);
  }

  // The bootstrap arm's rows include the imitation checkpoint it started from.
  std::vector<report::CheckpointRow> CheckpointRows(const std::string& arm) const {
    return folders_.Rows(arm, arm == kSelfPlayBootstrapArm ? BootstrapStart() : report::CheckpointRow{});
  }

  std::vector<report::CheckpointRow> AllCheckpointRows() const {
    std::vector<report::CheckpointRow> rows;
    for (const std::string& arm : s_.arms) {
      for (report::CheckpointRow& row : CheckpointRows(arm)) rows.push_back(std::move(row));
    }
    return rows;
  }

  absl::Status WriteCheckpoints() const {
    return data::WriteFileAtomically(Path(report::kCheckpointsFile),
                                     report::FormatCheckpointTable(AllCheckpointRows()));
  }

  // --- evaluation -----------------------------------------------------------

  absl::StatusOr<bool> EvalStage() {
    if (absl::Status st = WriteCheckpoints(); !st.ok()) return st;
    std::vector<std::pair<std::string, std::string>> players;  // name, model path
    for (const report::CheckpointRow& row : AllCheckpointRows()) players.push_back({row.player, Path(row.model)});
    for (const LeagueAnchorSpec& anchor : s_.league_anchors) {
      if (!anchor.model_path.empty()) players.push_back({anchor.name, anchor.model_path});
    }
    absl::StatusOr<report::RunFolder> run = report::ReadRunFolder(o_.out_dir);
    if (!run.ok()) return run.status();
    std::vector<report::EvalRow> rows = run->eval;
    auto have = [&](const std::string& player, const std::string& dataset) {
      return std::any_of(rows.begin(), rows.end(),
                         [&](const report::EvalRow& r) { return r.player == player && r.dataset == dataset; });
    };
    const double start = data::MonotonicSeconds();
    int done = 0;
    const int total = static_cast<int>(players.size());
    for (const auto& [player, model] : players) {
      for (const std::string dataset : {"human", "alphago"}) {
        if (have(player, dataset) || (dataset == std::string("alphago") && s_.alphago_sgf.empty())) continue;
        std::vector<std::string> argv = {"tengen", "eval",     "moves",   "--model",
                                         model,    "--device", s_.device, absl::StrCat("--size=", s_.board_size)};
        if (dataset == std::string("human")) {
          argv.insert(argv.end(), {"--data", Path("human"), "--eval_split", "test",
                                   absl::StrCat("--max_positions=", s_.human_eval_positions)});
        } else {
          argv.push_back(absl::StrCat("--max_positions=", s_.alphago_eval_positions));
          argv.insert(argv.end(), s_.alphago_sgf.begin(), s_.alphago_sgf.end());
        }
        std::string output;
        absl::StatusOr<bool> ran = RunTool(argv, nullptr, &output);
        if (!ran.ok() || !*ran) return ran;
        absl::StatusOr<report::EvalRow> row = ParseEvalOutput(output, player, dataset);
        if (!row.ok()) return row.status();
        rows.push_back(*row);
        if (absl::Status st = data::WriteFileAtomically(Path(report::kEvalFile), report::FormatEvalTable(rows));
            !st.ok()) {
          return st;
        }
      }
      ++done;
      const double rate = done / std::max(1e-9, data::MonotonicSeconds() - start);
      Say(absl::StrFormat("eval: %d/%d players (%s), %.2f players/min, ETA %s", done, total, player, rate * 60,
                          data::FormatDuration((total - done) / rate)));
    }
    return true;
  }

  // --- arena ---------------------------------------------------------------

  absl::StatusOr<bool> RunArenaPart(const std::string& folder, const std::vector<std::string>& player_texts,
                                    const std::vector<std::string>& gauntlet_opponents, int games) {
    std::error_code ec;
    fs::create_directories(Path("arena/" + folder), ec);
    const std::string config_path = Path("arena/" + folder + ".pbtxt");
    if (absl::Status st =
            data::WriteFileAtomically(config_path, ArenaConfigText(s_, player_texts, gauntlet_opponents, games));
        !st.ok()) {
      return st;
    }
    return RunTool({"tengen", "arena", "--config", config_path, "--out", Path("arena/" + folder)});
  }

  absl::StatusOr<bool> ArenaStage() {
    const std::vector<report::CheckpointRow> rows = AllCheckpointRows();
    std::vector<std::string> league;
    for (const report::CheckpointRow& row : rows)
      league.push_back(CheckpointPlayerText(s_, row.player, Path(row.model)));
    std::vector<std::string> model_anchors;
    for (const LeagueAnchorSpec& anchor : s_.league_anchors) {
      league.push_back(anchor.player_text);
      if (!anchor.model_path.empty()) model_anchors.push_back(anchor.player_text);
    }
    std::vector<std::string> parts = {"league"};
    absl::StatusOr<bool> done = RunArenaPart("league", league, {}, s_.league_games_per_pairing);
    if (!done.ok() || !*done) return done;
    for (const EngineAnchorSpec& anchor : s_.engine_anchors) {
      std::vector<std::string> players;
      for (size_t i = 0; i < rows.size(); ++i) {
        const bool last_of_arm = i + 1 == rows.size() || rows[i + 1].arm != rows[i].arm;
        if (!anchor.last_checkpoints_only || last_of_arm) {
          players.push_back(CheckpointPlayerText(s_, rows[i].player, Path(rows[i].model)));
        }
      }
      players.insert(players.end(), model_anchors.begin(), model_anchors.end());
      players.push_back(anchor.player_text);
      const std::string folder = absl::StrReplaceAll(anchor.name, {{":", "-"}});
      parts.push_back(folder);
      done = RunArenaPart(folder, players, {anchor.name}, anchor.games_per_pairing);
      if (!done.ok() || !*done) return done;
    }
    // One results file for the ratings: every part's lines.
    std::string merged;
    for (const std::string& part : parts) {
      std::string text;
      if (data::ReadFileToString(Path("arena/" + part + "/" + arena::kResultsFile), &text).ok()) merged += text;
    }
    if (absl::Status st = data::WriteFileAtomically(Path(report::kResultsFile), merged); !st.ok()) return st;
    return true;
  }

  absl::StatusOr<bool> ReportStage() {
    if (absl::Status st = WriteCheckpoints(); !st.ok()) return st;
    std::vector<std::string> argv = {"tengen", "report", "--run", o_.out_dir, "--out", Path("report")};
    if (!o_.python.empty()) argv.push_back("--python=" + o_.python);
    return RunTool(argv);
  }

  const ExperimentSettings& s_;
  const ExperimentOptions& o_;
  const ArmFolders folders_;
  const double started_;
  GenerationCounter generation_;
  double forward_flops_ = 0;  // of the experiment's network, per position
};

}  // namespace

absl::StatusOr<ExperimentResult> RunExperiment(const ExperimentSettings& settings, const ExperimentOptions& options) {
  absl::StatusOr<selfplay::SelfPlaySettings> selfplay =
      selfplay::ParseSelfPlayConfig(settings.selfplay_text, "selfplay", "", settings.device == "cuda");
  if (!selfplay.ok()) return selfplay.status();
  absl::StatusOr<nn::ModelConfig> network = nn::ModelConfigForArch(settings.arch, settings.board_size);
  if (!network.ok()) return network.status();
  return Experiment(settings, options, selfplay->full_visits, selfplay->cheap_visits,
                    nn::EstimateForwardFlops(*network))
      .Run();
}

}  // namespace tengen::experiment
