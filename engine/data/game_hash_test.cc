#include "engine/data/game_hash.h"

#include <vector>

#include "gtest/gtest.h"

namespace tengen::data {
namespace {

TEST(GameHashTest, DependsOnEveryPartOfTheGame) {
  const std::vector<int32_t> moves = {72, 288, 60, 300};
  const uint64_t base = ComputeGameHash(19, {}, {}, 1, moves);
  EXPECT_EQ(base, ComputeGameHash(19, {}, {}, 1, moves));
  EXPECT_NE(base, ComputeGameHash(13, {}, {}, 1, moves));
  EXPECT_NE(base, ComputeGameHash(19, {}, {}, 2, moves));
  std::vector<int32_t> swapped = {288, 72, 60, 300};
  EXPECT_NE(base, ComputeGameHash(19, {}, {}, 1, swapped));
  std::vector<int32_t> longer = moves;
  longer.push_back(361);
  EXPECT_NE(base, ComputeGameHash(19, {}, {}, 1, longer));
  const std::vector<int32_t> setup = {60};
  EXPECT_NE(ComputeGameHash(19, setup, {}, 2, moves), ComputeGameHash(19, {}, setup, 2, moves));
}

TEST(GameHashTest, SetupOrderDoesNotMatter) {
  const std::vector<int32_t> a = {60, 72, 288};
  const std::vector<int32_t> b = {288, 60, 72};
  EXPECT_EQ(ComputeGameHash(19, a, {}, 2, {}), ComputeGameHash(19, b, {}, 2, {}));
}

TEST(GameHashTest, KnownValueIsStableAcrossBuilds) {
  // Splits of existing shard directories depend on this exact function.
  const std::vector<int32_t> moves = {72, 288};
  EXPECT_EQ(ComputeGameHash(19, {}, {}, 1, moves), 12973515203721716292ULL);
  EXPECT_EQ(MixHash(0), 0xe220a8397b1dcdafULL);
}

TEST(SplitTest, ParsesAndNormalisesWeights) {
  absl::StatusOr<SplitSpec> spec = ParseSplitSpec("98/1/1");
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_DOUBLE_EQ(spec->fractions[0], 0.98);
  EXPECT_DOUBLE_EQ(spec->fractions[2], 0.01);
  spec = ParseSplitSpec("8/1/1");
  ASSERT_TRUE(spec.ok());
  EXPECT_DOUBLE_EQ(spec->fractions[0], 0.8);
  EXPECT_FALSE(ParseSplitSpec("98/2").ok());
  EXPECT_FALSE(ParseSplitSpec("0/1/1").ok());
  EXPECT_FALSE(ParseSplitSpec("a/1/1").ok());
  EXPECT_FALSE(ParseSplitSpec("90/-1/11").ok());
}

TEST(SplitTest, FractionsAreRespectedAndDeterministic) {
  absl::StatusOr<SplitSpec> spec = ParseSplitSpec("80/10/10");
  ASSERT_TRUE(spec.ok());
  std::vector<int> counts(3);
  for (uint64_t i = 0; i < 100000; ++i) {
    const uint64_t h = MixHash(i * 7919);
    const int s = SplitForHash(h, *spec);
    ASSERT_EQ(s, SplitForHash(h, *spec));
    ++counts[s];
  }
  EXPECT_NEAR(counts[0], 80000, 800);
  EXPECT_NEAR(counts[1], 10000, 500);
  EXPECT_NEAR(counts[2], 10000, 500);
}

TEST(SplitTest, ZeroFractionSplitGetsNothing) {
  absl::StatusOr<SplitSpec> spec = ParseSplitSpec("1/0/0");
  ASSERT_TRUE(spec.ok());
  for (uint64_t i = 0; i < 1000; ++i) EXPECT_EQ(SplitForHash(MixHash(i), *spec), 0);
}

}  // namespace
}  // namespace tengen::data
