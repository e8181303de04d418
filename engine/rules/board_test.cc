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

// Play checks no rules, but it must never put a stone on a stone: that took
// the empty list's entry at index -1 (a write outside the array, reached
// from the search's short base game after set-up stones) and left the list
// one entry short of the empty points. It stops before placing the stone.
TEST(BoardDeathTest, PlayOnAnOccupiedOrOffBoardPointStopsBeforeWriting) {
  Board b(9);
  const Point e5 = MakePoint(4, 4);
  b.Play(e5, Color::kBlack);
  EXPECT_DEATH(b.Play(e5, Color::kWhite), "occupied or off the board");
  EXPECT_DEATH(b.Play(e5, Color::kBlack), "occupied or off the board");
  BoardUndo undo;
  EXPECT_DEATH(b.Play(e5, Color::kWhite, &undo), "occupied or off the board");
  EXPECT_DEATH(b.Play(MakePoint(9, 0), Color::kWhite), "occupied or off the board");  // padding
  // The board is untouched by the attempts (they died in child processes)
  // and still plays on.
  EXPECT_EQ(b.num_empty(), 80);
  EXPECT_EQ(b.Play(MakePoint(4, 5), Color::kWhite), 0);
  EXPECT_EQ(b.num_empty(), 79);
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

// Everything a Board's users can observe, the empty-point list in order.
void ExpectSameBoard(const Board& a, const Board& b) {
  ASSERT_EQ(a.size(), b.size());
  ASSERT_EQ(a.colors(), b.colors()) << a.ToString() << b.ToString();
  ASSERT_EQ(a.hash(), b.hash());
  ASSERT_EQ(a.ko_point(), b.ko_point());
  ASSERT_EQ(a.captures(Color::kBlack), b.captures(Color::kBlack));
  ASSERT_EQ(a.captures(Color::kWhite), b.captures(Color::kWhite));
  ASSERT_EQ(a.num_empty(), b.num_empty());
  for (int i = 0; i < a.num_empty(); ++i) ASSERT_EQ(a.empty_point(i), b.empty_point(i));
  for (Point p = 0; p < kNumPoints; ++p) {
    if (a.at(p) != Color::kBlack && a.at(p) != Color::kWhite) continue;
    ASSERT_EQ(a.StringHead(p), b.StringHead(p));
    ASSERT_EQ(a.NextInString(p), b.NextInString(p));
    ASSERT_EQ(a.Liberties(p), b.Liberties(p));
    ASSERT_EQ(a.StringSize(p), b.StringSize(p));
  }
}

// Random games (suicide allowed in half of them, some passes); from many of
// their positions a short recorded line is played, checked against plain
// play move by move, and taken back move by move.
TEST(BoardTest, UndoRestoresEveryPositionOfRecordedLines) {
  std::mt19937 rng(11);
  int lines = 0, captures = 0, suicides = 0;
  for (int size : {2, 5, 9, 13, 19}) {
    for (int game = 0; game < 12; ++game) {
      const bool allow_suicide = game % 2 == 1;
      auto random_move = [&](const Board& b, Color c) {
        std::vector<Point> legal;
        for (int i = 0; i < b.num_empty(); ++i) {
          const Point p = b.empty_point(i);
          if (b.IsLegal(p, c, allow_suicide) && !b.IsSimpleEye(p, c)) legal.push_back(p);
        }
        if (legal.empty() || rng() % 40 == 0) return kPass;
        return legal[rng() % legal.size()];
      };
      Board board(size);
      Color to_play = Color::kBlack;
      BoardUndo undo;
      for (int move = 0; move < size * size * 2; ++move) {
        if (move % 3 == 0) {
          undo.Clear();
          Board plain = board;
          std::vector<Board> before;
          Color c = to_play;
          const int length = 1 + static_cast<int>(rng() % 8);
          for (int i = 0; i < length; ++i) {
            before.push_back(board);
            const Point p = random_move(board, c);
            const int plain_captured = plain.Play(p, c);
            ASSERT_EQ(board.Play(p, c, &undo), plain_captured);
            captures += plain_captured > 0;
            suicides += plain_captured < 0;
            ExpectSameBoard(board, plain);
            c = Opponent(c);
          }
          ASSERT_EQ(undo.moves(), length);
          for (int i = length - 1; i >= 0; --i) {
            board.Undo(&undo);
            ExpectSameBoard(board, before[i]);
          }
          ASSERT_EQ(undo.moves(), 0);
          ++lines;
        }
        board.Play(random_move(board, to_play), to_play);
        to_play = Opponent(to_play);
      }
    }
  }
  // The lines must have exercised what Undo has to take back.
  EXPECT_GT(lines, 1000);
  EXPECT_GT(captures, 100);
  EXPECT_GT(suicides, 5);
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
