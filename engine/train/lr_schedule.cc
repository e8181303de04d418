#include "engine/train/lr_schedule.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace tengen::train {

absl::StatusOr<LrDecay> ParseLrDecay(std::string_view name) {
  if (name == "cosine") return LrDecay::kCosine;
  if (name == "step") return LrDecay::kStep;
  if (name == "constant") return LrDecay::kConstant;
  return absl::InvalidArgumentError(
      absl::StrFormat("unknown LR decay '%s' (cosine, step or constant)", name));
}

std::string LrDecayName(LrDecay decay) {
  switch (decay) {
    case LrDecay::kCosine:
      return "cosine";
    case LrDecay::kStep:
      return "step";
    case LrDecay::kConstant:
      return "constant";
  }
  return "?";
}

double LrSchedule::At(int64_t step) const {
  if (warmup_steps > 0 && step < warmup_steps) {
    return base_lr * static_cast<double>(step + 1) / static_cast<double>(warmup_steps);
  }
  const int64_t after = step - warmup_steps;
  const int64_t span = std::max<int64_t>(1, total_steps - warmup_steps);
  switch (decay) {
    case LrDecay::kConstant:
      return base_lr;
    case LrDecay::kCosine: {
      const double t = std::clamp(static_cast<double>(after) / static_cast<double>(span), 0.0, 1.0);
      const double cosine = 0.5 * (1.0 + std::cos(M_PI * t));
      return base_lr * (final_fraction + (1.0 - final_fraction) * cosine);
    }
    case LrDecay::kStep: {
      const int64_t every = decay_every > 0 ? decay_every : std::max<int64_t>(1, span / 3);
      return base_lr * std::pow(gamma, static_cast<double>(after / every));
    }
  }
  return base_lr;
}

}  // namespace tengen::train
