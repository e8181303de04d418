#ifndef TENGEN_ENGINE_FEATURES_INPUT_PLANES_H_
#define TENGEN_ENGINE_FEATURES_INPUT_PLANES_H_

// The CPU reference encoder: CompactPosition -> the input planes of feature
// version kFeatureVersion (layout in plane_layout.h). The CUDA kernel in
// engine/nn must agree with it bit for bit.

#include <cstddef>

#include "engine/features/compact_position.h"
#include "engine/features/plane_layout.h"

namespace tengen {

constexpr size_t InputPlanesSize(int board_size) {
  return static_cast<size_t>(kNumInputPlanes) * board_size * board_size;
}

// Writes planes[kNumInputPlanes][size][size] (every value 0 or 1) and
// global[kNumGlobalInputs].
void EncodeInputPlanes(const CompactPosition& position, float* planes, float* global);

}  // namespace tengen

#endif  // TENGEN_ENGINE_FEATURES_INPUT_PLANES_H_
