#include "engine/train/lr_schedule.h"

#include "gtest/gtest.h"

namespace tengen::train {
namespace {

TEST(LrScheduleTest, WarmupThenCosineToFinalFraction) {
  LrSchedule s;
  s.base_lr = 0.1;
  s.warmup_steps = 10;
  s.total_steps = 110;
  s.final_fraction = 0.1;
  EXPECT_DOUBLE_EQ(s.At(0), 0.01);
  EXPECT_DOUBLE_EQ(s.At(4), 0.05);
  EXPECT_DOUBLE_EQ(s.At(9), 0.1);
  EXPECT_DOUBLE_EQ(s.At(10), 0.1);
  EXPECT_NEAR(s.At(60), 0.1 * (0.1 + 0.9 * 0.5), 1e-12);
  EXPECT_NEAR(s.At(110), 0.01, 1e-12);
  EXPECT_NEAR(s.At(500), 0.01, 1e-12);
  for (int64_t i = 11; i < 110; ++i) EXPECT_LE(s.At(i), s.At(i - 1));
}

TEST(LrScheduleTest, StepDecay) {
  LrSchedule s;
  s.base_lr = 1.0;
  s.decay = LrDecay::kStep;
  s.total_steps = 300;
  s.decay_every = 100;
  s.gamma = 0.5;
  EXPECT_DOUBLE_EQ(s.At(0), 1.0);
  EXPECT_DOUBLE_EQ(s.At(99), 1.0);
  EXPECT_DOUBLE_EQ(s.At(100), 0.5);
  EXPECT_DOUBLE_EQ(s.At(250), 0.25);
}

TEST(LrScheduleTest, ParsesNames) {
  EXPECT_EQ(*ParseLrDecay("cosine"), LrDecay::kCosine);
  EXPECT_EQ(*ParseLrDecay("step"), LrDecay::kStep);
  EXPECT_EQ(LrDecayName(*ParseLrDecay("constant")), "constant");
  EXPECT_FALSE(ParseLrDecay("linear").ok());
}

}  // namespace
}  // namespace tengen::train
