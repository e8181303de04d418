#include "engine/gtp/mcts_move_generator.h"

#include <cstdlib>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "engine/gtp/gtp_engine.h"
#include "engine/rules/coords.h"
#include "engine/search/fake_backends.h"

namespace tengen::gtp {
namespace {

using ::testing::StartsWith;

TEST(MctsMoveGenerator, SearchesTheGivenPositionWithinTheVisitBudget) {
  AreaCountBackend backend(9, 8);
  MctsMoveGenerator generator(&backend, MctsMoveGenerator::DefaultSearchOptions());
  Game game(9);
  ASSERT_TRUE(game.Play(*GtpToPoint("E5", 9)).ok());
  SearchRequest request;
  request.max_visits = 50;
  request.want_ownership = true;
  const SearchReport report = generator.Search(game, request);
  EXPECT_EQ(report.root_visits, 50);
  ASSERT_FALSE(report.candidates.empty());
  int64_t child_visits = 0;
  int unvisited = 0;
  for (const CandidateMove& c : report.candidates) {
    EXPECT_TRUE(game.IsLegal(c.move)) << PointToGtp(c.move, 9);
    if (c.visits == 0) {
      ++unvisited;  // fallbacks by prior, after every visited move
      EXPECT_NE(c.move, kPass);
    } else {
      EXPECT_EQ(unvisited, 0);
    }
    ASSERT_FALSE(c.pv.empty());
    EXPECT_EQ(c.pv[0], c.move);
    EXPECT_GE(c.winrate, 0.0f);
    EXPECT_LE(c.winrate, 1.0f);
    EXPECT_LE(c.lcb, c.winrate);
    child_visits += c.visits;
  }
  EXPECT_EQ(child_visits, 49);  // every visit but the root's own
  EXPECT_EQ(unvisited, 4);
  EXPECT_EQ(report.ownership.size(), 81u);
  EXPECT_EQ(backend.board_size(), 9);
  EXPECT_TRUE(generator.SupportsBoardSize(9).ok());
  EXPECT_FALSE(generator.SupportsBoardSize(19).ok());
}

TEST(MctsMoveGenerator, StopsWhenAskedAndReportsPeriodically) {
  AreaCountBackend backend(9, 4);
  MctsMoveGenerator generator(&backend, MctsMoveGenerator::DefaultSearchOptions(),
                              MctsGeneratorOptions{.leaves_per_batch = 4});
  Game game(9);
  int polls = 0;
  int reports = 0;
  SearchRequest request;
  request.max_visits = 1'000'000;
  request.should_stop = [&polls] { return ++polls > 30; };
  request.report_interval = absl::ZeroDuration();
  request.on_report = [&reports](const SearchReport& r) {
    ++reports;
    EXPECT_GT(r.root_visits, 0);
  };
  const SearchReport report = generator.Search(game, request);
  EXPECT_LE(report.root_visits, 31 * 4 + 2);
  EXPECT_GT(report.root_visits, 30);
  EXPECT_GT(reports, 10);
  EXPECT_TRUE(report.ownership.empty());
}

TEST(MctsMoveGenerator, PeriodicReportsCarryOwnershipWhenAsked) {
  AreaCountBackend backend(9, 4);
  MctsMoveGenerator generator(&backend, MctsMoveGenerator::DefaultSearchOptions());
  Game game(9);
  SearchRequest request;
  request.max_visits = 40;
  request.want_ownership = true;
  generator.Search(game, request);  // the next search reuses this root
  ASSERT_TRUE(game.Play(*GtpToPoint("E5", 9)).ok());
  int reports = 0;
  request.max_visits = 200;
  request.report_interval = absl::ZeroDuration();
  request.on_report = [&reports](const SearchReport& r) {
    ++reports;
    EXPECT_EQ(r.ownership.size(), 81u);
  };
  const SearchReport last = generator.Search(game, request);
  EXPECT_GT(reports, 0);
  EXPECT_EQ(last.ownership.size(), 81u);
}

TEST(MctsMoveGenerator, ReusesTheTreeAcrossMoves) {
  AreaCountBackend backend(9, 8);
  MctsMoveGenerator generator(&backend, MctsMoveGenerator::DefaultSearchOptions());
  Game game(9);
  SearchRequest request;
  request.max_visits = 200;
  const SearchReport first = generator.Search(game, request);
  ASSERT_FALSE(first.candidates.empty());
  const Point best = first.candidates[0].move;
  ASSERT_TRUE(game.Play(best).ok());
  generator.Search(game, request);
  EXPECT_GT(generator.reused_visits(), 0);
  // An unrelated position is searched from scratch.
  const int64_t reused = generator.reused_visits();
  Game other(9);
  ASSERT_TRUE(other.Play(*GtpToPoint("A1", 9)).ok());
  ASSERT_TRUE(other.Play(*GtpToPoint("J9", 9)).ok());
  ASSERT_NE(best, *GtpToPoint("A1", 9));
  const SearchReport fresh = generator.Search(other, request);
  EXPECT_EQ(generator.reused_visits(), reused);
  EXPECT_EQ(fresh.root_visits, 200);
  // A playout budget limits the new visits on top of a reused tree.
  request.max_playouts = 10;
  ASSERT_TRUE(other.Play(fresh.candidates[0].move).ok());
  const SearchReport capped = generator.Search(other, request);
  EXPECT_LE(capped.root_visits, fresh.candidates[0].visits + 10);
}

TEST(MctsMoveGenerator, DrivesAWholeGtpGame) {
  AreaCountBackend backend(9, 8);
  MctsMoveGenerator generator(&backend, MctsMoveGenerator::DefaultSearchOptions(),
                              MctsGeneratorOptions{.leaves_per_batch = 2});
  EngineOptions options;
  options.board_size = 9;
  options.visits = 24;
  options.resign_threshold = 0;
  options.rules = RuleSet::kTrompTaylor;
  GtpEngine engine(&generator, options);
  EXPECT_EQ(engine.Run("boardsize 9"), "= \n\n");
  EXPECT_EQ(engine.Run("boardsize 19"), "? unacceptable size (the network plays 9x9 only)\n\n");
  int moves = 0;
  while (!engine.game().IsOver() && moves < 300) {
    const std::string reply = engine.Run(moves % 2 == 0 ? "genmove b" : "genmove w");
    ASSERT_THAT(reply, StartsWith("= ")) << reply;
    ASSERT_NE(reply, "= resign\n\n");
    ++moves;
  }
  EXPECT_TRUE(engine.game().IsOver()) << engine.Run("showboard");
  const std::string score = engine.Run("final_score");
  EXPECT_THAT(score, ::testing::MatchesRegex("= (B|W)\\+[0-9.]+\n\n|= 0\n\n"));
  // Tromp-Taylor: the engine never passes into a lost raw count, so the
  // winner's final count is the raw count.
  const Score raw = AreaScore(engine.game().board(), engine.game().rules().komi);
  EXPECT_EQ(score, absl::StrCat("= ", ResultString(raw.margin()), "\n\n"));
}

// A game with set-up stones (AB) after move 30, loaded over GTP: the
// search's short base game replays the recent moves over the set-up
// position, which once wrote a stone over a stone (UBSan: index -1 into
// the board's empty list) before falling back to a copy of the game.
TEST(MctsMoveGenerator, GenmoveAfterLoadingSetupStonesLateInTheGame) {
  const char* source_dir = std::getenv("TENGEN_SOURCE_DIR");
  const std::string path =
      absl::StrCat(source_dir != nullptr ? source_dir : ".", "/sgf_data/valid/setup_late_9x9.sgf");
  AreaCountBackend backend(9, 8);
  MctsMoveGenerator generator(&backend, MctsMoveGenerator::DefaultSearchOptions());
  EngineOptions options;
  options.board_size = 9;
  options.visits = 32;
  GtpEngine engine(&generator, options);
  // " 31": up to the AB node (the set-up is the last step); then the whole
  // game (two moves after it).
  for (const std::string& load :
       {absl::StrCat("loadsgf ", path, " 31"), absl::StrCat("loadsgf ", path)}) {
    ASSERT_EQ(engine.Run(load), "= \n\n") << load;
    for (const char* colour : {"b", "w", "b"}) {
      const std::string reply = engine.Run(absl::StrCat("genmove ", colour));
      ASSERT_THAT(reply, ::testing::MatchesRegex("= ([A-HJ][1-9]|pass|resign)\n\n")) << load;
    }
  }
}

TEST(MctsMoveGenerator, AnalysisKeepsSearchingUntilInterrupted) {
  AreaCountBackend backend(9, 8);
  MctsMoveGenerator generator(&backend, MctsMoveGenerator::DefaultSearchOptions());
  EngineOptions options;
  options.board_size = 9;
  options.visits = 8;
  GtpEngine engine(&generator, options);
  for (const char* setup : {"genmove b", "genmove w"}) {
    engine.Run(setup);
    StringOutput out;
    const absl::Time stop_at = absl::Now() + absl::Milliseconds(300);
    engine.Execute("lz-analyze 1", out, [stop_at] { return absl::Now() >= stop_at; });
    const std::vector<std::string> lines = absl::StrSplit(out.text(), '\n');
    ASSERT_GE(lines.size(), 3u) << out.text();
    const std::string& last = lines[lines.size() - 3];
    // Far beyond the 8 visits of a move: analysis is bounded by the
    // interruption only (thousands of visits in 300 ms).
    int visits = 0;
    for (absl::string_view token : absl::StrSplit(last, " visits ")) {
      int v = 0;
      if (absl::SimpleAtoi(token.substr(0, token.find(' ')), &v)) visits += v;
    }
    EXPECT_GT(visits, 200) << last.substr(0, 200);
  }
}

}  // namespace
}  // namespace tengen::gtp
