#ifndef TENGEN_ENGINE_SEARCH_SERIALIZED_BACKEND_H_
#define TENGEN_ENGINE_SEARCH_SERIALIZED_BACKEND_H_

// One backend shared by several search threads, each running its own
// LockstepDriver over its own games: calls are serialized, so while one
// thread's batch is on the device the other threads do tree work. This is
// how a single-threaded lockstep search, host-bound on a fast GPU, keeps the
// device busy without smaller batches or a batching service in between.

#include <mutex>
#include <span>

#include "engine/search/evaluator.h"

namespace tengen {

class SerializedBackend : public BatchBackend {
 public:
  // `inner` must outlive this object.
  explicit SerializedBackend(BatchBackend* inner) : inner_(inner) {}

  int board_size() const override { return inner_->board_size(); }
  int max_batch_size() const override { return inner_->max_batch_size(); }
  // Thread-safe: one caller at a time reaches the inner backend.
  void EvaluateBatch(std::span<const CompactPosition> inputs, std::span<EvalOutput> outputs) override;

 private:
  BatchBackend* inner_;
  std::mutex mu_;
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_SERIALIZED_BACKEND_H_
