#include "engine/nn/meta/model_meta_io.h"

#include <string>

#include "absl/strings/str_format.h"
#include "proto/model_meta.pb.h"

namespace tengen::nn {

std::string SerializeModelMeta(const ModelConfig& c) {
  proto::ModelMeta meta;
  meta.set_trunk(TrunkName(c.trunk));
  meta.set_blocks(c.blocks);
  meta.set_channels(c.channels);
  meta.set_heads(c.heads);
  meta.set_arch(c.arch);
  meta.set_board_size(c.board_size);
  meta.set_feature_version(c.feature_version);
  meta.set_input_planes(c.input_planes);
  meta.set_global_inputs(c.global_inputs);
  meta.set_training_steps(c.training_steps);
  meta.set_positions_seen(c.positions_seen);
  meta.set_training_flops(c.training_flops);
  meta.set_parent_model(c.parent_model);
  meta.set_data_source(static_cast<proto::DataSource>(static_cast<int>(c.data_source)));
  meta.set_epochs(c.epochs);
  meta.set_unique_games(c.unique_games);
  meta.set_name(c.name);
  meta.set_created_by(c.created_by);
  meta.set_created_at(c.created_at);
  std::string bytes;
  meta.SerializeToString(&bytes);
  return bytes;
}

absl::StatusOr<ModelConfig> ParseModelMeta(std::string_view bytes) {
  proto::ModelMeta meta;
  if (!meta.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrFormat("the %d-byte ModelMeta does not parse as a protobuf", bytes.size()));
  }
  ModelConfig c;
  if (meta.trunk() == "resnet") {
    c.trunk = TrunkKind::kResNet;
  } else if (meta.trunk() == "transformer") {
    c.trunk = TrunkKind::kTransformer;
  } else {
    return absl::InvalidArgumentError(absl::StrFormat("ModelMeta names an unknown trunk \"%s\"", meta.trunk()));
  }
  c.blocks = meta.blocks();
  c.channels = meta.channels();
  c.heads = meta.heads();
  c.arch = meta.arch();
  c.board_size = meta.board_size();
  c.feature_version = meta.feature_version();
  c.input_planes = meta.input_planes();
  c.global_inputs = meta.global_inputs();
  c.training_steps = meta.training_steps();
  c.positions_seen = meta.positions_seen();
  c.training_flops = meta.training_flops();
  c.parent_model = meta.parent_model();
  switch (meta.data_source()) {
    case proto::DATA_SOURCE_HUMAN:
      c.data_source = ModelDataSource::kHuman;
      break;
    case proto::DATA_SOURCE_SELFPLAY:
      c.data_source = ModelDataSource::kSelfPlay;
      break;
    default:
      c.data_source = ModelDataSource::kUnknown;
  }
  c.epochs = meta.epochs();
  c.unique_games = meta.unique_games();
  c.name = meta.name();
  c.created_by = meta.created_by();
  c.created_at = meta.created_at();
  return c;
}

}  // namespace tengen::nn
