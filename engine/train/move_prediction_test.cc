#include "engine/train/move_prediction.h"

#include <cmath>

#include "engine/nn/meta/model_config.h"
#include "engine/nn/network_api.h"
#include "engine/train/train_bench.h"
#include "engine/train/train_test_util.h"
#include "gtest/gtest.h"

namespace tengen::train {
namespace {

class MovePredictionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = data::testing::MakeTempDir("data");
    data::ManifestData manifest;
    games_ = testing::LineGames(0, 6);
    testing::WriteSplit(dir_, "test", games_, 4, &manifest);
    for (const auto& g : games_) positions_ += g.num_positions();
    model_ = dir_ + "/random.tgm";
    absl::StatusOr<nn::ModelConfig> config = nn::ModelConfigForArch("b1c8", 19);
    ASSERT_TRUE(config.ok());
    ASSERT_TRUE(nn::WriteRandomModelFile(*config, 3, model_).ok());
    options_.device = "cpu";
    options_.threads = 1;
    options_.batch = 50;
  }
  std::string dir_, model_;
  std::vector<data::RecordedGame> games_;
  int64_t positions_ = 0;
  MovePredictionOptions options_;
};

TEST_F(MovePredictionTest, CoversEveryPositionOfShardsAndGames) {
  absl::StatusOr<MovePredictionStats> shards =
      EvaluateModelOnShards(model_, testing::ShardPaths(dir_, "test"), options_);
  ASSERT_TRUE(shards.ok()) << shards.status();
  EXPECT_EQ(shards->positions, positions_);
  EXPECT_GE(shards->top5, shards->top1);
  EXPECT_LE(shards->top5, 1.0);
  // A random network is close to uniform over 362 moves.
  EXPECT_NEAR(shards->policy_cross_entropy, std::log(362.0), 1.0);
  EXPECT_GT(shards->value_mse, 0.0);
  EXPECT_LE(shards->value_mse, 4.0);
  absl::StatusOr<MovePredictionStats> games = EvaluateModelOnGames(model_, games_, options_);
  ASSERT_TRUE(games.ok()) << games.status();
  EXPECT_EQ(games->positions, positions_);
  EXPECT_NEAR(games->top1, shards->top1, 1e-12);  // same positions, any batching
  EXPECT_NEAR(games->policy_cross_entropy, shards->policy_cross_entropy, 1e-4);
  EXPECT_NE(shards->ToString().find("positions="), std::string::npos);
  options_.max_positions = 17;
  absl::StatusOr<MovePredictionStats> capped = EvaluateModelOnGames(model_, games_, options_);
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(capped->positions, 17);
}

TEST_F(MovePredictionTest, MissingModelIsAnError) {
  EXPECT_FALSE(EvaluateModelOnGames(dir_ + "/none.tgm", games_, options_).ok());
}

TEST(MoveBaselinesTest, CountsTheMostCommonMove) {
  auto game = [](std::vector<int32_t> moves) {
    data::RecordedGame g;
    g.moves = std::move(moves);
    return std::make_shared<const data::RecordedGame>(g);
  };
  auto a = game({60, 72, 60, 5});
  auto b = game({60, 1, 2, 3});
  std::vector<PositionRef> train, eval;
  for (int i = 0; i < 4; ++i) train.push_back({a, i, 0});
  for (int i = 0; i < 4; ++i) eval.push_back({b, i, 0});
  MoveBaselines baselines = ComputeMoveBaselines(train, eval, 19);
  EXPECT_EQ(baselines.most_common_move, 60);
  EXPECT_DOUBLE_EQ(baselines.most_common_top1, 0.25);
  EXPECT_DOUBLE_EQ(baselines.uniform_top1, 1.0 / 362);
}

TEST(TrainBenchTest, MeasuresSyntheticAndRealBatches) {
  TrainBenchOptions options;
  options.arch = "b1c8";
  options.batch = 8;
  options.device = "cpu";
  options.threads = 1;
  options.seconds = 0.05;
  absl::StatusOr<TrainBenchResult> synthetic = BenchmarkTraining(options);
  ASSERT_TRUE(synthetic.ok()) << synthetic.status();
  EXPECT_GE(synthetic->steps, 2);
  EXPECT_GT(synthetic->samples_per_second, 0);
  EXPECT_NE(synthetic->ToString(options).find("samples_per_second="), std::string::npos);
  const std::string dir = data::testing::MakeTempDir("data");
  data::ManifestData manifest;
  testing::WriteSplit(dir, "train", testing::LineGames(0, 20), 10, &manifest);
  options.data_dir = dir;
  absl::StatusOr<TrainBenchResult> real = BenchmarkTraining(options);
  ASSERT_TRUE(real.ok()) << real.status();
  EXPECT_GT(real->samples_per_second, 0);
  options.arch = "nonsense";
  EXPECT_FALSE(BenchmarkTraining(options).ok());
}

}  // namespace
}  // namespace tengen::train
