#ifndef TENGEN_ENGINE_TRAIN_BATCH_PIPELINE_H_
#define TENGEN_ENGINE_TRAIN_BATCH_PIPELINE_H_

// Training batches built ahead, in order, on background threads while the
// device trains on earlier ones (two in flight absorb the variance of
// game-replay lengths). The trainer and `bench train` share it, so the
// benchmark measures the trainer's pipeline. Torch-free.

#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/train/position_stream.h"
#include "engine/train/sample_builder.h"

namespace tengen::train {

// A batch of references and the data cursor just after it.
struct DrawnBatch {
  std::vector<PositionRef> refs;
  int64_t epoch = 0;
  int64_t epoch_position = 0;
};

struct BuiltBatch {
  absl::Status status;
  BatchArrays arrays;
  DrawnBatch drawn;
};

class BatchPipeline {
 public:
  // `draw` runs on the caller's thread (it owns the data order); building
  // runs on `threads` threads per batch.
  BatchPipeline(std::function<absl::StatusOr<DrawnBatch>()> draw, int board_size, int threads,
                InputEncoding encoding, int batches_ahead = 2);
  ~BatchPipeline() { WaitAll(); }
  BatchPipeline(const BatchPipeline&) = delete;
  BatchPipeline& operator=(const BatchPipeline&) = delete;

  // Draws and starts batches until `batches_ahead` are in flight or this
  // pipeline has drawn `draw_limit` batches in all (< 0: no limit).
  absl::Status TopUp(int64_t draw_limit = -1);
  // The oldest batch in flight (waits for it). There must be one.
  BuiltBatch Next();
  int in_flight() const { return static_cast<int>(pending_.size()); }
  void WaitAll();

 private:
  std::function<absl::StatusOr<DrawnBatch>()> draw_;
  int board_size_;
  int threads_;
  InputEncoding encoding_;
  int batches_ahead_;
  int64_t draws_ = 0;
  std::deque<std::future<BuiltBatch>> pending_;
};

}  // namespace tengen::train

#endif  // TENGEN_ENGINE_TRAIN_BATCH_PIPELINE_H_
