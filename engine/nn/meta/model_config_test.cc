#include "engine/nn/meta/model_config.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::nn {
namespace {

using ::testing::HasSubstr;

TEST(ModelConfigTest, ParsesResNetTags) {
  for (const auto& [tag, blocks, channels] :
       {std::tuple{"b6c64", 6, 64}, std::tuple{"b10c128", 10, 128}, std::tuple{"b20c256", 20, 256},
        std::tuple{"b1c8", 1, 8}}) {
    absl::StatusOr<ModelConfig> c = ModelConfigForArch(tag, 19);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->trunk, TrunkKind::kResNet);
    EXPECT_EQ(c->blocks, blocks);
    EXPECT_EQ(c->channels, channels);
    EXPECT_EQ(c->arch, tag);
    EXPECT_EQ(c->board_size, 19);
    EXPECT_EQ(c->feature_version, kFeatureVersion);
    EXPECT_EQ(c->input_planes, kNumInputPlanes);
    EXPECT_TRUE(CheckFeaturesMatchThisBuild(*c).ok());
  }
}

TEST(ModelConfigTest, ParsesTransformerTagsWithDefaultAndExplicitHeads) {
  absl::StatusOr<ModelConfig> c = ModelConfigForArch("t4c128", 9);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->trunk, TrunkKind::kTransformer);
  EXPECT_EQ(c->blocks, 4);
  EXPECT_EQ(c->channels, 128);
  EXPECT_EQ(c->heads, 4);
  c = ModelConfigForArch("t2c64h8", 9);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->heads, 8);
  c = ModelConfigForArch("t1c16", 9);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->heads, 1);
}

TEST(ModelConfigTest, RejectsMalformedTags) {
  for (const char* tag : {"", "b", "b6", "c64", "b6c", "x6c64", "b6c64h2", "t4c128h3", "b0c64", "b6c2", "B6C64",
                          "b6c64 ", "t4c128h", "b99999999c8"}) {
    absl::StatusOr<ModelConfig> c = ModelConfigForArch(tag, 19);
    EXPECT_FALSE(c.ok()) << tag;
    EXPECT_THAT(c.status().message(), HasSubstr("architecture")) << tag;
  }
  EXPECT_FALSE(ModelConfigForArch("b6c64", 20).ok());
  EXPECT_FALSE(ModelConfigForArch("b6c64", 1).ok());
}

TEST(ModelConfigTest, FeatureMismatchIsExplained) {
  ModelConfig c = *ModelConfigForArch("b1c8", 9);
  c.feature_version = kFeatureVersion + 1;
  EXPECT_THAT(CheckFeaturesMatchThisBuild(c).message(), HasSubstr("features version"));
  c.feature_version = kFeatureVersion;
  c.input_planes = kNumInputPlanes + 3;
  EXPECT_THAT(CheckFeaturesMatchThisBuild(c).message(), HasSubstr("input planes"));
}

TEST(ModelConfigTest, FlopEstimateGrowsWithSize) {
  const double small = EstimateForwardFlops(*ModelConfigForArch("b6c64", 19));
  const double wider = EstimateForwardFlops(*ModelConfigForArch("b6c128", 19));
  const double deeper = EstimateForwardFlops(*ModelConfigForArch("b12c64", 19));
  // The trunk dominates: a 3x3 conv pair per block is 2*2*9*64*64*361 flops.
  EXPECT_GT(small, 6 * 2 * 2 * 9 * 64.0 * 64 * 361);
  EXPECT_LT(small, 1.3 * 6 * 2 * 2 * 9 * 64.0 * 64 * 361);
  EXPECT_GT(wider, 3.5 * small);
  EXPECT_GT(deeper, 1.8 * small);
  EXPECT_GT(EstimateForwardFlops(*ModelConfigForArch("t4c128", 19)), 0);
}

TEST(ModelConfigTest, DescriptionNamesTheArchitecture) {
  ModelConfig c = *ModelConfigForArch("t2c32", 9);
  c.parent_model = "models/a.tgm";
  c.data_source = ModelDataSource::kSelfPlay;
  const std::string text = DescribeModelConfig(c);
  EXPECT_THAT(text, HasSubstr("arch: t2c32\n"));
  EXPECT_THAT(text, HasSubstr("trunk: transformer\n"));
  EXPECT_THAT(text, HasSubstr("board_size: 9\n"));
  EXPECT_THAT(text, HasSubstr("parent_model: models/a.tgm\n"));
  EXPECT_THAT(text, HasSubstr("data_source: selfplay\n"));
}

}  // namespace
}  // namespace tengen::nn
