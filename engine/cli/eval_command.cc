// `tengen eval moves`: how well a model predicts human (or any recorded)
// moves and results, over every position of SGF games or of a shard split.

#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_join.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/data/manifest.h"
#include "engine/train/move_prediction.h"
#include "engine/train/train_flags.h"
#include "imitation/prepare.h"

ABSL_DECLARE_FLAG(std::vector<std::string>, sgf);  // imitate_command.cc
ABSL_FLAG(std::string, eval_split, "test", "Split of --data to evaluate on.");
ABSL_FLAG(int64_t, max_positions, 0, "Stop after this many positions (0: all).");

namespace {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "tengen eval moves: %s\n", std::string(status.message()).c_str());
  return 1;
}

int RunEvalMoves(const std::vector<std::string>& positional) {
  tengen::train::MovePredictionOptions options;
  options.device = absl::GetFlag(FLAGS_device);
  options.batch = absl::GetFlag(FLAGS_batch);
  options.threads = tengen::train::ThreadsFlagOrAllCores();
  options.max_positions = absl::GetFlag(FLAGS_max_positions);
  const std::string model = absl::GetFlag(FLAGS_model);
  if (model.empty()) {
    std::fprintf(stderr, "tengen eval moves: --model is required\n");
    return 2;
  }
  std::vector<std::string> sgf = absl::GetFlag(FLAGS_sgf);
  sgf.insert(sgf.end(), positional.begin(), positional.end());
  const std::string data = absl::GetFlag(FLAGS_data);
  if (sgf.empty() == data.empty()) {
    std::fprintf(stderr, "tengen eval moves: give either --sgf PATH... or --data DIR\n");
    return 2;
  }
  absl::StatusOr<tengen::train::MovePredictionStats> stats;
  if (!data.empty()) {
    absl::StatusOr<std::vector<std::string>> shards =
        tengen::data::SplitShardPaths(data, absl::GetFlag(FLAGS_eval_split));
    if (!shards.ok()) return Fail(shards.status());
    stats = tengen::train::EvaluateModelOnShards(model, *shards, options);
  } else {
    const tengen::imitation::GameFilterOptions filter =
        tengen::imitation::EvaluationFilter(absl::GetFlag(FLAGS_size));
    std::map<std::string, int64_t> rejections;
    absl::StatusOr<std::vector<tengen::data::RecordedGame>> games =
        tengen::imitation::ReadSgfGames(sgf, filter, &rejections);
    if (!games.ok()) return Fail(games.status());
    for (const auto& [reason, count] : rejections) {
      std::fprintf(stderr, "skipped %lld games: %s\n", static_cast<long long>(count), reason.c_str());
    }
    stats = tengen::train::EvaluateModelOnGames(model, *games, options);
  }
  if (!stats.ok()) return Fail(stats.status());
  if (stats->positions == 0) {
    // A score over nothing would read as 0% and hide the mistake (a wrong
    // path, another board size, every game filtered out).
    std::fprintf(stderr,
                 "tengen eval moves: no position to evaluate in %s (wrong path or split, games of another "
                 "size than the model's, or every game skipped as listed above)\n",
                 data.empty() ? absl::StrJoin(sgf, ", ").c_str() : data.c_str());
    return 1;
  }
  std::printf("%s\n", stats->ToString().c_str());
  return 0;
}

}  // namespace

TENGEN_REGISTER_COMMAND(eval_moves, "eval moves",
                        "move-prediction accuracy and value MSE of --model on --sgf games or "
                        "--data shards (--eval_split, default test)",
                        RunEvalMoves,
                        "model", "sgf", "data", "eval_split", "max_positions", "size", "batch", "device");
