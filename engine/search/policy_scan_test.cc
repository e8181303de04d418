#include "engine/search/policy_scan.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace tengen {
namespace {

TEST(PolicyScanTest, PackedPriorsRoundToNearestAndCountBadValuesAsZero) {
  EXPECT_EQ(UnpackPrior(PackPrior(1.0f)), 1.0f);
  EXPECT_EQ(UnpackPrior(PackPrior(0.0f)), 0.0f);
  EXPECT_EQ(PackPrior(-0.0f), 0);
  EXPECT_EQ(PackPrior(-0.25f), 0);
  EXPECT_EQ(PackPrior(std::numeric_limits<float>::quiet_NaN()), 0);
  // 8 significant bits: relative error at most 2^-8.
  std::mt19937 rng(4);
  for (int i = 0; i < 10000; ++i) {
    const float p = std::ldexp(1.0f + static_cast<float>(rng() % 100000) / 100000.0f, -static_cast<int>(rng() % 30));
    EXPECT_NEAR(UnpackPrior(PackPrior(p)), p, p * (1.0f / 256)) << p;
  }
  // Ties round to even.
  EXPECT_EQ(PackPrior(std::bit_cast<float>(0x3F808000u)), 0x3F80);
  EXPECT_EQ(PackPrior(std::bit_cast<float>(0x3F818000u)), 0x3F82);
}

// The plain definition over the packed values.
int Expected(const std::vector<uint16_t>& packed, const LegalMask& mask, int size, double* sum) {
  int best = -1;
  float best_value = -1;
  *sum = 0;
  for (int f = 0; f < size; ++f) {
    if (!MaskHas(mask, f)) continue;
    const float p = UnpackPrior(packed[f]);
    *sum += p;
    if (p > best_value) {
      best_value = p;
      best = f;
    }
  }
  return best;
}

// Both paths, packing and scanning packed data, on every board size, with
// ties, negative and NaN entries, and masks from empty to full.
TEST(PolicyScanTest, EveryPathMatchesThePlainDefinition) {
  std::mt19937 rng(23);
  const VectorPath paths[] = {VectorPath::kBest, VectorPath::kScalar};
  for (int trial = 0; trial < 600; ++trial) {
    const int n = 2 + trial % 18;
    const int size = n * n + 1;
    std::vector<float> policy(size);
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
    std::vector<uint16_t> expected_packed(PaddedPolicySize(size), 0);
    for (int f = 0; f < size; ++f) expected_packed[f] = PackPrior(policy[f]);
    LegalMask mask{};
    const unsigned density = rng() % 5;  // 0: empty mask
    for (int f = 0; f < size && density > 0; ++f) {
      if (rng() % density == 0) mask[f >> 6] |= uint64_t{1} << (f & 63);
    }
    double expected_sum;
    const int expected = Expected(expected_packed, mask, size, &expected_sum);
    for (VectorPath path : paths) {
      std::vector<uint16_t> packed(PaddedPolicySize(size), 0xABCD);  // stale contents
      float sum = -1;
      ASSERT_EQ(PackPolicy(policy.data(), mask, size, &sum, packed.data(), path), expected)
          << "trial " << trial << " path " << static_cast<int>(path);
      ASSERT_NEAR(sum, expected_sum, 1e-4 * (1 + expected_sum)) << "trial " << trial;
      ASSERT_EQ(packed, expected_packed) << "trial " << trial;
      float scanned_sum = -1;
      ASSERT_EQ(ScanPackedPolicy(packed.data(), mask, size, &scanned_sum, path), expected) << "trial " << trial;
      ASSERT_NEAR(scanned_sum, expected_sum, 1e-4 * (1 + expected_sum));
      ASSERT_EQ(BestPackedMove(packed.data(), mask, size, path), expected) << "trial " << trial;
    }
  }
}

// The lowest index wins ties wherever they are: in one vector step, across
// steps, and after a step of masked-out larger values.
TEST(PolicyScanTest, TiesGoToTheLowestLegalIndex) {
  const int size = 19 * 19 + 1;
  for (VectorPath path : {VectorPath::kBest, VectorPath::kScalar}) {
    for (int first : {0, 5, 15, 16, 17, 200, 352, 360, 361}) {
      std::vector<uint16_t> packed(PaddedPolicySize(size), PackPrior(0.001f));
      LegalMask mask{};
      for (int f = 0; f < size; ++f) mask[f >> 6] |= uint64_t{1} << (f & 63);
      for (int f = first; f < size; f += 7) packed[f] = PackPrior(0.5f);
      if (first > 0) {
        packed[first - 1] = PackPrior(0.9f);  // larger, but not legal
        mask[(first - 1) >> 6] &= ~(uint64_t{1} << ((first - 1) & 63));
      }
      EXPECT_EQ(BestPackedMove(packed.data(), mask, size, path), first) << "path " << static_cast<int>(path);
      float sum;
      EXPECT_EQ(ScanPackedPolicy(packed.data(), mask, size, &sum, path), first);
      // All priors zero: the first legal move.
      std::fill(packed.begin(), packed.end(), 0);
      EXPECT_EQ(BestPackedMove(packed.data(), mask, size, path), first == 0 ? 0 : (first == 1 ? 1 : 0));
    }
  }
}

}  // namespace
}  // namespace tengen
