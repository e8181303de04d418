#include "engine/features/input_planes.h"

#include <utility>
#include <vector>

#include "engine/rules/coords.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

struct Encoded {
  std::vector<float> planes;
  std::vector<float> global;
  int size;
  float at(int plane, int x, int y) const { return planes[(plane * size + y) * size + x]; }
  float Sum(int plane) const {
    float s = 0;
    for (int i = 0; i < size * size; ++i) s += planes[plane * size * size + i];
    return s;
  }
};

Encoded Encode(const Game& game) {
  Encoded e{std::vector<float>(InputPlanesSize(game.size()), -1.0f), std::vector<float>(kNumGlobalInputs, -1.0f),
            game.size()};
  EncodeInputPlanes(MakeCompactPosition(game), e.planes.data(), e.global.data());
  return e;
}

void Play(Game& game, int x, int y) { ASSERT_TRUE(game.Play(MakePoint(x, y)).ok()); }

TEST(InputPlanesTest, EveryValueIsZeroOrOneAndOnBoardIsAllOnes) {
  Game game(7);
  Play(game, 3, 3);
  const Encoded e = Encode(game);
  for (float v : e.planes) ASSERT_TRUE(v == 0.0f || v == 1.0f) << v;
  EXPECT_EQ(e.Sum(kPlaneOnBoard), 49);
}

TEST(InputPlanesTest, ColoursAreRelativeToTheSideToMove) {
  Game game(9, Rules::Chinese());  // komi 7.5
  Play(game, 4, 4);                // black; white to move
  Encoded e = Encode(game);
  EXPECT_EQ(e.at(kPlaneOwnStones, 4, 4), 0);
  EXPECT_EQ(e.at(kPlaneOpponentStones, 4, 4), 1);
  EXPECT_EQ(e.Sum(kPlaneBlackToMove), 0);
  EXPECT_FLOAT_EQ(e.global[kGlobalKomi], 0.5f) << "white receives the komi";
  EXPECT_EQ(e.global[kGlobalBlackToMove], 0);

  Play(game, 2, 2);  // white; black to move
  e = Encode(game);
  EXPECT_EQ(e.at(kPlaneOwnStones, 4, 4), 1);
  EXPECT_EQ(e.at(kPlaneOpponentStones, 2, 2), 1);
  EXPECT_EQ(e.Sum(kPlaneOwnStones), 1);
  EXPECT_EQ(e.Sum(kPlaneOpponentStones), 1);
  EXPECT_EQ(e.Sum(kPlaneBlackToMove), 81);
  EXPECT_FLOAT_EQ(e.global[kGlobalKomi], -0.5f) << "black gives the komi";
  EXPECT_EQ(e.global[kGlobalBlackToMove], 1);
}

TEST(InputPlanesTest, HistoryPlanesAreNewestFirstInTheCurrentPerspective) {
  Game game(9);
  Play(game, 0, 0);  // black a
  Play(game, 1, 1);  // white b
  Play(game, 2, 2);  // black c; white to move, so "own" is white
  const Encoded e = Encode(game);
  const auto own = [](int back) { return kPlaneOwnStones + 2 * back; };
  const auto opp = [](int back) { return kPlaneOpponentStones + 2 * back; };
  // One position back: a and b.
  EXPECT_EQ(e.at(own(1), 1, 1), 1);
  EXPECT_EQ(e.at(opp(1), 0, 0), 1);
  EXPECT_EQ(e.at(opp(1), 2, 2), 0);
  EXPECT_EQ(e.Sum(own(1)) + e.Sum(opp(1)), 2);
  // Two back: only a.
  EXPECT_EQ(e.at(opp(2), 0, 0), 1);
  EXPECT_EQ(e.Sum(own(2)) + e.Sum(opp(2)), 1);
  // Three back is the empty board, and older positions do not exist.
  for (int back = 3; back < kHistoryPositions; ++back) EXPECT_EQ(e.Sum(own(back)) + e.Sum(opp(back)), 0) << back;
}

TEST(InputPlanesTest, LibertyAndKoPlanes) {
  Game game(9);
  // Ko: black captures the white stone at (1,1) by playing (2,1).
  for (const auto& [x, y] :
       std::vector<std::pair<int, int>>{{1, 0}, {2, 0}, {0, 1}, {1, 1}, {1, 2}, {3, 1}, {8, 8}, {2, 2}, {2, 1}}) {
    Play(game, x, y);
  }
  const Encoded e = Encode(game);
  EXPECT_EQ(e.at(kPlaneKoIllegal, 1, 1), 1);
  EXPECT_EQ(e.Sum(kPlaneKoIllegal), 1);
  EXPECT_EQ(e.at(kPlaneLiberties1, 2, 1), 1) << "the capturing black stone has one liberty";
  EXPECT_EQ(e.at(kPlaneLiberties2, 1, 0), 1) << "black (1,0): liberties (0,0) and (1,1)";
  EXPECT_EQ(e.at(kPlaneLiberties1, 2, 0), 1) << "white (2,0): only (3,0)";
  EXPECT_EQ(e.at(kPlaneLiberties3OrMore, 8, 8), 0) << "corner stone has two liberties";
  EXPECT_EQ(e.at(kPlaneLiberties2, 8, 8), 1);
  EXPECT_EQ(e.at(kPlaneLiberties3OrMore, 3, 1), 1) << "white (3,1): (4,1), (3,0), (3,2)";
  // Every stone is in exactly one liberty class; empty points in none.
  for (int y = 0; y < 9; ++y) {
    for (int x = 0; x < 9; ++x) {
      const float stones = e.at(kPlaneOwnStones, x, y) + e.at(kPlaneOpponentStones, x, y);
      const float classes =
          e.at(kPlaneLiberties1, x, y) + e.at(kPlaneLiberties2, x, y) + e.at(kPlaneLiberties3OrMore, x, y);
      EXPECT_EQ(stones, classes) << x << "," << y;
    }
  }
}

}  // namespace
}  // namespace tengen
