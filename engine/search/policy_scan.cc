#include "engine/search/policy_scan.h"

#include <algorithm>

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tengen {
namespace {

int ScanScalar(const float* policy, const LegalMask& mask, int size, float* sum, float* copy_to) {
  if (copy_to != nullptr) {
    std::copy(policy, policy + size, copy_to);
    std::fill(copy_to + size, copy_to + PaddedPolicySize(size), 0.0f);
  }
  float total = 0;
  int best = -1;
  float best_value = -1;
  for (int f = 0; f < size; ++f) {
    if (!MaskHas(mask, f)) continue;
    const float p = policy[f] > 0 ? policy[f] : 0.0f;
    total += p;
    if (p > best_value) {
      best_value = p;
      best = f;
    }
  }
  *sum = total;
  return best;
}

#if defined(__SSE2__)
int ScanSse2(const float* policy, const LegalMask& mask, int size, float* sum, float* copy_to) {
  alignas(16) static constexpr uint32_t kLanes[16][4] = {
      {0, 0, 0, 0}, {~0u, 0, 0, 0}, {0, ~0u, 0, 0}, {~0u, ~0u, 0, 0},
      {0, 0, ~0u, 0}, {~0u, 0, ~0u, 0}, {0, ~0u, ~0u, 0}, {~0u, ~0u, ~0u, 0},
      {0, 0, 0, ~0u}, {~0u, 0, 0, ~0u}, {0, ~0u, 0, ~0u}, {~0u, ~0u, 0, ~0u},
      {0, 0, ~0u, ~0u}, {~0u, 0, ~0u, ~0u}, {0, ~0u, ~0u, ~0u}, {~0u, ~0u, ~0u, ~0u}};
  const __m128 zero = _mm_setzero_ps();
  const __m128 minus_one = _mm_set1_ps(-1.0f);
  __m128 vsum = zero;
  __m128 vmax = minus_one;
  __m128i vidx = _mm_set1_epi32(-1);
  __m128i idx = _mm_setr_epi32(0, 1, 2, 3);
  const __m128i four = _mm_set1_epi32(4);
  for (int f = 0; f < size; f += 4) {
    __m128 loaded;
    if (copy_to == nullptr) {
      loaded = _mm_loadu_ps(policy + f);
    } else {
      if (f + 4 <= size) {
        loaded = _mm_loadu_ps(policy + f);
      } else {
        alignas(16) float tail[4] = {0, 0, 0, 0};
        std::copy(policy + f, policy + size, tail);
        loaded = _mm_load_ps(tail);
      }
      _mm_storeu_ps(copy_to + f, loaded);
      if (f + 4 >= size && f + 4 < PaddedPolicySize(size)) _mm_storeu_ps(copy_to + f + 4, _mm_setzero_ps());
    }
    const unsigned nibble = static_cast<unsigned>(mask[f >> 6] >> (f & 63)) & 0xF;
    if (nibble != 0) {
      const __m128 lanes = _mm_load_ps(reinterpret_cast<const float*>(kLanes[nibble]));
      const __m128 p = _mm_and_ps(_mm_max_ps(loaded, zero), lanes);  // NaN -> 0
      vsum = _mm_add_ps(vsum, p);
      const __m128 candidate = _mm_or_ps(p, _mm_andnot_ps(lanes, minus_one));
      const __m128 better = _mm_cmpgt_ps(candidate, vmax);
      vmax = _mm_or_ps(_mm_and_ps(better, candidate), _mm_andnot_ps(better, vmax));
      const __m128i better_i = _mm_castps_si128(better);
      vidx = _mm_or_si128(_mm_and_si128(better_i, idx), _mm_andnot_si128(better_i, vidx));
    }
    idx = _mm_add_epi32(idx, four);
  }
  alignas(16) float sums[4], maxes[4];
  alignas(16) int32_t indices[4];
  _mm_store_ps(sums, vsum);
  _mm_store_ps(maxes, vmax);
  _mm_store_si128(reinterpret_cast<__m128i*>(indices), vidx);
  *sum = (sums[0] + sums[1]) + (sums[2] + sums[3]);
  int best = -1;
  float best_value = -1;
  for (int lane = 0; lane < 4; ++lane) {
    if (indices[lane] >= 0 && (maxes[lane] > best_value || (maxes[lane] == best_value && indices[lane] < best))) {
      best_value = maxes[lane];
      best = indices[lane];
    }
  }
  return best;
}
#endif

#if defined(__x86_64__)
// Eight lanes per step: the scan runs once per expanded leaf.
__attribute__((target("avx2"))) int ScanAvx2(const float* policy, const LegalMask& mask, int size,
                                              float* sum, float* copy_to) {
  const __m256i lane_bits = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
  const __m256 zero = _mm256_setzero_ps();
  const __m256 minus_one = _mm256_set1_ps(-1.0f);
  __m256 vsum = zero;
  __m256 vmax = minus_one;
  __m256i vidx = _mm256_set1_epi32(-1);
  __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i eight = _mm256_set1_epi32(8);
  for (int f = 0; f < size; f += 8) {
    __m256 loaded;
    if (copy_to == nullptr || f + 8 <= size) {
      loaded = _mm256_loadu_ps(policy + f);
    } else {
      alignas(32) float tail[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      std::copy(policy + f, policy + size, tail);
      loaded = _mm256_load_ps(tail);
    }
    if (copy_to != nullptr) _mm256_storeu_ps(copy_to + f, loaded);
    const unsigned byte = static_cast<unsigned>(mask[f >> 6] >> (f & 63)) & 0xFF;
    if (byte != 0) {
      const __m256i selected = _mm256_and_si256(_mm256_set1_epi32(static_cast<int>(byte)), lane_bits);
      const __m256 lanes = _mm256_castsi256_ps(_mm256_cmpeq_epi32(selected, lane_bits));
      const __m256 p = _mm256_and_ps(_mm256_max_ps(loaded, zero), lanes);  // NaN -> 0
      vsum = _mm256_add_ps(vsum, p);
      const __m256 candidate = _mm256_or_ps(p, _mm256_andnot_ps(lanes, minus_one));
      const __m256 better = _mm256_cmp_ps(candidate, vmax, _CMP_GT_OQ);
      vmax = _mm256_blendv_ps(vmax, candidate, better);
      vidx = _mm256_castps_si256(
          _mm256_blendv_ps(_mm256_castsi256_ps(vidx), _mm256_castsi256_ps(idx), better));
    }
    idx = _mm256_add_epi32(idx, eight);
  }
  alignas(32) float sums[8], maxes[8];
  alignas(32) int32_t indices[8];
  _mm256_store_ps(sums, vsum);
  _mm256_store_ps(maxes, vmax);
  _mm256_store_si256(reinterpret_cast<__m256i*>(indices), vidx);
  *sum = ((sums[0] + sums[1]) + (sums[2] + sums[3])) + ((sums[4] + sums[5]) + (sums[6] + sums[7]));
  int best = -1;
  float best_value = -1;
  for (int lane = 0; lane < 8; ++lane) {
    if (indices[lane] >= 0 && (maxes[lane] > best_value || (maxes[lane] == best_value && indices[lane] < best))) {
      best_value = maxes[lane];
      best = indices[lane];
    }
  }
  return best;
}
#endif

}  // namespace

bool PolicyScanHasAvx2() {
#if defined(__x86_64__)
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
#else
  return false;
#endif
}

int MaskedSumArgmax(const float* policy, const LegalMask& mask, int size, float* sum, float* copy_to,
                    PolicyScanPath path) {
#if defined(__x86_64__)
  if (path == PolicyScanPath::kBest && PolicyScanHasAvx2()) return ScanAvx2(policy, mask, size, sum, copy_to);
#endif
#if defined(__SSE2__)
  if (path != PolicyScanPath::kScalar) return ScanSse2(policy, mask, size, sum, copy_to);
#endif
  return ScanScalar(policy, mask, size, sum, copy_to);
}

}  // namespace tengen
