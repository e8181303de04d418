#ifndef TENGEN_ENGINE_TRAIN_TORCH_TRAINING_H_
#define TENGEN_ENGINE_TRAIN_TORCH_TRAINING_H_

// Torch-side pieces shared by the trainer and move-prediction evaluation:
// batch arrays -> device tensors, the loss, accuracy accumulation and bf16
// autocast. Includes LibTorch: never include a .pb.h next to it.

#include <cstdint>
#include <span>
#include <vector>

#include <torch/torch.h>

#include "absl/status/statusor.h"
#include "engine/nn/network.h"
#include "engine/train/move_prediction.h"
#include "engine/train/sample_builder.h"

namespace tengen::train {

struct BatchTensors {
  torch::Tensor planes, globals, policy, played_move, value_class, value, score, score_mask,
      ownership, ownership_mask;
};

// kCompactForDevice on CUDA when this build has the feature kernel,
// kCpuPlanes otherwise.
InputEncoding InputEncodingFor(const torch::Device& device);

// Copies the arrays to `device` (the tensors never alias the arrays). On
// CUDA through pinned memory without blocking the host, and compact
// positions are expanded into planes by the feature kernel on the current
// stream. Throws (as LibTorch does) when compact inputs cannot be encoded.
BatchTensors ToTensors(const BatchArrays& arrays, const torch::Device& device, bool channels_last);

struct LossWeights {
  double value = 1.0;
  double score = 0.5;
  double ownership = 0.5;
};

struct Losses {
  torch::Tensor total;  // scalar with grad
  // Detached scalars (float32), for logging.
  torch::Tensor policy, value, score, ownership, top1;
};

Losses ComputeLosses(const nn::NetworkOutputs& out, const BatchTensors& batch,
                     const LossWeights& weights);

// Enables bf16 autocast on CUDA for its lifetime (no-op when `enabled` is
// false or the device is not CUDA).
class AutocastScope {
 public:
  AutocastScope(const torch::Device& device, bool enabled);
  ~AutocastScope();
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  bool active_ = false;
  bool previous_ = false;
};

class PredictionAccumulator {
 public:
  void Add(const nn::NetworkOutputs& out, const BatchTensors& batch);
  MovePredictionStats Result() const;

 private:
  int64_t positions_ = 0;
  double top1_ = 0, top5_ = 0, policy_ce_ = 0, value_se_ = 0, value_ce_ = 0;
};

// Forward passes in eval() mode (restoring the previous mode) over `refs`.
absl::StatusOr<MovePredictionStats> EvaluateRefs(nn::Network& network,
                                                 std::span<const PositionRef> refs,
                                                 const torch::Device& device, bool bf16,
                                                 int batch, int loader_threads);

// at::set_num_threads(threads, or the hardware concurrency when 0).
void SetTorchThreads(int threads);

// Sample-building threads: `requested`, or min(8, cores) when 0.
int LoaderThreads(int requested);

}  // namespace tengen::train

#endif  // TENGEN_ENGINE_TRAIN_TORCH_TRAINING_H_
