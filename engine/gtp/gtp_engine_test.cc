#include "engine/gtp/gtp_engine.h"

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "engine/gtp/fake_move_generator.h"
#include "engine/rules/coords.h"
#include "engine/rules/sgf_game.h"
#include "engine/rules/sgf_parser.h"
#include "engine/rules/temp_file_test_util.h"

namespace tengen::gtp {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

EngineOptions NineByNine() {
  EngineOptions o;
  o.board_size = 9;
  o.visits = 16;
  o.endgame_visits = 4;
  return o;
}

std::string WriteTempFile(const std::string& name, const std::string& text) {
  const std::string path = tengen::testing::TempFilePath(name);
  std::ofstream(path) << text;
  return path;
}

// The test's one SGF position: Black owns columns A-E, White F-J, and a dead
// white stone sits at B7 inside Black's area. With it removed Black wins by
// 45 - 36 - 7.5 = 1.5; counted as it stands (Tromp-Taylor) Black's area is
// neutral and White wins.
std::string SplitBoardSgf() {
  std::string ab, aw;
  for (char row = 'a'; row <= 'i'; ++row) {
    absl::StrAppend(&ab, "[e", std::string(1, row), "]");
    absl::StrAppend(&aw, "[f", std::string(1, row), "]");
  }
  return absl::StrCat("(;GM[1]FF[4]SZ[9]KM[7.5]AB", ab, "AW", aw, "[bc];B[];W[])");
}

TEST(GtpEngine, ScriptedConversationMatchesTheSpecByteForByte) {
  FakeMoveGenerator generator;
  GtpEngine engine(&generator, NineByNine());
  const std::vector<std::pair<std::string, std::string>> script = {
      {"1 protocol_version", "=1 2\n\n"},
      {"name", "= tengen\n\n"},
      {"2 version", "=2 0.20\n\n"},
      {"3 boardsize 9", "=3 \n\n"},
      {"4 clear_board", "=4 \n\n"},
      {"5 komi 6.5", "=5 \n\n"},
      {"6 play b D5", "=6 \n\n"},
      {"7 play w d5", "?7 illegal move: D5 is occupied\n\n"},
      {"8 play w Z9", "?8 syntax error: invalid vertex 'Z9'\n\n"},
      {"9 play x D4", "?9 syntax error: invalid color 'x'\n\n"},
      {"10 play b", "?10 syntax error: play takes 2 arguments, got 1\n\n"},
      {"11 frobnicate", "?11 unknown command\n\n"},
      {"12 boardsize 25", "?12 unacceptable size (25; 2 to 19)\n\n"},
      {"13 boardsize nine", "?13 syntax error: board size must be an integer, got 'nine'\n\n"},
      {"14 known_command genmove", "=14 true\n\n"},
      {"15 known_command frobnicate", "=15 false\n\n"},
      {"16 undo", "=16 \n\n"},
      {"17 undo", "?17 cannot undo\n\n"},
      {"18 fixed_handicap 4", "=18 C3 G7 C7 G3\n\n"},
      {"19 fixed_handicap 2", "?19 board not empty\n\n"},
      {"20 play w J9", "=20 \n\n"},
      {"21 final_status_list seki", "=21 \n\n"},
      {"22 final_status_list sleepy",
       "?22 syntax error: invalid status 'sleepy' (alive, dead or seki)\n\n"},
      {"23 komi many", "?23 syntax error: komi must be a number, got 'many'\n\n"},
      {"24", "?24 syntax error: no command after the id\n\n"},
      {"25 quit", "=25 \n\n"},
  };
  for (const auto& [command, expected] : script) {
    EXPECT_EQ(engine.Run(command), expected) << command;
  }
}

TEST(GtpEngine, ListCommandsHasEveryRequiredCommand) {
  FakeMoveGenerator generator;
  GtpEngine engine(&generator, NineByNine());
  const std::string response = engine.Run("list_commands");
  ASSERT_THAT(response, StartsWith("= "));
  const std::vector<std::string> names =
      absl::StrSplit(response.substr(2, response.size() - 4), '\n');
  for (const char* required :
       {"protocol_version", "name", "version", "known_command", "list_commands", "quit",
        "boardsize", "clear_board", "komi", "play", "genmove", "undo", "showboard",
        "fixed_handicap", "place_free_handicap", "set_free_handicap", "final_score",
        "final_status_list", "time_settings", "time_left", "loadsgf", "printsgf",
        "kgs-genmove_cleanup", "kgs-time_settings", "lz-analyze", "lz-genmove_analyze",
        "kata-analyze"}) {
    EXPECT_THAT(names, ::testing::Contains(std::string(required)));
    EXPECT_EQ(engine.Run(absl::StrCat("known_command ", required)), "= true\n\n");
  }
}

TEST(GtpEngine, GenmovePlaysLegalMovesForTheGivenColour) {
  FakeMoveGenerator generator;
  GtpEngine engine(&generator, NineByNine());
  engine.Run("play b E5");
  // White to move, but the controller may ask for either colour.
  for (const char* color : {"w", "b", "b", "white"}) {
    const std::string response = engine.Run(absl::StrCat("genmove ", color));
    ASSERT_THAT(response, StartsWith("= "));
    const std::string vertex = response.substr(2, response.size() - 4);
    absl::StatusOr<Point> p = GtpToPoint(vertex, 9);
    ASSERT_TRUE(p.ok()) << vertex;
    EXPECT_EQ(engine.game().moves().back().point, *p);
  }
  EXPECT_EQ(engine.game().move_number(), 5);
  EXPECT_EQ(engine.game().moves()[3].color, Color::kBlack);
  EXPECT_EQ(generator.last_request().max_visits, 16);
}

TEST(GtpEngine, RegGenmoveDoesNotChangeTheGame) {
  FakeMoveGenerator generator;
  GtpEngine engine(&generator, NineByNine());
  EXPECT_THAT(engine.Run("reg_genmove b"), StartsWith("= "));
  EXPECT_EQ(engine.game().move_number(), 0);
  EXPECT_EQ(engine.game().to_play(), Color::kBlack);
}

TEST(GtpEngine, ResignsOnlyWhenClearlyLostAfterTheMinimumMoves) {
  FakeGeneratorOptions fake;
  fake.winrate = 0.02f;
  FakeMoveGenerator generator(fake);
  EngineOptions options = NineByNine();
  options.resign_min_moves = 4;
  GtpEngine engine(&generator, options);
  EXPECT_NE(engine.Run("genmove b"), "= resign\n\n");  // move 0: too early
  engine.Run("play w C3");
  engine.Run("play b G7");
  engine.Run("play w G3");
  EXPECT_EQ(engine.Run("genmove b"), "= resign\n\n");
  EXPECT_EQ(engine.game().move_number(), 4);  // a resignation is not a move

  // Threshold 0 never resigns.
  options.resign_threshold = 0;
  GtpEngine stubborn(&generator, options);
  for (int i = 0; i < 6; ++i) EXPECT_NE(stubborn.Run("genmove b"), "= resign\n\n");
}

TEST(GtpEngine, PassesAfterTheOpponentPassesWhenTheCountWins) {
  FakeMoveGenerator generator;  // recommends a move, not pass
  GtpEngine engine(&generator, NineByNine());
  const std::string path = WriteTempFile("split.sgf", SplitBoardSgf());
  // Load without the final passes (move 1 = before B[]), then White passes.
  ASSERT_EQ(engine.Run(absl::StrCat("loadsgf ", path, " 1")), "= \n\n");
  ASSERT_EQ(engine.Run("play w pass"), "= \n\n");
  EXPECT_EQ(engine.Run("genmove b"), "= pass\n\n");
  EXPECT_EQ(engine.Run("final_score"), "= B+1.5\n\n");
  EXPECT_EQ(engine.Run("final_status_list dead"), "= B7\n\n");
}

TEST(GtpEngine, FinalScoreIgnoresAnOwnershipHeadThatWasNeverTrained) {
  // The fake network claims every point for White with certainty. A head
  // trained on human records never learned ownership: unless the model
  // says it did, final_score neither searches nor listens to it.
  FakeGeneratorOptions fake;
  fake.ownership_value = -1.0f;  // Black to move: White owns everything
  const std::string path = WriteTempFile("split_untrained.sgf", SplitBoardSgf());
  FakeMoveGenerator generator(fake);
  GtpEngine engine(&generator, NineByNine());
  ASSERT_EQ(engine.Run(absl::StrCat("loadsgf ", path)), "= \n\n");
  EXPECT_EQ(engine.Run("final_score"), "= B+1.5\n\n");
  EXPECT_EQ(engine.Run("final_status_list dead"), "= B7\n\n");
  EXPECT_EQ(generator.searches(), 0);

  // A self-play model's head is averaged with the playouts, and this one's
  // certainty outweighs theirs: B7 lives, Black's wall dies.
  FakeMoveGenerator trained_generator(fake);
  EngineOptions options = NineByNine();
  options.network_ownership_trained = true;
  GtpEngine trained(&trained_generator, options);
  ASSERT_EQ(trained.Run(absl::StrCat("loadsgf ", path)), "= \n\n");
  EXPECT_EQ(trained.Run("final_status_list dead"), "= E9 E8 E7 E6 E5 E4 E3 E2 E1\n\n");
  EXPECT_EQ(trained_generator.searches(), 1);
}

TEST(GtpEngine, PlaysOnAfterTheOpponentPassesWhenBehindButNotDecided) {
  FakeMoveGenerator generator;
  GtpEngine engine(&generator, NineByNine());
  // A small lead for White on a board with plenty of neutral points.
  engine.Run("play b E5");
  engine.Run("play w pass");
  const std::string white_reply = engine.Run("genmove w");
  EXPECT_NE(white_reply, "= pass\n\n");
}

TEST(GtpEngine, TrompTaylorCapturesDeadStonesBeforePassing) {
  FakeGeneratorOptions fake;
  fake.always_pass = true;
  FakeMoveGenerator generator(fake);
  EngineOptions options = NineByNine();
  options.rules = RuleSet::kTrompTaylor;
  GtpEngine engine(&generator, options);
  ASSERT_EQ(engine.Run(absl::StrCat("loadsgf ", WriteTempFile("split_tt.sgf", SplitBoardSgf()),
                                    " 1")),
            "= \n\n");
  // The raw count loses (Black's area touches the dead stone); passing
  // would hand White the game. Black captures B7 first.
  int black_moves = 0;
  while (black_moves < 10) {
    engine.Run("play w pass");
    const std::string reply = engine.Run("genmove b");
    if (reply == "= pass\n\n") break;
    ++black_moves;
    const std::string vertex = reply.substr(2, reply.size() - 4);
    const Point p = *GtpToPoint(vertex, 9);
    const Point b7 = *GtpToPoint("B7", 9);
    EXPECT_TRUE(p == b7 - 1 || p == b7 + 1 || p == b7 - kStride || p == b7 + kStride) << vertex;
  }
  EXPECT_EQ(black_moves, 4);
  EXPECT_EQ(engine.game().board().at(*GtpToPoint("B7", 9)), Color::kEmpty);
  EXPECT_EQ(engine.Run("final_score"), "= B+1.5\n\n");
}

TEST(GtpEngine, ChineseRulesPassWithoutCleanup) {
  FakeGeneratorOptions fake;
  fake.always_pass = true;
  FakeMoveGenerator generator(fake);
  GtpEngine engine(&generator, NineByNine());
  ASSERT_EQ(engine.Run(absl::StrCat("loadsgf ", WriteTempFile("split_cn.sgf", SplitBoardSgf()),
                                    " 1")),
            "= \n\n");
  engine.Run("play w pass");
  EXPECT_EQ(engine.Run("genmove b"), "= pass\n\n");
}

TEST(GtpEngine, KgsCleanupCapturesInsteadOfPassing) {
  FakeGeneratorOptions fake;
  fake.always_pass = true;
  FakeMoveGenerator generator(fake);
  GtpEngine engine(&generator, NineByNine());
  ASSERT_EQ(engine.Run(absl::StrCat("loadsgf ", WriteTempFile("split_kgs.sgf", SplitBoardSgf()))),
            "= \n\n");
  EXPECT_TRUE(engine.game().IsOver());
  int moves = 0;
  for (; moves < 10; ++moves) {
    const std::string reply = engine.Run("kgs-genmove_cleanup b");
    if (reply == "= pass\n\n") break;
    engine.Run("play w pass");
  }
  EXPECT_EQ(moves, 4);
  EXPECT_EQ(engine.game().board().at(*GtpToPoint("B7", 9)), Color::kEmpty);
  EXPECT_EQ(engine.Run("final_status_list dead"), "= \n\n");
}

TEST(GtpEngine, NoEarlyPassWhileTheOpponentPlaysOn) {
  FakeGeneratorOptions fake;
  fake.always_pass = true;  // pass is the search's first choice
  FakeMoveGenerator generator(fake);
  EngineOptions options = NineByNine();
  options.no_pass_before_move = 6;
  GtpEngine engine(&generator, options);
  for (int i = 0; i < 6; ++i) {
    EXPECT_NE(engine.Run(i % 2 == 0 ? "genmove b" : "genmove w"), "= pass\n\n") << i;
  }
  EXPECT_EQ(engine.Run("genmove b"), "= pass\n\n");  // move 7: allowed now
}

TEST(GtpEngine, HandicapCommands) {
  FakeMoveGenerator generator;
  GtpEngine engine(&generator, NineByNine());
  EXPECT_EQ(engine.Run("fixed_handicap 10"),
            "? invalid number of stones: invalid fixed handicap 10 on 9x9 (2 to 9 stones)\n\n");
  const std::string placed = engine.Run("place_free_handicap 3");
  ASSERT_THAT(placed, StartsWith("= "));
  EXPECT_EQ(absl::StrSplit(placed.substr(2, placed.size() - 4), ' ').begin()->size(), 2u);
  EXPECT_EQ(engine.game().board().stone_count(Color::kBlack), 3);
  EXPECT_EQ(engine.game().to_play(), Color::kWhite);
  EXPECT_EQ(engine.Run("undo"), "? cannot undo\n\n");  // handicap is not a move
  EXPECT_EQ(engine.Run("set_free_handicap A1 B2"), "? board not empty\n\n");
  engine.Run("clear_board");
  EXPECT_THAT(engine.Run("set_free_handicap A1 A1"), StartsWith("? bad vertex list"));
  EXPECT_EQ(engine.Run("set_free_handicap A1 zz"), "? syntax error: invalid vertex 'zz'\n\n");
  EXPECT_EQ(engine.Run("set_free_handicap A1 B2"), "= \n\n");
  EXPECT_EQ(engine.game().handicap(), 2);
  // printsgf keeps the handicap stones as setup.
  EXPECT_THAT(engine.Run("printsgf"), HasSubstr("AB[ai][bh]"));
}

TEST(GtpEngine, ShowboardDrawsTheBoard) {
  FakeMoveGenerator generator;
  EngineOptions options = NineByNine();
  options.board_size = 5;
  GtpEngine engine(&generator, options);
  engine.Run("play b C3");
  engine.Run("play w D4");
  EXPECT_EQ(engine.Run("showboard"),
            "= \n"
            "   A B C D E\n"
            " 5 . . . . . 5\n"
            " 4 . . .(O . 4\n"
            " 3 . . X . . 3\n"
            " 2 . . . . . 2\n"
            " 1 . . . . . 1\n"
            "   A B C D E\n"
            "Black (X) has captured 0 stones, White (O) has captured 0 stones\n"
            "Black to play, move 3, komi 7.5, Chinese rules\n\n");
}

TEST(GtpEngine, PrintSgfAndLoadSgfRoundTrip) {
  FakeMoveGenerator generator;
  GtpEngine engine(&generator, NineByNine());
  engine.Run("komi 5.5");
  for (int i = 0; i < 6; ++i) engine.Run(i % 2 == 0 ? "genmove b" : "genmove w");
  const std::string path = tengen::testing::TempFilePath("printed.sgf");
  ASSERT_EQ(engine.Run("printsgf " + path), "= \n\n");
  const std::string text = engine.Run("printsgf");
  ASSERT_THAT(text, StartsWith("= (;"));
  EXPECT_THAT(text, HasSubstr("KM[5.5]"));
  const std::vector<MoveRecord> moves = engine.game().moves();

  GtpEngine other(&generator, NineByNine());
  ASSERT_EQ(other.Run("loadsgf " + path), "= \n\n");
  ASSERT_EQ(other.game().moves().size(), moves.size());
  for (size_t i = 0; i < moves.size(); ++i) EXPECT_EQ(other.game().moves()[i].point, moves[i].point);
  EXPECT_EQ(other.game().rules().komi, 5.5f);
  // With a move number: the position before that move, its colour to play.
  ASSERT_EQ(other.Run("loadsgf " + path + " 4"), "= \n\n");
  EXPECT_EQ(other.game().move_number(), 3);
  EXPECT_EQ(other.game().to_play(), Color::kWhite);
  EXPECT_THAT(other.Run("loadsgf " + path + " 0"), StartsWith("? syntax error"));
  EXPECT_THAT(other.Run("loadsgf /nonexistent/file.sgf"), StartsWith("? cannot load file"));
  const std::string garbage = WriteTempFile("garbage.sgf", "(;SZ[9];B[zz]");
  EXPECT_THAT(other.Run("loadsgf " + garbage), StartsWith("? cannot load file"));
  const std::string big = WriteTempFile("big.sgf", "(;SZ[13];B[aa])");
  FakeGeneratorOptions nine_only;
  nine_only.only_size = 9;
  FakeMoveGenerator nine(nine_only);
  GtpEngine strict(&nine, NineByNine());
  EXPECT_THAT(strict.Run("loadsgf " + big), StartsWith("? unacceptable size"));
  EXPECT_THAT(strict.Run("boardsize 13"),
              StartsWith("? unacceptable size (the network plays 9x9 only)"));
  EXPECT_EQ(strict.game().size(), 9);
}

TEST(GtpEngine, TimeSettingsBoundTheThinkingTime) {
  FakeGeneratorOptions fake;
  fake.visit_time = absl::Milliseconds(1);
  FakeMoveGenerator generator(fake);
  EngineOptions options = NineByNine();
  options.visits = 1'000'000;  // the clock must stop the search
  GtpEngine engine(&generator, options);
  ASSERT_EQ(engine.Run("time_settings 0 1 1"), "= \n\n");  // 1 s per move
  absl::Time start = absl::Now();
  EXPECT_THAT(engine.Run("genmove b"), StartsWith("= "));
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  EXPECT_GT(absl::Now() - start, absl::Milliseconds(300));  // and it does use the time

  ASSERT_EQ(engine.Run("kgs-time_settings byoyomi 0 1 3"), "= \n\n");
  ASSERT_EQ(engine.Run("time_left w 1 3"), "= \n\n");
  start = absl::Now();
  EXPECT_THAT(engine.Run("genmove w"), StartsWith("= "));
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));

  EXPECT_EQ(engine.Run("time_left b x 0"), "? syntax error: time must be a number, got 'x'\n\n");
  EXPECT_THAT(engine.Run("kgs-time_settings hourglass 5"), StartsWith("? syntax error: unknown"));
  EXPECT_EQ(engine.Run("time_settings 1 2"),
            "? syntax error: time_settings takes 3 arguments, got 2\n\n");
}

TEST(GtpEngine, TimeManagedUsesTheClockInsteadOfVisits) {
  FakeGeneratorOptions fake;
  fake.visit_time = absl::Milliseconds(1);
  FakeMoveGenerator generator(fake);
  EngineOptions options = NineByNine();
  options.time_managed = true;
  options.visits = 5;
  GtpEngine engine(&generator, options);
  engine.Run("genmove b");  // no clock: visits apply
  EXPECT_EQ(generator.last_request().max_visits, 5);
  engine.Run("time_settings 3 0 0");
  engine.Run("genmove w");
  EXPECT_EQ(generator.last_request().max_visits, options.max_time_managed_visits);
}

// Interrupts after the given number of polls.
std::function<bool()> InterruptAfter(int polls) {
  auto count = std::make_shared<int>(0);
  return [count, polls] { return ++*count > polls; };
}

TEST(GtpEngine, LzAnalyzeStreamsInfoLinesUntilInterrupted) {
  FakeGeneratorOptions fake;
  fake.visit_time = absl::Milliseconds(1);
  FakeMoveGenerator generator(fake);
  GtpEngine engine(&generator, NineByNine());
  engine.Run("play b E5");
  StringOutput out;
  const absl::Time stop_at = absl::Now() + absl::Milliseconds(200);
  engine.Execute("7 lz-analyze b 2", out, [stop_at] { return absl::Now() >= stop_at; });
  const std::vector<std::string> lines = absl::StrSplit(out.text(), '\n');
  ASSERT_GE(lines.size(), 4u) << out.text();
  EXPECT_EQ(lines[0], "=7");
  for (size_t i = 1; i + 2 < lines.size(); ++i) {
    EXPECT_THAT(lines[i], StartsWith("info move ")) << i;
    EXPECT_THAT(lines[i], HasSubstr(" order 0 pv "));
  }
  EXPECT_GE(lines.size(), 5u);  // several reports in 200 ms at 20 ms
  EXPECT_TRUE(absl::EndsWith(out.text(), "\n\n"));
  // lz-analyze b made Black the side to move; the game is otherwise intact.
  EXPECT_EQ(engine.game().to_play(), Color::kBlack);
  EXPECT_EQ(engine.game().move_number(), 1);
  EXPECT_EQ(engine.Run("name"), "= tengen\n\n");
}

TEST(GtpEngine, GenmoveAnalyzeEndsWithPlay) {
  FakeGeneratorOptions fake;
  fake.visit_time = absl::Milliseconds(1);
  FakeMoveGenerator generator(fake);
  EngineOptions options = NineByNine();
  options.visits = 60;
  GtpEngine engine(&generator, options);
  StringOutput out;
  engine.Execute("lz-genmove_analyze b 1", out, nullptr);
  const std::vector<std::string> lines = absl::StrSplit(out.text(), '\n');
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0], "=");
  EXPECT_THAT(lines[lines.size() - 3], StartsWith("play "));
  EXPECT_TRUE(absl::EndsWith(out.text(), "\n\n"));
  const std::string vertex = lines[lines.size() - 3].substr(5);
  EXPECT_EQ(engine.game().move_number(), 1);
  EXPECT_EQ(PointToGtp(engine.game().moves()[0].point, 9), vertex);

  out.Clear();
  engine.Execute("kata-genmove_analyze w interval 1", out, nullptr);
  EXPECT_THAT(out.text(), HasSubstr("scoreLead"));
  EXPECT_EQ(engine.game().move_number(), 2);
}

TEST(GtpEngine, KataAnalyzeReportsOwnership) {
  FakeGeneratorOptions fake;
  fake.visit_time = absl::Milliseconds(1);
  fake.ownership_value = 0.25f;
  FakeMoveGenerator generator(fake);
  GtpEngine engine(&generator, NineByNine());
  engine.Run("play b E5");
  StringOutput out;
  engine.Execute("kata-analyze 1 ownership true", out, InterruptAfter(50));
  const std::vector<std::string> lines = absl::StrSplit(out.text(), '\n');
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "=");
  const std::string& last = lines[lines.size() - 3];
  ASSERT_THAT(last, HasSubstr(" ownership "));
  const std::vector<std::string> values =
      absl::StrSplit(last.substr(last.find(" ownership ") + 11), ' ');
  ASSERT_EQ(values.size(), 81u);
  EXPECT_EQ(values[0], "0.250000");
  EXPECT_EQ(values[80], "0.250000");
}

TEST(GtpEngine, AnalyzeErrorsAreOrdinaryFailures) {
  FakeMoveGenerator generator;
  GtpEngine engine(&generator, NineByNine());
  EXPECT_EQ(engine.Run("3 lz-analyze b 10 avoid b D4 1"),
            "?3 syntax error: unsupported analyze argument 'avoid'\n\n");
  EXPECT_EQ(engine.Run("lz-genmove_analyze"), "? syntax error: lz-genmove_analyze needs a color\n\n");
  EXPECT_EQ(engine.game().move_number(), 0);
}

TEST(GtpEngine, GarbageNeverBreaksTheEngine) {
  FakeMoveGenerator generator;
  GtpEngine engine(&generator, NineByNine());
  const std::vector<std::string> garbage = {
      "\xff\xfe\xfd",
      "play",
      "play b",
      "play b D4 D5",
      "play white J10",
      "play black A0",
      "play b i5",
      "play b resign",
      "genmove",
      "genmove purple",
      "boardsize -3",
      "boardsize 1",
      "boardsize 99999999999999999999",
      "komi nan",
      "komi inf",
      "komi 1e300",
      "time_left b -5 0",
      "fixed_handicap -1",
      "fixed_handicap 1",
      "place_free_handicap 100",
      "final_status_list",
      "loadsgf",
      "printsgf /nonexistent/dir/out.sgf",
      std::string(5000, 'x'),
      "lz-analyze interval",
      "kata-analyze b 10 ownership",
  };
  for (const std::string& line : garbage) {
    EXPECT_THAT(engine.Run(line), StartsWith("?")) << line;
  }
  EXPECT_EQ(engine.Run("play b D4"), "= \n\n");
  EXPECT_EQ(engine.game().move_number(), 1);
  EXPECT_EQ(engine.game().size(), 9);
}

}  // namespace
}  // namespace tengen::gtp
