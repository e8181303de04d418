#include "selfplay/resign_calibration.h"

#include "gtest/gtest.h"

namespace tengen::selfplay {
namespace {

data::RecordedGame NoResignGame(float winner, int would_resign_player, float winner_min_value) {
  data::RecordedGame g;
  g.resign_disabled = true;
  g.winner = winner;
  g.would_resign_move = would_resign_player != 0 ? 30 : 0;
  g.would_resign_player = would_resign_player;
  g.winner_min_value = winner_min_value;
  return g;
}

TEST(ResignCalibrationTest, AFalseResignationIsTheWouldBeResignerWinning) {
  EXPECT_TRUE(IsFalseResignation(NoResignGame(+1, 1, -0.95f)));  // black would resign, black won
  EXPECT_FALSE(IsFalseResignation(NoResignGame(-1, 1, -0.2f)));  // black would resign, white won
  EXPECT_FALSE(IsFalseResignation(NoResignGame(+1, 0, -0.1f)));  // nobody would resign
}

TEST(ResignCalibrationTest, MeasuresTheRate) {
  ResignCalibrator c(-0.9f, 0.0f, 100);
  c.AddNoResignGame(NoResignGame(+1, 1, -0.95f));
  c.AddNoResignGame(NoResignGame(-1, 1, -0.2f));
  c.AddNoResignGame(NoResignGame(+1, 0, -0.1f));
  c.AddNoResignGame(NoResignGame(-1, 0, -0.3f));
  EXPECT_EQ(c.no_resign_games(), 4);
  EXPECT_EQ(c.false_resignations(), 1);
  EXPECT_DOUBLE_EQ(c.false_resign_rate(), 0.25);
  EXPECT_FLOAT_EQ(c.threshold(), -0.9f);  // measuring only
}

TEST(ResignCalibrationTest, RecalibratesToTheTargetQuantileOfWinnersLowestValues) {
  ResignCalibrator c(-0.9f, 0.05f, 100);
  // Winners' lowest values spread evenly over [-0.995, -0.5): 5% of them dip below about -0.97.
  for (int i = 0; i < 100; ++i) c.AddNoResignGame(NoResignGame(+1, 0, -0.995f + 0.005f * i));
  EXPECT_NEAR(c.threshold(), -0.97f, 0.006f);
  int would_resign_falsely = 0;
  for (int i = 0; i < 100; ++i) would_resign_falsely += (-0.995f + 0.005f * i) < c.threshold() ? 1 : 0;
  EXPECT_EQ(would_resign_falsely, 5);
  // Never above kMaxThreshold, however confident the young network is.
  ResignCalibrator young(-0.9f, 0.05f, 10);
  for (int i = 0; i < 10; ++i) young.AddNoResignGame(NoResignGame(-1, 0, 0.1f));
  EXPECT_FLOAT_EQ(young.threshold(), ResignCalibrator::kMaxThreshold);
}

}  // namespace
}  // namespace tengen::selfplay
