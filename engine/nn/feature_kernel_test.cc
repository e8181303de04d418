#include "engine/nn/feature_kernel.h"

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "engine/features/input_planes.h"
#include "engine/features/symmetry.h"
#include "engine/nn/torch_info.h"
#include "gtest/gtest.h"

#ifdef TENGEN_HAVE_CUDA_KERNELS
#include <cuda_runtime_api.h>
#endif

namespace tengen::nn {
namespace {

TEST(FeatureKernelTest, BFloat16RoundingMatchesTheDeviceConversion) {
  EXPECT_EQ(FloatToBFloat16Bits(0.0f), 0x0000);
  EXPECT_EQ(FloatToBFloat16Bits(1.0f), 0x3f80);
  EXPECT_EQ(FloatToBFloat16Bits(-0.5f), 0xbf00);
  // 6.5 / 15 = 0.4333...: float 0x3edddddE rounds up to 0x3ede.
  EXPECT_EQ(FloatToBFloat16Bits(6.5f * (1.0f / 15.0f)), 0x3ede);
  // Ties go to even: 1 + 2^-8 is halfway between 1 and 1 + 2^-7.
  EXPECT_EQ(FloatToBFloat16Bits(1.00390625f), 0x3f80);
  EXPECT_EQ(FloatToBFloat16Bits(1.01171875f), 0x3f82);
}

TEST(FeatureKernelTest, LayoutDescribesTheStruct) {
  const CompactPositionLayout layout = CompactPositionLayoutOfThisBuild();
  CompactPosition cp;
  const auto* base = reinterpret_cast<const uint8_t*>(&cp);
  EXPECT_EQ(layout.stride, static_cast<int>(sizeof(CompactPosition)));
  EXPECT_EQ(base + layout.to_play, &cp.to_play);
  EXPECT_EQ(base + layout.komi, reinterpret_cast<const uint8_t*>(&cp.komi));
  EXPECT_EQ(base + layout.current, cp.current.data());
  EXPECT_EQ(base + layout.previous + 3 * layout.previous_stride, cp.previous[3].data());
  EXPECT_EQ(base + layout.previous_count, &cp.previous_count);
}

#ifdef TENGEN_HAVE_CUDA_KERNELS

bool HaveCudaDevice() {
  int count = 0;
  return cudaGetDeviceCount(&count) == cudaSuccess && count > 0;
}

// Positions of random games with captures and kos, both colours to move,
// several komis.
std::vector<CompactPosition> RandomPositions(int size, int count) {
  std::mt19937_64 rng(size * 1000 + count);
  std::vector<CompactPosition> out;
  for (int i = 0; i < count; ++i) {
    Game game(size);
    game.set_komi(i % 3 == 0 ? 7.5f : (i % 3 == 1 ? 6.5f : -3.0f));
    const int moves = static_cast<int>(rng() % (size * size));
    for (int m = 0; m < moves; ++m) {
      const std::vector<Point> legal = game.LegalMoves();
      game.PlayUnchecked(legal.empty() ? kPass : legal[rng() % legal.size()], game.to_play());
    }
    out.push_back(MakeCompactPosition(game));
  }
  return out;
}

TEST(FeatureKernelTest, CudaAgreesWithTheCpuEncoderBitForBit) {
  if (!HaveCudaKernels()) GTEST_SKIP() << "built without the CUDA kernels";
  if (!HaveCudaDevice()) GTEST_SKIP() << "no CUDA device";
  const CompactPositionLayout layout = CompactPositionLayoutOfThisBuild();
  for (int size : {9, 19}) {
    const std::vector<CompactPosition> positions = RandomPositions(size, 24);
    const int count = static_cast<int>(positions.size());
    std::vector<uint8_t> symmetries(count);
    for (int i = 0; i < count; ++i) symmetries[i] = static_cast<uint8_t>(i % kNumSymmetries);
    const size_t planes_per_position = InputPlanesSize(size);

    // The reference: CPU encoding of the transformed position.
    std::vector<float> expected_planes(count * planes_per_position), expected_globals(count * kNumGlobalInputs);
    for (int i = 0; i < count; ++i) {
      EncodeInputPlanes(TransformCompactPosition(positions[i], symmetries[i]),
                        expected_planes.data() + i * planes_per_position,
                        expected_globals.data() + i * kNumGlobalInputs);
    }

    void *d_positions, *d_symmetries, *d_planes, *d_globals;
    ASSERT_EQ(cudaMalloc(&d_positions, count * sizeof(CompactPosition)), cudaSuccess);
    ASSERT_EQ(cudaMalloc(&d_symmetries, count), cudaSuccess);
    ASSERT_EQ(cudaMalloc(&d_planes, count * planes_per_position * sizeof(float)), cudaSuccess);
    ASSERT_EQ(cudaMalloc(&d_globals, count * kNumGlobalInputs * sizeof(float)), cudaSuccess);
    cudaMemcpy(d_positions, positions.data(), count * sizeof(CompactPosition), cudaMemcpyHostToDevice);
    cudaMemcpy(d_symmetries, symmetries.data(), count, cudaMemcpyHostToDevice);

    for (PlaneLayout plane_layout : {PlaneLayout::kNCHW, PlaneLayout::kNHWC}) {
      for (PlaneType type : {PlaneType::kFloat32, PlaneType::kBFloat16}) {
        const size_t element = type == PlaneType::kFloat32 ? 4 : 2;
        cudaMemset(d_planes, 0xff, count * planes_per_position * element);
        EncodeKernelArgs args;
        args.positions = d_positions;
        args.symmetries = static_cast<const uint8_t*>(d_symmetries);
        args.count = count;
        args.board_size = size;
        args.layout = layout;
        args.planes = d_planes;
        args.globals = d_globals;
        args.plane_layout = plane_layout;
        args.type = type;
        ASSERT_EQ(LaunchEncodeInputPlanes(args), "");
        ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
        std::vector<uint8_t> planes(count * planes_per_position * element), globals(count * kNumGlobalInputs * element);
        cudaMemcpy(planes.data(), d_planes, planes.size(), cudaMemcpyDeviceToHost);
        cudaMemcpy(globals.data(), d_globals, globals.size(), cudaMemcpyDeviceToHost);

        // Expected bytes in the same layout and type.
        const int area = size * size;
        std::vector<uint8_t> want(planes.size()), want_globals(globals.size());
        const auto put = [&](std::vector<uint8_t>& dst, size_t index, float v) {
          if (type == PlaneType::kFloat32) {
            std::memcpy(dst.data() + index * 4, &v, 4);
          } else {
            const uint16_t bits = FloatToBFloat16Bits(v);
            std::memcpy(dst.data() + index * 2, &bits, 2);
          }
        };
        for (int b = 0; b < count; ++b) {
          for (int c = 0; c < kNumInputPlanes; ++c) {
            for (int i = 0; i < area; ++i) {
              const float v = expected_planes[b * planes_per_position + c * area + i];
              const size_t index = plane_layout == PlaneLayout::kNCHW
                                       ? (static_cast<size_t>(b) * kNumInputPlanes + c) * area + i
                                       : (static_cast<size_t>(b) * area + i) * kNumInputPlanes + c;
              put(want, index, v);
            }
          }
          for (int g = 0; g < kNumGlobalInputs; ++g) {
            put(want_globals, b * kNumGlobalInputs + g, expected_globals[b * kNumGlobalInputs + g]);
          }
        }
        EXPECT_EQ(planes, want) << "size " << size << " layout " << static_cast<int>(plane_layout) << " type "
                                << static_cast<int>(type);
        EXPECT_EQ(globals, want_globals);
      }
    }
    cudaFree(d_positions);
    cudaFree(d_symmetries);
    cudaFree(d_planes);
    cudaFree(d_globals);
  }
}

#else

TEST(FeatureKernelTest, CudaAgreesWithTheCpuEncoderBitForBit) {
  GTEST_SKIP() << "built without the CUDA kernels (no nvcc)";
}

#endif  // TENGEN_HAVE_CUDA_KERNELS

}  // namespace
}  // namespace tengen::nn
