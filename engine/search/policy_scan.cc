#include "engine/search/policy_scan.h"

#include <algorithm>
#include <bit>

#include "engine/search/cpu_features.h"

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
// Packed priors are non-negative bfloat16 (PackPrior), whose bit patterns
// order as the values do, so the best move is an integer maximum: of
// packed + 1 over the legal moves and 0 elsewhere (a legal move with prior
// 0 still beats no move). The index of the first legal move holding that
// maximum is then found in a second pass over the packed block, which is
// in L1 by then, instead of carrying indices through the first.

// Lanes of the 16 mask bits starting at flat index f (f a multiple of 16).
__attribute__((target("avx2"))) inline __m256i MaskLanes16(const LegalMask& mask, int f) {
  const __m256i lane_bits = _mm256_setr_epi16(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192,
                                              16384, static_cast<int16_t>(0x8000));
  const unsigned bits = static_cast<unsigned>(mask[f >> 6] >> (f & 63)) & 0xFFFF;
  return _mm256_cmpeq_epi16(_mm256_and_si256(_mm256_set1_epi16(static_cast<int16_t>(bits)), lane_bits), lane_bits);
}

// The lowest legal flat index whose packed value is `packed_value`, which
// one of them holds.
__attribute__((target("avx2"))) int FirstLegalEqualAvx2(const uint16_t* packed, const LegalMask& mask, int size,
                                                         uint16_t packed_value) {
  const __m256i target = _mm256_set1_epi16(static_cast<int16_t>(packed_value));
  for (int f = 0; f < PaddedPolicySize(size); f += 16) {
    const __m256i equal =
        _mm256_cmpeq_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(packed + f)), target);
    const unsigned hits = static_cast<unsigned>(_mm256_movemask_epi8(_mm256_and_si256(equal, MaskLanes16(mask, f))));
    if (hits != 0) return f + std::countr_zero(hits) / 2;
  }
  return -1;
}

// The largest of the 16 unsigned lanes.
__attribute__((target("avx2"), always_inline)) inline unsigned MaxLane16(__m256i v) {
  const __m128i halves = _mm_max_epu16(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  // minpos finds the smallest lane; of the complements that is the largest.
  const __m128i complement = _mm_xor_si128(halves, _mm_set1_epi16(-1));
  return 0xFFFFu ^ (static_cast<unsigned>(_mm_cvtsi128_si32(_mm_minpos_epu16(complement))) & 0xFFFFu);
}

// ScanPackedPolicy without the sum (FillNextEdge's question): 16 lanes of
// packed values per step.
__attribute__((target("avx2"))) int BestLegalAvx2(const uint16_t* packed, const LegalMask& mask, int size) {
  const __m256i one = _mm256_set1_epi16(1);
  __m256i vmax = _mm256_setzero_si256();
  for (int f = 0; f < PaddedPolicySize(size); f += 16) {
    const __m256i v = _mm256_add_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(packed + f)), one);
    vmax = _mm256_max_epu16(vmax, _mm256_and_si256(v, MaskLanes16(mask, f)));
  }
  const unsigned best = MaxLane16(vmax);
  if (best == 0) return -1;
  return FirstLegalEqualAvx2(packed, mask, size, static_cast<uint16_t>(best - 1));
}

// Sixteen packed lanes per step. The policy's floats are loaded eight at a
// time, past `size` as zeros (a masked load: no out-of-bounds read and no
// call that would make the compiler reload its constants every step).
__attribute__((target("avx2"), always_inline)) inline __m256 LoadPolicyEight(const float* policy, int f, int size) {
  if (f + 8 <= size) return _mm256_loadu_ps(policy + f);
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i in_range = _mm256_cmpgt_epi32(_mm256_set1_epi32(size - f), lane);
  return _mm256_maskload_ps(policy + std::min(f, size), in_range);
}

// As PackPrior, eight floats to eight bfloat16 in the low halves of 32-bit
// lanes: NaN and negative to +0, then round to nearest even.
__attribute__((target("avx2"), always_inline)) inline __m256i PackEight(__m256 values) {
  const __m256i x = _mm256_castps_si256(_mm256_max_ps(values, _mm256_setzero_ps()));
  const __m256i rounding = _mm256_add_epi32(_mm256_set1_epi32(0x7FFF),
                                            _mm256_and_si256(_mm256_srli_epi32(x, 16), _mm256_set1_epi32(1)));
  return _mm256_srli_epi32(_mm256_add_epi32(x, rounding), 16);
}

template <bool kPack>
__attribute__((target("avx2"))) int ScanAvx2(const float* policy, const uint16_t* packed_in, uint16_t* packed_out,
                                              const LegalMask& mask, int size, float* sum) {
  const __m256i zero = _mm256_setzero_si256();
  const __m256i one = _mm256_set1_epi16(1);
  __m256 sum_low = _mm256_setzero_ps();
  __m256 sum_high = _mm256_setzero_ps();
  __m256i vmax = zero;  // packed + 1 over the legal lanes
  for (int f = 0; f < PaddedPolicySize(size); f += 16) {
    __m256i packed;
    if constexpr (kPack) {
      const __m256i low = PackEight(LoadPolicyEight(policy, f, size));
      const __m256i high = PackEight(LoadPolicyEight(policy, f + 8, size));
      // packus interleaves the 128-bit halves; the permute puts them in order.
      packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(low, high), 0xD8);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(packed_out + f), packed);
    } else {
      packed = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(packed_in + f));
    }
    const __m256i lanes = MaskLanes16(mask, f);
    const __m256i legal = _mm256_and_si256(packed, lanes);
    vmax = _mm256_max_epu16(vmax, _mm256_and_si256(_mm256_add_epi16(packed, one), lanes));
    // A bfloat16 in the high half of a 32-bit lane is that float.
    sum_low = _mm256_add_ps(sum_low, _mm256_castsi256_ps(_mm256_unpacklo_epi16(zero, legal)));
    sum_high = _mm256_add_ps(sum_high, _mm256_castsi256_ps(_mm256_unpackhi_epi16(zero, legal)));
  }
  alignas(32) float sums[8];
  _mm256_store_ps(sums, _mm256_add_ps(sum_low, sum_high));
  *sum = ((sums[0] + sums[1]) + (sums[2] + sums[3])) + ((sums[4] + sums[5]) + (sums[6] + sums[7]));
  const unsigned best = MaxLane16(vmax);
  if (best == 0) return -1;
  return FirstLegalEqualAvx2(kPack ? packed_out : packed_in, mask, size, static_cast<uint16_t>(best - 1));
}
#endif

}  // namespace

int PackPolicy(const float* policy, const LegalMask& mask, int size, float* sum, uint16_t* packed,
               VectorPath path) {
#if defined(__x86_64__)
  if (path == VectorPath::kBest && CpuHasAvx2()) {
    return ScanAvx2<true>(policy, nullptr, packed, mask, size, sum);
  }
#endif
  return ScanScalar<true>(policy, nullptr, packed, mask, size, sum);
}

int BestPackedMove(const uint16_t* packed, const LegalMask& mask, int size, VectorPath path) {
#if defined(__x86_64__)
  if (path == VectorPath::kBest && CpuHasAvx2()) return BestLegalAvx2(packed, mask, size);
#endif
  float unused_sum;
  return ScanScalar<false>(nullptr, packed, nullptr, mask, size, &unused_sum);
}

int ScanPackedPolicy(const uint16_t* packed, const LegalMask& mask, int size, float* sum, VectorPath path) {
#if defined(__x86_64__)
  if (path == VectorPath::kBest && CpuHasAvx2()) {
    return ScanAvx2<false>(nullptr, packed, nullptr, mask, size, sum);
  }
#endif
  return ScanScalar<false>(nullptr, packed, nullptr, mask, size, sum);
}

}  // namespace tengen
