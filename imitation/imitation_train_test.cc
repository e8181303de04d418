// End to end on real human games: prepare two months of the Tom collection,
// train a tiny network on the CPU, and check that it predicts the human
// moves of unseen games far better than the uniform policy and than always
// playing the most common move.

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "engine/data/manifest.h"
#include "engine/data/test_util.h"
#include "engine/train/move_prediction.h"
#include "engine/train/trainer.h"
#include "gtest/gtest.h"
#include "imitation/prepare.h"

namespace tengen::imitation {
namespace {

namespace fs = std::filesystem;

TEST(ImitationTrainingTest, TinyNetworkBeatsTheBaselinesOnUnseenTomGames) {
  const char* source = std::getenv("TENGEN_SOURCE_DIR");
  const std::string tom =
      (fs::path(source != nullptr ? source : ".") / ".." / "shared" / "sgf" / "tom-9d").string();
  if (!fs::exists(tom + "/2005-01.sgf")) GTEST_SKIP() << "no shared corpus at " << tom;

  PrepareOptions prepare;
  prepare.inputs = {tom + "/2005-01.sgf", tom + "/2005-02.sgf"};
  prepare.out_dir = data::testing::MakeTempDir("shards");
  prepare.split = *data::ParseSplitSpec("90/10/0");
  prepare.progress = false;
  prepare.threads = 2;
  ASSERT_TRUE(PrepareShards(prepare).ok());

  train::TrainOptions o;
  o.data_dir = prepare.out_dir;
  o.out_dir = data::testing::MakeTempDir("model");
  o.arch = "b1c16";
  o.device = "cpu";
  o.threads = 1;
  o.loader_threads = 1;
  o.batch = 32;
  o.max_steps = 300;  // 9,600 positions, about 10 s on one core
  o.lr = 3e-3;
  o.checkpoint_every = 0;
  o.eval_every = 0;
  o.log_every = 50;
  o.shuffle_buffer = 1 << 15;
  o.validation_positions = 2000;
  o.verbose = false;
  absl::StatusOr<train::TrainResult> result = train::RunTraining(o);
  ASSERT_TRUE(result.ok()) << result.status();
  const train::MovePredictionStats& val = result->validation;
  ASSERT_EQ(val.positions, 2000);

  absl::StatusOr<std::vector<std::string>> train_shards =
      data::SplitShardPaths(prepare.out_dir, "train");
  absl::StatusOr<std::vector<std::string>> val_shards =
      data::SplitShardPaths(prepare.out_dir, "validation");
  ASSERT_TRUE(train_shards.ok() && val_shards.ok());
  absl::StatusOr<std::vector<train::PositionRef>> train_sample =
      train::FixedPositionSample(*train_shards, 0, 1);
  absl::StatusOr<std::vector<train::PositionRef>> val_sample =
      train::FixedPositionSample(*val_shards, 2000, train::kValidationSampleSeed);
  ASSERT_TRUE(train_sample.ok() && val_sample.ok());
  const train::MoveBaselines baselines =
      train::ComputeMoveBaselines(*train_sample, *val_sample, 19);
  std::fprintf(stderr,
               "validation top1 %.4f top5 %.4f policy_ce %.3f value_mse %.3f; baselines: uniform "
               "%.4f, most common move (%d) %.4f\n",
               val.top1, val.top5, val.policy_cross_entropy, val.value_mse, baselines.uniform_top1,
               baselines.most_common_move, baselines.most_common_top1);
  // Measured (b1c16, 300 steps of 32, seed 1): top1 0.179, top5 0.466, policy
  // cross-entropy 3.75; uniform 0.0028, most common move (dp) 0.0020.
  EXPECT_LT(baselines.uniform_top1, 0.003);
  EXPECT_LT(baselines.most_common_top1, 0.02);
  EXPECT_GT(val.top1, 0.12);
  EXPECT_GT(val.top1, baselines.most_common_top1 + 0.1);
  EXPECT_GT(val.top5, 0.35);
  EXPECT_LT(val.policy_cross_entropy, 4.2);  // uniform is ln(362) = 5.89
}

}  // namespace
}  // namespace tengen::imitation
