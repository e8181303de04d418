// `tengen imitate prepare` (human SGF -> GameRecord shards) and
// `tengen imitate train` (the shared trainer on those shards).

#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/data/game_hash.h"
#include "engine/train/train_flags.h"
#include "engine/train/trainer.h"
#include "imitation/prepare.h"

ABSL_FLAG(std::vector<std::string>, sgf, {},
          "SGF files, collections, folders or .zip/.tar.gz archives (comma-separated; more "
          "paths may follow as arguments).");
ABSL_FLAG(std::string, before_date, "2014-01-01",
          "Keep only games played before this date (YYYY-MM-DD); empty keeps every date.");
ABSL_FLAG(bool, allow_undated, false, "Keep games without a readable date.");
ABSL_FLAG(bool, allow_handicap, false, "Keep handicap games (HA >= 2 or setup stones).");
ABSL_FLAG(std::string, min_rank, "", "Minimum rank of both players, e.g. 7d or 1p (empty: none).");
ABSL_FLAG(bool, require_result, true, "Keep only games with a recorded result.");
ABSL_FLAG(int, min_moves, 30, "Minimum number of moves (after any cut).");
ABSL_FLAG(std::string, illegal_moves, "drop",
          "Games with an illegal move: drop them, or cut them before the move.");
ABSL_FLAG(std::string, split, "98/1/1", "train/validation/test weights.");
ABSL_FLAG(int, games_per_shard, 4096, "Games per shard file.");
ABSL_FLAG(bool, overwrite, false, "Replace the shards and manifest already in --out.");

namespace {

std::vector<std::string> SgfInputs(const std::vector<std::string>& positional) {
  std::vector<std::string> inputs = absl::GetFlag(FLAGS_sgf);
  inputs.insert(inputs.end(), positional.begin(), positional.end());
  return inputs;
}

int RunPrepare(const std::vector<std::string>& positional) {
  tengen::imitation::PrepareOptions options;
  options.inputs = SgfInputs(positional);
  options.out_dir = absl::GetFlag(FLAGS_out);
  options.filter.before_date = absl::GetFlag(FLAGS_before_date);
  options.filter.allow_undated = absl::GetFlag(FLAGS_allow_undated);
  options.filter.board_size = absl::GetFlag(FLAGS_size);
  options.filter.allow_handicap = absl::GetFlag(FLAGS_allow_handicap);
  options.filter.min_rank = absl::GetFlag(FLAGS_min_rank);
  options.filter.require_result = absl::GetFlag(FLAGS_require_result);
  options.filter.min_moves = absl::GetFlag(FLAGS_min_moves);
  const std::string illegal = absl::GetFlag(FLAGS_illegal_moves);
  if (illegal == "cut") {
    options.filter.illegal_moves = tengen::imitation::IllegalMovePolicy::kCut;
  } else if (illegal != "drop") {
    std::fprintf(stderr, "tengen imitate prepare: --illegal_moves must be drop or cut\n");
    return 2;
  }
  absl::StatusOr<tengen::data::SplitSpec> split =
      tengen::data::ParseSplitSpec(absl::GetFlag(FLAGS_split));
  if (!split.ok()) {
    std::fprintf(stderr, "tengen imitate prepare: %s\n", std::string(split.status().message()).c_str());
    return 2;
  }
  options.split = *split;
  options.games_per_shard = absl::GetFlag(FLAGS_games_per_shard);
  options.threads = tengen::train::ThreadsFlagOrAllCores();
  options.overwrite = absl::GetFlag(FLAGS_overwrite);
  absl::StatusOr<tengen::imitation::PrepareSummary> summary =
      tengen::imitation::PrepareShards(options);
  if (!summary.ok()) {
    std::fprintf(stderr, "tengen imitate prepare: %s\n",
                 std::string(summary.status().message()).c_str());
    return 1;
  }
  std::printf("%s", tengen::imitation::FormatPrepareSummary(*summary).c_str());
  std::printf("wrote %s/manifest.pbtxt\n", options.out_dir.c_str());
  return 0;
}

int RunTrain(const std::vector<std::string>& positional) {
  if (!positional.empty()) {
    std::fprintf(stderr, "tengen imitate train: unexpected argument '%s'\n", positional[0].c_str());
    return 2;
  }
  absl::StatusOr<tengen::train::TrainOptions> options = tengen::train::TrainOptionsFromFlags();
  if (!options.ok()) {
    std::fprintf(stderr, "tengen imitate train: %s\n", std::string(options.status().message()).c_str());
    return 2;
  }
  options->out_dir = absl::GetFlag(FLAGS_out);
  options->arch = absl::GetFlag(FLAGS_arch);
  options->board_size = absl::GetFlag(FLAGS_size);
  options->device = absl::GetFlag(FLAGS_device);
  options->batch = absl::GetFlag(FLAGS_batch);
  options->seed = absl::GetFlag(FLAGS_seed);
  options->threads = tengen::train::ThreadsFlagOrAllCores();
  absl::StatusOr<tengen::train::TrainResult> result = tengen::train::RunTraining(*options);
  if (!result.ok()) {
    std::fprintf(stderr, "tengen imitate train: %s\n", std::string(result.status().message()).c_str());
    return 1;
  }
  if (result->stopped_early) {
    std::printf("stopped_early=1 steps=%lld positions=%lld samples_per_second=%.1f\n",
                static_cast<long long>(result->steps),
                static_cast<long long>(result->positions_seen), result->samples_per_second);
    return 0;
  }
  std::printf("steps=%lld positions=%lld epochs=%.3f unique_games=%lld flops=%.4g "
              "samples_per_second=%.1f model=%s\n",
              static_cast<long long>(result->steps), static_cast<long long>(result->positions_seen),
              result->epochs, static_cast<long long>(result->unique_games), result->training_flops,
              result->samples_per_second, result->model_path.c_str());
  if (result->validation.positions > 0) {
    std::printf("validation %s\n", result->validation.ToString().c_str());
  }
  return 0;
}

}  // namespace

TENGEN_REGISTER_COMMAND(imitate_prepare, "imitate prepare",
                        "human SGF collections -> filtered, split GameRecord shards (--sgf, --out)",
                        RunPrepare,
                        "sgf", "out", "size", "split", "games_per_shard", "min_moves", "min_rank",
                        "before_date", "allow_handicap", "allow_undated", "require_result", "illegal_moves",
                        "overwrite");
TENGEN_REGISTER_COMMAND(imitate_train, "imitate train",
                        "train a network on GameRecord shards (--data, --out, --arch)", RunTrain,
                        "out", "arch", "size", "batch", "device", "seed", "file:train_flags.cc");
