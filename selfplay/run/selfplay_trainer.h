#ifndef TENGEN_SELFPLAY_RUN_SELFPLAY_TRAINER_H_
#define TENGEN_SELFPLAY_RUN_SELFPLAY_TRAINER_H_

// The self-play trainer: the one trainer (engine/train) fed from a sliding
// window over the newest self-play games, exporting a model generation
// every samples_per_export samples. Exactly one runs per run folder.
//
// Generation 0 is the starting network (random, or --init_model), published
// before any training so that workers can start. Generation g+1 trains the
// steps ((g) x S, (g+1) x S] (S = samples_per_export / batch) on the window
// chosen when it started (kept in train/windows/, so a restart after kill
// -9 resumes the same generation from the last checkpoint with the same
// data order), waiting first until
//   self-play positions >= min_positions_to_train and
//   samples trained after it <= max_samples_per_position x positions,
// so that no position is trained on more than that many times on average.
// Weights, optimizer and step continue across generations (train/trainer).
// With gating, each trained generation is first written to candidates/,
// gated against the newest published model (gating.h), and published in
// models/ only if promoted; candidates/gen-N.decision records the outcome.
// Training continues from the trainer's own weights either way.
// Each export's ModelMeta names its parent (the previous generation), the
// positions and games behind it and the training FLOPs.

#include <atomic>
#include <cstdint>

#include "absl/status/status.h"
#include "selfplay/run_storage.h"
#include "selfplay/selfplay_config.h"

namespace tengen::selfplay {

struct TrainerLimits {
  const std::atomic<bool>* stop = nullptr;  // checkpoint and return
  int max_generations = 0;                  // return after exporting this generation (0: never)
  double progress_seconds = 30;
  int loader_threads = 1;
};

absl::Status RunSelfPlayTrainer(RunStorage& storage, const SelfPlaySettings& settings, const TrainerLimits& limits);

}  // namespace tengen::selfplay

#endif  // TENGEN_SELFPLAY_RUN_SELFPLAY_TRAINER_H_
