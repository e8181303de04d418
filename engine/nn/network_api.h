#ifndef TENGEN_ENGINE_NN_NETWORK_API_H_
#define TENGEN_ENGINE_NN_NETWORK_API_H_

// Torch-free entry points into network.cc, for code that must not include
// LibTorch headers (the CLI; anything that also includes a .pb.h).

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "engine/nn/meta/model_config.h"

namespace tengen::nn {

// A randomly initialised network of `config`, saved as a model file.
absl::Status WriteRandomModelFile(const ModelConfig& config, uint64_t seed, const std::string& path);

}  // namespace tengen::nn

#endif  // TENGEN_ENGINE_NN_NETWORK_API_H_
