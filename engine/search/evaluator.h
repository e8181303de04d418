#ifndef TENGEN_ENGINE_SEARCH_EVALUATOR_H_
#define TENGEN_ENGINE_SEARCH_EVALUATOR_H_

// The abstract evaluation interface search is written against. The torch
// network (engine/nn) implements BatchBackend; tests implement it with fakes.
// (Owned by the search layer; names below are the contract.)

#include <array>
#include <span>

#include "engine/features/compact_position.h"

namespace tengen {

struct EvalOutput {
  // Probabilities over flat moves (y * size + x, pass = size * size); only
  // the first PolicySize(size) entries are meaningful. Not masked for
  // legality: search masks and renormalises.
  std::array<float, kMaxPolicySize> policy{};
  // Expected outcome for the side to move, in [-1, 1].
  float value = 0;
  // Expected score lead of the side to move, in points.
  float score_lead = 0;
  // Ownership from the side to move's point of view, in [-1, 1], per flat point.
  std::array<float, kMaxBoardSize * kMaxBoardSize> ownership{};
};

class BatchBackend {
 public:
  virtual ~BatchBackend() = default;
  virtual int board_size() const = 0;
  virtual int max_batch_size() const = 0;
  // Evaluates inputs.size() positions (at most max_batch_size()) into the
  // same number of outputs. Called from one thread at a time.
  virtual void EvaluateBatch(std::span<const CompactPosition> inputs,
                             std::span<EvalOutput> outputs) = 0;
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_EVALUATOR_H_
