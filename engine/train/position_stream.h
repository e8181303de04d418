#ifndef TENGEN_ENGINE_TRAIN_POSITION_STREAM_H_
#define TENGEN_ENGINE_TRAIN_POSITION_STREAM_H_

// The trainer's shuffled, streaming view of a set of shards: one epoch is
// every position of every selected game exactly once, in an order that is a
// pure function of (seed, epoch). Shards are visited in a shuffled order, a
// few at a time (interleaved, each shard's games shuffled), and every
// position passes through a large shuffle buffer. The buffer holds
// references (game, move, symmetry), not features, so it can be big; the
// sample builder replays the game to the move when it builds a batch.
//
// Resuming: a checkpoint stores (epoch, positions produced in the epoch);
// Skip(n) replays the same decisions without building anything, so the
// resumed run sees exactly the samples an uninterrupted run would. Torch-free.

#include <cstdint>
#include <deque>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/data/recorded_game.h"

namespace tengen::train {

struct PositionRef {
  std::shared_ptr<const data::RecordedGame> game;
  int32_t move_index = 0;
  uint8_t symmetry = 0;  // 0..7, 0 when augmentation is off
};

// What a first pass over the shards finds out: how many games and positions
// there are, and the hash threshold that keeps the first N games in hash
// order (--unique_games).
struct ShardIndex {
  std::vector<std::string> shard_paths;
  int64_t games = 0;
  int64_t positions = 0;
  std::vector<uint64_t> sorted_hashes;  // every game's hash, ascending
  std::vector<int32_t> positions_by_hash;  // positions of the game at the same index
};

// Reads every shard once (checking every CRC). Fails with the first damaged
// shard's error (file and record index).
absl::StatusOr<ShardIndex> IndexShards(const std::vector<std::string>& shard_paths);

// The games selected by --unique_games n (0 = all): the n smallest hashes.
struct GameSelection {
  uint64_t max_hash = ~uint64_t{0};  // keep games with game_hash <= max_hash
  int64_t games = 0;
  int64_t positions = 0;
};
GameSelection SelectUniqueGames(const ShardIndex& index, int64_t unique_games);

struct PositionStreamOptions {
  std::vector<std::string> shard_paths;
  uint64_t seed = 1;
  int64_t shuffle_buffer = 1 << 18;  // positions
  int interleave_shards = 8;
  bool augment = true;
  uint64_t max_game_hash = ~uint64_t{0};
};

class PositionStream {
 public:
  PositionStream(PositionStreamOptions options, int64_t epoch);

  // The next position of the epoch; false once the epoch is exhausted.
  absl::StatusOr<bool> Next(PositionRef* ref);
  // Advances past n positions (false if the epoch ends first).
  absl::StatusOr<bool> Skip(int64_t n);

  int64_t epoch() const { return epoch_; }
  int64_t produced() const { return produced_; }

 private:
  absl::Status OpenNextShard();
  absl::StatusOr<bool> Refill();
  uint64_t Uniform(uint64_t n) { return rng_() % n; }

  struct OpenShard {
    std::vector<std::shared_ptr<const data::RecordedGame>> games;  // shuffled
    size_t next = 0;
  };

  PositionStreamOptions options_;
  int64_t epoch_;
  std::mt19937_64 rng_;
  std::vector<std::string> shard_order_;
  size_t next_shard_ = 0;
  std::vector<OpenShard> open_;
  std::vector<PositionRef> buffer_;
  std::deque<PositionRef> ready_;
  bool draining_ = false;
  int64_t produced_ = 0;
};

}  // namespace tengen::train

#endif  // TENGEN_ENGINE_TRAIN_POSITION_STREAM_H_
