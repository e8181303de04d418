#ifndef TENGEN_ENGINE_TRAIN_MOVE_PREDICTION_H_
#define TENGEN_ENGINE_TRAIN_MOVE_PREDICTION_H_

// How well a model predicts recorded moves and results: top-1 / top-5
// accuracy on the played move, policy cross-entropy against the stored
// targets (one-hot for human moves), and the mean squared error of the
// value (p_win - p_loss) against the game result, over every position of
// every game. Used by `tengen eval moves` and by the trainer's validation.
// Torch-free header.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/data/recorded_game.h"
#include "engine/train/position_stream.h"

namespace tengen::train {

struct MovePredictionStats {
  int64_t positions = 0;
  double top1 = 0;
  double top5 = 0;
  double policy_cross_entropy = 0;
  double value_mse = 0;
  double value_cross_entropy = 0;
  // "positions=N top1=X top5=Y value_mse=Z policy_ce=W"
  std::string ToString() const;
};

struct MovePredictionOptions {
  std::string device = "auto";
  int batch = 256;
  int threads = 0;            // LibTorch intra-op threads (0: all cores)
  int loader_threads = 0;     // sample building threads (0: one per core, up to 16)
  int64_t max_positions = 0;  // 0: all
};

absl::StatusOr<MovePredictionStats> EvaluateModelOnGames(
    const std::string& model_path, const std::vector<data::RecordedGame>& games,
    const MovePredictionOptions& options);

absl::StatusOr<MovePredictionStats> EvaluateModelOnShards(
    const std::string& model_path, const std::vector<std::string>& shard_paths,
    const MovePredictionOptions& options);

// Baselines that need no network, for judging a trained policy.
struct MoveBaselines {
  double uniform_top1 = 0;      // 1 / (N*N + 1)
  int most_common_move = 0;     // flat move most often played in `train`
  double most_common_top1 = 0;  // its top-1 accuracy on `evaluation`
};
MoveBaselines ComputeMoveBaselines(const std::vector<PositionRef>& train,
                                   const std::vector<PositionRef>& evaluation, int board_size);

// The seed of the trainer's validation sample (FixedPositionSample over the
// validation split), so that tests can rebuild exactly the same positions.
inline constexpr uint64_t kValidationSampleSeed = 0x76616c6964ULL;  // "valid"

// The first `count` positions (every one when count <= 0) of the shards, in
// a fixed shuffled order without augmentation: a validation sample that is
// the same for every run and every resume.
absl::StatusOr<std::vector<PositionRef>> FixedPositionSample(const std::vector<std::string>& shards,
                                                             int64_t count, uint64_t seed);

}  // namespace tengen::train

#endif  // TENGEN_ENGINE_TRAIN_MOVE_PREDICTION_H_
