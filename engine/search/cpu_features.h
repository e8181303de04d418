#ifndef TENGEN_ENGINE_SEARCH_CPU_FEATURES_H_
#define TENGEN_ENGINE_SEARCH_CPU_FEATURES_H_

// What the CPU running this binary can do, asked once. The search's hot
// loops pick their vector paths at run time, so one binary runs on every
// x86-64 machine (and elsewhere on the plain C++ paths).

namespace tengen {

// Which path a function with a vector version takes: kBest is the fastest
// the CPU has, kScalar the plain C++ one (the reference tests compare with).
enum class VectorPath { kBest, kScalar };

struct CpuFeatures {
  bool avx2 = false;
  bool popcnt = false;
};

inline const CpuFeatures& DetectedCpuFeatures() {
#if defined(__x86_64__)
  static const CpuFeatures features{static_cast<bool>(__builtin_cpu_supports("avx2")),
                                    static_cast<bool>(__builtin_cpu_supports("popcnt"))};
#else
  static const CpuFeatures features;
#endif
  return features;
}

inline bool CpuHasAvx2() { return DetectedCpuFeatures().avx2; }
inline bool CpuHasPopcnt() { return DetectedCpuFeatures().popcnt; }

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_CPU_FEATURES_H_
