#include "engine/search/gumbel.h"

#include <cmath>
#include <numeric>
#include <vector>

#include "gtest/gtest.h"

namespace tengen {
namespace {

TEST(ConsideredVisitSequenceTest, MatchesTheReferenceSchedule) {
  // Worked by hand from mctx's get_sequence_of_considered_visits.
  EXPECT_EQ(ConsideredVisitSequence(8, 16),
            (std::vector<int>{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3}));
  EXPECT_EQ(ConsideredVisitSequence(4, 8), (std::vector<int>{0, 0, 0, 0, 1, 1, 2, 2}));
  EXPECT_EQ(ConsideredVisitSequence(1, 4), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(ConsideredVisitSequence(2, 5), (std::vector<int>{0, 0, 1, 1, 2}));
  EXPECT_TRUE(ConsideredVisitSequence(16, 0).empty());
}

TEST(ConsideredVisitSequenceTest, EveryPhaseGivesTheSurvivorsEqualVisits) {
  // Replaying the schedule: the action visited at step i is one with exactly
  // sequence[i] visits; counting how many actions reach each level shows the
  // halving 16 -> 8 -> 4 -> 2.
  const std::vector<int> seq = ConsideredVisitSequence(16, 200);
  ASSERT_EQ(seq.size(), 200u);
  std::vector<int> reached(64, 0);
  for (int v : seq) ++reached[v];
  EXPECT_EQ(reached[0], 16);
  EXPECT_EQ(reached[1], 16);  // 200 / (4 * 16) = 3 visits each in phase one
  EXPECT_EQ(reached[2], 16);
  EXPECT_EQ(reached[3], 8);
  EXPECT_LE(reached[40], 2);
}

TEST(CompletedQTest, UnvisitedActionsGetTheMixedValue) {
  // Two visited actions and one unvisited.
  const std::vector<float> prior = {0.5f, 0.3f, 0.2f};
  const std::vector<float> q = {0.8f, -0.2f, 123.0f};  // the last is ignored
  const std::vector<float> visits = {3, 1, 0};
  const float raw = 0.1f;
  const std::vector<float> sigma = CompletedQSigma(prior, q, visits, raw, 50.0f, 1.0f);
  // v_mix = (0.1 + 4 * (0.5*0.8 + 0.3*-0.2) / 0.8) / 5
  const float v_mix = (0.1f + 4 * (0.5f * 0.8f + 0.3f * -0.2f) / 0.8f) / 5;
  const float scale = 50.0f + 3.0f;
  const float lo = -0.2f, hi = 0.8f;
  EXPECT_NEAR(sigma[0], scale * (0.8f - lo) / (hi - lo), 1e-4);
  EXPECT_NEAR(sigma[1], 0.0f, 1e-4);
  EXPECT_NEAR(sigma[2], scale * (v_mix - lo) / (hi - lo), 1e-4);
}

TEST(CompletedQTest, ImprovedPolicyIsADistributionFavouringHighQ) {
  const std::vector<float> prior = {0.7f, 0.2f, 0.1f, 0.0f};
  const std::vector<float> q = {-0.5f, 0.9f, 0.0f, 0.0f};
  const std::vector<float> visits = {4, 4, 0, 0};
  const std::vector<float> sigma = CompletedQSigma(prior, q, visits, 0.0f, 50.0f, 1.0f);
  const std::vector<float> pi = ImprovedPolicy(prior, sigma);
  EXPECT_NEAR(std::accumulate(pi.begin(), pi.end(), 0.0f), 1.0f, 1e-5);
  EXPECT_GT(pi[1], 0.99f);        // the high-Q action dominates despite its lower prior
  EXPECT_EQ(pi[3], 0.0f);         // zero prior (illegal) stays zero
}

TEST(CompletedQTest, NothingVisitedKeepsThePrior) {
  const std::vector<float> prior = {0.6f, 0.3f, 0.1f};
  const std::vector<float> zeros(3, 0.0f);
  const std::vector<float> sigma = CompletedQSigma(prior, zeros, zeros, 0.3f, 50.0f, 1.0f);
  const std::vector<float> pi = ImprovedPolicy(prior, sigma);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(pi[i], prior[i], 1e-6);
}

}  // namespace
}  // namespace tengen
