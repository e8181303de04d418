#ifndef TENGEN_ENGINE_CLI_COMMON_FLAGS_H_
#define TENGEN_ENGINE_CLI_COMMON_FLAGS_H_

// Flags shared by several subcommands. An absl flag may be defined only once
// per binary, so every flag name that more than one command uses lives here.

#include <cstdint>
#include <string>

#include "absl/flags/declare.h"

ABSL_DECLARE_FLAG(int, size);
ABSL_DECLARE_FLAG(std::string, model);
ABSL_DECLARE_FLAG(std::string, device);
ABSL_DECLARE_FLAG(std::string, arch);
ABSL_DECLARE_FLAG(std::string, out);
ABSL_DECLARE_FLAG(int, visits);
ABSL_DECLARE_FLAG(int, batch);
ABSL_DECLARE_FLAG(int, games);
ABSL_DECLARE_FLAG(int, threads);
ABSL_DECLARE_FLAG(uint64_t, seed);
ABSL_DECLARE_FLAG(double, komi);
ABSL_DECLARE_FLAG(std::string, rules);
ABSL_DECLARE_FLAG(double, seconds);
ABSL_DECLARE_FLAG(int, torch_threads);
ABSL_DECLARE_FLAG(std::string, config);
ABSL_DECLARE_FLAG(std::string, run);
ABSL_DECLARE_FLAG(double, progress_seconds);

#endif  // TENGEN_ENGINE_CLI_COMMON_FLAGS_H_
