#ifndef TENGEN_ENGINE_FEATURES_SYMMETRY_MATH_H_
#define TENGEN_ENGINE_FEATURES_SYMMETRY_MATH_H_

// The eight symmetries of the square board as inline arithmetic with no
// includes, shared by the CPU helpers (symmetry.h) and the CUDA kernel.
// Symmetry s in [0, 8): first transpose when bit 2 is set, then mirror x when
// bit 0 is set, then mirror y when bit 1 is set. s = 0 is the identity.

#ifdef __CUDACC__
#define TENGEN_HOST_DEVICE __host__ __device__
#else
#define TENGEN_HOST_DEVICE
#endif

namespace tengen {

constexpr int kNumSymmetries = 8;

// The image of flat point (y * size + x) under symmetry s.
TENGEN_HOST_DEVICE inline int SymmetryTransformFlat(int flat, int size, int s) {
  int x = flat % size;
  int y = flat / size;
  if (s & 4) {
    const int t = x;
    x = y;
    y = t;
  }
  if (s & 1) x = size - 1 - x;
  if (s & 2) y = size - 1 - y;
  return y * size + x;
}

// The symmetry that undoes s: mirrors are their own inverses, and a
// transpose followed by a mirror of x is undone by the transpose followed by
// a mirror of y (and the other way round).
TENGEN_HOST_DEVICE inline int SymmetryInverse(int s) {
  return (s & 4) && ((s & 3) == 1 || (s & 3) == 2) ? (s ^ 3) : s;
}

}  // namespace tengen

#endif  // TENGEN_ENGINE_FEATURES_SYMMETRY_MATH_H_
