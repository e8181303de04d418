#include "imitation/game_filter.h"

#include "engine/data/game_hash.h"
#include "engine/rules/sgf_parser.h"
#include "gtest/gtest.h"
#include "imitation/sgf_fixtures.h"

namespace tengen::imitation {
namespace {

using testing::MakeSgf;
using testing::SgfFixture;

ConvertedGame Convert(const std::string& sgf, const GameFilterOptions& options = {}) {
  SgfCollection c = ParseSgf(sgf, "fixture.sgf");
  EXPECT_EQ(c.games.size(), 1u);
  if (!c.games[0].ok()) {
    ConvertedGame failed;
    failed.rejection = Rejection::kParseError;
    return failed;
  }
  return ConvertSgfGame(*c.games[0], options);
}

TEST(ParseRankTest, OneScaleForKyuDanAndPro) {
  EXPECT_EQ(*ParseRank("9d"), 9);
  EXPECT_EQ(*ParseRank("1D"), 1);
  EXPECT_EQ(*ParseRank("7 dan"), 7);
  EXPECT_EQ(*ParseRank("1k"), 0);
  EXPECT_EQ(*ParseRank("15 kyu"), -14);
  EXPECT_EQ(*ParseRank("1p"), 10);
  EXPECT_EQ(*ParseRank("9p"), 18);
  EXPECT_EQ(*ParseRank("5d*"), 5);
  EXPECT_EQ(*ParseRank("6段"), 6);
  EXPECT_LT(*ParseRank("9d"), *ParseRank("1p"));
  EXPECT_FALSE(ParseRank("").ok());
  EXPECT_FALSE(ParseRank("pro").ok());
  EXPECT_FALSE(ParseRank("10d").ok());
  EXPECT_FALSE(ParseRank("31k").ok());
}

TEST(ConvertSgfGameTest, KeepsAGoodGameWithEverything) {
  SgfFixture f;
  f.result = "W+3.5";
  ConvertedGame c = Convert(MakeSgf(f));
  ASSERT_EQ(c.rejection, Rejection::kNone) << c.detail;
  const data::RecordedGame& r = c.record;
  EXPECT_EQ(r.source, data::DataSource::kHuman);
  EXPECT_EQ(r.board_size, 19);
  EXPECT_EQ(r.komi, 6.5f);
  EXPECT_EQ(r.num_positions(), 40);
  EXPECT_EQ(r.first_to_move, 1);
  const auto points = testing::FixturePoints(0, 19);
  EXPECT_EQ(r.moves[0], points[0].second * 19 + points[0].first);
  EXPECT_EQ(r.winner, -1.0f);
  EXPECT_TRUE(r.has_score_lead);
  EXPECT_EQ(r.score_lead, -3.5f);
  EXPECT_EQ(r.result_text, "W+3.5");
  EXPECT_TRUE(r.policy_targets.empty());
  EXPECT_EQ(r.black_player, "alice");
  EXPECT_EQ(r.black_rank, "9d");
  EXPECT_EQ(r.date, "2005-03-01");
  EXPECT_EQ(r.source_path, "fixture.sgf");
  EXPECT_EQ(r.source_game_index, 1);
  EXPECT_EQ(r.game_hash, data::ComputeGameHash(r));
  EXPECT_FALSE(c.was_cut);
}

TEST(ConvertSgfGameTest, DateFilter) {
  SgfFixture f;
  f.date = "2014-01-01";
  EXPECT_EQ(Convert(MakeSgf(f)).rejection, Rejection::kAfterDate);
  f.date = "2013-12-31";
  EXPECT_EQ(Convert(MakeSgf(f)).rejection, Rejection::kNone);
  f.date = "2013";  // the whole year is before the cutoff
  EXPECT_EQ(Convert(MakeSgf(f)).rejection, Rejection::kNone);
  f.date = "2014";
  EXPECT_EQ(Convert(MakeSgf(f)).rejection, Rejection::kAfterDate);
  f.date = "2016-05-02,03";
  EXPECT_EQ(Convert(MakeSgf(f)).rejection, Rejection::kAfterDate);
  f.date = "";
  EXPECT_EQ(Convert(MakeSgf(f)).rejection, Rejection::kUndated);
  GameFilterOptions undated;
  undated.allow_undated = true;
  EXPECT_EQ(Convert(MakeSgf(f), undated).rejection, Rejection::kNone);
  GameFilterOptions any_date;
  any_date.before_date = "";
  f.date = "2020-01-01";
  EXPECT_EQ(Convert(MakeSgf(f), any_date).rejection, Rejection::kNone);
}

TEST(ConvertSgfGameTest, BoardSizeHandicapResultAndLength) {
  SgfFixture nine;
  nine.size = 9;
  EXPECT_EQ(Convert(MakeSgf(nine)).rejection, Rejection::kBoardSize);
  GameFilterOptions on9;
  on9.board_size = 9;
  EXPECT_EQ(Convert(MakeSgf(nine), on9).rejection, Rejection::kNone);

  SgfFixture handicap;
  handicap.extra_root = "HA[2]";
  EXPECT_EQ(Convert(MakeSgf(handicap)).rejection, Rejection::kHandicap);
  SgfFixture setup;
  setup.extra_root = "AB[ba]";  // setup stones without HA (x + y odd: never a fixture move)
  EXPECT_EQ(Convert(MakeSgf(setup)).rejection, Rejection::kHandicap);
  GameFilterOptions allow;
  allow.allow_handicap = true;
  ConvertedGame kept = Convert(MakeSgf(setup), allow);
  ASSERT_EQ(kept.rejection, Rejection::kNone) << kept.detail;
  EXPECT_EQ(kept.record.setup_black, std::vector<int32_t>{1});

  SgfFixture no_result;
  no_result.result = "";
  EXPECT_EQ(Convert(MakeSgf(no_result)).rejection, Rejection::kNoResult);
  no_result.result = "Void";
  EXPECT_EQ(Convert(MakeSgf(no_result)).rejection, Rejection::kNoResult);
  GameFilterOptions lenient;
  lenient.require_result = false;
  EXPECT_EQ(Convert(MakeSgf(no_result), lenient).rejection, Rejection::kNone);
  SgfFixture draw;
  draw.result = "0";
  ConvertedGame d = Convert(MakeSgf(draw));
  ASSERT_EQ(d.rejection, Rejection::kNone);
  EXPECT_EQ(d.record.winner, 0.0f);

  SgfFixture short_game;
  short_game.moves = 29;
  EXPECT_EQ(Convert(MakeSgf(short_game)).rejection, Rejection::kTooShort);
  short_game.moves = 30;
  EXPECT_EQ(Convert(MakeSgf(short_game)).rejection, Rejection::kNone);
}

TEST(ConvertSgfGameTest, RankFilter) {
  GameFilterOptions options;
  options.min_rank = "7d";
  SgfFixture f;
  EXPECT_EQ(Convert(MakeSgf(f), options).rejection, Rejection::kNone);
  f.white_rank = "3d";
  EXPECT_EQ(Convert(MakeSgf(f), options).rejection, Rejection::kRankTooLow);
  f.white_rank = "";
  EXPECT_EQ(Convert(MakeSgf(f), options).rejection, Rejection::kRankUnknown);
  EXPECT_EQ(Convert(MakeSgf(f)).rejection, Rejection::kNone);  // no minimum: unknown is fine
}

TEST(ConvertSgfGameTest, IllegalMovesAreDroppedOrCut) {
  SgfFixture f;
  f.illegal_at = 35;
  ConvertedGame dropped = Convert(MakeSgf(f));
  EXPECT_EQ(dropped.rejection, Rejection::kIllegalMove);
  EXPECT_NE(dropped.detail.find("move 36"), std::string::npos) << dropped.detail;
  GameFilterOptions cut;
  cut.illegal_moves = IllegalMovePolicy::kCut;
  ConvertedGame kept = Convert(MakeSgf(f), cut);
  ASSERT_EQ(kept.rejection, Rejection::kNone) << kept.detail;
  EXPECT_TRUE(kept.was_cut);
  EXPECT_EQ(kept.record.num_positions(), 35);
  f.illegal_at = 20;  // cut to 20 moves: too short
  EXPECT_EQ(Convert(MakeSgf(f), cut).rejection, Rejection::kTooShort);
}

TEST(ConvertSgfGameTest, SameColourTwiceIsTreatedLikeAnIllegalMove) {
  std::string sgf = MakeSgf(SgfFixture());
  const size_t w = sgf.find(";W[", sgf.find(";W[") + 1);  // the second white move
  sgf[w + 1] = 'B';
  EXPECT_EQ(Convert(sgf).rejection, Rejection::kIllegalMove);
  GameFilterOptions cut;
  cut.illegal_moves = IllegalMovePolicy::kCut;
  ConvertedGame kept = Convert(sgf, cut);
  EXPECT_EQ(kept.rejection, Rejection::kTooShort);  // cut after 3 moves
}

TEST(ConvertSgfGameTest, ValidatesOptions) {
  GameFilterOptions o;
  EXPECT_TRUE(ValidateFilters(o).ok());
  o.before_date = "2014";
  EXPECT_FALSE(ValidateFilters(o).ok());
  o = GameFilterOptions();
  o.min_rank = "strong";
  EXPECT_FALSE(ValidateFilters(o).ok());
  o = GameFilterOptions();
  o.board_size = 42;
  EXPECT_FALSE(ValidateFilters(o).ok());
}

}  // namespace
}  // namespace tengen::imitation
