#ifndef TENGEN_ENGINE_NN_META_MODEL_FILE_H_
#define TENGEN_ENGINE_NN_META_MODEL_FILE_H_

// The single self-contained model file (torch-free framing; the weights
// payload is produced and consumed by engine/nn/network.cc):
//
//   offset 0      8 bytes   magic "TENGENM1" (the digit is the format version)
//   8             4 bytes   M, little-endian uint32
//   12            M bytes   serialized proto/model_meta.proto ModelMeta
//   12+M          8 bytes   W, little-endian uint64
//   20+M          W bytes   weights: a torch::serialize archive of named fp32
//                           CPU tensors (parameters and buffers)
//   20+M+W        4 bytes   CRC-32 (zlib polynomial) of every byte before it
//
// Every error names the file and what is wrong with it.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/nn/meta/model_config.h"

namespace tengen::nn {

inline constexpr std::string_view kModelFileMagic = "TENGENM1";

struct ModelFileContents {
  ModelConfig config;
  std::string weights;
};

std::string EncodeModelFile(const ModelConfig& config, std::string_view weights);
// `name` (usually the path) prefixes every error message.
absl::StatusOr<ModelFileContents> DecodeModelFile(std::string_view bytes, std::string_view name);

// Writes atomically (a temporary file renamed into place).
absl::Status WriteModelFile(const std::string& path, const ModelConfig& config, std::string_view weights);
// Checks framing and checksum and parses the meta; does not check that the
// features match this build (see CheckFeaturesMatchThisBuild), so that
// `tengen model info` can describe any model.
absl::StatusOr<ModelFileContents> ReadModelFile(const std::string& path);

}  // namespace tengen::nn

#endif  // TENGEN_ENGINE_NN_META_MODEL_FILE_H_
