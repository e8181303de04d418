#ifndef TENGEN_ENGINE_NN_TORCH_BACKEND_H_
#define TENGEN_ENGINE_NN_TORCH_BACKEND_H_

// The LibTorch implementation of tengen::BatchBackend (engine/search), and
// the network benchmark. Torch-free header: search, self-play, GTP and the
// CLI create backends without including LibTorch.
//
// On CUDA the network runs in bf16 with channels-last memory; positions are
// staged in a pinned host buffer, copied to the device as raw bytes and
// expanded into planes by the CUDA feature kernel (or, in a build without the
// kernel, encoded on the CPU and copied). On the CPU it runs in fp32 with the
// reference encoder. All buffers are allocated once for max_batch.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "engine/nn/meta/model_config.h"
#include "engine/search/evaluator.h"

namespace tengen::nn {

struct TorchBackendOptions {
  std::string device = "auto";  // "cpu", "cuda", "cuda:N", or "auto" (cuda when available)
  int max_batch = 256;
  // LibTorch intra-op threads (at::set_num_threads, process-wide); 0 means
  // the hardware concurrency.
  int threads = 0;
  // CUDA only: capture one CUDA graph per padded batch size (powers of two
  // up to max_batch) on first use and replay it.
  bool cuda_graphs = false;
  // Evaluate each position under a random one of the 8 symmetries (outputs
  // are mapped back), or always under `fixed_symmetry` when it is 0..7.
  bool random_symmetry = false;
  int fixed_symmetry = -1;
  uint64_t seed = 1;
  // Evaluators over the one network (shared weights), each with its own
  // buffers, CUDA stream and graphs. With n > 1 the backend is thread-safe
  // and up to n calls run at once, so one caller's host work (staging,
  // scattering outputs) overlaps another's device work. With 1, calls must
  // come from one thread at a time (the BatchBackend contract).
  int instances = 1;
};

absl::StatusOr<std::unique_ptr<BatchBackend>> CreateTorchBackend(const std::string& model_path,
                                                                 const TorchBackendOptions& options);
// A randomly initialised network (tests, benchmarks, the first self-play
// generation): the same weights as CreateNetwork(config, weight_seed).
absl::StatusOr<std::unique_ptr<BatchBackend>> CreateRandomTorchBackend(const ModelConfig& config,
                                                                       uint64_t weight_seed,
                                                                       const TorchBackendOptions& options);

// "cpu" or "cuda[:N]" for the given option value; an error when CUDA is asked
// for and LibTorch sees no CUDA device.
absl::StatusOr<std::string> ResolveDevice(const std::string& device);

struct NnBenchmarkOptions {
  ModelConfig config;  // random weights
  TorchBackendOptions backend;  // max_batch is the benchmark's batch size
  double seconds = 3.0;         // per measurement, after a warm-up
  // Threads calling EvaluateBatch at once for the full measurement (the
  // backend gets as many instances).
  int callers = 1;
};

struct NnBenchmarkResult {
  std::string device;
  int batch = 0;
  // Evaluations per second through TorchBackend::EvaluateBatch (staging,
  // feature encoding, network, softmax, copies back into EvalOutput).
  double full_evals_per_s = 0;
  // The bare trunk on already-encoded planes, same device, dtype and batch.
  double trunk_evals_per_s = 0;
};

absl::StatusOr<NnBenchmarkResult> RunNnBenchmark(const NnBenchmarkOptions& options);

}  // namespace tengen::nn

#endif  // TENGEN_ENGINE_NN_TORCH_BACKEND_H_
