#ifndef TENGEN_ENGINE_NN_NETWORK_H_
#define TENGEN_ENGINE_NN_NETWORK_H_

// The policy/value network as a LibTorch module, and model files.
//
// For the trainer (engine/train) and anything else that needs the module:
//
//   ModelConfig config = *ModelConfigForArch("b6c64", 19);   // meta/model_config.h
//   Network net = *CreateNetwork(config, /*seed=*/1);        // random init, eval() mode
//   net->to(device); net->train();
//   NetworkOutputs out = net->forward(planes, globals);
//     planes  [B, kNumInputPlanes, N, N] float (channels-last memory is fine),
//             from EncodeInputPlanes (engine/features/input_planes.h)
//     globals [B, kNumGlobalInputs]
//     out.policy_logits    [B, N*N+1]  (flat moves y*N+x, pass last) -> cross-entropy
//     out.value_logits     [B, 3]      win / loss / draw for the side to move;
//                                      value = p_win - p_loss in [-1, 1]
//     out.score_lead       [B]         points, side to move (already scaled)
//     out.ownership_logits [B, N*N]    ownership = tanh(logit) in [-1, 1] (side
//                                      to move); BCE-with-logits on 2*logit
//                                      against (1 + target) / 2 is its loss
//   net->parameters() / named_parameters() for the optimiser (BatchNorm
//   running statistics are buffers, saved with the weights).
//   SaveModel(net, meta, path) writes a model file with `meta` (the trainer
//   fills training_steps, positions_seen, training_flops, parent_model, ...;
//   architecture fields must match the network); LoadModel(path, device)
//   reads one back (any device; files are always written from fp32 CPU copies).
//   Weights alone: SerializeWeights / LoadWeights (e.g. for checkpoints).
//
// Architectures (ModelConfig::trunk): a pre-activation ResNet (BatchNorm,
// 3x3 convolutions) whose blocks 1, 4, 7, ... carry a KataGo-style global
// pooling bias branch, or a pre-LayerNorm transformer over the N*N points with
// learned position embeddings. Both feed the same heads. Networks are created
// and loaded in eval() mode; call ->train() to train.

#include <cstdint>
#include <string>
#include <string_view>

#include <torch/torch.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/nn/meta/model_config.h"

namespace tengen::nn {

// score_lead = kScoreScale * raw head output: keeps the raw output near unit
// scale for typical leads.
inline constexpr float kScoreScale = 20.0f;

struct NetworkOutputs {
  torch::Tensor policy_logits;
  torch::Tensor value_logits;
  torch::Tensor score_lead;
  torch::Tensor ownership_logits;
};

// mean, board-size-scaled mean and max over the points: [B, C, N, N] -> [B, 3C].
torch::Tensor GlobalPool(const torch::Tensor& x);

class ResidualBlockImpl : public torch::nn::Module {
 public:
  // pool_channels > 0 adds the global-pooling bias branch.
  ResidualBlockImpl(int channels, int pool_channels);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::BatchNorm2d norm1_{nullptr}, norm2_{nullptr}, pool_norm_{nullptr};
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, pool_conv_{nullptr};
  torch::nn::Linear pool_bias_{nullptr};
};
TORCH_MODULE(ResidualBlock);

class TransformerLayerImpl : public torch::nn::Module {
 public:
  TransformerLayerImpl(int width, int heads, int mlp_width);
  torch::Tensor forward(const torch::Tensor& x);  // [B, T, width]

 private:
  int heads_;
  torch::nn::LayerNorm norm1_{nullptr}, norm2_{nullptr};
  torch::nn::Linear qkv_{nullptr}, projection_{nullptr}, mlp_in_{nullptr}, mlp_out_{nullptr};
};
TORCH_MODULE(TransformerLayer);

class NetworkImpl : public torch::nn::Module {
 public:
  explicit NetworkImpl(const ModelConfig& config);

  NetworkOutputs forward(const torch::Tensor& planes, const torch::Tensor& globals);
  // The trunk's final features [B, channels, N, N] (after its last norm).
  torch::Tensor ForwardTrunk(const torch::Tensor& planes, const torch::Tensor& globals);
  NetworkOutputs ForwardHeads(const torch::Tensor& trunk);

  const ModelConfig& config() const { return config_; }

 private:
  ModelConfig config_;
  // ResNet trunk.
  torch::nn::Conv2d stem_{nullptr};
  torch::nn::Linear stem_global_{nullptr};
  torch::nn::ModuleList blocks_{nullptr};
  torch::nn::BatchNorm2d trunk_norm_{nullptr};
  // Transformer trunk.
  torch::nn::Linear embed_{nullptr}, embed_global_{nullptr};
  torch::Tensor position_embedding_;
  torch::nn::ModuleList layers_{nullptr};
  torch::nn::LayerNorm final_norm_{nullptr};
  // Heads.
  torch::nn::Conv2d policy_conv_{nullptr}, policy_pool_conv_{nullptr}, policy_out_{nullptr};
  torch::nn::BatchNorm2d policy_pool_norm_{nullptr}, policy_norm_{nullptr};
  torch::nn::Linear policy_pool_bias_{nullptr}, pass_out_{nullptr};
  torch::nn::Conv2d value_conv_{nullptr}, ownership_out_{nullptr};
  torch::nn::BatchNorm2d value_norm_{nullptr};
  torch::nn::Linear value_hidden_{nullptr}, value_out_{nullptr}, score_out_{nullptr};
};
TORCH_MODULE(Network);

// Validates the config, seeds torch's generator with `seed` and builds a
// randomly initialised network on the CPU, in eval() mode.
absl::StatusOr<Network> CreateNetwork(const ModelConfig& config, uint64_t seed);

// Parameters and buffers as a torch archive of fp32 CPU tensors by name.
std::string SerializeWeights(Network& network);
// Fills the network's parameters and buffers (on whatever device and dtype
// it has); every name must be present with the right shape. `name` prefixes
// errors (a path).
absl::Status LoadWeights(Network& network, std::string_view bytes, std::string_view name);

// `meta` supplies provenance; its architecture must be the network's.
absl::Status SaveModel(Network& network, const ModelConfig& meta, const std::string& path);
absl::Status SaveModel(Network& network, const std::string& path);  // with network->config()
// Reads, checks features against this build, builds and fills the network
// (fp32, eval() mode) on `device`.
absl::StatusOr<Network> LoadModel(const std::string& path, const torch::Device& device = torch::kCPU);

// Converts 4-d parameters (convolution weights) to channels-last memory.
void ConvertToChannelsLast(Network& network);

}  // namespace tengen::nn

#endif  // TENGEN_ENGINE_NN_NETWORK_H_
