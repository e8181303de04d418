#include "engine/train/train_flags.h"

#include <cstdint>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/flag.h"
#include "absl/flags/internal/private_handle_accessor.h"
#include "absl/flags/reflection.h"
#include "absl/strings/numbers.h"

ABSL_FLAG(std::string, data, "", "Shard folder with a manifest (tengen imitate prepare, self-play).");
ABSL_FLAG(double, epochs, 1.0, "Passes over the selected training games.");
ABSL_FLAG(int64_t, max_steps, 0, "Train exactly this many steps (overrides --epochs when > 0).");
ABSL_FLAG(int64_t, unique_games, 0,
          "Use only the first N training games in game-hash order (0: all).");
ABSL_FLAG(std::string, optimizer, "adamw", "adamw or sgd (Nesterov momentum).");
ABSL_FLAG(double, lr, 1e-3, "Peak learning rate (after warm-up).");
ABSL_FLAG(double, momentum, 0.9, "SGD momentum.");
ABSL_FLAG(double, weight_decay, -1,
          "Weight decay on weights (< 0: 0.01 for AdamW, 1e-4 for SGD); never on biases/norms.");
ABSL_FLAG(int64_t, warmup_steps, -1, "Linear LR warm-up steps (< 0: 2% of the steps, <= 1000).");
ABSL_FLAG(std::string, lr_decay, "cosine", "cosine, step or constant.");
ABSL_FLAG(double, final_lr_fraction, 0.01, "Cosine decay ends at this fraction of --lr.");
ABSL_FLAG(int64_t, decay_every, 0, "Step decay period in steps (0: a third of the steps).");
ABSL_FLAG(double, decay_gamma, 0.1, "Step decay factor.");
ABSL_FLAG(bool, bf16, true, "bf16 autocast on CUDA (the CPU always trains in fp32).");
ABSL_FLAG(bool, augment, true, "Random one of the 8 board symmetries per sample.");
ABSL_FLAG(int64_t, shuffle_buffer, 1 << 18, "Positions in the shuffle buffer.");
ABSL_FLAG(int, interleave_shards, 8, "Shards read at the same time.");
ABSL_FLAG(double, value_weight, 1.0, "Weight of the value (WDL) loss.");
ABSL_FLAG(double, score_weight, 0.5, "Weight of the score-lead loss (when the score is known).");
ABSL_FLAG(double, ownership_weight, 0.5, "Weight of the ownership loss (when present).");
ABSL_FLAG(int64_t, log_every, 100, "Log every K steps (stderr and metrics.jsonl).");
ABSL_FLAG(int64_t, eval_every, 1000, "Validate every K steps (0: only at the end).");
ABSL_FLAG(int64_t, checkpoint_every, 1000, "Checkpoint every K steps (0: only at the end).");
ABSL_FLAG(int64_t, snapshot_every, 0,
          "Also keep the model every K steps as snapshots/step-N.tgm, never removed (0: none).");
ABSL_FLAG(int64_t, validation_positions, 8192, "Validation positions (fixed sample; 0: none).");
ABSL_FLAG(double, chunk_seconds, 0,
          "Checkpoint and stop after this many seconds of training (0: run to the end); "
          "the same command again resumes.");
ABSL_FLAG(std::string, init_model, "", "Start from this model's weights.");
ABSL_FLAG(int, loader_threads, 0, "Sample-building threads (0: one per core, up to 16).");

namespace tengen::train {

int ThreadsFlagOrAllCores() {
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag("threads");
  if (flag == nullptr ||
      !absl::flags_internal::PrivateHandleAccessor::IsSpecifiedOnCommandLine(*flag)) {
    return 0;
  }
  int threads = 0;
  return absl::SimpleAtoi(flag->CurrentValue(), &threads) ? threads : 0;
}

absl::StatusOr<TrainOptions> TrainOptionsFromFlags() {
  TrainOptions o;
  o.data_dir = absl::GetFlag(FLAGS_data);
  o.epochs = absl::GetFlag(FLAGS_epochs);
  o.max_steps = absl::GetFlag(FLAGS_max_steps);
  o.chunk_seconds = absl::GetFlag(FLAGS_chunk_seconds);
  o.unique_games = absl::GetFlag(FLAGS_unique_games);
  o.optimizer = absl::GetFlag(FLAGS_optimizer);
  o.lr = absl::GetFlag(FLAGS_lr);
  o.momentum = absl::GetFlag(FLAGS_momentum);
  o.weight_decay = absl::GetFlag(FLAGS_weight_decay);
  o.warmup_steps = absl::GetFlag(FLAGS_warmup_steps);
  absl::StatusOr<LrDecay> decay = ParseLrDecay(absl::GetFlag(FLAGS_lr_decay));
  if (!decay.ok()) return decay.status();
  o.decay = *decay;
  o.final_lr_fraction = absl::GetFlag(FLAGS_final_lr_fraction);
  o.decay_every = absl::GetFlag(FLAGS_decay_every);
  o.decay_gamma = absl::GetFlag(FLAGS_decay_gamma);
  o.bf16 = absl::GetFlag(FLAGS_bf16);
  o.augment = absl::GetFlag(FLAGS_augment);
  o.shuffle_buffer = absl::GetFlag(FLAGS_shuffle_buffer);
  o.interleave_shards = absl::GetFlag(FLAGS_interleave_shards);
  o.value_weight = absl::GetFlag(FLAGS_value_weight);
  o.score_weight = absl::GetFlag(FLAGS_score_weight);
  o.ownership_weight = absl::GetFlag(FLAGS_ownership_weight);
  o.log_every = absl::GetFlag(FLAGS_log_every);
  o.eval_every = absl::GetFlag(FLAGS_eval_every);
  o.checkpoint_every = absl::GetFlag(FLAGS_checkpoint_every);
  o.validation_positions = absl::GetFlag(FLAGS_validation_positions);
  o.snapshot_every = absl::GetFlag(FLAGS_snapshot_every);
  o.init_model = absl::GetFlag(FLAGS_init_model);
  o.loader_threads = absl::GetFlag(FLAGS_loader_threads);
  return o;
}

}  // namespace tengen::train
