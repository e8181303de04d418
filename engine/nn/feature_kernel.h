#ifndef TENGEN_ENGINE_NN_FEATURE_KERNEL_H_
#define TENGEN_ENGINE_NN_FEATURE_KERNEL_H_

// Host-side interface of the CUDA feature encoder (feature_kernel.cu): it
// expands a batch of CompactPositions, copied to the device as raw bytes,
// into input planes on the device, bit for bit what the CPU reference
// EncodeInputPlanes writes (then transformed by the per-position symmetry).
// Plain C++ with no CUDA or torch headers, so torch TUs and tests include it
// freely. Only compiled into the library when TENGEN_HAVE_CUDA_KERNELS.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace tengen::nn {

enum class PlaneLayout : int { kNCHW = 0, kNHWC = 1 };
enum class PlaneType : int { kFloat32 = 0, kBFloat16 = 1 };

// Byte offsets inside one CompactPosition (the .cu is compiled as C++17
// without the engine headers, so the C++20 side describes the struct).
struct CompactPositionLayout {
  int stride = 0;
  int to_play = 0;
  int komi = 0;
  int current = 0;
  int previous = 0;
  int previous_stride = 0;
  int previous_count = 0;
};

struct EncodeKernelArgs {
  const void* positions = nullptr;     // device: `count` positions, layout.stride bytes apart
  const uint8_t* symmetries = nullptr;  // device: one per position, or nullptr for none
  int count = 0;
  int board_size = 19;  // every position must have this size
  CompactPositionLayout layout;
  void* planes = nullptr;   // device: [count][planes][N][N] (NCHW) or [count][N][N][planes] (NHWC)
  void* globals = nullptr;  // device: [count][global inputs]
  PlaneLayout plane_layout = PlaneLayout::kNHWC;
  PlaneType type = PlaneType::kBFloat16;
  void* stream = nullptr;  // cudaStream_t; nullptr is the legacy default stream
};

// Queues the kernel on args.stream. Returns "" or the CUDA error text.
std::string LaunchEncodeInputPlanes(const EncodeKernelArgs& args);

// Round-to-nearest-even float -> bfloat16 bits, as __float2bfloat16_rn (for
// comparing the CPU reference with bf16 device planes).
inline uint16_t FloatToBFloat16Bits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  if ((bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu) != 0) return static_cast<uint16_t>((bits >> 16) | 0x40);
  const uint32_t rounding = 0x7fffu + ((bits >> 16) & 1u);
  return static_cast<uint16_t>((bits + rounding) >> 16);
}

}  // namespace tengen::nn

#ifndef __CUDACC__
#include "engine/features/compact_position.h"

namespace tengen::nn {

inline CompactPositionLayout CompactPositionLayoutOfThisBuild() {
  CompactPositionLayout layout;
  layout.stride = static_cast<int>(sizeof(CompactPosition));
  layout.to_play = static_cast<int>(offsetof(CompactPosition, to_play));
  layout.komi = static_cast<int>(offsetof(CompactPosition, komi));
  layout.current = static_cast<int>(offsetof(CompactPosition, current));
  layout.previous = static_cast<int>(offsetof(CompactPosition, previous));
  layout.previous_stride = static_cast<int>(sizeof(CompactPosition{}.previous[0]));
  layout.previous_count = static_cast<int>(offsetof(CompactPosition, previous_count));
  return layout;
}

}  // namespace tengen::nn
#endif  // __CUDACC__

#endif  // TENGEN_ENGINE_NN_FEATURE_KERNEL_H_
