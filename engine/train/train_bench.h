#ifndef TENGEN_ENGINE_TRAIN_TRAIN_BENCH_H_
#define TENGEN_ENGINE_TRAIN_TRAIN_BENCH_H_

// `tengen bench train`: training samples per second of full steps (forward,
// losses, backward, AdamW, input upload and encoding) on synthetic batches,
// or on real batches built from shards the way the trainer builds them
// (ahead of the device, in parallel); with shards it also measures the
// sample builder alone, so a data-bound run shows as such. Torch-free header.

#include <string>

#include "absl/status/statusor.h"

namespace tengen::train {

struct TrainBenchOptions {
  std::string arch = "b6c64";
  int board_size = 19;
  int batch = 256;
  std::string device = "auto";
  double seconds = 3.0;
  bool bf16 = true;
  int threads = 0;
  std::string data_dir;  // real batches from its train split when set
  int loader_threads = 0;
};

struct TrainBenchResult {
  std::string device;
  bool bf16 = false;
  int steps = 0;
  double seconds = 0;
  double samples_per_second = 0;
  double loader_samples_per_second = 0;  // sample builder alone (with --data)
  int loader_threads = 0;
  std::string ToString(const TrainBenchOptions& options) const;
};

absl::StatusOr<TrainBenchResult> BenchmarkTraining(const TrainBenchOptions& options);

}  // namespace tengen::train

#endif  // TENGEN_ENGINE_TRAIN_TRAIN_BENCH_H_
