#include "engine/data/record_convert.h"

#include "engine/data/game_hash.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::data {
namespace {

using ::testing::HasSubstr;

TEST(RecordConvertTest, GameToRecordAndBack) {
  Game game(9, Rules::Japanese());
  ASSERT_TRUE(game.Play(MakePoint(2, 2)).ok());
  ASSERT_TRUE(game.Play(MakePoint(6, 6)).ok());
  ASSERT_TRUE(game.Play(kPass).ok());
  ASSERT_TRUE(game.Play(MakePoint(4, 4)).ok());
  absl::StatusOr<RecordedGame> record = RecordFromGame(game, {}, {});
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->board_size, 9);
  EXPECT_EQ(record->komi, 6.5f);
  EXPECT_EQ(record->scoring, RecordScoring::kTerritory);
  EXPECT_EQ(record->moves, (std::vector<int32_t>{2 * 9 + 2, 6 * 9 + 6, 81, 4 * 9 + 4}));
  EXPECT_EQ(record->first_to_move, 1);
  EXPECT_EQ(record->game_hash, ComputeGameHash(*record));

  absl::StatusOr<Game> replayed = ReplayRecord(*record);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  EXPECT_EQ(replayed->board().hash(), game.board().hash());
  EXPECT_EQ(replayed->to_play(), game.to_play());

  absl::StatusOr<Game> partial = ReplayRecord(*record, 2);
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->board().at(MakePoint(6, 6)), Color::kWhite);
  EXPECT_EQ(partial->board().at(MakePoint(4, 4)), Color::kEmpty);
}

TEST(RecordConvertTest, ForEachPositionSeesThePositionBeforeEachMove) {
  RecordedGame record;
  record.board_size = 9;
  record.setup_black = {0, 1};
  record.handicap = 2;
  record.first_to_move = 2;
  record.moves = {40, 41, 81, 42};
  std::vector<int> stones_before;
  std::vector<Color> to_play;
  absl::Status s = ForEachPosition(record, [&](const Game& g, int i) {
    EXPECT_EQ(i, static_cast<int>(stones_before.size()));
    stones_before.push_back(g.board().stone_count(Color::kBlack) +
                            g.board().stone_count(Color::kWhite));
    to_play.push_back(g.to_play());
  });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(stones_before, (std::vector<int>{2, 3, 4, 4}));
  EXPECT_EQ(to_play, (std::vector<Color>{Color::kWhite, Color::kBlack, Color::kWhite,
                                         Color::kBlack}));
}

TEST(RecordConvertTest, BadMovesAreErrorsWithTheMoveIndex) {
  RecordedGame record;
  record.board_size = 9;
  record.moves = {40, 40};
  absl::Status s = ForEachPosition(record, [](const Game&, int) {});
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("move 1"));
  record.moves = {40, 500};
  s = ForEachPosition(record, [](const Game&, int) {});
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("move 1"));
  record.board_size = 25;
  EXPECT_FALSE(ReplayRecord(record).ok());
}

TEST(RecordConvertTest, NonAlternatingGameIsRejected) {
  Game game(9);
  ASSERT_TRUE(game.Play(MakePoint(2, 2), Color::kBlack).ok());
  ASSERT_TRUE(game.Play(MakePoint(3, 3), Color::kBlack).ok());
  EXPECT_FALSE(RecordFromGame(game, {}, {}).ok());
}

}  // namespace
}  // namespace tengen::data
