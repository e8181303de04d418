#include "engine/gtp/time_control.h"

#include "gtest/gtest.h"

namespace tengen::gtp {
namespace {

constexpr Color kB = Color::kBlack;
constexpr Color kW = Color::kWhite;

TEST(TimeControl, UnlimitedByDefaultAndForGtpNoLimitForms) {
  TimeControl tc;
  EXPECT_FALSE(tc.MoveBudget(kB, 19, 0).has_value());
  ASSERT_TRUE(tc.SetGtp(0, 1, 0).ok());  // byo-yomi time without stones: no limit
  EXPECT_FALSE(tc.limited());
  ASSERT_TRUE(tc.SetGtp(0, 0, 0).ok());
  EXPECT_FALSE(tc.limited());
  EXPECT_FALSE(tc.SetGtp(-1, 0, 0).ok());
}

TEST(TimeControl, AbsoluteTimeSpreadsOverTheRemainingMoves) {
  TimeControl tc;
  ASSERT_TRUE(tc.SetGtp(600, 0, 0).ok());
  EXPECT_EQ(tc.settings().kind, TimeSettings::Kind::kAbsolute);
  const absl::Duration early = *tc.MoveBudget(kB, 19, 0);
  EXPECT_GT(early, absl::Seconds(3));
  EXPECT_LT(early, absl::Seconds(6));  // 600 s over ~136 own moves
  // A move must never use what is left.
  ASSERT_TRUE(tc.TimeLeft(kB, 2, 0).ok());
  const absl::Duration late = *tc.MoveBudget(kB, 19, 300);
  EXPECT_LT(late, absl::Seconds(2) / 10);
  ASSERT_TRUE(tc.TimeLeft(kB, 0.2, 0).ok());
  EXPECT_LE(*tc.MoveBudget(kB, 19, 300), absl::Seconds(0.2) / 10);
}

TEST(TimeControl, NeverSpendsTheWholeClockInSuddenDeath) {
  TimeControl tc;
  ASSERT_TRUE(tc.SetGtp(10, 0, 0).ok());
  absl::Duration used;
  // Play a long game on the engine's own clock, spending the full budget.
  for (int move = 0; move < 400; move += 2) {
    const absl::Duration budget = *tc.MoveBudget(kB, 9, move);
    tc.Charge(kB, budget);
    used += budget;
  }
  EXPECT_LT(used, absl::Seconds(10));
  EXPECT_GT(tc.main_left(kB), absl::ZeroDuration());
}

TEST(TimeControl, CanadianByoYomiDividesThePeriodByStones) {
  TimeControl tc;
  ASSERT_TRUE(tc.SetGtp(0, 60, 10).ok());
  EXPECT_TRUE(tc.in_byo_yomi(kB));
  const absl::Duration budget = *tc.MoveBudget(kB, 19, 100);
  EXPECT_GT(budget, absl::Seconds(5));
  EXPECT_LT(budget, absl::Seconds(6));
  // 3 s left for 2 stones: under 1.5 s each.
  ASSERT_TRUE(tc.TimeLeft(kB, 3, 2).ok());
  EXPECT_LT(*tc.MoveBudget(kB, 19, 100), absl::Seconds(1.5));
  EXPECT_GT(*tc.MoveBudget(kB, 19, 100), absl::Seconds(1));
}

TEST(TimeControl, JapaneseByoYomiKeepsAMarginInEachPeriod) {
  TimeControl tc;
  ASSERT_TRUE(tc.SetKgs({"byoyomi", "0", "5", "3"}).ok());
  EXPECT_EQ(tc.settings().kind, TimeSettings::Kind::kJapanese);
  const absl::Duration budget = *tc.MoveBudget(kW, 19, 50);
  EXPECT_LT(budget, absl::Seconds(5));
  EXPECT_GE(budget, absl::Seconds(4));
  // One-second periods still keep a margin of at least 100 ms.
  ASSERT_TRUE(tc.SetKgs({"byoyomi", "0", "1", "5"}).ok());
  EXPECT_LE(*tc.MoveBudget(kW, 19, 50), absl::Milliseconds(900));
}

TEST(TimeControl, MainTimeWithByoYomiAddsThePeriodShareButCapsTheMove) {
  TimeControl tc;
  ASSERT_TRUE(tc.SetKgs({"byoyomi", "60", "10", "5"}).ok());
  const absl::Duration budget = *tc.MoveBudget(kB, 9, 0);
  // 60 s over ~31 own moves plus most of a 10 s period.
  EXPECT_GT(budget, absl::Seconds(9));
  EXPECT_LT(budget, absl::Seconds(13));
  // Almost no main time left: never more than main + period - margin.
  ASSERT_TRUE(tc.TimeLeft(kB, 1, 0).ok());
  EXPECT_LT(*tc.MoveBudget(kB, 9, 0), absl::Seconds(11));
}

TEST(TimeControl, ChargesOwnClockIntoByoYomi) {
  TimeControl tc;
  ASSERT_TRUE(tc.SetKgs({"canadian", "10", "30", "5"}).ok());
  tc.Charge(kB, absl::Seconds(8));
  EXPECT_EQ(tc.main_left(kB), absl::Seconds(2));
  EXPECT_FALSE(tc.in_byo_yomi(kB));
  tc.Charge(kB, absl::Seconds(5));
  EXPECT_TRUE(tc.in_byo_yomi(kB));
  // 27 s left for 4 stones.
  const absl::Duration budget = *tc.MoveBudget(kB, 19, 10);
  EXPECT_LT(budget, absl::Seconds(27) / 4);
  EXPECT_GT(budget, absl::Seconds(6));
  EXPECT_EQ(tc.main_left(kW), absl::Seconds(10));  // the other clock is untouched
}

TEST(TimeControl, KgsSettingsRejectMalformedInput) {
  TimeControl tc;
  EXPECT_FALSE(tc.SetKgs({}).ok());
  EXPECT_FALSE(tc.SetKgs({"fischer", "1", "2"}).ok());
  EXPECT_FALSE(tc.SetKgs({"absolute"}).ok());
  EXPECT_FALSE(tc.SetKgs({"byoyomi", "10", "x", "3"}).ok());
  EXPECT_FALSE(tc.SetKgs({"canadian", "10", "5", "-1"}).ok());
  EXPECT_TRUE(tc.SetKgs({"none"}).ok());
  EXPECT_FALSE(tc.limited());
  EXPECT_TRUE(tc.SetKgs({"absolute", "300"}).ok());
  EXPECT_EQ(tc.settings().kind, TimeSettings::Kind::kAbsolute);
  EXPECT_FALSE(tc.TimeLeft(kB, -1, 0).ok());
}

TEST(ExpectedOwnMovesLeft, ShrinksButKeepsAFloor) {
  EXPECT_GT(ExpectedOwnMovesLeft(19, 0), ExpectedOwnMovesLeft(19, 200));
  EXPECT_EQ(ExpectedOwnMovesLeft(19, 1000), ExpectedOwnMovesLeft(19, 2000));
  EXPECT_GE(ExpectedOwnMovesLeft(9, 500), 6);
}

}  // namespace
}  // namespace tengen::gtp
