#ifndef TENGEN_ENGINE_TRAIN_SAMPLE_BUILDER_H_
#define TENGEN_ENGINE_TRAIN_SAMPLE_BUILDER_H_

// Position references -> dense training arrays: input planes (CPU reference
// encoder, under the sample's symmetry) and every target, from the side to
// move's point of view. Samples are independent, so a batch is built by
// several threads without changing a single bit of the result. Torch-free:
// the trainer wraps these arrays in tensors.

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "engine/features/compact_position.h"
#include "engine/train/position_stream.h"

namespace tengen::train {

// Value classes of the network's WDL head, for the side to move.
inline constexpr int kValueWin = 0;
inline constexpr int kValueLoss = 1;
inline constexpr int kValueDraw = 2;

// How a batch carries the network inputs: dense planes from the CPU
// reference encoder, or the compact positions plus symmetries that the CUDA
// feature kernel expands on the device (11x fewer bytes to write and upload,
// which is what keeps a GPU fed).
enum class InputEncoding { kCpuPlanes, kCompactForDevice };

struct BatchArrays {
  int batch = 0;
  int board_size = 19;
  InputEncoding encoding = InputEncoding::kCpuPlanes;
  std::vector<float> planes;          // [B][kNumInputPlanes][N][N] (kCpuPlanes)
  std::vector<float> globals;         // [B][kNumGlobalInputs] (kCpuPlanes)
  std::vector<CompactPosition> positions;  // [B] before the symmetry (kCompactForDevice)
  std::vector<uint8_t> symmetries;         // [B] (kCompactForDevice)
  std::vector<float> policy;          // [B][N*N+1], sums to 1
  std::vector<int64_t> played_move;   // [B] flat move actually played (accuracy)
  std::vector<int64_t> value_class;   // [B] kValueWin / kValueLoss / kValueDraw
  std::vector<float> value;           // [B] +1 / -1 / 0 (side to move)
  std::vector<float> score;           // [B] final score lead, side to move
  std::vector<float> score_mask;      // [B] 1 when the score is known
  std::vector<float> ownership;       // [B][N*N] final ownership, side to move
  std::vector<float> ownership_mask;  // [B] 1 when ownership is known

  void Resize(int batch_size, int board_size,
              InputEncoding input_encoding = InputEncoding::kCpuPlanes);
};

// Fills sample i of `out` (already Resize()d). Errors name the game.
absl::Status BuildSample(const PositionRef& ref, int i, BatchArrays* out);

// Builds every sample with `threads` threads (0 or 1: the calling thread).
absl::Status BuildBatch(std::span<const PositionRef> refs, int board_size, int threads,
                        BatchArrays* out,
                        InputEncoding encoding = InputEncoding::kCpuPlanes);

}  // namespace tengen::train

#endif  // TENGEN_ENGINE_TRAIN_SAMPLE_BUILDER_H_
