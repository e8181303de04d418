#include "engine/search/batching_evaluator.h"

#include <algorithm>

#include "absl/base/internal/raw_logging.h"

namespace tengen {

BatchingEvaluator::BatchingEvaluator(BatchBackend* backend, BatchingEvaluatorOptions options)
    : backend_(backend),
      max_batch_size_(options.max_batch_size > 0
                          ? std::min(options.max_batch_size, backend->max_batch_size())
                          : backend->max_batch_size()),
      timeout_(std::max<int64_t>(0, options.timeout_us)),
      batches_(std::max(2, options.num_batches)) {
  ABSL_RAW_CHECK(max_batch_size_ > 0, "BatchingEvaluator needs a positive batch size");
  for (Batch& b : batches_) {
    b.inputs.resize(max_batch_size_);
    b.outputs.resize(max_batch_size_);
    b.callbacks.resize(max_batch_size_);
  }
  thread_ = std::thread([this] { Loop(); });
}

BatchingEvaluator::~BatchingEvaluator() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  thread_.join();
}

void BatchingEvaluator::Submit(const CompactPosition& position, EvalCallback callback) {
  Batch* batch;
  int slot;
  {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      batch = &batches_[fill_];
      if (batch->state == BatchState::kFilling) break;
      if (batch->state == BatchState::kFree) {
        batch->state = BatchState::kFilling;
        batch->claimed = 0;
        batch->opened = std::chrono::steady_clock::now();
        break;
      }
      space_cv_.wait(lock);
    }
    slot = batch->claimed++;
    const bool full = batch->claimed == max_batch_size_;
    if (full) {
      batch->state = BatchState::kQueued;
      fill_ = Next(fill_);
    }
    if (slot == 0 || full) work_cv_.notify_one();
  }
  batch->inputs[slot] = position;
  batch->callbacks[slot] = callback;
  batch->written.fetch_add(1, std::memory_order_release);
}

void BatchingEvaluator::Evaluate(const CompactPosition& position, EvalOutput* output) {
  EvalGroup group;
  group.Start(std::span<EvalOutput>(output, 1));
  Submit(position, group.CallbackFor(0));
  Flush();
  group.Wait();
}

void BatchingEvaluator::Flush() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    flush_ = true;
  }
  work_cv_.notify_one();
}

BatchingEvaluatorStats BatchingEvaluator::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

void BatchingEvaluator::Loop() {
  for (;;) {
    Batch* batch;
    int count;
    bool full;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [&] { return stop_ || batches_[run_].state != BatchState::kFree; });
      batch = &batches_[run_];
      if (batch->state == BatchState::kFree) return;  // stopping with nothing left
      if (batch->state == BatchState::kFilling) {
        // Only the batch at fill_ can be filling, so here fill_ == run_.
        work_cv_.wait_until(lock, batch->opened + timeout_, [&] {
          return batch->state != BatchState::kFilling || flush_ || stop_;
        });
        if (batch->state == BatchState::kFilling) {
          batch->state = BatchState::kQueued;
          fill_ = Next(fill_);
        }
      }
      flush_ = false;
      batch->state = BatchState::kRunning;
      count = batch->claimed;
      full = count == max_batch_size_;
    }
    // Requesters copy their positions in after claiming a slot, outside the
    // lock; that takes well under a microsecond.
    while (batch->written.load(std::memory_order_acquire) < count) std::this_thread::yield();
    backend_->EvaluateBatch(std::span<const CompactPosition>(batch->inputs.data(), count),
                            std::span<EvalOutput>(batch->outputs.data(), count));
    {
      // Counted before the results go out, so a requester that got its
      // result also sees its batch in stats().
      std::lock_guard<std::mutex> lock(mu_);
      ++stats_.batches;
      stats_.positions += count;
      if (full) ++stats_.full_batches;
    }
    for (int i = 0; i < count; ++i) {
      const EvalCallback& cb = batch->callbacks[i];
      cb.fn(cb.context, cb.tag, batch->outputs[i]);
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      batch->written.store(0, std::memory_order_relaxed);
      batch->claimed = 0;
      batch->state = BatchState::kFree;
      run_ = Next(run_);
    }
    space_cv_.notify_all();
  }
}

void EvalGroup::Start(std::span<EvalOutput> outputs) {
  std::lock_guard<std::mutex> lock(mu_);
  outputs_ = outputs;
  pending_ = static_cast<int>(outputs.size());
}

void EvalGroup::Wait() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return pending_ == 0; });
}

void EvalGroup::OnResult(void* context, uint64_t tag, const EvalOutput& output) {
  auto* group = static_cast<EvalGroup*>(context);
  group->outputs_[tag] = output;
  // Decrement and notify under the lock: once Wait() sees zero the group may
  // be reused or destroyed, so nothing may touch it after the unlock.
  std::lock_guard<std::mutex> lock(group->mu_);
  if (--group->pending_ == 0) group->cv_.notify_all();
}

}  // namespace tengen
