#include "selfplay/training_window.h"

#include <cmath>

#include "gtest/gtest.h"

namespace tengen::selfplay {
namespace {

TEST(TrainingWindowTest, EverythingUntilTheMinimumThenAPowerLaw) {
  EXPECT_EQ(WindowPositions(1000, 250000, 0.4, 0.65), 1000);
  EXPECT_EQ(WindowPositions(250000, 250000, 0.4, 0.65), 250000);
  // Slope `expand` just past the minimum.
  EXPECT_NEAR(WindowPositions(260000, 250000, 0.4, 0.65), 254000, 50);
  // KataGo's formula at 10M rows: 250k + 0.4 (10M^0.65 - 250k^0.65) / (0.65 * 250k^-0.35).
  const double expected =
      250000 + 0.4 * (std::pow(1e7, 0.65) - std::pow(250000.0, 0.65)) / (0.65 * std::pow(250000.0, -0.35));
  EXPECT_NEAR(static_cast<double>(WindowPositions(10000000, 250000, 0.4, 0.65)), expected, 1.0);
  // It keeps growing, but ever more slowly than the data.
  EXPECT_LT(WindowPositions(10000000, 250000, 0.4, 0.65), 10000000 / 4);
  EXPECT_GT(WindowPositions(20000000, 250000, 0.4, 0.65), WindowPositions(10000000, 250000, 0.4, 0.65));
}

TEST(TrainingWindowTest, NewestShardsCoverTheWindow) {
  const std::vector<ShardCount> shards = {{"a", 1, 100}, {"b", 1, 100}, {"c", 1, 100}, {"d", 1, 100}};
  std::vector<ShardCount> w = NewestShards(shards, 150);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].name, "c");
  EXPECT_EQ(w[1].name, "d");
  EXPECT_EQ(NewestShards(shards, 1000).size(), 4u);
  EXPECT_EQ(NewestShards(shards, 100).size(), 1u);
}

}  // namespace
}  // namespace tengen::selfplay
