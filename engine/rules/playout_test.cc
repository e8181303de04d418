#include "engine/rules/playout.h"

#include <random>

#include "gtest/gtest.h"

namespace tengen {
namespace {

TEST(PlayoutTest, FinishesWithOnlyEyesLeft) {
  std::mt19937_64 rng(11);
  for (int size : {5, 9, 19}) {
    for (int i = 0; i < 20; ++i) {
      Board board(size);
      PlayoutResult r = RandomPlayout(board, Color::kBlack, rng);
      ASSERT_TRUE(r.finished) << board.ToString();
      // At the end neither side has a legal non-eye move.
      for (int k = 0; k < board.num_empty(); ++k) {
        const Point p = board.empty_point(k);
        for (Color c : {Color::kBlack, Color::kWhite}) {
          EXPECT_TRUE(!board.IsLegal(p, c) || board.IsSimpleEye(p, c)) << board.ToString();
        }
      }
      EXPECT_GT(r.moves, size * size / 2);
    }
  }
}

TEST(PlayoutTest, RespectsMoveCap) {
  std::mt19937_64 rng(1);
  Board board(19);
  PlayoutResult r = RandomPlayout(board, Color::kBlack, rng, 10);
  EXPECT_EQ(r.moves, 10);
  EXPECT_FALSE(r.finished);
}

}  // namespace
}  // namespace tengen
