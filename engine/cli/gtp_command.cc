// `tengen gtp --model M [--visits N | --playouts N | --time-managed]
//   [--threads N] [--device cuda|cpu] [--rules chinese|japanese|tromp-taylor]`:
// a GTP engine on stdin/stdout for GUIs (Sabaki, Lizzie), servers (KGS via
// kgsGtp, OGS via gtp2ogs) and other engines (GNU Go via gogui-twogtp).
// Diagnostics go to stderr; stdout carries GTP only.

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/gtp/gtp_engine.h"
#include "engine/gtp/gtp_loop.h"
#include "engine/gtp/mcts_move_generator.h"
#include "engine/nn/meta/model_file.h"
#include "engine/nn/torch_backend.h"

ABSL_FLAG(int64_t, playouts, 0,
          "gtp: new visits per move on top of the reused tree (0: no limit; --visits "
          "limits the total).");
ABSL_FLAG(bool, time_managed, false,
          "gtp: with time_settings from the controller, think by the clock (up to "
          "--analysis_max_visits) instead of --visits.");
ABSL_FLAG(double, resign_threshold, 0.05,
          "gtp: resign when the win rate is below this (0 never resigns).");
ABSL_FLAG(int, resign_min_moves, -1,
          "gtp: never resign before this move number (-1: a quarter of the board area).");
ABSL_FLAG(int64_t, analysis_max_visits, 200000,
          "gtp: visit cap of lz-analyze / kata-analyze and of time-managed moves (memory bound).");
ABSL_FLAG(double, time_margin, 0.5,
          "gtp: seconds kept in reserve on every timed move for communication lag.");

namespace tengen::cli {
namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "tengen gtp: %s\n", message.c_str());
  return 2;
}

int RunGtp(const std::vector<std::string>& positional) {
  if (!positional.empty()) return Fail("unexpected argument '" + positional[0] + "'");
  const std::string model = absl::GetFlag(FLAGS_model);
  if (model.empty()) return Fail("--model FILE is required (tengen model init writes one)");
  absl::StatusOr<gtp::RuleSet> rules = gtp::ParseRuleSet(absl::GetFlag(FLAGS_rules));
  if (!rules.ok()) return Fail(std::string(rules.status().message()));
  const int visits = absl::GetFlag(FLAGS_visits);
  const int64_t playouts = absl::GetFlag(FLAGS_playouts);
  if (visits < 1) return Fail("--visits must be at least 1");
  if (playouts < 0) return Fail("--playouts must not be negative");
  const double margin = absl::GetFlag(FLAGS_time_margin);
  if (!(margin >= 0 && margin < 60)) return Fail("--time_margin must be in [0, 60) seconds");
  const int leaves = std::max(1, absl::GetFlag(FLAGS_threads));

  nn::TorchBackendOptions backend_options;
  backend_options.device = absl::GetFlag(FLAGS_device);
  backend_options.max_batch = leaves;
  backend_options.seed = absl::GetFlag(FLAGS_seed);
  backend_options.threads = absl::GetFlag(FLAGS_torch_threads);
  absl::StatusOr<std::unique_ptr<BatchBackend>> backend =
      nn::CreateTorchBackend(model, backend_options);
  if (!backend.ok()) return Fail(std::string(backend.status().message()));

  SearchOptions search_options = gtp::MctsMoveGenerator::DefaultSearchOptions();
  search_options.seed = absl::GetFlag(FLAGS_seed);
  gtp::MctsGeneratorOptions generator_options;
  generator_options.leaves_per_batch = leaves;
  gtp::MctsMoveGenerator generator(backend->get(), search_options, generator_options);

  gtp::EngineOptions options;
  options.board_size = (*backend)->board_size();
  options.rules = *rules;
  options.komi = static_cast<float>(absl::GetFlag(FLAGS_komi));
  options.visits = visits;
  options.playouts = playouts == 0 ? INT64_MAX : playouts;
  options.time_managed = absl::GetFlag(FLAGS_time_managed);
  options.max_time_managed_visits = absl::GetFlag(FLAGS_analysis_max_visits);
  options.max_analysis_visits = absl::GetFlag(FLAGS_analysis_max_visits);
  options.resign_threshold = static_cast<float>(absl::GetFlag(FLAGS_resign_threshold));
  options.resign_min_moves = absl::GetFlag(FLAGS_resign_min_moves);
  options.time.safety_margin = absl::Seconds(margin);
  options.seed = absl::GetFlag(FLAGS_seed);
  // Only self-play records carry final ownership, so only a self-play
  // model's ownership head has learned anything worth counting dead stones by.
  if (absl::StatusOr<nn::ModelFileContents> file = nn::ReadModelFile(model); file.ok()) {
    options.network_ownership_trained = file->config.data_source == nn::ModelDataSource::kSelfPlay;
  }
  gtp::GtpEngine engine(&generator, options);

  std::fprintf(stderr, "tengen gtp: model %s, %dx%d, %s rules, %d visits%s, %d leaves per batch\n",
               model.c_str(), options.board_size, options.board_size,
               gtp::RuleSetName(options.rules).c_str(), visits,
               options.time_managed ? " (time-managed)" : "", leaves);
  // A controller that goes away must show up as a write error, not kill us
  // in the middle of a line.
  std::signal(SIGPIPE, SIG_IGN);
  gtp::RunGtpLoop(engine, STDIN_FILENO, STDOUT_FILENO);
  return 0;
}

TENGEN_REGISTER_COMMAND(gtp, "gtp", "GTP engine for GUIs, servers and other engines", RunGtp,
                        "model", "visits", "playouts", "device", "threads", "torch_threads", "rules", "komi",
                        "seed", "resign_threshold", "resign_min_moves", "time_managed", "time_margin",
                        "analysis_max_visits");

}  // namespace
}  // namespace tengen::cli
