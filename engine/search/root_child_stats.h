#ifndef TENGEN_ENGINE_SEARCH_ROOT_CHILD_STATS_H_
#define TENGEN_ENGINE_SEARCH_ROOT_CHILD_STATS_H_

// The root's visited children as PUCT selection scores them, in one small
// block of memory. The root holds most of the children a simulation scores
// (about 17 per simulation at 200 visits against about 2 per inner node),
// and reading each child's own node costs a cache line apiece, cold again
// by the time a driver running tens of games comes back to this one. Here
// the prior, visit count and value under virtual loss of eight children sit
// in 96 bytes and are scored together with vector code.
//
// Search (mcts.cc) keeps the entries equal to what it would compute from
// the nodes, entry i for the root's edge i: it updates an entry whenever a
// root child's statistics change and invalidates the whole when the root or
// its priors change.

#include <array>
#include <cstdint>

#include "engine/features/compact_position.h"
#include "engine/search/cpu_features.h"

namespace tengen {

class RootChildStats {
 public:
  static constexpr int kCapacity = kMaxPolicySize;

  // Entries must be rebuilt before the next use.
  void Invalidate() { size_ = -1; }
  bool valid() const { return size_ >= 0; }
  int size() const { return size_; }
  // Valid and empty.
  void Clear() { size_ = 0; }

  // Appends an entry (prior; visits n and mean value q under virtual loss,
  // as SelectPuct computes them; q is read only when n > 0).
  void Append(float prior, float n, float q);
  // Updates the visits and value of entry i < size().
  void SetVisits(int i, float n, float q);
  // Entry i < size() can never be chosen (its move repeats a position).
  void SetUnselectable(int i);

  // The entry with the highest PUCT score q' + numerator * prior / (1 + n),
  // q' = q when n > 0 and `fpu` otherwise; the lowest index among equal
  // scores, NaN scores never chosen. Returns -1 (and -inf in *best_score)
  // when no entry scores above -inf.
  int Best(float numerator, float fpu, float* best_score, VectorPath path = VectorPath::kBest) const;

  struct Entry {
    float prior;
    float n;
    float q;
  };
  Entry entry(int i) const {
    const Block& block = blocks_[i / 8];
    return {block.prior[i % 8], block.n[i % 8], block.q[i % 8]};
  }

 private:
  struct alignas(32) Block {
    std::array<float, 8> prior;
    std::array<float, 8> n;
    std::array<float, 8> q;
  };
  static_assert(sizeof(Block) == 96);

  int BestScalar(float numerator, float fpu, float* best_score) const;

  std::array<Block, (kCapacity + 7) / 8> blocks_;
  int size_ = -1;
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_ROOT_CHILD_STATS_H_
