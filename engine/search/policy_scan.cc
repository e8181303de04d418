#include "engine/search/policy_scan.h"

#include <algorithm>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace tengen {
namespace {

// kPack: read floats from `policy` and write `packed_out`; else read
// `packed_in`.
template <bool kPack>
int ScanScalar(const float* policy, const uint16_t* packed_in, uint16_t* packed_out, const LegalMask& mask,
               int size, float* sum) {
  float total = 0;
  int best = -1;
  float best_value = -1;
  for (int f = 0; f < PaddedPolicySize(size); ++f) {
    uint16_t packed;
    if constexpr (kPack) {
      packed = f < size ? PackPrior(policy[f]) : 0;
      packed_out[f] = packed;
    } else {
      packed = packed_in[f];
    }
    if (f >= size || !MaskHas(mask, f)) continue;
    const float p = UnpackPrior(packed);
    total += p;
    if (p > best_value) {
      best_value = p;
      best = f;
    }
  }
  *sum = total;
  return best;
}

#if defined(__x86_64__)
// Eight lanes per step.
template <bool kPack>
__attribute__((target("avx2"))) int ScanAvx2(const float* policy, const uint16_t* packed_in, uint16_t* packed_out,
                                              const LegalMask& mask, int size, float* sum) {
  const __m256i lane_bits = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
  const __m256 zero = _mm256_setzero_ps();
  const __m256 minus_one = _mm256_set1_ps(-1.0f);
  const __m256i round_bias = _mm256_set1_epi32(0x7FFF);
  const __m256i one = _mm256_set1_epi32(1);
  __m256 vsum = zero;
  __m256 vmax = minus_one;
  __m256i vidx = _mm256_set1_epi32(-1);
  __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i eight = _mm256_set1_epi32(8);
  for (int f = 0; f < size; f += 8) {
    __m256i bits;
    if constexpr (kPack) {
      __m256 loaded;
      if (f + 8 <= size) {
        loaded = _mm256_loadu_ps(policy + f);
      } else {
        alignas(32) float tail[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        std::copy(policy + f, policy + size, tail);
        loaded = _mm256_load_ps(tail);
      }
      // As PackPrior: NaN and negative to +0, then round to nearest even.
      const __m256i x = _mm256_castps_si256(_mm256_max_ps(loaded, zero));
      const __m256i halves = _mm256_srli_epi32(
          _mm256_add_epi32(_mm256_add_epi32(x, round_bias), _mm256_and_si256(_mm256_srli_epi32(x, 16), one)), 16);
      const __m256i packed_pairs = _mm256_permute4x64_epi64(_mm256_packus_epi32(halves, halves), 0x08);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(packed_out + f), _mm256_castsi256_si128(packed_pairs));
      bits = _mm256_slli_epi32(halves, 16);
    } else {
      bits = _mm256_slli_epi32(
          _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(packed_in + f))), 16);
    }
    const unsigned byte = static_cast<unsigned>(mask[f >> 6] >> (f & 63)) & 0xFF;
    if (byte != 0) {
      const __m256i selected = _mm256_and_si256(_mm256_set1_epi32(static_cast<int>(byte)), lane_bits);
      const __m256 lanes = _mm256_castsi256_ps(_mm256_cmpeq_epi32(selected, lane_bits));
      const __m256 p = _mm256_and_ps(_mm256_castsi256_ps(bits), lanes);
      vsum = _mm256_add_ps(vsum, p);
      // Lanes outside the mask are -1, below every prior.
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

int PackPolicy(const float* policy, const LegalMask& mask, int size, float* sum, uint16_t* packed,
               PolicyScanPath path) {
#if defined(__x86_64__)
  if (path == PolicyScanPath::kBest && PolicyScanHasAvx2()) {
    return ScanAvx2<true>(policy, nullptr, packed, mask, size, sum);
  }
#endif
  return ScanScalar<true>(policy, nullptr, packed, mask, size, sum);
}

int ScanPackedPolicy(const uint16_t* packed, const LegalMask& mask, int size, float* sum, PolicyScanPath path) {
#if defined(__x86_64__)
  if (path == PolicyScanPath::kBest && PolicyScanHasAvx2()) {
    return ScanAvx2<false>(nullptr, packed, nullptr, mask, size, sum);
  }
#endif
  return ScanScalar<false>(nullptr, packed, nullptr, mask, size, sum);
}

}  // namespace tengen
