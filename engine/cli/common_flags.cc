#include "engine/cli/common_flags.h"

#include <cstdint>
#include <string>

#include "absl/flags/flag.h"

ABSL_FLAG(int, size, 19, "Board size (2..19).");
ABSL_FLAG(std::string, model, "", "Model file.");
ABSL_FLAG(std::string, device, "auto", "cuda, cpu, or auto (cuda when available).");
ABSL_FLAG(std::string, arch, "b6c64", "Network architecture, e.g. b6c64, b10c128, t4c128 (transformer).");
ABSL_FLAG(std::string, out, "", "Output file or directory.");
ABSL_FLAG(int, visits, 200, "MCTS visits per move.");
ABSL_FLAG(int, batch, 256, "Batch size.");
ABSL_FLAG(int, games, 64, "Number of games (concurrent games for search commands).");
ABSL_FLAG(int, threads, 1, "Worker threads.");
ABSL_FLAG(uint64_t, seed, 1, "Random seed.");
ABSL_FLAG(double, komi, 7.5, "Komi.");
ABSL_FLAG(std::string, rules, "chinese", "chinese, japanese or tromp-taylor.");
ABSL_FLAG(double, seconds, 3.0, "Duration of a benchmark measurement.");
ABSL_FLAG(int, torch_threads, 0, "LibTorch intra-op CPU threads (0: the hardware concurrency).");
ABSL_FLAG(std::string, config, "",
          "A config in protobuf text format (selfplay: proto/selfplay_config.proto; arena: proto/arena_config.proto; "
          "experiment: proto/experiment_config.proto).");
ABSL_FLAG(std::string, run, "",
          "A run folder (selfplay: shared by the workers and the trainer; report: an experiment's --out).");
ABSL_FLAG(double, progress_seconds, 30, "Seconds between progress lines of a long job.");
