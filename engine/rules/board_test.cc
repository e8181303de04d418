#include "engine/rules/board.h"

#include <random>

#include "gtest/gtest.h"

namespace tengen {
namespace {

// Recounts liberties from scratch, the oracle for the incremental counts.
int SlowLiberties(const Board& board, Point start) {
  const Color c = board.at(start);
  std::vector<bool> seen(kNumPoints), lib(kNumPoints);
  std::vector<Point> stack{start};
  seen[start] = true;
  int libs = 0;
  while (!stack.empty()) {
    Point p = stack.back();
    stack.pop_back();
    for (int d : Board::kNeighbourOffsets) {
      Point n = static_cast<Point>(p + d);
      if (board.at(n) == c && !seen[n]) {
        seen[n] = true;
        stack.push_back(n);
      } else if (board.at(n) == Color::kEmpty && !lib[n]) {
        lib[n] = true;
        ++libs;
      }
    }
  }
  return libs;
}

TEST(BoardTest, RejectsBadSizes) {
  EXPECT_FALSE(ValidateBoardSize(1).ok());
  EXPECT_FALSE(ValidateBoardSize(20).ok());
  EXPECT_TRUE(ValidateBoardSize(2).ok());
  EXPECT_TRUE(ValidateBoardSize(19).ok());
}

TEST(BoardTest, CornerCapture) {
  Board b(9);
  b.Play(MakePoint(0, 0), Color::kWhite);
  b.Play(MakePoint(1, 0), Color::kBlack);
  EXPECT_EQ(b.Liberties(MakePoint(0, 0)), 1);
  EXPECT_EQ(b.Play(MakePoint(0, 1), Color::kBlack), 1);
  EXPECT_EQ(b.at(MakePoint(0, 0)), Color::kEmpty);
  EXPECT_EQ(b.captures(Color::kBlack), 1);
}

TEST(BoardTest, IncrementalLibertiesMatchRecountInRandomGames) {
  std::mt19937 rng(7);
  for (int size : {5, 9, 19}) {
    for (int game = 0; game < 20; ++game) {
      Board b(size);
      Color c = Color::kBlack;
      for (int move = 0; move < size * size * 3; ++move) {
        std::vector<Point> legal;
        for (int i = 0; i < b.num_empty(); ++i) {
          Point p = b.empty_point(i);
          if (b.IsLegal(p, c) && !b.IsSimpleEye(p, c)) legal.push_back(p);
        }
        if (legal.empty()) break;
        b.Play(legal[rng() % legal.size()], c);
        c = Opponent(c);
        for (int y = 0; y < size; ++y) {
          for (int x = 0; x < size; ++x) {
            Point p = MakePoint(x, y);
            if (b.at(p) == Color::kEmpty) continue;
            ASSERT_EQ(b.Liberties(p), SlowLiberties(b, p)) << b.ToString();
          }
        }
        int empties = 0;
        for (int y = 0; y < size; ++y)
          for (int x = 0; x < size; ++x) empties += b.at(MakePoint(x, y)) == Color::kEmpty;
        ASSERT_EQ(empties, b.num_empty());
      }
    }
  }
}

TEST(BoardTest, HashDependsOnlyOnStones) {
  Board a(9), b(9);
  a.Play(MakePoint(2, 2), Color::kBlack);
  a.Play(MakePoint(3, 3), Color::kWhite);
  b.Play(MakePoint(3, 3), Color::kWhite);
  b.Play(MakePoint(2, 2), Color::kBlack);
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_NE(a.hash(), Board(9).hash());
}

TEST(BoardTest, KoPointSetOnlyForSingleStoneRecapture) {
  Board b(9);
  // . X O .
  // X O . O
  // . X O .
  b.Play(MakePoint(1, 0), Color::kBlack);
  b.Play(MakePoint(0, 1), Color::kBlack);
  b.Play(MakePoint(1, 2), Color::kBlack);
  b.Play(MakePoint(2, 0), Color::kWhite);
  b.Play(MakePoint(3, 1), Color::kWhite);
  b.Play(MakePoint(2, 2), Color::kWhite);
  b.Play(MakePoint(1, 1), Color::kWhite);
  EXPECT_EQ(b.Play(MakePoint(2, 1), Color::kBlack), 1);
  EXPECT_EQ(b.ko_point(), MakePoint(1, 1));
  EXPECT_FALSE(b.IsLegal(MakePoint(1, 1), Color::kWhite));
}

}  // namespace
}  // namespace tengen
