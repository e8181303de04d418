// The imitation model committed under models/ (trained on the GPU machine,
// docs/RESULTS.md) must load in this build and predict human-level moves on
// the AlphaGo reference games: a GPU-written model file works in the CPU
// build, and the committed artefact stays usable.

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "engine/nn/meta/model_config.h"
#include "engine/nn/network.h"
#include "engine/train/move_prediction.h"
#include "gtest/gtest.h"
#include "imitation/game_filter.h"
#include "imitation/prepare.h"

namespace tengen::imitation {
namespace {

namespace fs = std::filesystem;

fs::path SourceDir() {
  const char* source = std::getenv("TENGEN_SOURCE_DIR");
  return fs::path(source != nullptr ? source : ".");
}

TEST(CommittedModelTest, LoadsWithItsProvenance) {
  const std::string model = (SourceDir() / "models" / "imitation-b6c64.tgm").string();
  absl::StatusOr<nn::Network> net = nn::LoadModel(model);
  ASSERT_TRUE(net.ok()) << net.status();
  const nn::ModelConfig& meta = (*net)->config();
  EXPECT_EQ(meta.arch, "b6c64");
  EXPECT_EQ(meta.board_size, 19);
  EXPECT_EQ(meta.training_steps, 20000);
  EXPECT_EQ(meta.positions_seen, 40960000);
  EXPECT_EQ(meta.unique_games, 154908);
  EXPECT_EQ(meta.data_source, nn::ModelDataSource::kHuman);
}

TEST(CommittedModelTest, PredictsAlphaGoMovesOnTheCpu) {
  const fs::path alphago = SourceDir() / ".." / "shared" / "sgf" / "alphago";
  if (!fs::exists(alphago)) GTEST_SKIP() << "no shared corpus at " << alphago;
  std::map<std::string, int64_t> rejections;
  absl::StatusOr<std::vector<data::RecordedGame>> games =
      ReadSgfGames({alphago.string()}, EvaluationFilter(19), &rejections);
  ASSERT_TRUE(games.ok()) << games.status();
  train::MovePredictionOptions options;
  options.device = "cpu";
  options.threads = 2;
  options.max_positions = 2048;
  absl::StatusOr<train::MovePredictionStats> stats = train::EvaluateModelOnGames(
      (SourceDir() / "models" / "imitation-b6c64.tgm").string(), *games, options);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->positions, 2048);
  // Measured with `tengen eval moves ... --max_positions 2048 --device cpu`:
  // top-1 50.78%, top-5 83.20% (the GPU build's bf16 evaluation of all
  // 51,598 positions: 43.4%; these are the games' openings). A uniform
  // policy would score 0.3%.
  EXPECT_NEAR(stats->top1, 0.5078, 0.01);
  EXPECT_NEAR(stats->top5, 0.8320, 0.01);
  EXPECT_LT(stats->value_mse, 0.9);
}

}  // namespace
}  // namespace tengen::imitation
