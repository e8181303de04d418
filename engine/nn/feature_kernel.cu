// CUDA feature encoder: one thread per (position, point) writes every plane
// of that point. Must agree bit for bit with EncodeInputPlanes
// (engine/features/input_planes.cc); feature_kernel_test.cc checks it.

#include <cuda_bf16.h>
#include <cuda_runtime.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "engine/features/plane_layout.h"
#include "engine/features/symmetry_math.h"
#include "engine/nn/feature_kernel.h"

namespace tengen::nn {
namespace {

template <typename T>
__device__ inline T FromFloat(float v);
template <>
__device__ inline float FromFloat<float>(float v) {
  return v;
}
template <>
__device__ inline __nv_bfloat16 FromFloat<__nv_bfloat16>(float v) {
  return __float2bfloat16_rn(v);
}

template <typename T, bool kChannelsLast>
__global__ void EncodeKernel(const uint8_t* __restrict__ positions, const uint8_t* __restrict__ symmetries,
                             int count, int n, CompactPositionLayout layout, T* __restrict__ planes,
                             T* __restrict__ globals) {
  const int b = blockIdx.y;
  const int area = n * n;
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (b >= count || i >= area) return;
  const uint8_t* cp = positions + static_cast<size_t>(b) * layout.stride;
  const int s = symmetries != nullptr ? symmetries[b] : 0;
  // The point whose features land on i under symmetry s.
  const int src = SymmetryTransformFlat(i, n, SymmetryInverse(s));
  const int own = cp[layout.to_play];
  const int opponent = 3 - own;
  const bool black_to_move = own == 1;

  float v[kNumInputPlanes];
#pragma unroll
  for (int c = 0; c < kNumInputPlanes; ++c) v[c] = 0.0f;
  v[kPlaneOnBoard] = 1.0f;
  v[kPlaneBlackToMove] = black_to_move ? 1.0f : 0.0f;
  const int current = cp[layout.current + src];
  const int colour = current & kColourMask;
  v[kPlaneOwnStones] = colour == own ? 1.0f : 0.0f;
  v[kPlaneOpponentStones] = colour == opponent ? 1.0f : 0.0f;
  const int liberties = (current >> kLibertyShift) & kLibertyMask;
  if (liberties > 0) v[kPlaneLiberties1 + liberties - 1] = 1.0f;
  v[kPlaneKoIllegal] = (current & kKoBit) ? 1.0f : 0.0f;
  int previous = cp[layout.previous_count];
  if (previous > kHistoryPositions - 1) previous = kHistoryPositions - 1;
  for (int k = 0; k < previous; ++k) {
    const int c = cp[layout.previous + k * layout.previous_stride + src] & kColourMask;
    v[kPlaneOwnStones + 2 * (k + 1)] = c == own ? 1.0f : 0.0f;
    v[kPlaneOpponentStones + 2 * (k + 1)] = c == opponent ? 1.0f : 0.0f;
  }

  if (kChannelsLast) {
    T* out = planes + (static_cast<size_t>(b) * area + i) * kNumInputPlanes;
#pragma unroll
    for (int c = 0; c < kNumInputPlanes; ++c) out[c] = FromFloat<T>(v[c]);
  } else {
    T* out = planes + static_cast<size_t>(b) * kNumInputPlanes * area + i;
#pragma unroll
    for (int c = 0; c < kNumInputPlanes; ++c) out[static_cast<size_t>(c) * area] = FromFloat<T>(v[c]);
  }
  if (i == 0) {
    float komi;
    memcpy(&komi, cp + layout.komi, sizeof komi);
    const float own_komi = black_to_move ? -komi : komi;
    globals[static_cast<size_t>(b) * kNumGlobalInputs + kGlobalKomi] = FromFloat<T>(own_komi * kKomiScale);
    globals[static_cast<size_t>(b) * kNumGlobalInputs + kGlobalBlackToMove] = FromFloat<T>(black_to_move ? 1.0f : 0.0f);
  }
}

template <typename T>
void Launch(const EncodeKernelArgs& a, dim3 grid, dim3 block, cudaStream_t stream) {
  const auto* positions = static_cast<const uint8_t*>(a.positions);
  auto* planes = static_cast<T*>(a.planes);
  auto* globals = static_cast<T*>(a.globals);
  if (a.plane_layout == PlaneLayout::kNHWC) {
    EncodeKernel<T, true><<<grid, block, 0, stream>>>(positions, a.symmetries, a.count, a.board_size, a.layout,
                                                       planes, globals);
  } else {
    EncodeKernel<T, false><<<grid, block, 0, stream>>>(positions, a.symmetries, a.count, a.board_size, a.layout,
                                                        planes, globals);
  }
}

}  // namespace

std::string LaunchEncodeInputPlanes(const EncodeKernelArgs& args) {
  if (args.count <= 0) return "";
  if (args.count > 65535) return "LaunchEncodeInputPlanes: batch larger than 65535";
  constexpr int kThreads = 128;
  const int area = args.board_size * args.board_size;
  const dim3 grid((area + kThreads - 1) / kThreads, args.count);
  const dim3 block(kThreads);
  auto stream = static_cast<cudaStream_t>(args.stream);
  if (args.type == PlaneType::kBFloat16) {
    Launch<__nv_bfloat16>(args, grid, block, stream);
  } else {
    Launch<float>(args, grid, block, stream);
  }
  const cudaError_t status = cudaGetLastError();
  return status == cudaSuccess ? std::string() : std::string("feature kernel launch: ") + cudaGetErrorString(status);
}

}  // namespace tengen::nn
