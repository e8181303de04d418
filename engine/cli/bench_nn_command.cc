// `tengen bench nn --arch b6c64 --size 19 --batch 1024 --device cuda|cpu
// [--seconds S]`: evaluations per second of the full network through the
// torch backend (features, copies, heads, softmax included) and of the bare
// trunk in the same run, with random weights.

#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/nn/meta/model_config.h"
#include "engine/nn/torch_backend.h"
#include "engine/nn/torch_info.h"

ABSL_FLAG(bool, cuda_graphs, false, "bench nn: replay CUDA graphs per padded batch size (CUDA only).");

namespace tengen::cli {
namespace {

int RunBenchNn(const std::vector<std::string>& positional) {
  if (!positional.empty()) {
    std::fprintf(stderr, "tengen bench nn: unexpected argument '%s'\n", positional[0].c_str());
    return 2;
  }
  nn::NnBenchmarkOptions options;
  absl::StatusOr<nn::ModelConfig> config =
      nn::ModelConfigForArch(absl::GetFlag(FLAGS_arch), absl::GetFlag(FLAGS_size));
  if (!config.ok()) {
    std::fprintf(stderr, "tengen bench nn: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  options.config = *config;
  options.backend.device = absl::GetFlag(FLAGS_device);
  options.backend.max_batch = absl::GetFlag(FLAGS_batch);
  options.backend.threads = absl::GetFlag(FLAGS_torch_threads);
  options.backend.cuda_graphs = absl::GetFlag(FLAGS_cuda_graphs);
  options.backend.seed = absl::GetFlag(FLAGS_seed);
  options.seconds = absl::GetFlag(FLAGS_seconds);
  options.callers = absl::GetFlag(FLAGS_threads);
  if (options.seconds <= 0) {
    std::fprintf(stderr, "tengen bench nn: --seconds must be positive\n");
    return 2;
  }
  absl::StatusOr<nn::NnBenchmarkResult> result = nn::RunNnBenchmark(options);
  if (!result.ok()) {
    std::fprintf(stderr, "tengen bench nn: %s\n", std::string(result.status().message()).c_str());
    return 1;
  }
  std::printf("# %s, arch %s, board %d, batch %d, device %s%s, %d caller thread(s), %.4g forward FLOPs/position\n",
              nn::TorchDescription().c_str(), config->arch.c_str(), config->board_size, result->batch,
              result->device.c_str(), options.backend.cuda_graphs ? " (CUDA graphs)" : "", options.callers,
              nn::EstimateForwardFlops(*config));
  std::printf("full_evals_per_s=%.1f trunk_evals_per_s=%.1f ratio=%.3f\n", result->full_evals_per_s,
              result->trunk_evals_per_s,
              result->trunk_evals_per_s > 0 ? result->full_evals_per_s / result->trunk_evals_per_s : 0.0);
  return 0;
}

TENGEN_REGISTER_COMMAND(bench_nn, "bench nn", "network evaluations per second (full and trunk only)",
                        RunBenchNn,
                        "arch", "size", "batch", "device", "seconds", "seed", "threads", "torch_threads",
                        "cuda_graphs");

}  // namespace
}  // namespace tengen::cli
