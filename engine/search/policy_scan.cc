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
  int f = 0;
  for (; f + 16 <= PaddedPolicySize(size); f += 16) {
    const __m256i equal =
        _mm256_cmpeq_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(packed + f)), target);
    const unsigned hits = static_cast<unsigned>(_mm256_movemask_epi8(_mm256_and_si256(equal, MaskLanes16(mask, f))));
    if (hits != 0) return f + std::countr_zero(hits) / 2;
  }
  for (; f < size; ++f) {
    if (MaskHas(mask, f) && packed[f] == packed_value) return f;
  }
  return -1;
}

// ScanPackedPolicy without the sum (FillNextEdge's question): 16 lanes of
// packed values per step.
__attribute__((target("avx2"))) int BestLegalAvx2(const uint16_t* packed, const LegalMask& mask, int size) {
  const __m256i one = _mm256_set1_epi16(1);
  __m256i vmax = _mm256_setzero_si256();
  int f = 0;
  for (; f + 16 <= PaddedPolicySize(size); f += 16) {
    const __m256i v = _mm256_add_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(packed + f)), one);
    vmax = _mm256_max_epu16(vmax, _mm256_and_si256(v, MaskLanes16(mask, f)));
  }
  const __m128i halves = _mm_max_epu16(_mm256_castsi256_si128(vmax), _mm256_extracti128_si256(vmax, 1));
  // minpos finds the smallest lane; of the complements that is the largest.
  const __m128i complement = _mm_xor_si128(halves, _mm_set1_epi16(-1));
  unsigned best = 0xFFFFu ^ (static_cast<unsigned>(_mm_cvtsi128_si32(_mm_minpos_epu16(complement))) & 0xFFFFu);
  for (int tail = f; tail < size; ++tail) {
    if (MaskHas(mask, tail)) best = std::max(best, packed[tail] + 1u);
  }
  if (best == 0) return -1;
  return FirstLegalEqualAvx2(packed, mask, size, static_cast<uint16_t>(best - 1));
}

// Eight lanes per step.
template <bool kPack>
__attribute__((target("avx2"))) int ScanAvx2(const float* policy, const uint16_t* packed_in, uint16_t* packed_out,
                                              const LegalMask& mask, int size, float* sum) {
  const __m256i lane_bits = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
  const __m256 zero = _mm256_setzero_ps();
  const __m256i round_bias = _mm256_set1_epi32(0x7FFF);
  const __m256i one = _mm256_set1_epi32(1);
  __m256 vsum = zero;
  __m256i vmax = _mm256_setzero_si256();  // packed + 1 over the legal lanes
  for (int f = 0; f < size; f += 8) {
    __m256i halves;
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
      halves = _mm256_srli_epi32(
          _mm256_add_epi32(_mm256_add_epi32(x, round_bias), _mm256_and_si256(_mm256_srli_epi32(x, 16), one)), 16);
      const __m256i packed_pairs = _mm256_permute4x64_epi64(_mm256_packus_epi32(halves, halves), 0x08);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(packed_out + f), _mm256_castsi256_si128(packed_pairs));
    } else {
      halves = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(packed_in + f)));
    }
    const unsigned byte = static_cast<unsigned>(mask[f >> 6] >> (f & 63)) & 0xFF;
    if (byte != 0) {
      const __m256i selected = _mm256_and_si256(_mm256_set1_epi32(static_cast<int>(byte)), lane_bits);
      const __m256i lanes = _mm256_cmpeq_epi32(selected, lane_bits);
      vsum = _mm256_add_ps(vsum, _mm256_castsi256_ps(_mm256_and_si256(_mm256_slli_epi32(halves, 16), lanes)));
      vmax = _mm256_max_epu32(vmax, _mm256_and_si256(_mm256_add_epi32(halves, one), lanes));
    }
  }
  alignas(32) float sums[8];
  alignas(32) uint32_t maxes[8];
  _mm256_store_ps(sums, vsum);
  _mm256_store_si256(reinterpret_cast<__m256i*>(maxes), vmax);
  *sum = ((sums[0] + sums[1]) + (sums[2] + sums[3])) + ((sums[4] + sums[5]) + (sums[6] + sums[7]));
  const uint32_t best = *std::max_element(maxes, maxes + 8);
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
