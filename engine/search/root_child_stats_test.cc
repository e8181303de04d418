#include "engine/search/root_child_stats.h"

#include <cmath>
#include <limits>
#include <vector>

#include "engine/rules/splitmix64.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

struct Child {
  float prior;
  float n;
  float q;
  bool unselectable = false;
};

// The definition: SelectPuct's loop over the children's nodes.
int ReferenceBest(const std::vector<Child>& children, float numerator, float fpu, float* best_score) {
  int best = -1;
  float best_value = -kInf;
  for (size_t i = 0; i < children.size(); ++i) {
    const Child& c = children[i];
    if (c.unselectable) continue;
    const float q = c.n > 0 ? c.q : fpu;
    const float score = q + numerator * c.prior / (1.0f + c.n);
    if (score > best_value) {
      best_value = score;
      best = static_cast<int>(i);
    }
  }
  *best_score = best_value;
  return best;
}

RootChildStats Fill(const std::vector<Child>& children) {
  RootChildStats stats;
  stats.Clear();
  for (size_t i = 0; i < children.size(); ++i) {
    stats.Append(children[i].prior, 0.0f, 0.0f);
    if (children[i].unselectable) {
      stats.SetUnselectable(static_cast<int>(i));
    } else {
      stats.SetVisits(static_cast<int>(i), children[i].n, children[i].q);
    }
  }
  return stats;
}

void ExpectSameChoice(const std::vector<Child>& children, float numerator, float fpu) {
  const RootChildStats stats = Fill(children);
  float want_score = 0, best_score = 0, scalar_score = 0;
  const int want = ReferenceBest(children, numerator, fpu, &want_score);
  EXPECT_EQ(stats.Best(numerator, fpu, &best_score), want) << children.size() << " children";
  EXPECT_EQ(stats.Best(numerator, fpu, &scalar_score, VectorPath::kScalar), want);
  EXPECT_EQ(best_score, want_score);
  EXPECT_EQ(scalar_score, want_score);
}

TEST(RootChildStatsTest, ChoosesAsSelectPuctDoesOnRandomChildren) {
  SplitMix64 rng(5);
  for (int trial = 0; trial < 3000; ++trial) {
    const int size = static_cast<int>(rng() % 80);
    std::vector<Child> children(size);
    for (Child& c : children) {
      c.prior = rng.UnitFloat() * 0.3f;
      const int visits = static_cast<int>(rng() % 6) == 0 ? 0 : static_cast<int>(rng() % 50);
      const float in_flight = static_cast<float>(rng() % 3) * 3.0f;
      c.n = static_cast<float>(visits) + in_flight;
      c.q = c.n > 0 ? (rng.UnitFloat() * 2.0f * visits - visits - in_flight) / c.n : 0.0f;
      c.unselectable = rng() % 20 == 0;
    }
    // Equal children: the lowest index wins.
    if (size > 10 && trial % 3 == 0) children[size - 1] = children[size / 2];
    ExpectSameChoice(children, 1.5f * std::sqrt(static_cast<float>(trial % 400 + 1)), rng.UnitFloat() * 2.0f - 1.0f);
  }
}

TEST(RootChildStatsTest, TiesGoToTheLowestIndexAcrossBlocks) {
  // Unvisited children all score fpu + numerator * prior: equal priors tie.
  std::vector<Child> children(20, Child{0.05f, 0.0f, 0.0f});
  children[3].unselectable = true;
  ExpectSameChoice(children, 2.0f, -0.1f);
  RootChildStats stats = Fill(children);
  float score = 0;
  EXPECT_EQ(stats.Best(2.0f, -0.1f, &score), 0);
  children[0].unselectable = true;
  children[1].unselectable = true;
  children[2].unselectable = true;
  stats = Fill(children);
  EXPECT_EQ(stats.Best(2.0f, -0.1f, &score), 4);
  children[12].prior = 0.06f;  // in the second block
  stats = Fill(children);
  EXPECT_EQ(stats.Best(2.0f, -0.1f, &score), 12);
}

TEST(RootChildStatsTest, NoSelectableChildMeansNone) {
  float score = 0;
  RootChildStats stats;
  stats.Clear();
  EXPECT_EQ(stats.Best(1.0f, 0.0f, &score), -1);
  EXPECT_EQ(score, -kInf);
  stats = Fill({{0.5f, 1, 0.2f, true}, {0.5f, 0, 0, true}});
  EXPECT_EQ(stats.Best(1.0f, 0.0f, &score), -1);
  EXPECT_EQ(stats.Best(1.0f, 0.0f, &score, VectorPath::kScalar), -1);
  EXPECT_EQ(score, -kInf);
}

TEST(RootChildStatsTest, NanScoresAreNeverChosen) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<Child> children = {{0.2f, 3, nan}, {0.1f, 2, -0.5f}, {0.3f, 1, nan}};
  ExpectSameChoice(children, 1.0f, 0.0f);
  float score = 0;
  EXPECT_EQ(Fill(children).Best(1.0f, 0.0f, &score), 1);
}

TEST(RootChildStatsTest, FillsToCapacityAndTracksValidity) {
  RootChildStats stats;
  EXPECT_FALSE(stats.valid());
  stats.Clear();
  EXPECT_TRUE(stats.valid());
  for (int i = 0; i < RootChildStats::kCapacity; ++i) stats.Append(1.0f / RootChildStats::kCapacity, 0, 0);
  EXPECT_EQ(stats.size(), RootChildStats::kCapacity);
  stats.SetVisits(RootChildStats::kCapacity - 1, 1.0f, 1.0f);  // the best: q 1 beats fpu 0
  float score = 0;
  EXPECT_EQ(stats.Best(1.0f, 0.0f, &score), RootChildStats::kCapacity - 1);
  const RootChildStats::Entry last = stats.entry(RootChildStats::kCapacity - 1);
  EXPECT_EQ(last.n, 1.0f);
  EXPECT_EQ(last.q, 1.0f);
  stats.Invalidate();
  EXPECT_FALSE(stats.valid());
}

}  // namespace
}  // namespace tengen
