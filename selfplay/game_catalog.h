#ifndef TENGEN_SELFPLAY_GAME_CATALOG_H_
#define TENGEN_SELFPLAY_GAME_CATALOG_H_

// The trainer's view of DIR/games: every complete shard with its games and
// training positions, each read (and CRC-checked) once. Temporary files are
// never opened. A damaged shard is reported once, naming the file, counted,
// and never used.

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "selfplay/run_storage.h"
#include "selfplay/training_window.h"

namespace tengen::selfplay {

inline constexpr char kGamesFolder[] = "games";

class GameCatalog {
 public:
  explicit GameCatalog(RunStorage* storage) : storage_(storage) {}

  // Reads the shards that appeared since the last call; returns how many
  // were added. `warn` gets one line per damaged shard.
  absl::StatusOr<int> Refresh(const std::function<void(const std::string&)>& warn);

  // Oldest first (shard names begin with their UTC time).
  std::vector<ShardCount> Shards() const;
  int64_t games() const { return games_; }
  int64_t positions() const { return positions_; }
  int damaged_shards() const { return static_cast<int>(damaged_.size()); }

 private:
  RunStorage* storage_;
  std::map<std::string, ShardCount> shards_;
  std::set<std::string> damaged_;
  int64_t games_ = 0;
  int64_t positions_ = 0;
};

}  // namespace tengen::selfplay

#endif  // TENGEN_SELFPLAY_GAME_CATALOG_H_
