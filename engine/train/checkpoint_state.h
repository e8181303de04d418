#ifndef TENGEN_ENGINE_TRAIN_CHECKPOINT_STATE_H_
#define TENGEN_ENGINE_TRAIN_CHECKPOINT_STATE_H_

// The torch-free half of a training checkpoint: the counters and the data
// cursor, and the directory bookkeeping. A checkpoint is a folder
// "<out>/checkpoints/step-000001000/" holding model.tgm (model file with
// meta), optimizer.pt (optimizer state) and state.txt (this struct); the
// file "<out>/checkpoints/latest" names the newest complete one and is
// replaced atomically after all three files are in place, so kill -9 at any
// moment leaves a usable checkpoint behind.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tengen::train {

struct TrainState {
  int64_t step = 0;            // optimizer steps done
  int64_t epoch = 0;           // data cursor: epoch of the next sample
  int64_t epoch_position = 0;  // positions of that epoch already consumed
  int64_t positions_seen = 0;
  double training_flops = 0;
  // The data window the cursor refers to (self-play; empty otherwise).
  std::string data_tag;
  // Options that must be the same to resume (name -> value as text).
  std::map<std::string, std::string> fingerprint;
};

std::string FormatTrainState(const TrainState& state);
absl::StatusOr<TrainState> ParseTrainState(const std::string& text, const std::string& name);

// An error listing every fingerprint entry that differs, or OK.
absl::Status CheckSameFingerprint(const std::map<std::string, std::string>& checkpoint,
                                  const std::map<std::string, std::string>& now,
                                  const std::string& checkpoint_path);

std::string CheckpointsDir(const std::string& out_dir);
std::string CheckpointDirName(int64_t step);  // "step-000001000"

// The newest complete checkpoint folder (full path), or nullopt when none.
absl::StatusOr<std::optional<std::string>> LatestCheckpoint(const std::string& out_dir);

// Marks `name` (a folder in CheckpointsDir) as the newest and removes all
// but the newest `keep` checkpoint folders (and debris of unfinished ones).
absl::Status PublishCheckpoint(const std::string& out_dir, const std::string& name, int keep);

}  // namespace tengen::train

#endif  // TENGEN_ENGINE_TRAIN_CHECKPOINT_STATE_H_
