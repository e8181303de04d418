#include "engine/search/policy_scan.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace tengen {
namespace {

struct Reference {
  double sum = 0;
  int best = -1;
};

Reference Expected(const std::vector<float>& policy, const LegalMask& mask, int size) {
  Reference r;
  float best_value = -1;
  for (int f = 0; f < size; ++f) {
    if (!MaskHas(mask, f)) continue;
    const float p = policy[f] > 0 ? policy[f] : 0.0f;  // NaN -> 0
    r.sum += p;
    if (p > best_value) {
      best_value = p;
      r.best = f;
    }
  }
  return r;
}

// Every path, with and without the copy, on every board size, with ties,
// negative and NaN entries, and masks from empty to full.
TEST(PolicyScanTest, EveryPathMatchesThePlainDefinition) {
  std::mt19937 rng(23);
  const PolicyScanPath paths[] = {PolicyScanPath::kBest, PolicyScanPath::kSse2, PolicyScanPath::kScalar};
  for (int trial = 0; trial < 600; ++trial) {
    const int n = 2 + trial % 18;
    const int size = n * n + 1;
    // Padding beyond size is garbage that must not count when copying.
    std::vector<float> policy(PaddedPolicySize(size), 1e6f);
    for (int f = 0; f < size; ++f) {
      const unsigned r = rng() % 20;
      if (r == 0) {
        policy[f] = -0.5f;
      } else if (r == 1) {
        policy[f] = std::numeric_limits<float>::quiet_NaN();
      } else if (r < 6) {
        policy[f] = 0.25f;  // ties
      } else {
        policy[f] = std::ldexp(static_cast<float>(rng() % 1000), -12);
      }
    }
    LegalMask mask{};
    const unsigned density = rng() % 5;  // 0: empty mask
    for (int f = 0; f < size && density > 0; ++f) {
      if (rng() % density == 0) mask[f >> 6] |= uint64_t{1} << (f & 63);
    }
    const Reference expected = Expected(policy, mask, size);
    for (PolicyScanPath path : paths) {
      std::vector<float> copy(PaddedPolicySize(size), -7.0f);
      float sum = -1;
      const int best = MaskedSumArgmax(policy.data(), mask, size, &sum, copy.data(), path);
      ASSERT_EQ(best, expected.best) << "trial " << trial << " path " << static_cast<int>(path);
      ASSERT_NEAR(sum, expected.sum, 1e-4 * (1 + expected.sum)) << "trial " << trial;
      for (int f = 0; f < PaddedPolicySize(size); ++f) {
        const float want = f < size ? policy[f] : 0.0f;
        if (std::isnan(want)) {
          ASSERT_TRUE(std::isnan(copy[f])) << "trial " << trial << " f " << f;
        } else {
          ASSERT_EQ(copy[f], want) << "trial " << trial << " f " << f;
        }
      }
      // In place over the padded copy: the same answer.
      float sum_in_place = -1;
      ASSERT_EQ(MaskedSumArgmax(copy.data(), mask, size, &sum_in_place, nullptr, path), expected.best);
      ASSERT_NEAR(sum_in_place, expected.sum, 1e-4 * (1 + expected.sum));
    }
  }
}

}  // namespace
}  // namespace tengen
