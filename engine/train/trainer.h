#ifndef TENGEN_ENGINE_TRAIN_TRAINER_H_
#define TENGEN_ENGINE_TRAIN_TRAINER_H_

// The one trainer both arms share: GameRecord shards in, a model file out.
// AdamW or SGD with momentum; linear warm-up then cosine or step decay;
// weight decay on weights (not on biases and norms); bf16 autocast on CUDA;
// random-symmetry augmentation; a shuffled streaming reader (position_stream.h);
// policy cross-entropy + WDL value cross-entropy + score-lead Huber loss
// (when the score is known) + ownership loss (when present).
//
// Reproducible and resumable: the data order is a pure function of the seed
// and the epoch, the LR a pure function of the step; a checkpoint stores the
// model, the optimizer state, the step and the data cursor, so `kill -9` and
// the same command again continue exactly where the last checkpoint was
// (bit-identical weights on the CPU). Torch-free header: the CLI calls it.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/train/lr_schedule.h"
#include "engine/train/move_prediction.h"

namespace tengen::train {

struct TrainOptions {
  std::string data_dir;    // a shard folder with manifest (imitate prepare)
  // Instead of data_dir: train on exactly these shards (self-play's window;
  // no manifest, no validation). The run then continues across windows:
  // max_steps counts from the run's first step, the data and the step count
  // are not part of the resume fingerprint, and a checkpoint made on
  // another window (data_tag) keeps its weights, optimizer and step but
  // starts the data order afresh, a pure function of (seed, data_tag).
  std::vector<std::string> shard_paths;
  std::string data_tag;
  int data_source = 0;  // ModelMeta data_source with shard_paths (2: self-play)
  std::string train_split = "train";
  std::string validation_split = "validation";
  std::string out_dir;
  std::string arch = "b6c64";
  int board_size = 19;
  std::string init_model;  // start from these weights instead of random ones
  std::string device = "auto";
  int threads = 0;         // LibTorch intra-op threads (0: all cores)
  int loader_threads = 0;  // sample-building threads (0: one per core, up to 16)

  int batch = 256;
  double epochs = 1.0;        // passes over the selected games
  int64_t max_steps = 0;      // > 0: exactly this many steps (overrides epochs)
  int64_t unique_games = 0;   // > 0: only the first N training games in hash order

  std::string optimizer = "adamw";  // or "sgd" (momentum, Nesterov)
  double lr = 1e-3;
  double momentum = 0.9;
  double weight_decay = -1;  // < 0: 0.01 for AdamW (decoupled), 1e-4 for SGD (L2)
  int64_t warmup_steps = -1;  // < 0: 2% of the steps, at most 1000
  LrDecay decay = LrDecay::kCosine;
  double final_lr_fraction = 0.01;
  int64_t decay_every = 0;
  double decay_gamma = 0.1;

  bool bf16 = true;      // autocast on CUDA (ignored on the CPU)
  bool augment = true;   // random one of the 8 symmetries per sample
  int64_t shuffle_buffer = 1 << 18;
  int interleave_shards = 8;
  uint64_t seed = 1;

  double value_weight = 1.0;
  double score_weight = 0.5;
  double ownership_weight = 0.5;

  int64_t log_every = 100;
  int64_t eval_every = 1000;        // validation (0: only at the end)
  int64_t checkpoint_every = 1000;  // (0: only at the end)
  int keep_checkpoints = 2;
  // > 0: also keep the model every this many steps as
  // snapshots/step-NNNNNNNNN.tgm (the experiment's checkpoints: players in
  // the arena); never removed.
  int64_t snapshot_every = 0;
  int64_t validation_positions = 8192;
  bool verbose = true;  // progress lines on stderr

  // > 0: after this many seconds of training in this invocation, write a
  // checkpoint and return (TrainResult::stopped_early); the same command
  // again resumes. How runs fit machines lent for a few minutes at a time.
  double chunk_seconds = 0;
  // Asked after every step: true checkpoints and returns as chunk_seconds
  // does (self-play's Ctrl-C).
  std::function<bool()> should_stop;

  // Test hook: stop right after this step as if killed (no final
  // checkpoint, no model file). < 0: off.
  int64_t stop_after_steps_for_testing = -1;
};

struct TrainResult {
  int64_t steps = 0;
  int64_t positions_seen = 0;
  double epochs = 0;
  int64_t unique_games = 0;
  double training_flops = 0;
  bool resumed = false;
  bool stopped_early = false;  // by chunk_seconds: checkpointed, not finished
  int64_t resumed_from_step = 0;
  double seconds = 0;
  double samples_per_second = 0;
  MovePredictionStats validation;  // last validation (positions == 0 if none)
  std::string model_path;          // empty when stopped by the test hook
};

absl::StatusOr<TrainResult> RunTraining(const TrainOptions& options);

// "model.tgm" in the out folder.
std::string FinalModelPath(const std::string& out_dir);
// "snapshots/step-000001000.tgm" in the out folder (TrainOptions::snapshot_every).
std::string SnapshotPath(const std::string& out_dir, int64_t step);

}  // namespace tengen::train

#endif  // TENGEN_ENGINE_TRAIN_TRAINER_H_
