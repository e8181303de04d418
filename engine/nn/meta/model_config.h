#ifndef TENGEN_ENGINE_NN_META_MODEL_CONFIG_H_
#define TENGEN_ENGINE_NN_META_MODEL_CONFIG_H_

// Everything a model file says about its network, as a plain struct (the
// protobuf ModelMeta is converted to and from it in model_meta_io.cc, which
// is the only place that sees the .pb.h: torch TUs must never include it).
// Torch-free, so CLI and tools can describe models without LibTorch.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/features/compact_position.h"
#include "engine/features/plane_layout.h"

namespace tengen::nn {

enum class TrunkKind { kResNet, kTransformer };
enum class ModelDataSource { kUnknown = 0, kHuman = 1, kSelfPlay = 2 };

struct ModelConfig {
  TrunkKind trunk = TrunkKind::kResNet;
  int blocks = 6;     // residual blocks, or transformer layers
  int channels = 64;  // trunk width
  int heads = 0;      // attention heads (transformer only)
  std::string arch = "b6c64";
  int board_size = 19;
  int feature_version = kFeatureVersion;
  int input_planes = kNumInputPlanes;
  int global_inputs = kNumGlobalInputs;
  // Provenance, filled in by the trainer.
  int64_t training_steps = 0;
  int64_t positions_seen = 0;
  double training_flops = 0;
  std::string parent_model;
  ModelDataSource data_source = ModelDataSource::kUnknown;
  double epochs = 0;
  int64_t unique_games = 0;
  std::string name;
  std::string created_by;
  std::string created_at;

  bool operator==(const ModelConfig&) const = default;
};

// "bNcM": ResNet with N blocks of M channels (b6c64, b10c128, b20c256).
// "tNcM" or "tNcMhK": transformer with N layers of width M and K attention
// heads (default: M / 32, at least 1), e.g. t4c128, t1c16, t8c256h8.
absl::StatusOr<ModelConfig> ModelConfigForArch(std::string_view arch, int board_size);

// Sizes and shapes make sense (the file's config may come from anywhere).
absl::Status ValidateModelConfig(const ModelConfig& config);
// The model's inputs are the ones this build's encoder produces.
absl::Status CheckFeaturesMatchThisBuild(const ModelConfig& config);

// Derived widths, shared by the network code and the FLOP estimate.
// Every third residual block starting with the second (1, 4, 7, ...) has a
// KataGo-style global-pooling bias branch.
inline bool IsGlobalPoolingBlock(int block) { return block % 3 == 1; }
inline int GlobalPoolingChannels(const ModelConfig& c) { return c.channels / 4 > 1 ? c.channels / 4 : 1; }
inline int HeadChannels(const ModelConfig& c) {
  const int half = c.channels / 2;
  return half < 4 ? 4 : (half > 48 ? 48 : half);
}
inline int ValueHiddenWidth(const ModelConfig& c) { return 2 * HeadChannels(c); }
inline int TransformerMlpWidth(const ModelConfig& c) { return 4 * c.channels; }

// Forward-pass floating-point operations for one position (2 per
// multiply-add; convolutions, linear layers and attention, not activations).
// A training step costs about three times this per sample.
double EstimateForwardFlops(const ModelConfig& config);

std::string TrunkName(TrunkKind trunk);  // "resnet", "transformer"
std::string DataSourceName(ModelDataSource source);  // "unknown", "human", "selfplay"
// Multi-line "key: value" description for `tengen model info` and logs.
std::string DescribeModelConfig(const ModelConfig& config);

}  // namespace tengen::nn

#endif  // TENGEN_ENGINE_NN_META_MODEL_CONFIG_H_
