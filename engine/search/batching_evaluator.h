#ifndef TENGEN_ENGINE_SEARCH_BATCHING_EVALUATOR_H_
#define TENGEN_ENGINE_SEARCH_BATCHING_EVALUATOR_H_

// A batching service in front of one BatchBackend for many concurrent
// requesters (search threads, each driving several games). Requests are
// copied into preallocated slots of a small ring of batches; one dedicated
// thread closes a batch when it is full or when `timeout_us` has passed since
// its first request, runs it through the backend and hands every result to
// its requester's callback. While the backend runs one batch the next one
// fills. No heap allocation per request.
//
// The single-threaded alternative, usually the faster one, needs no service:
// a driver collects leaves from many searches into one batch and calls the
// backend itself (see search_driver.h).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "engine/search/evaluator.h"

namespace tengen {

// Called on the evaluator thread with the result of one request; `output` is
// valid only during the call. Must be quick and must not submit requests.
struct EvalCallback {
  void (*fn)(void* context, uint64_t tag, const EvalOutput& output) = nullptr;
  void* context = nullptr;
  uint64_t tag = 0;
};

struct BatchingEvaluatorOptions {
  int max_batch_size = 0;     // 0: the backend's max_batch_size()
  int64_t timeout_us = 1000;  // how long a partly filled batch waits for more
  int num_batches = 4;        // ring size: one running, the others queued or filling
};

// A batch is counted before its results are handed out.
struct BatchingEvaluatorStats {
  int64_t batches = 0;
  int64_t positions = 0;
  int64_t full_batches = 0;  // closed because they were full (the others timed out or were flushed)
  double mean_batch_size() const { return batches == 0 ? 0.0 : static_cast<double>(positions) / batches; }
};

class BatchingEvaluator {
 public:
  // The backend must outlive the evaluator.
  explicit BatchingEvaluator(BatchBackend* backend, BatchingEvaluatorOptions options = {});
  // Evaluates everything already submitted, then stops the thread. No
  // Submit may run concurrently with (or after) destruction.
  ~BatchingEvaluator();
  BatchingEvaluator(const BatchingEvaluator&) = delete;
  BatchingEvaluator& operator=(const BatchingEvaluator&) = delete;

  // Thread-safe. Blocks only while every batch of the ring is queued or
  // running (backpressure).
  void Submit(const CompactPosition& position, EvalCallback callback);
  // Blocking single evaluation (tests, GTP one-offs).
  void Evaluate(const CompactPosition& position, EvalOutput* output);
  // Closes the batch being filled now instead of waiting for the timeout
  // (a requester that knows no more requests are coming).
  void Flush();

  int max_batch_size() const { return max_batch_size_; }
  int board_size() const { return backend_->board_size(); }
  BatchingEvaluatorStats stats() const;

 private:
  enum class BatchState { kFree, kFilling, kQueued, kRunning };
  struct Batch {
    std::vector<CompactPosition> inputs;
    std::vector<EvalOutput> outputs;
    std::vector<EvalCallback> callbacks;
    int claimed = 0;  // slots handed out; guarded by mu_
    std::atomic<int> written{0};  // slots whose request has been copied in
    BatchState state = BatchState::kFree;  // guarded by mu_
    std::chrono::steady_clock::time_point opened;  // first request
  };

  void Loop();
  int Next(int i) const { return (i + 1) % static_cast<int>(batches_.size()); }

  BatchBackend* backend_;
  const int max_batch_size_;
  const std::chrono::microseconds timeout_;
  std::vector<Batch> batches_;

  mutable std::mutex mu_;
  std::condition_variable work_cv_;   // evaluator waits: a batch opened, filled, flush, stop
  std::condition_variable space_cv_;  // submitters wait: a batch became free
  int fill_ = 0;  // the batch new requests go to
  int run_ = 0;   // the next batch the evaluator runs
  bool flush_ = false;
  bool stop_ = false;
  BatchingEvaluatorStats stats_;
  std::thread thread_;
};

// A completion slot for a group of requests: results land in caller-owned
// outputs, Wait() returns when all have arrived. Reusable, no allocation.
class EvalGroup {
 public:
  // Expects outputs.size() results, the i-th written to outputs[i].
  void Start(std::span<EvalOutput> outputs);
  EvalCallback CallbackFor(int index) { return EvalCallback{&EvalGroup::OnResult, this, static_cast<uint64_t>(index)}; }
  void Wait();

 private:
  static void OnResult(void* context, uint64_t tag, const EvalOutput& output);
  std::span<EvalOutput> outputs_;
  std::mutex mu_;
  std::condition_variable cv_;
  int pending_ = 0;  // guarded by mu_
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_BATCHING_EVALUATOR_H_
