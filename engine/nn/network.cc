#include "engine/nn/network.h"

#include <ATen/CPUGeneratorImpl.h>

#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/nn/meta/model_file.h"
#include "engine/nn/network_api.h"

namespace tengen::nn {
namespace {

namespace F = torch::nn::functional;

torch::nn::Conv2d Conv(int in, int out, int kernel) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).padding(kernel / 2).bias(false));
}

std::string ShapeString(const torch::Tensor& t) { return absl::StrCat("[", absl::StrJoin(t.sizes(), ", "), "]"); }

// The first line of a c10::Error (the rest is a C++ backtrace).
std::string FirstLine(const char* what) {
  std::string text(what);
  return text.substr(0, text.find('\n'));
}

bool SameArchitecture(const ModelConfig& a, const ModelConfig& b) {
  return a.trunk == b.trunk && a.blocks == b.blocks && a.channels == b.channels &&
         (a.trunk != TrunkKind::kTransformer || a.heads == b.heads) && a.board_size == b.board_size &&
         a.feature_version == b.feature_version && a.input_planes == b.input_planes &&
         a.global_inputs == b.global_inputs;
}

// Building a network draws its initial weights from torch's global generator;
// loading a model should not disturb a trainer's random stream, so the
// generator state is put back afterwards.
Network BuildWithoutDisturbingTheGenerator(const ModelConfig& config) {
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  at::Tensor state;
  {
    std::lock_guard<std::mutex> lock(generator.mutex());
    state = generator.get_state();
  }
  Network network(config);
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(state);
  return network;
}

}  // namespace

torch::Tensor GlobalPool(const torch::Tensor& x) {
  const double size = static_cast<double>(x.size(2));
  torch::Tensor mean = x.mean({2, 3});
  return torch::cat({mean, mean * ((size - 14.0) / 10.0), x.amax({2, 3})}, 1);
}

ResidualBlockImpl::ResidualBlockImpl(int channels, int pool_channels) {
  norm1_ = register_module("norm1", torch::nn::BatchNorm2d(channels));
  conv1_ = register_module("conv1", Conv(channels, channels, 3));
  if (pool_channels > 0) {
    pool_conv_ = register_module("pool_conv", Conv(channels, pool_channels, 3));
    pool_norm_ = register_module("pool_norm", torch::nn::BatchNorm2d(pool_channels));
    pool_bias_ = register_module("pool_bias", torch::nn::Linear(3 * pool_channels, channels));
  }
  norm2_ = register_module("norm2", torch::nn::BatchNorm2d(channels));
  conv2_ = register_module("conv2", Conv(channels, channels, 3));
}

torch::Tensor ResidualBlockImpl::forward(const torch::Tensor& x) {
  const torch::Tensor a = torch::relu(norm1_(x));
  torch::Tensor r = conv1_(a);
  if (pool_conv_) {
    const torch::Tensor g = torch::relu(pool_norm_(pool_conv_(a)));
    r = r + pool_bias_(GlobalPool(g)).unsqueeze(-1).unsqueeze(-1);
  }
  return x + conv2_(torch::relu(norm2_(r)));
}

TransformerLayerImpl::TransformerLayerImpl(int width, int heads, int mlp_width) : heads_(heads) {
  norm1_ = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})));
  qkv_ = register_module("qkv", torch::nn::Linear(width, 3 * width));
  projection_ = register_module("projection", torch::nn::Linear(width, width));
  norm2_ = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})));
  mlp_in_ = register_module("mlp_in", torch::nn::Linear(width, mlp_width));
  mlp_out_ = register_module("mlp_out", torch::nn::Linear(mlp_width, width));
}

torch::Tensor TransformerLayerImpl::forward(const torch::Tensor& x) {
  const int64_t batch = x.size(0), tokens = x.size(1), width = x.size(2);
  // [B, T, 3, heads, head_dim] -> 3 x [B, heads, T, head_dim]
  const torch::Tensor qkv = qkv_(norm1_(x)).view({batch, tokens, 3, heads_, width / heads_}).permute({2, 0, 3, 1, 4});
  const torch::Tensor attended = at::scaled_dot_product_attention(qkv[0], qkv[1], qkv[2]);
  torch::Tensor y = x + projection_(attended.transpose(1, 2).reshape({batch, tokens, width}));
  return y + mlp_out_(F::gelu(mlp_in_(norm2_(y))));
}

NetworkImpl::NetworkImpl(const ModelConfig& config) : config_(config) {
  const int c = config.channels;
  const int area = config.board_size * config.board_size;
  if (config.trunk == TrunkKind::kResNet) {
    stem_ = register_module("stem", Conv(config.input_planes, c, 3));
    stem_global_ = register_module("stem_global", torch::nn::Linear(config.global_inputs, c));
    blocks_ = register_module("blocks", torch::nn::ModuleList());
    for (int b = 0; b < config.blocks; ++b) {
      blocks_->push_back(ResidualBlock(c, IsGlobalPoolingBlock(b) ? GlobalPoolingChannels(config) : 0));
    }
    trunk_norm_ = register_module("trunk_norm", torch::nn::BatchNorm2d(c));
  } else {
    embed_ = register_module("embed", torch::nn::Linear(config.input_planes, c));
    embed_global_ = register_module("embed_global", torch::nn::Linear(config.global_inputs, c));
    position_embedding_ = register_parameter("position_embedding", torch::randn({1, area, c}) * 0.02);
    layers_ = register_module("layers", torch::nn::ModuleList());
    for (int l = 0; l < config.blocks; ++l) {
      layers_->push_back(TransformerLayer(c, config.heads, TransformerMlpWidth(config)));
    }
    final_norm_ = register_module("final_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c})));
  }
  const int h = HeadChannels(config);
  policy_conv_ = register_module("policy_conv", Conv(c, h, 1));
  policy_pool_conv_ = register_module("policy_pool_conv", Conv(c, h, 1));
  policy_pool_norm_ = register_module("policy_pool_norm", torch::nn::BatchNorm2d(h));
  policy_pool_bias_ = register_module("policy_pool_bias", torch::nn::Linear(3 * h, h));
  policy_norm_ = register_module("policy_norm", torch::nn::BatchNorm2d(h));
  policy_out_ = register_module("policy_out", Conv(h, 1, 1));
  pass_out_ = register_module("pass_out", torch::nn::Linear(3 * h, 1));
  value_conv_ = register_module("value_conv", Conv(c, h, 1));
  value_norm_ = register_module("value_norm", torch::nn::BatchNorm2d(h));
  ownership_out_ = register_module(
      "ownership_out", torch::nn::Conv2d(torch::nn::Conv2dOptions(h, 1, 1).bias(true)));
  value_hidden_ = register_module("value_hidden", torch::nn::Linear(3 * h, ValueHiddenWidth(config)));
  value_out_ = register_module("value_out", torch::nn::Linear(ValueHiddenWidth(config), 3));
  score_out_ = register_module("score_out", torch::nn::Linear(ValueHiddenWidth(config), 1));
}

torch::Tensor NetworkImpl::ForwardTrunk(const torch::Tensor& planes, const torch::Tensor& globals) {
  const int64_t batch = planes.size(0);
  const int n = config_.board_size;
  if (config_.trunk == TrunkKind::kResNet) {
    torch::Tensor x = stem_(planes) + stem_global_(globals).view({batch, config_.channels, 1, 1});
    for (const auto& block : *blocks_) x = block->as<ResidualBlock>()->forward(x);
    return torch::relu(trunk_norm_(x));
  }
  // Points become tokens; with channels-last input the permute is free.
  torch::Tensor x = planes.permute({0, 2, 3, 1}).reshape({batch, n * n, config_.input_planes});
  x = embed_(x) + position_embedding_ + embed_global_(globals).unsqueeze(1);
  for (const auto& layer : *layers_) x = layer->as<TransformerLayer>()->forward(x);
  x = final_norm_(x);
  return x.view({batch, n, n, config_.channels}).permute({0, 3, 1, 2});
}

NetworkOutputs NetworkImpl::ForwardHeads(const torch::Tensor& trunk) {
  const int64_t batch = trunk.size(0);
  const int h = HeadChannels(config_);
  NetworkOutputs out;
  const torch::Tensor pooled = GlobalPool(torch::relu(policy_pool_norm_(policy_pool_conv_(trunk))));
  torch::Tensor p = policy_conv_(trunk) + policy_pool_bias_(pooled).view({batch, h, 1, 1});
  p = torch::relu(policy_norm_(p));
  out.policy_logits = torch::cat({policy_out_(p).reshape({batch, -1}), pass_out_(pooled)}, 1);

  const torch::Tensor v = torch::relu(value_norm_(value_conv_(trunk)));
  out.ownership_logits = ownership_out_(v).reshape({batch, -1});
  const torch::Tensor hidden = torch::relu(value_hidden_(GlobalPool(v)));
  out.value_logits = value_out_(hidden);
  out.score_lead = score_out_(hidden).squeeze(1) * kScoreScale;
  return out;
}

NetworkOutputs NetworkImpl::forward(const torch::Tensor& planes, const torch::Tensor& globals) {
  return ForwardHeads(ForwardTrunk(planes, globals));
}

absl::StatusOr<Network> CreateNetwork(const ModelConfig& config, uint64_t seed) {
  if (absl::Status s = ValidateModelConfig(config); !s.ok()) return s;
  torch::manual_seed(seed);
  Network network(config);
  network->eval();
  return network;
}

std::string SerializeWeights(Network& network) {
  torch::NoGradGuard no_grad;
  torch::serialize::OutputArchive archive;
  const auto cpu_copy = [](const torch::Tensor& t) {
    return t.is_floating_point() ? t.detach().to(torch::kCPU, torch::kFloat32).contiguous()
                                 : t.detach().to(torch::kCPU).contiguous();
  };
  for (const auto& item : network->named_parameters()) archive.write(item.key(), cpu_copy(item.value()), false);
  for (const auto& item : network->named_buffers()) archive.write(item.key(), cpu_copy(item.value()), true);
  std::ostringstream out;
  archive.save_to(out);
  return out.str();
}

absl::Status LoadWeights(Network& network, std::string_view bytes, std::string_view name) {
  const auto error = [&](const std::string& what) {
    return absl::DataLossError(absl::StrCat("model file ", std::string(name), ": ", what));
  };
  torch::NoGradGuard no_grad;
  torch::serialize::InputArchive archive;
  std::istringstream in{std::string(bytes)};
  try {
    archive.load_from(in, torch::Device(torch::kCPU));
  } catch (const std::exception& e) {
    return error(absl::StrCat("the weights are not a readable torch archive: ", FirstLine(e.what())));
  }
  std::set<std::string> expected;
  const auto fill = [&](const std::string& key, torch::Tensor target, bool is_buffer) -> absl::Status {
    expected.insert(key);
    torch::Tensor value;
    try {
      if (!archive.try_read(key, value, is_buffer)) return error(absl::StrCat("the weights lack \"", key, "\""));
    } catch (const std::exception& e) {
      return error(absl::StrCat("reading \"", key, "\": ", FirstLine(e.what())));
    }
    if (value.sizes() != target.sizes()) {
      return error(absl::StrFormat("\"%s\" has shape %s in the file but the %s network needs %s", key,
                                   ShapeString(value), network->config().arch, ShapeString(target)));
    }
    target.copy_(value);
    return absl::OkStatus();
  };
  for (const auto& item : network->named_parameters()) {
    if (absl::Status s = fill(item.key(), item.value(), false); !s.ok()) return s;
  }
  for (const auto& item : network->named_buffers()) {
    if (absl::Status s = fill(item.key(), item.value(), true); !s.ok()) return s;
  }
  for (const std::string& key : archive.keys()) {
    if (!expected.count(key)) {
      return error(absl::StrFormat("the weights hold \"%s\", which the %s network does not have", key,
                                   network->config().arch));
    }
  }
  return absl::OkStatus();
}

absl::Status SaveModel(Network& network, const ModelConfig& meta, const std::string& path) {
  if (!SameArchitecture(meta, network->config())) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "model file %s: the meta describes %s (board %d) but the network is %s (board %d)", path, meta.arch,
        meta.board_size, network->config().arch, network->config().board_size));
  }
  return WriteModelFile(path, meta, SerializeWeights(network));
}

absl::Status SaveModel(Network& network, const std::string& path) {
  return SaveModel(network, network->config(), path);
}

absl::StatusOr<Network> LoadModel(const std::string& path, const torch::Device& device) {
  absl::StatusOr<ModelFileContents> contents = ReadModelFile(path);
  if (!contents.ok()) return contents.status();
  if (absl::Status s = CheckFeaturesMatchThisBuild(contents->config); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("model file ", path, ": ", s.message()));
  }
  Network network = BuildWithoutDisturbingTheGenerator(contents->config);
  if (absl::Status s = LoadWeights(network, contents->weights, path); !s.ok()) return s;
  network->to(device);
  network->eval();
  return network;
}

void ConvertToChannelsLast(Network& network) {
  torch::NoGradGuard no_grad;
  for (auto& parameter : network->parameters()) {
    if (parameter.dim() == 4) parameter.set_data(parameter.data().contiguous(torch::MemoryFormat::ChannelsLast));
  }
}

absl::Status WriteRandomModelFile(const ModelConfig& config, uint64_t seed, const std::string& path) {
  absl::StatusOr<Network> network = CreateNetwork(config, seed);
  if (!network.ok()) return network.status();
  return SaveModel(*network, config, path);
}

}  // namespace tengen::nn
