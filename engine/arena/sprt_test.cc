#include "engine/arena/sprt.h"

#include <cmath>
#include <random>

#include "gtest/gtest.h"

namespace tengen::arena {
namespace {

TEST(SprtTest, BoundsAreCutechessOnes) {
  const SprtState s = EvaluateSprt(SprtParameters{}, 0, 0);
  EXPECT_NEAR(s.lower, std::log(0.05 / 0.95), 1e-12);
  EXPECT_NEAR(s.upper, std::log(0.95 / 0.05), 1e-12);
  EXPECT_EQ(s.decision, SprtDecision::kContinue);
  EXPECT_EQ(s.llr, 0);
}

TEST(SprtTest, LlrFollowsTheBinomialFormula) {
  const SprtParameters p{0, 35, 0.05, 0.05};
  const double p1 = 1 / (1 + std::pow(10, -35 / 400.0));
  const SprtState s = EvaluateSprt(p, 60, 40, 2);
  EXPECT_NEAR(s.llr, 61 * std::log(p1 / 0.5) + 41 * std::log((1 - p1) / 0.5), 1e-9);
}

// Decides how a stream of games with a true score of `p` ends.
SprtDecision DecideStream(double p, uint64_t seed, int* games) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution win(p);
  int w = 0, l = 0;
  for (*games = 0; *games < 20000; ++*games) {
    (win(rng) ? w : l) += 1;
    const SprtState s = EvaluateSprt(SprtParameters{0, 35, 0.05, 0.05}, w, l);
    if (s.decision != SprtDecision::kContinue) return s.decision;
  }
  return SprtDecision::kContinue;
}

TEST(SprtTest, AcceptsAndRejectsSyntheticStreamsWithinItsErrorRates) {
  int wrong_accepts = 0, wrong_rejects = 0, games = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    // A candidate 70 Elo stronger (score 0.60) should pass; an equal one should not.
    wrong_rejects += DecideStream(0.60, seed, &games) != SprtDecision::kAcceptH1 ? 1 : 0;
    wrong_accepts += DecideStream(0.50, 1000 + seed, &games) == SprtDecision::kAcceptH1 ? 1 : 0;
  }
  // alpha = beta = 0.05 at the hypotheses themselves; further out the errors are rarer.
  EXPECT_LE(wrong_accepts, 15);
  EXPECT_LE(wrong_rejects, 6);
  // A much weaker candidate is rejected quickly.
  EXPECT_EQ(DecideStream(0.30, 7, &games), SprtDecision::kAcceptH0);
  EXPECT_LT(games, 200);  // about 65 expected: 2.94 / 0.045 per game
}

}  // namespace
}  // namespace tengen::arena
