#include "engine/search/search_driver.h"

#include <memory>
#include <thread>
#include <vector>

#include "absl/base/internal/raw_logging.h"
#include "engine/search/fake_backends.h"
#include "engine/search/search_test_util.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

// Game g is searched with NoisyOptionsWithSeed(g + 1) everywhere here.
struct NoisyGames {
  explicit NoisyGames(int games) {
    for (int g = 0; g < games; ++g) {
      owned.push_back(std::make_unique<Search>(Game(9), testing::NoisyOptionsWithSeed(g + 1)));
      ptrs.push_back(owned.back().get());
    }
  }
  std::vector<std::unique_ptr<Search>> owned;
  std::vector<Search*> ptrs;
};

struct ReferenceGame {
  std::vector<std::vector<std::pair<Point, int>>> root_visits;  // per move
  std::vector<Point> moves;  // chosen at temperature 1 after each search
};

// Each search's own sequence of selections and results does not depend on
// how the driver interleaves searches, so batched runs equal single runs.
std::vector<ReferenceGame> ReferenceRuns(int games, int visits, int moves = 1) {
  std::vector<ReferenceGame> out(games);
  for (int g = 0; g < games; ++g) {
    AreaCountBackend backend(9, 1);
    Search s(Game(9), testing::NoisyOptionsWithSeed(g + 1));
    for (int m = 0; m < moves; ++m) {
      s.Run(backend, visits);
      out[g].root_visits.push_back(testing::RootVisits(s));
      out[g].moves.push_back(s.ChooseMove(1.0f).move);
      ABSL_RAW_CHECK(s.Advance(out[g].moves.back()).ok(), "the reference game's move is illegal");
    }
  }
  return out;
}

TEST(LockstepDriverTest, BatchedGamesEqualSingleGameRuns) {
  constexpr int kGames = 6;
  constexpr int kVisits = 120;
  const auto reference = ReferenceRuns(kGames, kVisits);
  AreaCountBackend backend(9, 4);  // batches smaller than the number of games
  LockstepDriver driver(&backend, 1);
  NoisyGames games(kGames);
  const std::vector<Search*>& ptrs = games.ptrs;
  for (Search* s : ptrs) s->SetTargetVisits(kVisits);
  driver.RunUntilDone(ptrs);
  for (int g = 0; g < kGames; ++g) {
    EXPECT_TRUE(ptrs[g]->Done());
    EXPECT_EQ(ptrs[g]->root_visits(), kVisits);
    EXPECT_EQ(testing::RootVisits(*ptrs[g]), reference[g].root_visits[0]) << "game " << g;
  }
  EXPECT_EQ(driver.positions(), kGames * kVisits);
  EXPECT_EQ(backend.positions_evaluated(), kGames * kVisits);
  EXPECT_GE(driver.batches(), kGames * kVisits / 4);
}

// Rounds over this many searches come with prefetch hints, which must
// change nothing, also over several moves of tree reuse (the hints then
// point into reused and discarded trees).
TEST(LockstepDriverTest, PrefetchingRoundsOverManyGamesEqualSingleGameRuns) {
  constexpr int kGames = 24;
  constexpr int kVisits = 40;
  constexpr int kMoves = 4;
  const auto reference = ReferenceRuns(kGames, kVisits, kMoves);
  AreaCountBackend backend(9, 10);
  LockstepDriver driver(&backend, 1);
  NoisyGames games(kGames);
  const std::vector<Search*>& ptrs = games.ptrs;
  for (int m = 0; m < kMoves; ++m) {
    for (Search* s : ptrs) s->SetTargetVisits(kVisits);
    driver.RunUntilDone(ptrs);
    for (int g = 0; g < kGames; ++g) {
      Search& s = *ptrs[g];
      ASSERT_EQ(testing::RootVisits(s), reference[g].root_visits[m]) << "game " << g << " move " << m;
      ASSERT_TRUE(s.CheckInvariants().ok()) << s.CheckInvariants();
      const Point move = s.ChooseMove(1.0f).move;
      ASSERT_EQ(move, reference[g].moves[m]) << "game " << g << " move " << m;
      ASSERT_TRUE(s.Advance(move).ok());
    }
  }
}

TEST(LockstepDriverTest, SeveralLeavesPerSearchAndMovesInLockstep) {
  constexpr int kGames = 5;
  AreaCountBackend backend(9, 32);
  LockstepDriver driver(&backend, 4);
  NoisyGames games(kGames);
  const std::vector<Search*>& ptrs = games.ptrs;
  for (int move = 0; move < 6; ++move) {
    for (Search* s : ptrs) s->SetTargetVisits(64);
    driver.RunUntilDone(ptrs);
    for (Search* s : ptrs) {
      ASSERT_EQ(s->root_visits(), 64);
      ASSERT_TRUE(s->CheckInvariants().ok()) << s->CheckInvariants();
      ASSERT_TRUE(s->Advance(s->ChooseMove(1.0f).move).ok());
    }
  }
  for (Search* s : ptrs) EXPECT_EQ(s->game().move_number(), 6);
}

TEST(RunSearchesWithEvaluatorTest, ThreadsSharingOneEvaluatorGetTheSingleRunResults) {
  constexpr int kThreads = 4;
  constexpr int kGamesPerThread = 3;
  constexpr int kVisits = 60;
  const auto reference = ReferenceRuns(kThreads * kGamesPerThread, kVisits);
  AreaCountBackend backend(9, 8);
  NoisyGames games(kThreads * kGamesPerThread);
  const std::vector<Search*>& searches = games.ptrs;
  for (Search* s : searches) s->SetTargetVisits(kVisits);
  {
    BatchingEvaluator evaluator(&backend, {.max_batch_size = 8, .timeout_us = 100});
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        std::vector<Search*> mine;
        for (int k = 0; k < kGamesPerThread; ++k) mine.push_back(searches[t * kGamesPerThread + k]);
        RunSearchesWithEvaluator(mine, evaluator, 1);
      });
    }
    for (auto& th : threads) th.join();
  }
  for (size_t g = 0; g < searches.size(); ++g) {
    EXPECT_EQ(searches[g]->root_visits(), kVisits);
    EXPECT_EQ(testing::RootVisits(*searches[g]), reference[g].root_visits[0]) << "game " << g;
  }
  EXPECT_EQ(backend.positions_evaluated(), kThreads * kGamesPerThread * kVisits);
}

TEST(RunSearchesWithEvaluatorTest, SharedCacheAcrossThreads) {
  // Identical games share one cache. The first runs alone and fills it; the
  // others then run concurrently and are answered from it.
  constexpr int kThreads = 4;
  constexpr int kVisits = 80;
  AreaCountBackend backend(9, 16);
  PositionCache cache(1 << 14, 16);
  SearchOptions o;
  o.resign_threshold = -2;
  std::vector<std::unique_ptr<Search>> searches;
  for (int t = 0; t < kThreads; ++t) {
    searches.push_back(std::make_unique<Search>(Game(9), o, &cache));
    searches.back()->SetTargetVisits(kVisits);
  }
  {
    BatchingEvaluator evaluator(&backend, {.max_batch_size = 16, .timeout_us = 100});
    Search* first[] = {searches[0].get()};
    RunSearchesWithEvaluator(first, evaluator, 1);
    std::vector<std::thread> threads;
    for (int t = 1; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        Search* mine[] = {searches[t].get()};
        RunSearchesWithEvaluator(mine, evaluator, 1);
      });
    }
    for (auto& th : threads) th.join();
  }
  int64_t hits = 0;
  for (const auto& s : searches) {
    EXPECT_EQ(s->root_visits(), kVisits);
    EXPECT_TRUE(s->CheckInvariants().ok());
    hits += s->counters().cache_hits;
  }
  EXPECT_EQ(backend.positions_evaluated() + hits, kThreads * kVisits);
  EXPECT_EQ(hits, (kThreads - 1) * kVisits);  // one leaf at a time: the same trees
  for (int t = 1; t < kThreads; ++t) EXPECT_EQ(testing::RootVisits(*searches[t]), testing::RootVisits(*searches[0]));
}

}  // namespace
}  // namespace tengen
