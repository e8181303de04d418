#ifndef TENGEN_ENGINE_TRAIN_TRAIN_FLAGS_H_
#define TENGEN_ENGINE_TRAIN_TRAIN_FLAGS_H_

// The trainer's command-line flags, defined here (once per binary) so that
// every command that trains (`tengen imitate train`, the self-play loop)
// reads the same names and defaults. The shared names --out, --arch, --size,
// --device, --batch, --seed and --threads come from engine/cli/common_flags.h
// and are passed in by the caller.

#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "engine/train/trainer.h"

ABSL_DECLARE_FLAG(std::string, data);
ABSL_DECLARE_FLAG(double, epochs);
ABSL_DECLARE_FLAG(int64_t, max_steps);
ABSL_DECLARE_FLAG(int64_t, unique_games);

namespace tengen::train {

// The shared --threads flag when it was given on the command line, else 0
// ("every core"): its default of 1 suits the search commands, not data
// preparation, training or evaluation.
int ThreadsFlagOrAllCores();

// Everything but the shared flags, from the trainer's own flags.
absl::StatusOr<TrainOptions> TrainOptionsFromFlags();

}  // namespace tengen::train

#endif  // TENGEN_ENGINE_TRAIN_TRAIN_FLAGS_H_
