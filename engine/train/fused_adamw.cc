#include "engine/train/fused_adamw.h"

#include <map>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

namespace tengen::train {
namespace {

using torch::optim::AdamWOptions;
using torch::optim::AdamWParamState;

// The tensors of one fused call: one device, one dtype, one step count.
struct FusedGroup {
  std::vector<torch::Tensor> params, grads, exp_avgs, exp_avg_sqs;
};

}  // namespace

torch::Tensor FusedAdamW::step(LossClosure closure) {
  torch::NoGradGuard no_grad;
  torch::Tensor loss;
  if (closure != nullptr) {
    at::AutoGradMode enable_grad(true);
    loss = closure();
  }
  for (torch::optim::OptimizerParamGroup& group : param_groups_) {
    const auto& options = static_cast<const AdamWOptions&>(group.options());
    TORCH_CHECK(!options.amsgrad(), "FusedAdamW does not implement amsgrad");
    std::map<std::tuple<int, int, int, int64_t>, FusedGroup> calls;
    for (const torch::Tensor& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto it = state_.find(p.unsafeGetTensorImpl());
      if (it == state_.end()) {
        auto state = std::make_unique<AdamWParamState>();
        state->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        state->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        it = state_.emplace(p.unsafeGetTensorImpl(), std::move(state)).first;
      }
      auto& state = static_cast<AdamWParamState&>(*it->second);
      state.step(state.step() + 1);
      FusedGroup& call = calls[{static_cast<int>(p.device().type()), p.device().index(),
                                static_cast<int>(p.scalar_type()), state.step()}];
      call.params.push_back(p);
      call.grads.push_back(p.grad());
      call.exp_avgs.push_back(state.exp_avg());
      call.exp_avg_sqs.push_back(state.exp_avg_sq());
    }
    const auto [beta1, beta2] = options.betas();
    for (auto& [key, call] : calls) {
      const int64_t step = std::get<3>(key);
      // The kernel reads the (already incremented) step from a float tensor
      // per parameter on the parameters' device; one fill, no host copy.
      const torch::Tensor steps =
          torch::full({static_cast<int64_t>(call.params.size())}, static_cast<double>(step),
                      torch::TensorOptions().dtype(torch::kFloat32).device(call.params[0].device()));
      const std::vector<torch::Tensor> state_steps = steps.unbind(0);
      at::_fused_adamw_(call.params, call.grads, call.exp_avgs, call.exp_avg_sqs, {}, state_steps,
                        options.lr(), beta1, beta2, options.weight_decay(), options.eps(),
                        /*amsgrad=*/false, /*maximize=*/false);
    }
  }
  return loss;
}

}  // namespace tengen::train
