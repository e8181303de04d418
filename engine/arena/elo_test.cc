#include "engine/arena/elo.h"

#include <cmath>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::arena {
namespace {

// A double round robin among players with known ratings and a known
// first-move advantage, outcomes drawn from the model.
std::vector<GameResult> Simulate(const std::vector<double>& truth, double h, int games_per_pair, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<GameResult> results;
  for (size_t i = 0; i < truth.size(); ++i) {
    for (size_t j = 0; j < truth.size(); ++j) {
      if (i == j) continue;
      for (int g = 0; g < games_per_pair / 2; ++g) {
        const double p = 1 / (1 + std::pow(10, -(truth[i] + h - truth[j]) / 400));
        GameResult r;
        r.black = "p" + std::to_string(i);
        r.white = "p" + std::to_string(j);
        r.winner = std::bernoulli_distribution(p)(rng) ? Winner::kBlack : Winner::kWhite;
        results.push_back(r);
      }
    }
  }
  return results;
}

const PlayerRating& Find(const RatingTable& t, const std::string& name) {
  for (const PlayerRating& p : t.players) {
    if (p.name == name) return p;
  }
  ADD_FAILURE() << name;
  return t.players[0];
}

TEST(EloTest, RecoversKnownRatingsAndTheFirstMoveAdvantage) {
  const std::vector<double> truth = {0, 150, -200, 400};
  EloOptions o;
  o.anchors["p0"] = 0;
  o.prior_draws = 0;
  absl::StatusOr<RatingTable> t = FitRatings(Simulate(truth, 60, 600, 3), o);
  ASSERT_TRUE(t.ok()) << t.status();
  for (int i = 0; i < 4; ++i) {
    const PlayerRating& p = Find(*t, "p" + std::to_string(i));
    EXPECT_NEAR(p.elo, truth[i], 35) << p.name;
    if (i > 0) EXPECT_LT(p.high - p.low, 80) << p.name;
  }
  EXPECT_NEAR(t->first_move_elo, 60, 20);
  EXPECT_EQ(t->players[0].name, "p3");  // strongest first
  EXPECT_GT(t->Los(0, 1), 0.999);
}

TEST(EloTest, AboutNinetyFivePercentOfIntervalsCoverTheTruth) {
  const std::vector<double> truth = {0, 80, -120, 250, 30};
  int covered = 0, total = 0;
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    EloOptions o;
    o.anchors["p0"] = 0;
    o.prior_draws = 0;
    absl::StatusOr<RatingTable> t = FitRatings(Simulate(truth, 40, 40, seed), o);
    ASSERT_TRUE(t.ok()) << t.status();
    for (int i = 1; i < 5; ++i) {
      const PlayerRating& p = Find(*t, "p" + std::to_string(i));
      covered += p.low <= truth[i] && truth[i] <= p.high ? 1 : 0;
      ++total;
    }
  }
  // 400 intervals: a binomial(400, 0.95) stays within 90%..99% with room to spare.
  EXPECT_GE(covered, 360) << covered << "/" << total;
  EXPECT_LE(covered, 396) << covered << "/" << total;
}

TEST(EloTest, BootstrapIntervalsAgreeWithTheHessianOnes) {
  EloOptions o;
  o.anchors["p0"] = 0;
  o.prior_draws = 0;
  const std::vector<GameResult> games = Simulate({0, 100, -100}, 30, 200, 9);
  absl::StatusOr<RatingTable> hessian = FitRatings(games, o);
  o.bootstrap_samples = 200;
  absl::StatusOr<RatingTable> bootstrap = FitRatings(games, o);
  ASSERT_TRUE(hessian.ok() && bootstrap.ok());
  for (int i = 0; i < 3; ++i) {
    const PlayerRating& a = hessian->players[i];
    const PlayerRating& b = bootstrap->players[i];
    EXPECT_EQ(a.name, b.name);
    if (a.anchored) continue;
    EXPECT_NEAR(b.high - b.low, a.high - a.low, 0.25 * (a.high - a.low)) << a.name;
  }
}

TEST(EloTest, DefaultAnchorsAndPerfectScores) {
  // GNU Go level 10 sits at 431 when it played; a perfect score stays finite.
  std::vector<GameResult> games;
  for (int g = 0; g < 20; ++g) {
    games.push_back({g % 2 ? "gnugo:10" : "net", g % 2 ? "net" : "gnugo:10", g % 2 ? Winner::kWhite : Winner::kBlack,
                     "B+R", 100, std::to_string(g)});
    games.push_back({"random", "gnugo:10", Winner::kWhite, "W+R", 80, "r" + std::to_string(g)});
  }
  absl::StatusOr<RatingTable> t = FitRatings(games, EloOptions{});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->anchor_description, "gnugo:10 = 431");
  EXPECT_DOUBLE_EQ(Find(*t, "gnugo:10").elo, 431);
  EXPECT_TRUE(std::isfinite(Find(*t, "net").elo));
  EXPECT_GT(Find(*t, "net").elo, 431 + 300);
  EXPECT_LT(Find(*t, "random").elo, 431 - 300);
  EXPECT_THAT(FormatRatingTable(*t), ::testing::HasSubstr("net"));
  // Without GNU Go, random is 0; with neither, the mean is.
  games.resize(0);
  games.push_back({"random", "a", Winner::kWhite, "W+R", 10, "1"});
  games.push_back({"a", "random", Winner::kBlack, "B+R", 10, "2"});
  absl::StatusOr<RatingTable> r = FitRatings(games, EloOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(Find(*r, "random").elo, 0);
  games[0].black = "b";
  games[1].white = "b";
  absl::StatusOr<RatingTable> m = FitRatings(games, EloOptions{});
  ASSERT_TRUE(m.ok());
  EXPECT_NEAR(Find(*m, "a").elo + Find(*m, "b").elo, 0, 1e-6);
  EloOptions missing;
  missing.anchors["nobody"] = 0;
  EXPECT_FALSE(FitRatings(games, missing).ok());
}

TEST(EloTest, OneColourWinningEveryGameKeepsTheColourTermFinite) {
  // White won every game (a tiny arena against a strong engine, or forfeits).
  const std::vector<GameResult> games = {{"dies", "random", Winner::kWhite, "W+F", 4, "1"},
                                         {"hangs", "random", Winner::kWhite, "W+F", 4, "2"},
                                         {"random", "dies", Winner::kWhite, "W+88", 134, "3"},
                                         {"random", "hangs", Winner::kWhite, "W+88", 156, "4"}};
  absl::StatusOr<RatingTable> t = FitRatings(games, EloOptions{});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(std::isfinite(t->first_move_elo));
  EXPECT_LT(t->first_move_elo, 0);
  EXPECT_DOUBLE_EQ(Find(*t, "random").elo, 0);
  EXPECT_NEAR(Find(*t, "dies").elo, Find(*t, "hangs").elo, 1e-6);
}

}  // namespace
}  // namespace tengen::arena
