#include "engine/nn/torch_backend.h"

#include <cmath>
#include <numeric>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/features/input_planes.h"
#include "engine/features/symmetry.h"
#include "engine/nn/network.h"
#include "engine/nn/network_api.h"
#include "engine/nn/torch_info.h"
#include "engine/rules/temp_file_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::nn {
namespace {

using ::testing::HasSubstr;

ModelConfig Config(const char* arch, int size = 9) { return *ModelConfigForArch(arch, size); }

// Real positions: a game on 9x9 with a capture and a ko, at several points.
std::vector<CompactPosition> Positions() {
  Game game(9);
  std::vector<CompactPosition> out;
  out.push_back(MakeCompactPosition(game));
  const int moves[][2] = {{1, 0}, {2, 0}, {0, 1}, {1, 1}, {1, 2}, {3, 1}, {8, 8}, {2, 2}, {2, 1},
                          {4, 4}, {5, 5}, {4, 5}, {6, 3}, {3, 6}};
  for (const auto& m : moves) {
    EXPECT_TRUE(game.Play(MakePoint(m[0], m[1])).ok());
    out.push_back(MakeCompactPosition(game));
  }
  return out;
}

std::unique_ptr<BatchBackend> Backend(const char* arch, TorchBackendOptions options = {}) {
  options.device = "cpu";
  options.threads = 1;
  if (options.max_batch == 256) options.max_batch = 16;
  absl::StatusOr<std::unique_ptr<BatchBackend>> backend = CreateRandomTorchBackend(Config(arch), 5, options);
  EXPECT_TRUE(backend.ok()) << backend.status();
  return *std::move(backend);
}

std::vector<EvalOutput> Evaluate(BatchBackend& backend, const std::vector<CompactPosition>& positions) {
  std::vector<EvalOutput> out(positions.size());
  backend.EvaluateBatch(positions, out);
  return out;
}

class BackendArchTest : public ::testing::TestWithParam<const char*> {};

TEST_P(BackendArchTest, OutputsAreDistributionsAndInRange) {
  auto backend = Backend(GetParam());
  EXPECT_EQ(backend->board_size(), 9);
  EXPECT_EQ(backend->max_batch_size(), 16);
  const std::vector<CompactPosition> positions = Positions();
  const std::vector<EvalOutput> out = Evaluate(*backend, positions);
  for (const EvalOutput& o : out) {
    float sum = 0;
    for (int i = 0; i < PolicySize(9); ++i) {
      ASSERT_GE(o.policy[i], 0.0f);
      sum += o.policy[i];
    }
    EXPECT_NEAR(sum, 1.0f, 1e-5);
    EXPECT_GE(o.value, -1.0f);
    EXPECT_LE(o.value, 1.0f);
    EXPECT_TRUE(std::isfinite(o.score_lead));
    for (int i = 0; i < 81; ++i) {
      ASSERT_GE(o.ownership[i], -1.0f);
      ASSERT_LE(o.ownership[i], 1.0f);
    }
  }
  EXPECT_NE(out[0].policy, out.back().policy);
}

TEST_P(BackendArchTest, MatchesTheNetworkOnTheReferenceEncoding) {
  auto backend = Backend(GetParam());
  const std::vector<CompactPosition> positions = Positions();
  const std::vector<EvalOutput> out = Evaluate(*backend, positions);
  Network net = *CreateNetwork(Config(GetParam()), 5);
  const int count = static_cast<int>(positions.size());
  torch::Tensor planes = torch::zeros({count, kNumInputPlanes, 9, 9});
  torch::Tensor globals = torch::zeros({count, kNumGlobalInputs});
  for (int i = 0; i < count; ++i) {
    EncodeInputPlanes(positions[i], planes[i].data_ptr<float>(), globals[i].data_ptr<float>());
  }
  torch::NoGradGuard no_grad;
  const NetworkOutputs expected = net->forward(planes, globals);
  const torch::Tensor policy = torch::softmax(expected.policy_logits, 1);
  const torch::Tensor outcome = torch::softmax(expected.value_logits, 1);
  for (int i = 0; i < count; ++i) {
    for (int p = 0; p < PolicySize(9); ++p) ASSERT_NEAR(out[i].policy[p], policy[i][p].item<float>(), 1e-6);
    EXPECT_NEAR(out[i].value, (outcome[i][0] - outcome[i][1]).item<float>(), 1e-6);
    EXPECT_NEAR(out[i].score_lead, expected.score_lead[i].item<float>(), 1e-4);
    for (int p = 0; p < 81; ++p) {
      ASSERT_NEAR(out[i].ownership[p], std::tanh(expected.ownership_logits[i][p].item<float>()), 1e-6);
    }
  }
}

TEST_P(BackendArchTest, SymmetryMapsOutputsBackToTheOriginalBoard) {
  const std::vector<CompactPosition> positions = Positions();
  auto plain = Backend(GetParam());
  for (int s = 1; s < kNumSymmetries; ++s) {
    TorchBackendOptions options;
    options.fixed_symmetry = s;
    auto symmetric = Backend(GetParam(), options);
    const std::vector<EvalOutput> out = Evaluate(*symmetric, positions);
    std::vector<CompactPosition> transformed;
    for (const CompactPosition& p : positions) transformed.push_back(TransformCompactPosition(p, s));
    const std::vector<EvalOutput> expected = Evaluate(*plain, transformed);
    for (size_t i = 0; i < positions.size(); ++i) {
      for (int p = 0; p < PolicySize(9); ++p) {
        ASSERT_NEAR(out[i].policy[p], expected[i].policy[TransformFlatMove(p, 9, s)], 1e-6) << s;
      }
      for (int p = 0; p < 81; ++p) {
        ASSERT_NEAR(out[i].ownership[p], expected[i].ownership[SymmetryTransformFlat(p, 9, s)], 1e-6) << s;
      }
      EXPECT_NEAR(out[i].value, expected[i].value, 1e-6);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(TinyNetworks, BackendArchTest, ::testing::Values("b2c8", "t1c16"));

TEST(TorchBackendTest, RandomSymmetryPicksOneOfTheEight) {
  const std::vector<CompactPosition> one = {Positions()[9]};
  std::vector<float> values;
  for (int s = 0; s < kNumSymmetries; ++s) {
    TorchBackendOptions options;
    options.fixed_symmetry = s;
    values.push_back(Evaluate(*Backend("b1c8", options), one)[0].value);
  }
  TorchBackendOptions options;
  options.random_symmetry = true;
  auto backend = Backend("b1c8", options);
  std::set<int> seen;
  for (int trial = 0; trial < 40; ++trial) {
    const float v = Evaluate(*backend, one)[0].value;
    int match = -1;
    for (int s = 0; s < kNumSymmetries; ++s) {
      if (std::abs(values[s] - v) < 1e-6) match = s;
    }
    ASSERT_GE(match, 0) << v;
    seen.insert(match);
  }
  EXPECT_GE(seen.size(), 3u) << "random symmetries should vary";
}

TEST(TorchBackendTest, BatchCompositionDoesNotChangeResults) {
  auto backend = Backend("b2c8");
  const std::vector<CompactPosition> positions = Positions();
  const std::vector<EvalOutput> together = Evaluate(*backend, positions);
  for (size_t i = 0; i < positions.size(); i += 4) {
    const EvalOutput alone = Evaluate(*backend, {positions[i]})[0];
    EXPECT_NEAR(alone.value, together[i].value, 1e-5);
    for (int p = 0; p < PolicySize(9); ++p) ASSERT_NEAR(alone.policy[p], together[i].policy[p], 1e-5);
  }
}

TEST(TorchBackendTest, LoadsAModelFile) {
  const std::string path = tengen::testing::TempFilePath("backend.tgm");
  ASSERT_TRUE(WriteRandomModelFile(Config("b1c8"), 5, path).ok());
  TorchBackendOptions options;
  options.device = "cpu";
  options.max_batch = 16;
  options.threads = 1;  // as Backend(): the same reduction order, so equal bits
  absl::StatusOr<std::unique_ptr<BatchBackend>> from_file = CreateTorchBackend(path, options);
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  const std::vector<CompactPosition> positions = Positions();
  const std::vector<EvalOutput> a = Evaluate(**from_file, positions);
  const std::vector<EvalOutput> b = Evaluate(*Backend("b1c8"), positions);
  for (size_t i = 0; i < positions.size(); ++i) {
    EXPECT_EQ(a[i].policy, b[i].policy);
    EXPECT_EQ(a[i].value, b[i].value);
  }
  absl::StatusOr<std::unique_ptr<BatchBackend>> missing = CreateTorchBackend(path + ".nope", options);
  EXPECT_THAT(missing.status().message(), HasSubstr("backend.tgm.nope"));
}

TEST(TorchBackendTest, BadOptionsAreExplained) {
  TorchBackendOptions options;
  options.device = "tpu";
  EXPECT_THAT(CreateRandomTorchBackend(Config("b1c8"), 1, options).status().message(), HasSubstr("unknown device"));
  options.device = "cpu";
  options.max_batch = 0;
  EXPECT_THAT(CreateRandomTorchBackend(Config("b1c8"), 1, options).status().message(), HasSubstr("max batch"));
  if (!CudaAvailable()) {
    EXPECT_THAT(ResolveDevice("cuda").status().message(), HasSubstr("no CUDA device"));
    EXPECT_EQ(*ResolveDevice("auto"), "cpu");
  }
}

TEST(TorchBackendTest, BenchmarkRunsBothMeasurements) {
  NnBenchmarkOptions options;
  options.config = Config("t1c16");
  options.backend.device = "cpu";
  options.backend.max_batch = 4;
  options.backend.threads = 1;
  options.seconds = 0.02;
  absl::StatusOr<NnBenchmarkResult> result = RunNnBenchmark(options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->batch, 4);
  EXPECT_GT(result->full_evals_per_s, 0);
  EXPECT_GT(result->trunk_evals_per_s, 0);
}

// Several threads call one backend with instances = threads at once: every
// call gives what a single instance gives.
std::vector<std::vector<EvalOutput>> EvaluateConcurrently(BatchBackend& backend,
                                                          const std::vector<CompactPosition>& positions,
                                                          int threads, int calls_per_thread) {
  std::vector<std::vector<EvalOutput>> results(threads * calls_per_thread);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int c = 0; c < calls_per_thread; ++c) results[t * calls_per_thread + c] = Evaluate(backend, positions);
    });
  }
  for (std::thread& t : pool) t.join();
  return results;
}

TEST(TorchBackendTest, InstancesServeConcurrentCallersWithTheSameResults) {
  const std::vector<CompactPosition> positions = Positions();
  const std::vector<EvalOutput> expected = Evaluate(*Backend("b2c8"), positions);
  TorchBackendOptions options;
  options.instances = 3;
  auto pool = Backend("b2c8", options);
  for (const std::vector<EvalOutput>& got : EvaluateConcurrently(*pool, positions, 3, 10)) {
    for (size_t i = 0; i < positions.size(); ++i) {
      ASSERT_EQ(got[i].policy, expected[i].policy) << i;
      ASSERT_EQ(got[i].value, expected[i].value) << i;
    }
  }
  options.instances = 0;
  options.device = "cpu";
  EXPECT_THAT(CreateRandomTorchBackend(Config("b2c8"), 5, options).status().message(),
              HasSubstr("instances"));
}

TEST(TorchBackendTest, CudaInstancesWithGraphsAgreeWithCpu) {
  if (!CudaAvailable()) GTEST_SKIP() << "no CUDA device";
  const std::vector<CompactPosition> positions = Positions();
  const std::vector<EvalOutput> cpu = Evaluate(*Backend("b2c8"), positions);
  TorchBackendOptions options;
  options.device = "cuda";
  options.max_batch = 16;
  options.cuda_graphs = true;
  options.instances = 2;
  absl::StatusOr<std::unique_ptr<BatchBackend>> cuda = CreateRandomTorchBackend(Config("b2c8"), 5, options);
  ASSERT_TRUE(cuda.ok()) << cuda.status();
  for (const std::vector<EvalOutput>& gpu : EvaluateConcurrently(**cuda, positions, 2, 20)) {
    for (size_t i = 0; i < positions.size(); ++i) {
      EXPECT_NEAR(gpu[i].value, cpu[i].value, 0.05);
      for (int p = 0; p < PolicySize(9); ++p) ASSERT_NEAR(gpu[i].policy[p], cpu[i].policy[p], 0.02);
    }
  }
}

// The CUDA backend (bf16, channels-last, the feature kernel, optionally CUDA
// graphs) against the fp32 CPU backend with the same weights.
TEST(TorchBackendTest, CudaAgreesWithCpu) {
  if (!CudaAvailable()) GTEST_SKIP() << "no CUDA device";
  const std::vector<CompactPosition> positions = Positions();
  for (const char* arch : {"b2c8", "t1c16"}) {
    const std::vector<EvalOutput> cpu = Evaluate(*Backend(arch), positions);
    for (bool graphs : {false, true}) {
      TorchBackendOptions options;
      options.device = "cuda";
      options.max_batch = 16;
      options.cuda_graphs = graphs;
      absl::StatusOr<std::unique_ptr<BatchBackend>> cuda = CreateRandomTorchBackend(Config(arch), 5, options);
      ASSERT_TRUE(cuda.ok()) << cuda.status();
      for (int repeat = 0; repeat < 2; ++repeat) {  // the second replays captured graphs
        const std::vector<EvalOutput> gpu = Evaluate(**cuda, positions);
        for (size_t i = 0; i < positions.size(); ++i) {
          EXPECT_NEAR(gpu[i].value, cpu[i].value, 0.05) << arch << " graphs=" << graphs;
          for (int p = 0; p < PolicySize(9); ++p) {
            ASSERT_NEAR(gpu[i].policy[p], cpu[i].policy[p], 0.02) << arch << " graphs=" << graphs;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace tengen::nn
