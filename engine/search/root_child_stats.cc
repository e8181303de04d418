#include "engine/search/root_child_stats.h"

#include <bit>
#include <cstddef>
#include <limits>

#include "absl/base/internal/raw_logging.h"
#include "engine/search/cpu_features.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace tengen {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// The arithmetic of SelectPuct, operation for operation, so that scores
// equal the ones computed from the nodes bit for bit.
inline float PuctScore(float prior, float n, float q, float numerator, float fpu) {
  return (n > 0 ? q : fpu) + numerator * prior / (1.0f + n);
}

#if defined(__x86_64__)
// target("avx2") without "fma": no multiply-add contraction, so each lane
// rounds exactly as PuctScore does.
__attribute__((target("avx2"))) inline __m256 PuctScores(const float* prior, const float* n, const float* q,
                                                        __m256 numerator, __m256 fpu) {
  const __m256 nv = _mm256_load_ps(n);
  const __m256 visited = _mm256_cmp_ps(nv, _mm256_setzero_ps(), _CMP_GT_OQ);
  const __m256 value = _mm256_blendv_ps(fpu, _mm256_load_ps(q), visited);
  const __m256 explore =
      _mm256_div_ps(_mm256_mul_ps(numerator, _mm256_load_ps(prior)), _mm256_add_ps(_mm256_set1_ps(1.0f), nv));
  return _mm256_add_ps(value, explore);
}
#endif

}  // namespace

void RootChildStats::Append(float prior, float n, float q) {
  ABSL_RAW_CHECK(size_ >= 0 && size_ < kCapacity, "RootChildStats::Append: invalid or full");
  Block& block = blocks_[size_ / 8];
  const int lane = size_ % 8;
  if (lane == 0) {
    // Lanes past the end score -inf, so the vector code needs no tail.
    block.prior.fill(0.0f);
    block.n.fill(kInf);
    block.q.fill(-kInf);
  }
  block.prior[lane] = prior;
  block.n[lane] = n;
  block.q[lane] = q;
  ++size_;
}

void RootChildStats::SetVisits(int i, float n, float q) {
  Block& block = blocks_[i / 8];
  block.n[i % 8] = n;
  block.q[i % 8] = q;
}

void RootChildStats::SetUnselectable(int i) { SetVisits(i, kInf, -kInf); }

int RootChildStats::BestScalar(float numerator, float fpu, float* best_score) const {
  int best = -1;
  float best_value = -kInf;
  for (int i = 0; i < size_; ++i) {
    const Block& block = blocks_[i / 8];
    const int lane = i % 8;
    const float score = PuctScore(block.prior[lane], block.n[lane], block.q[lane], numerator, fpu);
    if (score > best_value) {
      best_value = score;
      best = i;
    }
  }
  *best_score = best_value;
  return best;
}

#if defined(__x86_64__)
namespace {

__attribute__((target("avx2"))) int BestAvx2(const void* blocks, int num_blocks, int block_floats,
                                             float numerator, float fpu, float* best_score) {
  const float* data = static_cast<const float*>(blocks);
  const __m256 num = _mm256_set1_ps(numerator);
  const __m256 first_play = _mm256_set1_ps(fpu);
  __m256 best = _mm256_set1_ps(-kInf);
  for (int b = 0; b < num_blocks; ++b) {
    const float* block = data + b * block_floats;
    // max(score, best) keeps best where score is NaN, as the scalar loop does.
    best = _mm256_max_ps(PuctScores(block, block + 8, block + 16, num, first_play), best);
  }
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(best), _mm256_extractf128_ps(best, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  m = _mm_max_ss(m, _mm_movehdup_ps(m));
  const float top = _mm_cvtss_f32(m);
  *best_score = top;
  if (!(top > -kInf)) return -1;
  const __m256 top_lanes = _mm256_set1_ps(top);
  for (int b = 0; b < num_blocks; ++b) {
    const float* block = data + b * block_floats;
    const __m256 scores = PuctScores(block, block + 8, block + 16, num, first_play);
    const int hits = _mm256_movemask_ps(_mm256_cmp_ps(scores, top_lanes, _CMP_EQ_OQ));
    if (hits != 0) return b * 8 + std::countr_zero(static_cast<unsigned>(hits));
  }
  return -1;  // unreachable: some lane holds the maximum
}

}  // namespace
#endif

int RootChildStats::Best(float numerator, float fpu, float* best_score, VectorPath path) const {
  ABSL_RAW_CHECK(size_ >= 0, "RootChildStats::Best: stale entries");
#if defined(__x86_64__)
  if (path == VectorPath::kBest && CpuHasAvx2()) {
    static_assert(offsetof(Block, n) == 32 && offsetof(Block, q) == 64);
    return BestAvx2(blocks_.data(), (size_ + 7) / 8, sizeof(Block) / sizeof(float), numerator, fpu, best_score);
  }
#endif
  return BestScalar(numerator, fpu, best_score);
}

}  // namespace tengen
