#ifndef TENGEN_ENGINE_TRAIN_LR_SCHEDULE_H_
#define TENGEN_ENGINE_TRAIN_LR_SCHEDULE_H_

// Learning rate as a pure function of the step: linear warm-up from 0, then
// cosine decay to final_fraction * base_lr at total_steps, or step decay
// (multiply by gamma every decay_every steps). A pure function of the step
// is what makes resuming from a checkpoint exact.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tengen::train {

enum class LrDecay { kCosine, kStep, kConstant };

absl::StatusOr<LrDecay> ParseLrDecay(std::string_view name);
std::string LrDecayName(LrDecay decay);

struct LrSchedule {
  double base_lr = 1e-3;
  int64_t warmup_steps = 0;
  LrDecay decay = LrDecay::kCosine;
  int64_t total_steps = 1;
  double final_fraction = 0.0;  // cosine: the LR at total_steps, relative
  int64_t decay_every = 0;      // step decay period (0: total_steps / 3)
  double gamma = 0.1;           // step decay factor

  // The learning rate used for the update of step `step` (0-based).
  double At(int64_t step) const;
};

}  // namespace tengen::train

#endif  // TENGEN_ENGINE_TRAIN_LR_SCHEDULE_H_
