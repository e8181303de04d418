#include "engine/rules/game.h"

#include <random>

#include "engine/rules/coords.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

Point P(const char* gtp, int size) { return *GtpToPoint(gtp, size); }

TEST(GameTest, CreateRejectsBadSize) {
  EXPECT_FALSE(Game::Create(0).ok());
  EXPECT_FALSE(Game::Create(25).ok());
  EXPECT_TRUE(Game::Create(9).ok());
}

TEST(GameTest, UndoRestoresEverythingAfterRandomGame) {
  std::mt19937 rng(3);
  Game game(9);
  std::vector<uint64_t> hashes{game.situation_hash()};
  std::vector<Board> boards{game.board()};
  for (int i = 0; i < 120; ++i) {
    std::vector<Point> legal = game.LegalMoves();
    if (legal.empty()) break;
    ASSERT_TRUE(game.Play(legal[rng() % legal.size()]).ok());
    hashes.push_back(game.situation_hash());
    boards.push_back(game.board());
  }
  while (game.move_number() > 0) {
    ASSERT_TRUE(game.Undo());
    hashes.pop_back();
    boards.pop_back();
    ASSERT_EQ(game.situation_hash(), hashes.back());
    ASSERT_EQ(game.board().ko_point(), boards.back().ko_point());
    ASSERT_EQ(game.board().captures(Color::kBlack), boards.back().captures(Color::kBlack));
  }
  EXPECT_FALSE(game.Undo());
}

TEST(GameTest, TwoPassesEndTheGame) {
  Game game(9);
  ASSERT_TRUE(game.Play(kPass).ok());
  EXPECT_FALSE(game.IsOver());
  ASSERT_TRUE(game.Play(kPass).ok());
  EXPECT_TRUE(game.IsOver());
  ASSERT_TRUE(game.Undo());
  EXPECT_FALSE(game.IsOver());
  EXPECT_EQ(game.to_play(), Color::kWhite);
}

TEST(GameTest, HistoryIsNewestFirst) {
  Game game(9);
  ASSERT_TRUE(game.Play(P("C3", 9)).ok());
  ASSERT_TRUE(game.Play(P("D4", 9)).ok());
  ASSERT_EQ(game.history_size(), 3);
  EXPECT_EQ(game.history(0)[P("D4", 9)], static_cast<uint8_t>(Color::kWhite));
  EXPECT_EQ(game.history(1)[P("D4", 9)], static_cast<uint8_t>(Color::kEmpty));
  EXPECT_EQ(game.history(1)[P("C3", 9)], static_cast<uint8_t>(Color::kBlack));
  EXPECT_EQ(game.history(2)[P("C3", 9)], static_cast<uint8_t>(Color::kEmpty));
}

TEST(GameTest, IllegalMovesExplainThemselves) {
  Game game(9);
  ASSERT_TRUE(game.Play(P("C3", 9)).ok());
  absl::Status occupied = game.Play(P("C3", 9));
  EXPECT_EQ(occupied.message(), "C3 is occupied");
}

TEST(GameTest, SetupStonesThenUndoKeepsSideToMove) {
  Game game(9);
  ASSERT_TRUE(game.PlaceSetupStones({P("C3", 9), P("G7", 9)}, {}, {}).ok());
  game.set_to_play(Color::kWhite);
  ASSERT_TRUE(game.Play(P("E5", 9)).ok());
  ASSERT_TRUE(game.Undo());
  EXPECT_EQ(game.to_play(), Color::kWhite);
  EXPECT_EQ(game.board().at(P("C3", 9)), Color::kBlack);
  EXPECT_EQ(game.board().at(P("E5", 9)), Color::kEmpty);
}

}  // namespace
}  // namespace tengen
