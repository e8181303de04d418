#ifndef TENGEN_ENGINE_SEARCH_SEARCH_DRIVER_H_
#define TENGEN_ENGINE_SEARCH_SEARCH_DRIVER_H_

// Running many searches (games) against one evaluator.
//
// LockstepDriver is the fast single-threaded path: it asks every unfinished
// search for leaves, packs them into one batch, calls the backend directly
// and hands the results back. RunSearchesWithEvaluator does the same for a
// group of searches on one of several threads that share a
// BatchingEvaluator.

#include <cstdint>
#include <span>
#include <vector>

#include "engine/search/batching_evaluator.h"
#include "engine/search/evaluator.h"
#include "engine/search/mcts.h"

namespace tengen {

class LockstepDriver {
 public:
  // Each search contributes up to leaves_per_search leaves per batch
  // (virtual loss keeps them distinct). Batches hold up to
  // backend->max_batch_size() positions. The backend must outlive the driver.
  explicit LockstepDriver(BatchBackend* backend, int leaves_per_search = 1);

  // Advances every search until it is Done() (each at its own target
  // visits), batching leaves across searches.
  void RunUntilDone(std::span<Search* const> searches);
  // One round: every search that is not Done() contributes its leaves once
  // (in as many batches as they need). Returns the number of leaves
  // evaluated; callers that advance games between rounds (self-play,
  // benchmarks) use this.
  int Step(std::span<Search* const> searches);

  int64_t batches() const { return batches_; }
  int64_t positions() const { return positions_evaluated_; }

 private:
  struct Slice {
    Search* search;
    int begin;
    int count;
  };
  void EvaluateAndApply(int filled);

  BatchBackend* backend_;
  int leaves_per_search_;
  int capacity_;
  std::vector<CompactPosition> positions_;
  std::vector<LeafHandle> handles_;
  std::vector<EvalOutput> outputs_;
  std::vector<Slice> slices_;
  int64_t batches_ = 0;
  int64_t positions_evaluated_ = 0;
};

// Runs every search to Done() on the calling thread, sending leaves through
// `evaluator` (shared by several such threads).
void RunSearchesWithEvaluator(std::span<Search* const> searches, BatchingEvaluator& evaluator,
                              int leaves_per_search = 1);

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_SEARCH_DRIVER_H_
