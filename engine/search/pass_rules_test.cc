#include "engine/search/pass_rules.h"

#include "engine/search/search_test_util.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

using testing::GameFromDiagram;

Rules Komi(float komi) {
  Rules r = Rules::Chinese();
  r.komi = komi;
  return r;
}

TEST(PassRulesTest, AreaMarginIsFromTheSideToMove) {
  // Black 15 points, white 10.
  const std::vector<std::string> diagram = {".OX..", ".OX..", ".OX..", ".OX..", ".OX.."};
  Game black = GameFromDiagram(diagram, Komi(0.5f), Color::kBlack);
  EXPECT_FLOAT_EQ(AreaMarginForSideToMove(black), 4.5f);
  EXPECT_FALSE(PassingWouldLose(black));
  Game white = GameFromDiagram(diagram, Komi(0.5f), Color::kWhite);
  EXPECT_FLOAT_EQ(AreaMarginForSideToMove(white), -4.5f);
  EXPECT_TRUE(PassingWouldLose(white));
  Game big_komi = GameFromDiagram(diagram, Komi(7.5f), Color::kBlack);
  EXPECT_FLOAT_EQ(AreaMarginForSideToMove(big_komi), -2.5f);
  EXPECT_TRUE(PassingWouldLose(big_komi));
}

TEST(PassRulesTest, DeadStonesCountAsAliveUnderTrompTaylor) {
  // A lone white stone inside black's area spoils black's territory: the
  // plain count does not remove it.
  Game game = GameFromDiagram({".OX..", ".OX..", ".OX.O", ".OX..", ".OX.."}, Komi(0.5f));
  // Black: 5 stones; the right region touches the white stone: neutral.
  // White: 10 + 1 = 11 + 0.5.
  EXPECT_FLOAT_EQ(AreaMarginForSideToMove(game), 5.0f - 11.5f);
  EXPECT_TRUE(PassingWouldLose(game));
}

TEST(PassRulesTest, PassEndsTheGameOnlyAfterTheOpponentsPass) {
  Game game(9);
  EXPECT_FALSE(PassEndsGame(game));
  ASSERT_TRUE(game.Play(kPass).ok());
  EXPECT_TRUE(PassEndsGame(game));
  ASSERT_TRUE(game.Play(MakePoint(4, 4)).ok());
  EXPECT_FALSE(PassEndsGame(game));
}

}  // namespace
}  // namespace tengen
