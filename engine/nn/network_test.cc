#include "engine/nn/network.h"

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/str_format.h"
#include "engine/features/plane_layout.h"
#include "engine/nn/meta/model_file.h"
#include "engine/nn/network_api.h"
#include "engine/rules/temp_file_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::nn {
namespace {

using tengen::testing::TempFilePath;

using ::testing::HasSubstr;

ModelConfig Config(const char* arch, int size = 9) {
  absl::StatusOr<ModelConfig> c = ModelConfigForArch(arch, size);
  EXPECT_TRUE(c.ok()) << c.status();
  return *c;
}


// Planes of 0/1 values like the encoder's, and plausible globals.
std::pair<torch::Tensor, torch::Tensor> RandomInputs(int batch, int size, uint64_t seed) {
  torch::manual_seed(seed);
  torch::Tensor planes = torch::bernoulli(torch::full({batch, kNumInputPlanes, size, size}, 0.3));
  torch::Tensor globals = torch::rand({batch, kNumGlobalInputs}) - 0.5;
  return {planes, globals};
}

class NetworkArchTest : public ::testing::TestWithParam<const char*> {};

TEST_P(NetworkArchTest, OutputShapesAndRanges) {
  const ModelConfig config = Config(GetParam());
  Network net = *CreateNetwork(config, 1);
  auto [planes, globals] = RandomInputs(3, 9, 2);
  torch::NoGradGuard no_grad;
  const NetworkOutputs out = net->forward(planes, globals);
  EXPECT_EQ(out.policy_logits.sizes(), (std::vector<int64_t>{3, 82}));
  EXPECT_EQ(out.value_logits.sizes(), (std::vector<int64_t>{3, 3}));
  EXPECT_EQ(out.score_lead.sizes(), (std::vector<int64_t>{3}));
  EXPECT_EQ(out.ownership_logits.sizes(), (std::vector<int64_t>{3, 81}));
  for (const torch::Tensor& t : {out.policy_logits, out.value_logits, out.score_lead, out.ownership_logits}) {
    EXPECT_TRUE(torch::isfinite(t).all().item<bool>());
  }
  EXPECT_EQ(net->ForwardTrunk(planes, globals).sizes(), (std::vector<int64_t>{3, config.channels, 9, 9}));
  // Different positions give different policies: the input reaches the output.
  EXPECT_FALSE(torch::allclose(out.policy_logits[0], out.policy_logits[1]));
}

TEST_P(NetworkArchTest, TrainsOneStep) {
  Network net = *CreateNetwork(Config(GetParam()), 1);
  net->train();
  auto [planes, globals] = RandomInputs(4, 9, 3);
  const NetworkOutputs out = net->forward(planes, globals);
  const torch::Tensor loss = out.policy_logits.logsumexp(1).mean() + out.value_logits.pow(2).mean() +
                             out.score_lead.pow(2).mean() + out.ownership_logits.pow(2).mean();
  loss.backward();
  for (const auto& p : net->named_parameters()) {
    ASSERT_TRUE(p.value().grad().defined()) << p.key();
  }
}

TEST_P(NetworkArchTest, SaveLoadRoundTripGivesIdenticalOutputs) {
  const ModelConfig config = Config(GetParam());
  Network net = *CreateNetwork(config, 7);
  {
    // Move BatchNorm running statistics away from their defaults so that
    // losing the buffers would show.
    net->train();
    torch::NoGradGuard no_grad;
    auto [planes, globals] = RandomInputs(8, 9, 4);
    net->forward(planes * 3, globals);
    net->eval();
  }
  ModelConfig meta = config;
  meta.training_steps = 1234;
  meta.parent_model = "parent.tgm";
  meta.data_source = ModelDataSource::kHuman;
  const std::string path = TempFilePath(std::string("round_trip_") + GetParam() + ".tgm");
  ASSERT_TRUE(SaveModel(net, meta, path).ok());
  absl::StatusOr<Network> loaded = LoadModel(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->config(), meta);
  auto [planes, globals] = RandomInputs(5, 9, 5);
  torch::NoGradGuard no_grad;
  const NetworkOutputs a = net->forward(planes, globals);
  const NetworkOutputs b = (*loaded)->forward(planes, globals);
  EXPECT_TRUE(torch::equal(a.policy_logits, b.policy_logits));
  EXPECT_TRUE(torch::equal(a.value_logits, b.value_logits));
  EXPECT_TRUE(torch::equal(a.score_lead, b.score_lead));
  EXPECT_TRUE(torch::equal(a.ownership_logits, b.ownership_logits));
}

INSTANTIATE_TEST_SUITE_P(TinyNetworks, NetworkArchTest, ::testing::Values("b1c8", "b2c8", "t1c16", "t2c16h2"));

TEST(NetworkTest, GlobalPoolingBranchOnEveryThirdBlockFromTheSecond) {
  Network net = *CreateNetwork(Config("b5c8"), 1);
  const auto params = net->named_parameters();
  EXPECT_FALSE(params.contains("blocks.0.pool_conv.weight"));
  EXPECT_TRUE(params.contains("blocks.1.pool_conv.weight"));
  EXPECT_TRUE(params.contains("blocks.1.pool_bias.weight"));
  EXPECT_FALSE(params.contains("blocks.2.pool_conv.weight"));
  EXPECT_TRUE(params.contains("blocks.4.pool_conv.weight"));
}

TEST(NetworkTest, SeedDeterminesTheWeights) {
  auto [planes, globals] = RandomInputs(2, 9, 1);
  torch::NoGradGuard no_grad;
  const auto policy = [&](uint64_t seed) {
    Network net = *CreateNetwork(Config("b1c8"), seed);
    return net->forward(planes, globals).policy_logits;
  };
  EXPECT_TRUE(torch::equal(policy(11), policy(11)));
  EXPECT_FALSE(torch::equal(policy(11), policy(12)));
}

TEST(NetworkTest, LoadingDoesNotDisturbTheRandomStream) {
  const std::string path = TempFilePath("stream.tgm");
  ASSERT_TRUE(WriteRandomModelFile(Config("b1c8"), 3, path).ok());
  torch::manual_seed(99);
  const torch::Tensor expected = torch::randn({4});
  torch::manual_seed(99);
  ASSERT_TRUE(LoadModel(path).ok());
  EXPECT_TRUE(torch::equal(torch::randn({4}), expected));
}

class BadModelFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = TempFilePath("bad.tgm");
    ASSERT_TRUE(WriteRandomModelFile(Config("b1c8"), 3, path_).ok());
    std::ifstream in(path_, std::ios::binary);
    bytes_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    ASSERT_GT(bytes_.size(), 1000u);
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string LoadError(const std::string& bytes) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc).write(bytes.data(), bytes.size());
    absl::StatusOr<Network> net = LoadModel(path_);
    EXPECT_FALSE(net.ok());
    EXPECT_THAT(net.status().message(), HasSubstr(path_));
    return std::string(net.status().message());
  }
  std::string path_;
  std::string bytes_;
};

TEST_F(BadModelFileTest, Truncated) {
  EXPECT_THAT(LoadError(bytes_.substr(0, bytes_.size() / 2)), HasSubstr("truncated"));
  EXPECT_THAT(LoadError(bytes_.substr(0, bytes_.size() - 1)), HasSubstr("truncated"));
}

TEST_F(BadModelFileTest, FlippedByte) {
  std::string corrupt = bytes_;
  corrupt[corrupt.size() * 2 / 3] ^= 0x04;
  EXPECT_THAT(LoadError(corrupt), HasSubstr("CRC-32 mismatch"));
}

TEST_F(BadModelFileTest, ForeignFile) {
  EXPECT_THAT(LoadError("#!/bin/sh\necho this is not a model\n"), HasSubstr("not a tengen model file"));
  // The bare weights payload (a torch archive) is not a model file either.
  Network net = *CreateNetwork(Config("b1c8"), 1);
  EXPECT_THAT(LoadError(SerializeWeights(net)), HasSubstr("torch.save"));
}

TEST_F(BadModelFileTest, WrongFeatureVersion) {
  ModelConfig old = Config("b1c8");
  old.feature_version = kFeatureVersion + 1;
  Network net = *CreateNetwork(Config("b1c8"), 1);
  EXPECT_THAT(LoadError(EncodeModelFile(old, SerializeWeights(net))),
              HasSubstr(absl::StrFormat("input features version %d but this build encodes version %d",
                                        kFeatureVersion + 1, kFeatureVersion)));
}

TEST_F(BadModelFileTest, WeightsOfAnotherArchitecture) {
  Network other = *CreateNetwork(Config("b2c8"), 1);
  EXPECT_THAT(LoadError(EncodeModelFile(Config("b1c8"), SerializeWeights(other))), HasSubstr("blocks.1"));
  Network wider = *CreateNetwork(Config("b1c16"), 1);
  EXPECT_THAT(LoadError(EncodeModelFile(Config("b1c8"), SerializeWeights(wider))), HasSubstr("has shape"));
  EXPECT_THAT(LoadError(EncodeModelFile(Config("b1c8"), "garbage weights")), HasSubstr("not a readable torch"));
}

TEST(NetworkTest, SaveRefusesAMetaOfAnotherArchitecture) {
  Network net = *CreateNetwork(Config("b1c8"), 1);
  absl::Status s = SaveModel(net, Config("b2c8"), TempFilePath("mismatch.tgm"));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("b2c8"));
}

}  // namespace
}  // namespace tengen::nn
