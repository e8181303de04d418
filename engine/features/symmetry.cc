#include "engine/features/symmetry.h"

#include <cstddef>

namespace tengen {
namespace {

// Applying both to the corner (0, 0) and its neighbour (1, 0) of a 3x3 board
// identifies a symmetry uniquely.
int IdentifySymmetry(int image_of_origin, int image_of_right) {
  for (int s = 0; s < kNumSymmetries; ++s) {
    if (SymmetryTransformFlat(0, 3, s) == image_of_origin && SymmetryTransformFlat(1, 3, s) == image_of_right) {
      return s;
    }
  }
  return -1;
}

}  // namespace

int ComposeSymmetries(int first, int second) {
  const int origin = SymmetryTransformFlat(SymmetryTransformFlat(0, 3, first), 3, second);
  const int right = SymmetryTransformFlat(SymmetryTransformFlat(1, 3, first), 3, second);
  return IdentifySymmetry(origin, right);
}

int TransformFlatMove(int flat, int size, int s) {
  return flat == size * size ? flat : SymmetryTransformFlat(flat, size, s);
}

void TransformPointValues(const float* in, float* out, int size, int s) {
  const int area = size * size;
  for (int i = 0; i < area; ++i) out[SymmetryTransformFlat(i, size, s)] = in[i];
}

void TransformPolicy(const float* in, float* out, int size, int s) {
  TransformPointValues(in, out, size, s);
  out[size * size] = in[size * size];
}

void TransformPlanes(const float* in, float* out, int channels, int size, int s) {
  const size_t area = static_cast<size_t>(size) * size;
  for (int c = 0; c < channels; ++c) TransformPointValues(in + c * area, out + c * area, size, s);
}

CompactPosition TransformCompactPosition(const CompactPosition& position, int s) {
  CompactPosition out = position;
  const int n = position.board_size;
  for (int i = 0; i < n * n; ++i) {
    const int j = SymmetryTransformFlat(i, n, s);
    out.current[j] = position.current[i];
    for (size_t k = 0; k < position.previous.size(); ++k) out.previous[k][j] = position.previous[k][i];
  }
  return out;
}

}  // namespace tengen
