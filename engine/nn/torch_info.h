#ifndef TENGEN_ENGINE_NN_TORCH_INFO_H_
#define TENGEN_ENGINE_NN_TORCH_INFO_H_

#include <string>

namespace tengen::nn {

// "2.11.0+cu130 (CUDA available: 1 device)" and the like, for logs and --version.
std::string TorchDescription();
bool CudaAvailable();
// Whether this build compiled the project's own CUDA kernels.
bool HaveCudaKernels();

}  // namespace tengen::nn

#endif  // TENGEN_ENGINE_NN_TORCH_INFO_H_
