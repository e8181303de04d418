#ifndef TENGEN_ENGINE_TRAIN_FUSED_ADAMW_H_
#define TENGEN_ENGINE_TRAIN_FUSED_ADAMW_H_

// LibTorch's AdamW with its update done by ATen's fused multi-tensor kernel
// (the one behind PyTorch's `fused=True`) instead of a dozen small kernels per
// parameter tensor: on a GPU the per-parameter launches of the stock C++
// AdamW cost more host time than a b6c64 step's whole forward pass. Same
// options, same per-parameter state and the same save/load format as
// torch::optim::AdamW, so checkpoints of either load into the other.
// Includes LibTorch: never include a .pb.h next to it.

#include <torch/torch.h>

namespace tengen::train {

class FusedAdamW : public torch::optim::AdamW {
 public:
  using torch::optim::AdamW::AdamW;
  torch::Tensor step(LossClosure closure = nullptr) override;
};

}  // namespace tengen::train

#endif  // TENGEN_ENGINE_TRAIN_FUSED_ADAMW_H_
