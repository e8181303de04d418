#include "engine/nn/meta/model_meta_io.h"

#include "gtest/gtest.h"

namespace tengen::nn {
namespace {

TEST(ModelMetaIoTest, RoundTripsEveryField) {
  ModelConfig c = *ModelConfigForArch("t3c96h3", 13);
  c.training_steps = 123456789012LL;
  c.positions_seen = 98765432109LL;
  c.training_flops = 3.25e18;
  c.parent_model = "runs/x/model-0007.tgm";
  c.data_source = ModelDataSource::kHuman;
  c.epochs = 1.5;
  c.unique_games = 50950;
  c.name = "imitation-0008";
  c.created_by = "tengen train";
  c.created_at = "2025-01-02T03:04:05Z";
  absl::StatusOr<ModelConfig> back = ParseModelMeta(SerializeModelMeta(c));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, c);
}

TEST(ModelMetaIoTest, RejectsGarbageAndUnknownTrunks) {
  EXPECT_FALSE(ParseModelMeta("\xff\xff\xff\xff\xff").ok());
  // An empty message parses but names no trunk.
  absl::StatusOr<ModelConfig> empty = ParseModelMeta("");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("unknown trunk"), std::string::npos) << empty.status();
}

}  // namespace
}  // namespace tengen::nn
