#include "engine/nn/torch_info.h"

#include <torch/torch.h>

#include "absl/strings/str_format.h"

namespace tengen::nn {

bool CudaAvailable() { return torch::cuda::is_available(); }

bool HaveCudaKernels() {
#ifdef TENGEN_HAVE_CUDA_KERNELS
  return true;
#else
  return false;
#endif
}

std::string TorchDescription() {
  const bool cuda = CudaAvailable();
  return absl::StrFormat("LibTorch %s (CUDA available: %s, %d devices; project CUDA kernels: %s)",
                         TORCH_VERSION, cuda ? "yes" : "no",
                         cuda ? static_cast<int>(torch::cuda::device_count()) : 0,
                         HaveCudaKernels() ? "built" : "not built");
}

}  // namespace tengen::nn
