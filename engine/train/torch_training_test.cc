#include "engine/train/torch_training.h"

#include <memory>
#include <vector>

#include "engine/data/test_util.h"
#include "engine/nn/torch_info.h"
#include "gtest/gtest.h"

namespace tengen::train {
namespace {

std::vector<PositionRef> MixedRefs() {
  std::vector<PositionRef> refs;
  for (int g = 0; g < 6; ++g) {
    auto game = std::make_shared<const data::RecordedGame>(data::testing::MakeLineGame(g, 25 + g));
    for (int move : {0, 1, 7, 20}) refs.push_back({game, move, static_cast<uint8_t>((g + move) % 8)});
  }
  return refs;
}

TEST(TorchTrainingTest, CpuBatchesAreDensePlanesCopiedVerbatim) {
  const torch::Device cpu(torch::kCPU);
  EXPECT_EQ(InputEncodingFor(cpu), InputEncoding::kCpuPlanes);
  const std::vector<PositionRef> refs = MixedRefs();
  BatchArrays arrays;
  ASSERT_TRUE(BuildBatch(refs, 19, 2, &arrays, InputEncodingFor(cpu)).ok());
  const BatchTensors t = ToTensors(arrays, cpu, /*channels_last=*/false);
  ASSERT_EQ(t.planes.sizes(), (std::vector<int64_t>{static_cast<int64_t>(refs.size()), kNumInputPlanes, 19, 19}));
  EXPECT_TRUE(torch::equal(
      t.planes.flatten(),
      torch::from_blob(arrays.planes.data(), {static_cast<int64_t>(arrays.planes.size())})));
  // The tensors own their memory: changing the arrays afterwards changes nothing.
  const float before = t.planes.flatten()[0].item<float>();
  arrays.planes[0] = 42.0f;
  EXPECT_EQ(t.planes.flatten()[0].item<float>(), before);
}

TEST(TorchTrainingTest, CompactInputsNeedTheCudaKernel) {
  const std::vector<PositionRef> refs = MixedRefs();
  BatchArrays arrays;
  ASSERT_TRUE(BuildBatch(refs, 19, 1, &arrays, InputEncoding::kCompactForDevice).ok());
  EXPECT_TRUE(arrays.planes.empty());
  ASSERT_EQ(arrays.positions.size(), refs.size());
  EXPECT_THROW(ToTensors(arrays, torch::Device(torch::kCPU), false), std::exception);
}

// The trainer on a GPU builds compact positions and lets the feature kernel
// expand them: the device batch must equal the CPU reference bit for bit,
// symmetries included, in both memory layouts.
TEST(TorchTrainingTest, DeviceEncodedBatchEqualsTheCpuReference) {
  if (!nn::CudaAvailable()) GTEST_SKIP() << "no CUDA device";
  const torch::Device cuda(torch::kCUDA, 0);
  ASSERT_EQ(InputEncodingFor(cuda), InputEncoding::kCompactForDevice);
  const std::vector<PositionRef> refs = MixedRefs();
  BatchArrays dense, compact;
  ASSERT_TRUE(BuildBatch(refs, 19, 2, &dense, InputEncoding::kCpuPlanes).ok());
  ASSERT_TRUE(BuildBatch(refs, 19, 2, &compact, InputEncoding::kCompactForDevice).ok());
  const BatchTensors expected = ToTensors(dense, torch::Device(torch::kCPU), false);
  for (bool channels_last : {false, true}) {
    const BatchTensors got = ToTensors(compact, cuda, channels_last);
    EXPECT_TRUE(torch::equal(got.planes.cpu().contiguous(), expected.planes)) << channels_last;
    EXPECT_TRUE(torch::equal(got.globals.cpu(), expected.globals));
    EXPECT_TRUE(torch::equal(got.policy.cpu(), expected.policy));
    EXPECT_TRUE(torch::equal(got.played_move.cpu(), expected.played_move));
    EXPECT_TRUE(torch::equal(got.ownership.cpu(), expected.ownership));
  }
}

}  // namespace
}  // namespace tengen::train
