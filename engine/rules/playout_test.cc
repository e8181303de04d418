#include "engine/rules/playout.h"

#include <random>

#include "gtest/gtest.h"
#include "engine/rules/rules_test_util.h"

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

TEST(PlayoutTest, SelfAtari) {
  using testing::V;
  const Board board = testing::BoardFromDiagram({
      ". O X . .",  // 5
      "O X X . .",  // 4
      ". O O X .",  // 3
      "X . . . .",  // 2
      ". X . . .",  // 1
  });
  // Black A5 captures B5 (in atari): never a self-atari.
  EXPECT_FALSE(IsSelfAtari(board, V("A5", 5), Color::kBlack));
  // White A5 joins B5 and A4 into a three-stone string with A3 only.
  EXPECT_TRUE(IsSelfAtari(board, V("A5", 5), Color::kWhite));
  EXPECT_TRUE(IsSelfAtari(board, V("A5", 5), Color::kWhite, 3));
  EXPECT_FALSE(IsSelfAtari(board, V("A5", 5), Color::kWhite, 4));
  // Black D5 joins C5-C4-B4 (liberties D5, D4): D4 and E5 remain.
  EXPECT_FALSE(IsSelfAtari(board, V("D5", 5), Color::kBlack));
  // White B2 joins B3-C3, which has three liberties.
  EXPECT_FALSE(IsSelfAtari(board, V("B2", 5), Color::kWhite));
  // Black A3 joins A2 (liberties A3, B2, A1): B2 and A1 remain; A4 is
  // not captured (A5 is its other liberty).
  EXPECT_FALSE(IsSelfAtari(board, V("A3", 5), Color::kBlack));
  // White A1 between black A2 and B1: no liberty at all.
  EXPECT_TRUE(IsSelfAtari(board, V("A1", 5), Color::kWhite));
}

TEST(PlayoutTest, ScoringPlayoutFinishesAndRepeatsForASeed) {
  for (int size : {9, 19}) {
    for (uint64_t seed = 1; seed <= 10; ++seed) {
      Board a(size);
      Board b(size);
      const PlayoutResult ra = ScoringPlayout(a, Color::kBlack, seed);
      const PlayoutResult rb = ScoringPlayout(b, Color::kBlack, seed);
      ASSERT_TRUE(ra.finished) << a.ToString();
      EXPECT_EQ(ra.moves, rb.moves);
      EXPECT_EQ(a.hash(), b.hash());
    }
  }
  Board capped(19);
  EXPECT_EQ(ScoringPlayout(capped, Color::kWhite, 3, 10).moves, 10);
}

TEST(PlayoutTest, ScoringPlayoutsLeaveASekiAlone) {
  // Black A9-A8-A7-B7 and White C9-C8-C7 share B9 and B8 and nothing else:
  // filling either is a self-atari of a big string, which these playouts
  // never play. Uniform random playouts kill one side about half the time.
  // Everything else is settled: Black's wall has two eyes (G8, G2), White's
  // group two (A4, B2).
  const std::vector<std::string> seki = {
      "X . O X X X X X X",  // 9
      "X . O X X X . X X",  // 8
      "X X O X X X X X X",  // 7
      "O O X X X X X X X",  // 6
      "O O O X X X X X X",  // 5
      ". O O X X X X X X",  // 4
      "O O O X X X X X X",  // 3
      "O . O X X X . X X",  // 2
      "O O O X X X X X X",  // 1
  };
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    Board board = testing::BoardFromDiagram(seki);
    ScoringPlayout(board, seed % 2 == 0 ? Color::kBlack : Color::kWhite, seed);
    EXPECT_EQ(board.at(testing::V("A9", 9)), Color::kBlack) << board.ToString();
    EXPECT_EQ(board.at(testing::V("C9", 9)), Color::kWhite) << board.ToString();
    EXPECT_EQ(board.at(testing::V("B9", 9)), Color::kEmpty) << board.ToString();
  }
}

}  // namespace
}  // namespace tengen
