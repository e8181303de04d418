// `tengen bench train`: training throughput (samples per second).

#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/train/train_bench.h"
#include "engine/train/train_flags.h"

ABSL_DECLARE_FLAG(bool, bf16);  // engine/train/train_flags.cc
ABSL_DECLARE_FLAG(int, loader_threads);

namespace {

int RunBenchTrain(const std::vector<std::string>& positional) {
  if (!positional.empty()) {
    std::fprintf(stderr, "tengen bench train: unexpected argument '%s'\n", positional[0].c_str());
    return 2;
  }
  tengen::train::TrainBenchOptions options;
  options.arch = absl::GetFlag(FLAGS_arch);
  options.board_size = absl::GetFlag(FLAGS_size);
  options.batch = absl::GetFlag(FLAGS_batch);
  options.device = absl::GetFlag(FLAGS_device);
  options.seconds = absl::GetFlag(FLAGS_seconds);
  options.bf16 = absl::GetFlag(FLAGS_bf16);
  options.threads = tengen::train::ThreadsFlagOrAllCores();
  options.data_dir = absl::GetFlag(FLAGS_data);
  options.loader_threads = absl::GetFlag(FLAGS_loader_threads);
  absl::StatusOr<tengen::train::TrainBenchResult> result =
      tengen::train::BenchmarkTraining(options);
  if (!result.ok()) {
    std::fprintf(stderr, "tengen bench train: %s\n", std::string(result.status().message()).c_str());
    return 1;
  }
  std::printf("%s\n", result->ToString(options).c_str());
  return 0;
}

}  // namespace

TENGEN_REGISTER_COMMAND(bench_train, "bench train",
                        "training samples/s of --arch (synthetic batches, or --data shards)",
                        RunBenchTrain,
                        "arch", "size", "batch", "data", "bf16", "loader_threads", "device", "seconds");
