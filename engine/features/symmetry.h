#ifndef TENGEN_ENGINE_FEATURES_SYMMETRY_H_
#define TENGEN_ENGINE_FEATURES_SYMMETRY_H_

// The eight board symmetries applied to flat points, policy vectors, input
// planes and whole compact positions: training augmentation, and optional
// random symmetry at inference (transform the input with s, map the outputs
// back with TransformPolicy(..., SymmetryInverse(s))). The arithmetic is in
// symmetry_math.h (shared with the CUDA kernel).

#include "engine/features/compact_position.h"
#include "engine/features/symmetry_math.h"

namespace tengen {

// The symmetry equal to applying `second` after `first`.
int ComposeSymmetries(int first, int second);

// Flat point (y * size + x) or pass (size * size, which every symmetry fixes).
int TransformFlatMove(int flat, int size, int s);

// out[T(i)] = in[i] over the PolicySize(size) entries (pass stays last).
// `in` and `out` must not overlap.
void TransformPolicy(const float* in, float* out, int size, int s);
// The same over size * size points (ownership and other per-point maps).
void TransformPointValues(const float* in, float* out, int size, int s);
// Planes laid out [channels][size][size]: out[c][T(i)] = in[c][i].
void TransformPlanes(const float* in, float* out, int channels, int size, int s);

// The position as it looks after applying s to the board: encoding the
// result equals transforming the encoding of the original.
CompactPosition TransformCompactPosition(const CompactPosition& position, int s);

}  // namespace tengen

#endif  // TENGEN_ENGINE_FEATURES_SYMMETRY_H_
