#include "engine/rules/splitmix64.h"

#include <algorithm>

#include "gtest/gtest.h"

namespace tengen {
namespace {

// The reference implementation's first outputs from seed 0 (Vigna's
// splitmix64.c): the Zobrist keys, and with them every stored hash, depend
// on this exact stream.
TEST(SplitMix64Test, MatchesTheReferenceStream) {
  SplitMix64 rng(0);
  EXPECT_EQ(rng(), 0xE220A8397B1DCDAFull);
  EXPECT_EQ(rng(), 0x6E789E6AA1B965F4ull);
  EXPECT_EQ(rng(), 0x06C45D188009454Full);
}

TEST(SplitMix64Test, UnitFloatsAreTheTop24Bits) {
  SplitMix64 rng(0);
  EXPECT_EQ(rng.UnitFloat(), static_cast<float>(0xE220A8397B1DCDAFull >> 40) / 16777216.0f);
  float lowest = 1, highest = 0;
  for (int i = 0; i < 100000; ++i) {
    const float u = rng.UnitFloat();
    lowest = std::min(lowest, u);
    highest = std::max(highest, u);
  }
  EXPECT_GE(lowest, 0.0f);
  EXPECT_LT(lowest, 0.001f);
  EXPECT_LT(highest, 1.0f);
  EXPECT_GT(highest, 0.999f);
}

}  // namespace
}  // namespace tengen
