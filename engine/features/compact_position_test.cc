#include "engine/features/compact_position.h"

#include <utility>
#include <vector>

#include "engine/features/plane_layout.h"
#include "engine/rules/coords.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

int Flat(int x, int y, int n) { return y * n + x; }

void PlayAll(Game& game, const std::vector<std::pair<int, int>>& moves) {
  for (const auto& [x, y] : moves) {
    const Point p = x < 0 ? kPass : MakePoint(x, y);
    ASSERT_TRUE(game.Play(p).ok()) << "move " << x << "," << y;
  }
}

// White stone at (1,1) in atari; black captures it at (2,1), leaving a ko
// at (1,1) that white may not retake at once.
const std::vector<std::pair<int, int>> kKoSequence = {
    {1, 0}, {2, 0}, {0, 1}, {1, 1}, {1, 2}, {3, 1}, {8, 8}, {2, 2}, {2, 1}};

TEST(CompactPositionTest, EmptyBoard) {
  Game game(9, Rules::Chinese());
  const CompactPosition cp = MakeCompactPosition(game);
  EXPECT_EQ(cp.board_size, 9);
  EXPECT_EQ(cp.to_play, 1);
  EXPECT_FLOAT_EQ(cp.komi, 7.5f);
  EXPECT_EQ(cp.previous_count, 0);
  for (int i = 0; i < 81; ++i) EXPECT_EQ(cp.current[i], 0) << i;
}

TEST(CompactPositionTest, ColoursAndLibertyClasses) {
  Game game(9, Rules::Japanese());
  // B E5 (4 liberties), W A1, B B1: A1 is left with one liberty, B1 with two.
  for (const char* v : {"E5", "A1", "B1"}) ASSERT_TRUE(game.Play(*GtpToPoint(v, 9)).ok());
  const CompactPosition cp = MakeCompactPosition(game);
  EXPECT_EQ(cp.to_play, 2);
  EXPECT_FLOAT_EQ(cp.komi, 6.5f);
  const auto at = [&](const char* v) { return cp.current[ToFlat(*GtpToPoint(v, 9), 9)]; };
  EXPECT_EQ(at("E5") & kColourMask, 1);
  EXPECT_EQ((at("E5") >> kLibertyShift) & kLibertyMask, 3);
  EXPECT_EQ(at("A1") & kColourMask, 2);
  EXPECT_EQ((at("A1") >> kLibertyShift) & kLibertyMask, 1);
  EXPECT_EQ(at("B1") & kColourMask, 1);
  EXPECT_EQ((at("B1") >> kLibertyShift) & kLibertyMask, 2);
  EXPECT_EQ(at("C3"), 0);
}

TEST(CompactPositionTest, KoBitOnlyForTheSideThatMayNotRetake) {
  Game game(9);
  PlayAll(game, kKoSequence);
  CompactPosition cp = MakeCompactPosition(game);
  ASSERT_EQ(cp.to_play, 2);
  EXPECT_EQ(cp.current[Flat(1, 1, 9)], kKoBit) << "empty ko point with the ko bit";
  EXPECT_EQ((cp.current[Flat(2, 1, 9)] >> kLibertyShift) & kLibertyMask, 1) << "capturing stone in atari";
  int ko_points = 0;
  for (int i = 0; i < 81; ++i) ko_points += (cp.current[i] & kKoBit) ? 1 : 0;
  EXPECT_EQ(ko_points, 1);

  // White plays elsewhere: the ko is over for black's turn.
  PlayAll(game, {{6, 6}});
  cp = MakeCompactPosition(game);
  for (int i = 0; i < 81; ++i) EXPECT_EQ(cp.current[i] & kKoBit, 0) << i;
}

TEST(CompactPositionTest, HistoryIsNewestFirst) {
  Game game(9);
  PlayAll(game, {{0, 0}, {1, 0}, {2, 0}});
  const CompactPosition cp = MakeCompactPosition(game);
  ASSERT_EQ(cp.previous_count, 3);
  // One move ago: black (0,0) and white (1,0), not yet black (2,0).
  EXPECT_EQ(cp.previous[0][Flat(0, 0, 9)], 1);
  EXPECT_EQ(cp.previous[0][Flat(1, 0, 9)], 2);
  EXPECT_EQ(cp.previous[0][Flat(2, 0, 9)], 0);
  // Two moves ago: only black (0,0).
  EXPECT_EQ(cp.previous[1][Flat(0, 0, 9)], 1);
  EXPECT_EQ(cp.previous[1][Flat(1, 0, 9)], 0);
  // Three moves ago: the empty board.
  for (int i = 0; i < 81; ++i) EXPECT_EQ(cp.previous[2][i], 0);
}

TEST(CompactPositionTest, HistoryKeepsSevenPreviousPositionsAndPasses) {
  Game game(9);
  for (int i = 0; i < 10; ++i) PlayAll(game, {{i % 9, (i / 9) * 4}});
  PlayAll(game, {{-1, -1}});  // a pass repeats the stones
  const CompactPosition cp = MakeCompactPosition(game);
  EXPECT_EQ(cp.previous_count, 7);
  for (int i = 0; i < 81; ++i) {
    EXPECT_EQ(cp.previous[0][i], cp.current[i] & kColourMask) << "a pass leaves the stones as they were";
  }
  // Six moves before the pass, the stone of move 5 (x=4) was not there yet.
  EXPECT_EQ(cp.previous[6][Flat(3, 0, 9)], 2);
  EXPECT_EQ(cp.previous[6][Flat(4, 0, 9)], 0);
}

TEST(CompactPositionTest, WritesOnlyTheBoardsEntries) {
  // Rows are copied in wide blocks; nothing past size * size may change,
  // on any board size (the raw bytes go to the GPU and are compared whole).
  for (int n = kMinBoardSize; n <= kMaxBoardSize; ++n) {
    Game game(n, Rules::TrompTaylor());
    for (int i = 0; i < 9 && !game.IsOver(); ++i) {
      const std::vector<Point> legal = game.LegalMoves();
      ASSERT_TRUE(game.Play(legal.empty() ? kPass : legal[(i * 7) % legal.size()]).ok());
    }
    CompactPosition cp;
    cp.current.fill(0xAB);
    for (auto& plane : cp.previous) plane.fill(0xAB);
    FillCompactPosition(game, &cp);
    const CompactPosition fresh = MakeCompactPosition(game);
    for (int i = 0; i < n * n; ++i) ASSERT_EQ(cp.current[i], fresh.current[i]) << "size " << n;
    for (int i = n * n; i < static_cast<int>(cp.current.size()); ++i) ASSERT_EQ(cp.current[i], 0xAB) << "size " << n;
    for (int k = 0; k < static_cast<int>(cp.previous.size()); ++k) {
      for (int i = 0; i < n * n; ++i) ASSERT_EQ(cp.previous[k][i], fresh.previous[k][i]) << "size " << n;
      for (int i = n * n; i < static_cast<int>(cp.previous[k].size()); ++i) {
        ASSERT_EQ(cp.previous[k][i], 0xAB) << "size " << n << " plane " << k;
      }
    }
  }
}

}  // namespace
}  // namespace tengen
