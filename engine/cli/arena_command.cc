// `tengen arena --config FILE --out DIR`: plays the schedule of an arena
// config (proto/arena_config.proto: models searched or raw, random, GNU Go
// and other GTP engines; round-robin, gauntlet or head-to-head; an optional
// opening book) and records every game in DIR (sgf/, results.tsv). The same
// command resumes a stopped or killed arena. Ends with the rating table of
// everything in DIR/results.tsv (engine/arena/elo.h; `tengen elo` reads the
// same file). Ctrl-C stops after the current step; the games in progress are
// played again by the next run.

#include <atomic>
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "engine/arena/arena.h"
#include "engine/arena/arena_config.h"
#include "engine/arena/elo.h"
#include "engine/arena/game_results.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/nn/torch_backend.h"

namespace tengen::cli {
namespace {

std::atomic<bool> g_arena_stop{false};

void OnArenaSignal(int) { g_arena_stop.store(true); }

int RunArenaCommand(const std::vector<std::string>& positional) {
  const std::string config_path = absl::GetFlag(FLAGS_config);
  const std::string out = absl::GetFlag(FLAGS_out);
  if (!positional.empty() || config_path.empty() || out.empty()) {
    std::fprintf(stderr, "usage: tengen arena --config FILE --out DIR (proto/arena_config.proto)\n");
    return 2;
  }
  absl::StatusOr<arena::ArenaConfig> config = arena::LoadArenaConfig(config_path);
  if (!config.ok()) {
    std::fprintf(stderr, "tengen arena: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  const std::string device = absl::GetFlag(FLAGS_device);
  const int torch_threads = absl::GetFlag(FLAGS_torch_threads);
  const arena::ArenaBackendLoader loader = [&](const std::string& path, int max_batch) {
    nn::TorchBackendOptions o;
    o.device = device;
    o.max_batch = max_batch;
    o.threads = torch_threads;
    return nn::CreateTorchBackend(path, o);
  };
  std::signal(SIGINT, OnArenaSignal);
  std::signal(SIGTERM, OnArenaSignal);
  arena::ArenaRunOptions options;
  options.out_dir = out;
  options.progress_seconds = absl::GetFlag(FLAGS_progress_seconds);
  options.stop = &g_arena_stop;
  absl::StatusOr<arena::ArenaRunSummary> summary = arena::RunArena(*config, loader, options);
  if (!summary.ok()) {
    std::fprintf(stderr, "tengen arena: %s\n", std::string(summary.status().message()).c_str());
    return 1;
  }
  std::printf(
      "arena: scheduled=%d already_played=%d played=%d forfeits=%d engine_restarts=%d "
      "score_disagreements=%d%s\n",
      summary->scheduled, summary->already_played, summary->played, summary->forfeits, summary->engine_restarts,
      summary->score_disagreements, summary->stopped ? " stopped (the same command resumes)" : "");
  const std::string results_path = absl::StrCat(out, "/", arena::kResultsFile);
  absl::StatusOr<arena::ResultsFile> results = arena::ReadResults(results_path);
  if (results.ok() && !results->games.empty()) {
    arena::EloOptions elo;
    elo.anchors = config->rating_anchors;
    absl::StatusOr<arena::RatingTable> table = arena::FitRatings(results->games, elo);
    if (table.ok()) {
      std::printf("%s", arena::FormatRatingTable(*table).c_str());
    } else {
      std::printf("no rating table yet: %s\n", std::string(table.status().message()).c_str());
    }
  }
  std::fflush(stdout);
  return summary->stopped ? 130 : 0;
}

TENGEN_REGISTER_COMMAND(arena, "arena",
                        "plays an arena config (models, raw policies, GTP engines; round-robin, gauntlet, "
                        "head-to-head), resumable; SGF, results.tsv and a rating table",
                        RunArenaCommand, "config", "out", "device", "torch_threads", "progress_seconds");

}  // namespace
}  // namespace tengen::cli
