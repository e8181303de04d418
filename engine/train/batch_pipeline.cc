#include "engine/train/batch_pipeline.h"

#include <utility>

namespace tengen::train {

BatchPipeline::BatchPipeline(std::function<absl::StatusOr<DrawnBatch>()> draw, int board_size,
                             int threads, InputEncoding encoding, int batches_ahead)
    : draw_(std::move(draw)),
      board_size_(board_size),
      threads_(threads),
      encoding_(encoding),
      batches_ahead_(batches_ahead) {}

absl::Status BatchPipeline::TopUp(int64_t draw_limit) {
  while (static_cast<int>(pending_.size()) < batches_ahead_ &&
         (draw_limit < 0 || draws_ < draw_limit)) {
    absl::StatusOr<DrawnBatch> drawn = draw_();
    if (!drawn.ok()) return drawn.status();
    pending_.push_back(std::async(
        std::launch::async,
        [board_size = board_size_, threads = threads_, encoding = encoding_](DrawnBatch batch) {
          BuiltBatch built;
          built.status = BuildBatch(batch.refs, board_size, threads, &built.arrays, encoding);
          built.drawn = std::move(batch);
          return built;
        },
        std::move(*drawn)));
    ++draws_;
  }
  return absl::OkStatus();
}

BuiltBatch BatchPipeline::Next() {
  BuiltBatch built = pending_.front().get();
  pending_.pop_front();
  return built;
}

void BatchPipeline::WaitAll() {
  for (std::future<BuiltBatch>& f : pending_) f.wait();
}

}  // namespace tengen::train
