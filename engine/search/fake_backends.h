#ifndef TENGEN_ENGINE_SEARCH_FAKE_BACKENDS_H_
#define TENGEN_ENGINE_SEARCH_FAKE_BACKENDS_H_

// Backends without a network: for tests, for measuring the search's own
// cost (bench search), and for GTP plumbing.

#include <array>
#include <cstdint>
#include <span>

#include "engine/rules/splitmix64.h"
#include "engine/search/evaluator.h"

namespace tengen {

// Tromp-Taylor area margin (black minus white, komi included) of the
// position a CompactPosition describes.
float AreaMarginOfCompact(const CompactPosition& position);

// Costs next to nothing: a fixed, peaked policy (as a trained network's
// would be) and pseudo-random values. Used to measure search overhead.
class ZeroCostBackend : public BatchBackend {
 public:
  ZeroCostBackend(int board_size, int max_batch_size, uint64_t seed = 1);
  int board_size() const override { return board_size_; }
  int max_batch_size() const override { return max_batch_size_; }
  void EvaluateBatch(std::span<const CompactPosition> inputs, std::span<EvalOutput> outputs) override;

 private:
  int board_size_;
  int max_batch_size_;
  SplitMix64 rng_;
  std::array<float, kMaxPolicySize> policy_{};
};

// Uniform policy over the board (pass included); value
// tanh(area margin for the side to move / value_scale), score lead = the
// margin. Good enough to find captures that win the area count.
class AreaCountBackend : public BatchBackend {
 public:
  AreaCountBackend(int board_size, int max_batch_size, float value_scale = 4.0f)
      : board_size_(board_size), max_batch_size_(max_batch_size), value_scale_(value_scale) {}
  int board_size() const override { return board_size_; }
  int max_batch_size() const override { return max_batch_size_; }
  void EvaluateBatch(std::span<const CompactPosition> inputs, std::span<EvalOutput> outputs) override;
  int64_t positions_evaluated() const { return positions_evaluated_; }

 private:
  int board_size_;
  int max_batch_size_;
  float value_scale_;
  int64_t positions_evaluated_ = 0;
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_FAKE_BACKENDS_H_
