#include "engine/rules/sgf_game.h"

#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/rules/rules_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

using ::tengen::testing::DiagramOf;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

std::string SourceDir() {
  const char* dir = std::getenv("TENGEN_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

SgfCollection ReadFixture(const std::string& relative) {
  absl::StatusOr<SgfCollection> c = ReadSgfFile(SourceDir() + "/sgf_data/" + relative, relative);
  EXPECT_TRUE(c.ok()) << c.status();
  if (!c.ok()) return SgfCollection{};
  return *std::move(c);
}

absl::StatusOr<SgfReplay> ReplayText(const std::string& text, const SgfReplayOptions& options = {}) {
  SgfCollection c = ParseSgf(text, "t.sgf");
  if (!c.games[0].ok()) return c.games[0].status();
  return ReplaySgfGame(*c.games[0], options);
}

absl::StatusOr<SgfReplay> ReplayFixture(const std::string& relative,
                                        const SgfReplayOptions& options = {}) {
  SgfCollection c = ReadFixture(relative);
  if (c.games.empty()) return absl::InternalError("no game");
  if (!c.games[0].ok()) return c.games[0].status();
  return ReplaySgfGame(*c.games[0], options);
}

Point Sgf(const char* text, int size) { return *ParseSgfMovePoint(text, size); }

std::vector<std::string> MoveTexts(const SgfGameRecord& r) {
  std::vector<std::string> out;
  for (const SgfMove& m : r.moves) {
    std::string s(1, m.color == Color::kBlack ? 'B' : 'W');
    if (m.point == kPass) {
      s += "pass";
    } else {
      s += static_cast<char>('a' + PointX(m.point));
      s += static_cast<char>('a' + PointY(m.point));
    }
    out.push_back(s);
  }
  return out;
}

TEST(SgfGameTest, Replays9x9GameWithKoAndReadsMetadata) {
  absl::StatusOr<SgfReplay> r = ReplayFixture("valid/game_9x9.sgf");
  ASSERT_TRUE(r.ok()) << r.status();
  const SgfGameInfo& info = r->record.info;
  EXPECT_EQ(info.size, 9);
  ASSERT_TRUE(info.komi.has_value());
  EXPECT_EQ(*info.komi, 7.0f);
  EXPECT_EQ(info.handicap, 0);
  EXPECT_EQ(info.date, "2005-03-14");
  EXPECT_EQ(info.year, 2005);
  EXPECT_EQ(info.month, 3);
  EXPECT_EQ(info.day, 14);
  EXPECT_EQ(info.black_player, "Kuro");
  EXPECT_EQ(info.white_player, "Shiro");
  EXPECT_EQ(info.black_rank, "3d");
  EXPECT_EQ(info.white_rank, "2d");
  EXPECT_EQ(info.rules, "Chinese");
  EXPECT_EQ(info.result.text, "W+3");
  EXPECT_EQ(info.result.winner, Color::kWhite);
  EXPECT_EQ(info.result.margin, 3.0f);
  EXPECT_EQ(r->record.file_name, "valid/game_9x9.sgf");
  EXPECT_EQ(r->record.game_number, 1);
  EXPECT_TRUE(r->record.cut.ok());
  EXPECT_THAT(MoveTexts(r->record),
              ElementsAre("Bed", "Wfd", "Bde", "Wee", "Bef", "Wge", "Bbb", "Wff", "Bfe", "Whh",
                          "Bgh", "Wee", "Bcc", "Wpass", "Bpass", "Wpass"));
  EXPECT_EQ(r->record.moves[8].location.line, 4);
  EXPECT_EQ(r->record.moves[8].location.column, 2);
  EXPECT_EQ(r->game.move_number(), 16);
  EXPECT_EQ(r->game.rules().komi, 7.0f);
  EXPECT_EQ(r->game.rules().ko, KoRule::kSimple);
  EXPECT_THAT(DiagramOf(r->game.board()), ElementsAre(".........",  //
                                                      ".X.......",  //
                                                      "..X......",  //
                                                      "....XO...",  //
                                                      "...XO.O..",  //
                                                      "....XO...",  //
                                                      ".........",  //
                                                      "......XO.",  //
                                                      "........."));
}

TEST(SgfGameTest, PassesAsEmptyValueAndTt) {
  absl::StatusOr<SgfReplay> r = ReplayFixture("valid/passes.sgf");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(MoveTexts(r->record), ElementsAre("Bpd", "Wpass", "Bpass", "Wdp", "Bpass", "Wpass"));
  EXPECT_EQ(*ParseSgfMovePoint("tt", 19), kPass);
  EXPECT_EQ(*ParseSgfMovePoint("tt", 9), kPass);
  EXPECT_EQ(*ParseSgfMovePoint("", 19), kPass);
  EXPECT_EQ(*ParseSgfMovePoint("ss", 19), MakePoint(18, 18));
  EXPECT_EQ(ParseSgfMovePoint("ss", 18).status().message(), "'ss' is not a point on a 18x18 board");
  EXPECT_FALSE(ParseSgfMovePoint("a", 19).ok());
  EXPECT_FALSE(ParseSgfMovePoint("AA", 19).ok());
  EXPECT_FALSE(ParseSgfMovePoint("abc", 19).ok());
}

TEST(SgfGameTest, SetupStepsInRootAndInsideTheGame) {
  absl::StatusOr<SgfReplay> r = ReplayFixture("valid/setup.sgf");
  ASSERT_TRUE(r.ok()) << r.status();
  const auto& setup = r->record.setup;
  ASSERT_EQ(setup.size(), 3u);
  EXPECT_EQ(setup[0].before_move, 0);
  EXPECT_THAT(setup[0].black, ElementsAre(Sgf("cc", 9), Sgf("gc", 9)));
  EXPECT_THAT(setup[0].white, ElementsAre(Sgf("cg", 9), Sgf("gg", 9), Sgf("gh", 9)));
  EXPECT_EQ(setup[0].to_play, Color::kWhite);
  EXPECT_EQ(setup[1].before_move, 2);
  EXPECT_THAT(setup[1].black, ElementsAre(Sgf("dd", 9)));
  EXPECT_THAT(setup[1].white, ElementsAre(Sgf("cc", 9)));  // over the black stone
  EXPECT_THAT(setup[1].clear, ElementsAre(Sgf("gc", 9)));
  EXPECT_FALSE(setup[1].to_play.has_value());
  EXPECT_EQ(setup[2].before_move, 4);
  EXPECT_THAT(setup[2].clear, ElementsAre(Sgf("ee", 9)));
  EXPECT_EQ(setup[2].to_play, Color::kBlack);
  EXPECT_EQ(setup[2].location.line, 5);
  EXPECT_THAT(MoveTexts(r->record), ElementsAre("Wee", "Bec", "Bge", "Wdg", "Bee"));
  EXPECT_THAT(DiagramOf(r->game.board()), ElementsAre(".........",  //
                                                      ".........",  //
                                                      "..O.X....",  //
                                                      "...X.....",  //
                                                      "....X.X..",  //
                                                      ".........",  //
                                                      "..OO..O..",  //
                                                      "......O..",  //
                                                      "........."));
}

TEST(SgfGameTest, HandicapWithStonesAndWithFixedPlacement) {
  absl::StatusOr<SgfReplay> r = ReplayFixture("valid/handicap.sgf");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->record.info.handicap, 4);
  EXPECT_EQ(r->game.handicap(), 4);
  EXPECT_EQ(r->game.board().stone_count(Color::kBlack), 5);
  EXPECT_EQ(r->game.rules().scoring, ScoringRule::kTerritory);  // RU[Japanese]

  absl::StatusOr<SgfReplay> fixed = ReplayFixture("valid/handicap_fixed.sgf");
  ASSERT_TRUE(fixed.ok()) << fixed.status();
  ASSERT_EQ(fixed->record.setup.size(), 1u);
  EXPECT_EQ(fixed->record.setup[0].black, *FixedHandicapPoints(19, 2));
  EXPECT_EQ(fixed->game.board().stone_count(Color::kBlack), 3);
  EXPECT_THAT(MoveTexts(fixed->record), ElementsAre("Wdd", "Bdc"));
}

TEST(SgfGameTest, Ff3LongNamesReplay) {
  absl::StatusOr<SgfReplay> r = ReplayFixture("valid/ff3_long_names.sgf");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->record.info.size, 9);
  EXPECT_EQ(r->record.info.komi, 5.5f);
  EXPECT_EQ(r->record.info.black_player, "Alice");
  EXPECT_EQ(r->record.info.white_player, "Bob");
  EXPECT_THAT(MoveTexts(r->record), ElementsAre("Wee", "Bce", "Wpass"));
  EXPECT_EQ(r->game.board().stone_count(Color::kBlack), 3);
}

TEST(SgfGameTest, ConvertedNamesReachTheInfo) {
  absl::StatusOr<SgfReplay> r = ReplayFixture("valid/gbk.sgf");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->record.info.black_player, "李昌镐");
  EXPECT_EQ(r->record.info.white_player, "匽乗");
}

TEST(SgfGameTest, SameColourTwiceIsAccepted) {
  absl::StatusOr<SgfReplay> r = ReplayText("(;SZ[9];B[aa];B[bb];W[cc];W[dd])");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(MoveTexts(r->record), ElementsAre("Baa", "Bbb", "Wcc", "Wdd"));
  EXPECT_EQ(r->game.to_play(), Color::kBlack);
}

// The ko is retaken after two passes: legal under simple ko, a repetition
// of the position after move 8 under superko.
constexpr char kRepetition[] =
    "(;SZ[9];B[ed];W[fd];B[de];W[ee];B[ef];W[ge];B[bb];W[ff];B[fe];W[];B[]\n;W[ee])";

TEST(SgfGameTest, KoRuleIsSimpleByDefaultAndConfigurable) {
  absl::StatusOr<SgfReplay> simple = ReplayText(kRepetition);
  ASSERT_TRUE(simple.ok()) << simple.status();
  EXPECT_EQ(simple->record.moves.size(), 12u);

  SgfReplayOptions superko;
  superko.ko_rule = KoRule::kPositionalSuperko;
  absl::StatusOr<SgfReplay> strict = ReplayText(kRepetition, superko);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().message(),
            "t.sgf: game 1: 2:2: move 12: illegal move W[ee]: E5 repeats an earlier position "
            "(superko)");
}

TEST(SgfGameTest, SuicideOnlyWhenTheRulesAllowIt) {
  const std::string moves = ";B[ba];W[ee];B[ab];W[aa];B[cc])";
  EXPECT_FALSE(ReplayText("(;SZ[9]" + moves).ok());
  absl::StatusOr<SgfReplay> nz = ReplayText("(;SZ[9]RU[NZ]" + moves);
  ASSERT_TRUE(nz.ok()) << nz.status();
  EXPECT_EQ(nz->game.board().at(Sgf("aa", 9)), Color::kEmpty);
  SgfReplayOptions no_suicide;
  no_suicide.suicide_from_rules = false;
  EXPECT_FALSE(ReplayText("(;SZ[9]RU[NZ]" + moves, no_suicide).ok());
}

TEST(SgfGameTest, StopAtIllegalMoveReturnsTheGameBeforeIt) {
  SgfReplayOptions cut;
  cut.stop_at_illegal_move = true;
  absl::StatusOr<SgfReplay> r = ReplayFixture("malformed/occupied.sgf", cut);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(MoveTexts(r->record), ElementsAre("Bpd", "Wdp", "Bdd"));
  EXPECT_EQ(r->game.move_number(), 3);
  EXPECT_EQ(r->record.cut.message(),
            "malformed/occupied.sgf: game 1: 2:20: move 4: illegal move W[pd]: Q16 is occupied");

  r = ReplayFixture("malformed/bad_coordinate.sgf", cut);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->record.moves.size(), 2u);
  EXPECT_FALSE(r->record.cut.ok());

  // Errors up to the first move stay fatal: there is no game to keep.
  EXPECT_FALSE(ReplayText("(;SZ[19]HA[4];AB[zz];W[qf])", cut).ok());
  EXPECT_FALSE(ReplayText("(;SZ[9];B[zz];W[cc])", cut).ok());
  r = ReplayText("(;SZ[9];B[aa];W[zz])", cut);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->record.moves.size(), 1u);
  r = ReplayFixture("malformed/setup_no_liberties.sgf", cut);
  EXPECT_FALSE(r.ok());
  r = ReplayFixture("malformed/size_25.sgf", cut);
  EXPECT_FALSE(r.ok());
}

TEST(SgfGameTest, RootPropertyValues) {
  auto error = [](const std::string& root) {
    absl::StatusOr<SgfReplay> r = ReplayText("(;" + root + ";B[aa])");
    return r.ok() ? std::string("ok") : std::string(r.status().message());
  };
  EXPECT_EQ(error("KM[abc]"), "t.sgf: game 1: 1:3: KM[abc]: komi is not a number");
  EXPECT_EQ(error("KM[inf]"), "t.sgf: game 1: 1:3: KM[inf]: komi is not a number");
  EXPECT_EQ(error("HA[-1]"), "t.sgf: game 1: 1:3: HA[-1]: not a handicap");
  EXPECT_EQ(error("SZ[x]"), "t.sgf: game 1: 1:3: SZ[x]: not a board size");
  EXPECT_EQ(error("SZ[13:13]"), "ok");
  EXPECT_EQ(error("SZ[3]HA[10]"), "t.sgf: game 1: 1:8: HA[10]: more handicap stones than points");
  EXPECT_EQ(error("SZ[3]PL[X]"), "t.sgf: game 1: 1:8: PL[X]: not a colour (B or W)");
  EXPECT_EQ(error("AB[bb:cc]SZ[9]"), "ok");
  EXPECT_EQ(error("SZ[9]AB[]"), "t.sgf: game 1: 1:10: setup AB[]: '' is a pass, not a point");
  EXPECT_EQ(error("SZ[9]AB[bb]AW[bb]"), "t.sgf: game 1: 1:16: setup point bb is in both AB and AW");

  absl::StatusOr<SgfReplay> r = ReplayText("(;KM[6,5]SZ[9];B[aa])");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->record.info.komi, 6.5f);
  EXPECT_EQ(r->game.rules().komi, 6.5f);
  r = ReplayText("(;SZ[9];B[aa])");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->record.info.komi.has_value());
  EXPECT_EQ(r->game.rules().komi, 0.0f);
  EXPECT_EQ(r->record.info.size, 9);
  r = ReplayText("(;AB[aa:ab][ba]SZ[5];W[cc])");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->game.board().stone_count(Color::kBlack), 3);
}

TEST(SgfGameTest, ResultText) {
  SgfResult r = SgfResult::FromText("B+R");
  EXPECT_EQ(r.winner, Color::kBlack);
  EXPECT_TRUE(r.resignation);
  EXPECT_FALSE(r.margin.has_value());
  r = SgfResult::FromText("w+0.5");
  EXPECT_EQ(r.winner, Color::kWhite);
  EXPECT_EQ(r.margin, 0.5f);
  r = SgfResult::FromText("W+Resign");
  EXPECT_TRUE(r.resignation);
  r = SgfResult::FromText("B+Time");
  EXPECT_EQ(r.winner, Color::kBlack);
  EXPECT_FALSE(r.resignation);
  r = SgfResult::FromText("0");
  EXPECT_TRUE(r.draw);
  EXPECT_EQ(r.winner, Color::kEmpty);
  r = SgfResult::FromText("Void");
  EXPECT_FALSE(r.draw);
  EXPECT_EQ(r.winner, Color::kEmpty);
  EXPECT_EQ(r.text, "Void");
}

TEST(SgfGameTest, DateForms) {
  auto date = [](const std::string& dt) {
    absl::StatusOr<SgfReplay> r = ReplayText("(;DT[" + dt + "])");
    EXPECT_TRUE(r.ok()) << r.status();
    return std::vector<int>{r->record.info.year, r->record.info.month, r->record.info.day};
  };
  EXPECT_THAT(date("2005-03-14"), ElementsAre(2005, 3, 14));
  EXPECT_THAT(date("2005.1.2"), ElementsAre(2005, 1, 2));
  EXPECT_THAT(date("2005年1月2日"), ElementsAre(2005, 1, 2));
  EXPECT_THAT(date("2005-06-01,02"), ElementsAre(2005, 6, 1));
  EXPECT_THAT(date("1999"), ElementsAre(1999, 0, 0));
  EXPECT_THAT(date("2007-13-01"), ElementsAre(2007, 0, 0));
  EXPECT_THAT(date("the 3rd"), ElementsAre(0, 0, 0));
}

TEST(SgfGameTest, DifferenceBetweenRecords) {
  absl::StatusOr<SgfReplay> a = ReplayFixture("valid/game_9x9.sgf");
  ASSERT_TRUE(a.ok());
  SgfGameRecord b = a->record;
  EXPECT_EQ(DescribeSgfRecordDifference(a->record, b), "");
  b.moves[3].point = kPass;
  EXPECT_EQ(DescribeSgfRecordDifference(a->record, b), "move 4 differs");
  b = a->record;
  b.info.komi = 6.5f;
  EXPECT_EQ(DescribeSgfRecordDifference(a->record, b), "komi 7 != 6.5");
  b = a->record;
  b.info.white_player = "x";
  EXPECT_EQ(DescribeSgfRecordDifference(a->record, b), "white player 'Shiro' != 'x'");
}

// Per game of a fixture: "ok" or the error of parsing or replaying it.
std::vector<std::string> ReplayOutcomes(const std::string& relative) {
  std::vector<std::string> out;
  for (const auto& g : ReadFixture(relative).games) {
    if (!g.ok()) {
      out.emplace_back(g.status().message());
      continue;
    }
    absl::StatusOr<SgfReplay> r = ReplaySgfGame(*g);
    out.push_back(r.ok() ? "ok" : std::string(r.status().message()));
  }
  return out;
}

struct ReplayCase {
  std::string file;
  std::vector<std::string> outcomes;
};

class SgfGameMalformedTest : public ::testing::TestWithParam<ReplayCase> {};

TEST_P(SgfGameMalformedTest, GivesTheExactError) {
  EXPECT_THAT(ReplayOutcomes(GetParam().file), ElementsAreArray(GetParam().outcomes));
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, SgfGameMalformedTest,
    ::testing::Values(
        ReplayCase{"malformed/bad_coordinate.sgf",
                   {"malformed/bad_coordinate.sgf: game 1: 3:2: move 3: bad coordinate B[zz] on a "
                    "19x19 board"}},
        ReplayCase{"malformed/bad_coordinate_9x9.sgf",
                   {"malformed/bad_coordinate_9x9.sgf: game 1: 2:8: move 2: bad coordinate W[jj] "
                    "on a 9x9 board"}},
        ReplayCase{"malformed/occupied.sgf",
                   {"malformed/occupied.sgf: game 1: 2:20: move 4: illegal move W[pd]: Q16 is "
                    "occupied"}},
        ReplayCase{"malformed/suicide.sgf",
                   {"malformed/suicide.sgf: game 1: 2:20: move 4: illegal move W[aa]: A9 is "
                    "suicide"}},
        ReplayCase{"malformed/ko_retake.sgf",
                   {"malformed/ko_retake.sgf: game 1: 3:8: move 10: illegal move W[ee]: E5 "
                    "retakes a ko"}},
        ReplayCase{"malformed/size_25.sgf",
                   {"malformed/size_25.sgf: game 1: 1:13: SZ[25]: board size 25 is outside 2..19"}},
        ReplayCase{"malformed/size_0.sgf",
                   {"malformed/size_0.sgf: game 1: 1:13: SZ[0]: board size 0 is outside 2..19"}},
        ReplayCase{"malformed/size_19x13.sgf",
                   {"malformed/size_19x13.sgf: game 1: 1:13: SZ[19:13]: non-square boards (19x13) "
                    "are not supported"}},
        ReplayCase{"malformed/setup_no_liberties.sgf",
                   {"malformed/setup_no_liberties.sgf: game 1: 1:2: setup leaves the stones at aa "
                    "without liberties"}},
        ReplayCase{"malformed/move_two_values.sgf",
                   {"malformed/move_two_values.sgf: game 1: 1:20: move 1: B has 2 values"}},
        ReplayCase{"malformed/not_go.sgf",
                   {"malformed/not_go.sgf: game 1: 1:3: GM[2] is not a Go game (GM[1])"}},
        ReplayCase{"malformed/collection_game2_illegal.sgf",
                   {"ok",
                    "malformed/collection_game2_illegal.sgf: game 2: 2:36: move 2: illegal move "
                    "W[pd]: Q16 is occupied",
                    "ok"}},
        ReplayCase{"malformed/collection_game2_broken.sgf",
                   {"ok", "malformed/collection_game2_broken.sgf: game 2: 2:35: unbalanced ']'",
                    "ok"}}),
    [](const ::testing::TestParamInfo<ReplayCase>& info) {
      std::string name = info.param.file.substr(info.param.file.find('/') + 1);
      name = name.substr(0, name.find('.'));
      for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

TEST(SgfGameTest, EveryValidFixtureReplays) {
  for (const char* file :
       {"valid/variations.sgf", "valid/escapes.sgf", "valid/passes.sgf", "valid/setup.sgf",
        "valid/handicap.sgf", "valid/handicap_fixed.sgf", "valid/ff3_long_names.sgf",
        "valid/game_9x9.sgf", "valid/collection.sgf", "valid/gbk.sgf", "valid/latin1.sgf",
        "valid/mislabelled_utf8.sgf"}) {
    for (const std::string& outcome : ReplayOutcomes(file)) EXPECT_EQ(outcome, "ok") << file;
  }
}

}  // namespace
}  // namespace tengen
