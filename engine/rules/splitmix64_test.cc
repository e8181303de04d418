#include "engine/rules/splitmix64.h"

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

}  // namespace
}  // namespace tengen
