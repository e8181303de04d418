#include "engine/nn/meta/model_config.h"

#include <charconv>
#include <cctype>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tengen::nn {
namespace {

// Reads the digits after `letter` at the front of `text` into `value`.
bool TakeNumber(std::string_view& text, char letter, int& value) {
  if (text.empty() || text[0] != letter) return false;
  size_t end = 1;
  while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
  if (end == 1 || end > 6) return false;
  if (std::from_chars(text.data() + 1, text.data() + end, value).ec != std::errc()) return false;
  text.remove_prefix(end);
  return true;
}

}  // namespace

absl::StatusOr<ModelConfig> ModelConfigForArch(std::string_view arch, int board_size) {
  const auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrFormat(
        "unknown architecture \"%s\": expected bNcM (ResNet, e.g. b6c64, b10c128, b20c256) or tNcM[hK] "
        "(transformer, e.g. t4c128 or t4c128h8)",
        arch));
  };
  ModelConfig config;
  config.arch = std::string(arch);
  config.board_size = board_size;
  std::string_view rest = arch;
  if (rest.empty()) return bad();
  config.trunk = rest[0] == 't' ? TrunkKind::kTransformer : TrunkKind::kResNet;
  if (!TakeNumber(rest, rest[0] == 't' ? 't' : 'b', config.blocks)) return bad();
  if (!TakeNumber(rest, 'c', config.channels)) return bad();
  if (config.trunk == TrunkKind::kTransformer) {
    config.heads = config.channels / 32 > 1 ? config.channels / 32 : 1;
    if (!rest.empty() && !TakeNumber(rest, 'h', config.heads)) return bad();
  }
  if (!rest.empty()) return bad();
  if (absl::Status s = ValidateModelConfig(config); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("architecture \"", std::string(arch), "\": ", s.message()));
  }
  return config;
}

absl::Status ValidateModelConfig(const ModelConfig& c) {
  if (c.board_size < 2 || c.board_size > kMaxBoardSize) {
    return absl::InvalidArgumentError(absl::StrFormat("board size %d is outside 2..%d", c.board_size, kMaxBoardSize));
  }
  if (c.blocks < 1 || c.blocks > 256) {
    return absl::InvalidArgumentError(absl::StrFormat("%d blocks/layers is outside 1..256", c.blocks));
  }
  if (c.channels < 4 || c.channels > 4096) {
    return absl::InvalidArgumentError(absl::StrFormat("%d channels is outside 4..4096", c.channels));
  }
  if (c.trunk == TrunkKind::kTransformer) {
    if (c.heads < 1 || c.channels % c.heads != 0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%d attention heads do not divide the width %d", c.heads, c.channels));
    }
  }
  if (c.input_planes < 1 || c.input_planes > 1024 || c.global_inputs < 0 || c.global_inputs > 1024) {
    return absl::InvalidArgumentError(
        absl::StrFormat("implausible input sizes (%d planes, %d globals)", c.input_planes, c.global_inputs));
  }
  return absl::OkStatus();
}

absl::Status CheckFeaturesMatchThisBuild(const ModelConfig& c) {
  if (c.feature_version != kFeatureVersion) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "the model was trained on input features version %d but this build encodes version %d",
        c.feature_version, kFeatureVersion));
  }
  if (c.input_planes != kNumInputPlanes || c.global_inputs != kNumGlobalInputs) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "the model expects %d input planes and %d global inputs; feature version %d has %d and %d",
        c.input_planes, c.global_inputs, kFeatureVersion, kNumInputPlanes, kNumGlobalInputs));
  }
  return absl::OkStatus();
}

double EstimateForwardFlops(const ModelConfig& c) {
  const double area = static_cast<double>(c.board_size) * c.board_size;
  const double ch = c.channels;
  double flops = 0;
  if (c.trunk == TrunkKind::kResNet) {
    flops += 2 * 9 * c.input_planes * ch * area;  // stem
    for (int b = 0; b < c.blocks; ++b) {
      flops += 2 * 2 * 9 * ch * ch * area;
      if (IsGlobalPoolingBlock(b)) {
        const double g = GlobalPoolingChannels(c);
        flops += 2 * 9 * ch * g * area + 2 * 3 * g * ch;
      }
    }
  } else {
    flops += 2 * c.input_planes * ch * area;  // token embedding
    const double mlp = TransformerMlpWidth(c);
    flops += c.blocks * (2 * 4 * ch * ch * area     // q, k, v, output projections
                         + 2 * 2 * area * area * ch  // scores and weighted sum
                         + 2 * 2 * ch * mlp * area);
  }
  const double h = HeadChannels(c);
  flops += 2 * 3 * ch * h * area + 2 * h * area;  // policy, policy gpool, value 1x1 convs; policy out
  flops += 2 * (3 * h * ValueHiddenWidth(c) + ValueHiddenWidth(c) * 4) + 2 * h * area;  // value MLP, ownership
  return flops;
}

std::string TrunkName(TrunkKind trunk) { return trunk == TrunkKind::kTransformer ? "transformer" : "resnet"; }

std::string DataSourceName(ModelDataSource source) {
  switch (source) {
    case ModelDataSource::kHuman:
      return "human";
    case ModelDataSource::kSelfPlay:
      return "selfplay";
    case ModelDataSource::kUnknown:
      break;
  }
  return "unknown";
}

std::string DescribeModelConfig(const ModelConfig& c) {
  std::string out;
  absl::StrAppendFormat(&out, "arch: %s\n", c.arch);
  absl::StrAppendFormat(&out, "trunk: %s\n", TrunkName(c.trunk));
  absl::StrAppendFormat(&out, "blocks: %d\nchannels: %d\n", c.blocks, c.channels);
  if (c.trunk == TrunkKind::kTransformer) absl::StrAppendFormat(&out, "heads: %d\n", c.heads);
  absl::StrAppendFormat(&out, "board_size: %d\n", c.board_size);
  absl::StrAppendFormat(&out, "feature_version: %d\ninput_planes: %d\nglobal_inputs: %d\n", c.feature_version,
                        c.input_planes, c.global_inputs);
  absl::StrAppendFormat(&out, "forward_flops_per_position: %.4g\n", EstimateForwardFlops(c));
  absl::StrAppendFormat(&out, "training_steps: %d\npositions_seen: %d\ntraining_flops: %.4g\n", c.training_steps,
                        c.positions_seen, c.training_flops);
  absl::StrAppendFormat(&out, "epochs: %.3f\nunique_games: %d\n", c.epochs, c.unique_games);
  absl::StrAppendFormat(&out, "data_source: %s\n", DataSourceName(c.data_source));
  absl::StrAppendFormat(&out, "parent_model: %s\n", c.parent_model.empty() ? "(none)" : c.parent_model);
  absl::StrAppendFormat(&out, "name: %s\ncreated_by: %s\ncreated_at: %s\n", c.name, c.created_by, c.created_at);
  return out;
}

}  // namespace tengen::nn
