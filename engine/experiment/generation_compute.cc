#include "engine/experiment/generation_compute.h"

#include <filesystem>

#include "absl/strings/match.h"
#include "engine/data/atomic_file.h"
#include "engine/data/shard_file.h"
#include "selfplay/game_catalog.h"

namespace tengen::experiment {

GenerationCompute GenerationCounter::Count(const std::string& run_folder, double forward_flops) {
  namespace fs = std::filesystem;
  GenerationCompute total;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(run_folder) / selfplay::kGamesFolder, ec)) {
    const std::string path = entry.path().string();
    const std::string name = entry.path().filename().string();
    if (!absl::EndsWith(name, ".shard") || data::IsTemporaryFileName(name)) continue;
    auto it = shards_.find(path);
    if (it == shards_.end()) {
      ShardTotals totals;
      absl::StatusOr<std::vector<data::RecordedGame>> games = data::ReadShard(path);
      if (games.ok()) {
        for (const data::RecordedGame& game : *games) {
          ++totals.games;
          for (int i = 0; i < game.num_positions(); ++i) {
            totals.evaluations += game.is_training_position(i) ? full_visits_ : cheap_visits_;
          }
        }
      }
      it = shards_.emplace(path, totals).first;
    }
    total.games += it->second.games;
    total.evaluations += it->second.evaluations;
  }
  total.flops = static_cast<double>(total.evaluations) * forward_flops;
  return total;
}

}  // namespace tengen::experiment
