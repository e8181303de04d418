#ifndef TENGEN_ENGINE_NN_META_MODEL_META_IO_H_
#define TENGEN_ENGINE_NN_META_MODEL_META_IO_H_

// ModelConfig <-> serialized proto/model_meta.proto ModelMeta. This header
// is torch- and protobuf-free; the .cc is the only file that includes the
// generated .pb.h (and it lives in tengen_nn_meta, a library that never sees
// the torch include path with its old protobuf headers).

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/nn/meta/model_config.h"

namespace tengen::nn {

std::string SerializeModelMeta(const ModelConfig& config);
absl::StatusOr<ModelConfig> ParseModelMeta(std::string_view bytes);

}  // namespace tengen::nn

#endif  // TENGEN_ENGINE_NN_META_MODEL_META_IO_H_
