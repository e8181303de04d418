#include "engine/features/point_features.h"

#include <random>
#include <string>
#include <vector>

#include "engine/features/compact_position.h"
#include "engine/features/plane_layout.h"
#include "engine/rules/game.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

// Random legal moves on a bare board (suicide allowed when `suicide`); after
// each one the updated bytes equal bytes computed from scratch.
void PlayAndCompare(int size, bool suicide, uint32_t seed, int moves) {
  std::mt19937 rng(seed);
  Board board(size);
  PointFeatures updated;
  updated.Compute(board);
  Color to_play = Color::kBlack;
  int captures_seen = 0;
  for (int i = 0; i < moves; ++i) {
    std::vector<Point> legal;
    for (int y = 0; y < size; ++y) {
      for (int x = 0; x < size; ++x) {
        const Point p = MakePoint(x, y);
        if (board.IsLegal(p, to_play, suicide)) legal.push_back(p);
      }
    }
    const Point p = legal.empty() || rng() % 30 == 0 ? kPass : legal[rng() % legal.size()];
    const int captured = board.Play(p, to_play);
    captures_seen += captured != 0;
    updated.Update(board, p, captured);
    PointFeatures fresh;
    fresh.Compute(board);
    ASSERT_EQ(updated.bytes(), fresh.bytes())
        << "size " << size << " seed " << seed << " move " << i << "\n" << board.ToString();
    to_play = Opponent(to_play);
  }
  EXPECT_GT(captures_seen, 0) << "size " << size << " seed " << seed;  // the capture path ran
}

TEST(PointFeaturesTest, UpdatesMatchARecomputationAfterEveryMove) {
  for (uint32_t seed = 1; seed <= 6; ++seed) {
    PlayAndCompare(5, /*suicide=*/false, seed, 120);
    PlayAndCompare(7, /*suicide=*/seed % 2 == 0, seed, 200);
    PlayAndCompare(9, /*suicide=*/seed % 2 == 1, seed, 250);
  }
  PlayAndCompare(19, /*suicide=*/false, 11, 600);
}

// From positions of random games, short recorded lines (as search plays
// them) are played and taken back; each step's bytes equal a recomputation.
TEST(PointFeaturesTest, UndoTakesRecordedLinesBack) {
  std::mt19937 rng(3);
  int captures = 0, suicides = 0;
  for (int size : {5, 9, 19}) {
    for (int game = 0; game < 6; ++game) {
      const bool suicide = game % 2 == 1;
      Board board(size);
      PointFeatures features;
      features.Compute(board);
      Color to_play = Color::kBlack;
      BoardUndo board_undo;
      FeatureUndo features_undo;
      auto random_move = [&](Color c) {
        std::vector<Point> legal;
        for (int i = 0; i < board.num_empty(); ++i) {
          const Point p = board.empty_point(i);
          if (board.IsLegal(p, c, suicide) && !board.IsSimpleEye(p, c)) legal.push_back(p);
        }
        return legal.empty() || rng() % 30 == 0 ? kPass : legal[rng() % legal.size()];
      };
      for (int move = 0; move < size * size; ++move) {
        std::vector<std::array<uint8_t, kNumPoints>> before;
        Color c = to_play;
        const int length = 1 + static_cast<int>(rng() % 6);
        for (int i = 0; i < length; ++i) {
          before.push_back(features.bytes());
          const Point p = random_move(c);
          const int captured = board.Play(p, c, &board_undo);
          captures += captured > 0;
          suicides += captured < 0;
          features.Update(board, p, captured, &features_undo);
          PointFeatures fresh;
          fresh.Compute(board);
          ASSERT_EQ(features.bytes(), fresh.bytes()) << board.ToString();
          c = Opponent(c);
        }
        ASSERT_EQ(features_undo.moves(), length);
        for (int i = length - 1; i >= 0; --i) {
          board.Undo(&board_undo);
          features.Undo(&features_undo);
          ASSERT_EQ(features.bytes(), before[i]) << "size " << size << " game " << game << " move " << move;
        }
        const Point p = random_move(to_play);
        features.Update(board, p, board.Play(p, to_play));
        to_play = Opponent(to_play);
      }
    }
  }
  EXPECT_GT(captures, 50);
  EXPECT_GT(suicides, 2);
}

TEST(PointFeaturesTest, BytesAreTheCompactPositionsCurrentPlane) {
  std::mt19937 rng(5);
  Game game(9);
  for (int i = 0; i < 60 && !game.IsOver(); ++i) {
    const std::vector<Point> legal = game.LegalMoves();
    ASSERT_TRUE(game.Play(legal.empty() ? kPass : legal[rng() % legal.size()]).ok());
  }
  PointFeatures features;
  features.Compute(game.board());
  const CompactPosition cp = MakeCompactPosition(game);
  int stones = 0;
  for (int y = 0; y < 9; ++y) {
    for (int x = 0; x < 9; ++x) {
      const uint8_t expected = cp.current[y * 9 + x] & ~kKoBit;
      EXPECT_EQ(features.bytes()[MakePoint(x, y)], expected) << x << "," << y;
      stones += (expected & kColourMask) != 0;
    }
  }
  EXPECT_GT(stones, 20);
}

}  // namespace
}  // namespace tengen
