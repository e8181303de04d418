#include "engine/search/forced_playouts.h"

#include <cmath>

#include "engine/search/fake_backends.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

ChildStats Child(int visits, float value, float prior) {
  ChildStats c;
  c.visits = visits;
  c.value = value;
  c.prior = prior;
  return c;
}

TEST(ForcedPlayoutsTest, PruningTakesBackOnlyVisitsPuctDidNotWant) {
  // Root visits 130, c_puct 1.25: the best child's PUCT score is
  // 0.1 + 1.25 sqrt(130) 0.5 / 101 = 0.1705.
  const std::vector<ChildStats> children = {
      Child(100, 0.1f, 0.5f),   // best: kept
      Child(20, 0.0f, 0.3f),    // PUCT wanted 25 visits: kept whole
      Child(20, -0.5f, 0.05f),  // forced share floor(sqrt(2 0.05 130)) = 3 taken back
      Child(2, -0.5f, 0.01f),   // left with one visit: pruned
  };
  EXPECT_EQ(PruneForcedVisits(children, 2.0f, 1.25f, 130), std::vector<int>({100, 20, 17, 0}));
  EXPECT_EQ(PruneForcedVisits(children, 0.0f, 1.25f, 130), std::vector<int>({100, 20, 20, 2}));
}

// The fewest visits any visited root child has, relative to its forced share.
float WorstForcedDeficit(const Search& search, float k) {
  float worst = 0;
  for (const ChildStats& c : search.RootChildren()) {
    worst = std::max(worst, std::floor(ForcedVisits(k, c.prior, static_cast<float>(search.root_visits()))) -
                                static_cast<float>(c.visits));
  }
  return worst;
}

TEST(ForcedPlayoutsTest, VisitedRootChildrenGetTheirForcedShare) {
  for (const float k : {0.0f, 2.0f}) {
    SearchOptions o;
    o.dirichlet_noise = true;
    o.forced_playouts_k = k;
    o.seed = 5;
    Search search(Game(9), o);
    ZeroCostBackend backend(9, 8, 3);
    search.Run(backend, 400);
    ASSERT_TRUE(search.CheckInvariants().ok());
    if (k > 0) {
      EXPECT_LE(WorstForcedDeficit(search, 2.0f), 1.0f);
    } else {
      EXPECT_GT(WorstForcedDeficit(search, 2.0f), 1.0f);  // PUCT alone leaves noisy moves short
    }
  }
}

}  // namespace
}  // namespace tengen
