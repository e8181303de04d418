#include <algorithm>
#include <vector>

#include "absl/strings/str_format.h"
#include "engine/train/move_prediction.h"

namespace tengen::train {

std::string MovePredictionStats::ToString() const {
  return absl::StrFormat("positions=%d top1=%.4f top5=%.4f value_mse=%.4f policy_ce=%.4f",
                         positions, top1, top5, value_mse, policy_cross_entropy);
}

MoveBaselines ComputeMoveBaselines(const std::vector<PositionRef>& train,
                                   const std::vector<PositionRef>& evaluation, int board_size) {
  MoveBaselines b;
  const int policy_size = board_size * board_size + 1;
  b.uniform_top1 = 1.0 / policy_size;
  std::vector<int64_t> counts(policy_size, 0);
  for (const PositionRef& r : train) {
    const int m = r.game->moves[r.move_index];
    if (m >= 0 && m < policy_size) ++counts[m];
  }
  b.most_common_move =
      static_cast<int>(std::max_element(counts.begin(), counts.end()) - counts.begin());
  int64_t hits = 0;
  for (const PositionRef& r : evaluation) hits += r.game->moves[r.move_index] == b.most_common_move;
  b.most_common_top1 = evaluation.empty() ? 0.0 : static_cast<double>(hits) / evaluation.size();
  return b;
}

absl::StatusOr<std::vector<PositionRef>> FixedPositionSample(const std::vector<std::string>& shards,
                                                             int64_t count, uint64_t seed) {
  PositionStreamOptions options;
  options.shard_paths = shards;
  options.seed = seed;
  options.augment = false;
  options.shuffle_buffer = 1 << 16;
  PositionStream stream(options, 0);
  std::vector<PositionRef> refs;
  PositionRef ref;
  while (count <= 0 || static_cast<int64_t>(refs.size()) < count) {
    absl::StatusOr<bool> more = stream.Next(&ref);
    if (!more.ok()) return more.status();
    if (!*more) break;
    refs.push_back(ref);
  }
  return refs;
}

}  // namespace tengen::train
