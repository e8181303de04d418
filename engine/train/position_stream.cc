#include "engine/train/position_stream.h"

#include <algorithm>

#include "engine/data/game_hash.h"
#include "engine/data/shard_file.h"

namespace tengen::train {
namespace {

// Fisher-Yates with our own draws: std::shuffle's use of the engine is
// implementation-defined, and the order must not change with the library.
template <typename T>
void Shuffle(std::vector<T>& v, std::mt19937_64& rng) {
  for (size_t i = v.size(); i > 1; --i) {
    const size_t j = rng() % i;
    std::swap(v[i - 1], v[j]);
  }
}

}  // namespace

absl::StatusOr<ShardIndex> IndexShards(const std::vector<std::string>& shard_paths) {
  ShardIndex index;
  index.shard_paths = shard_paths;
  std::vector<std::pair<uint64_t, int32_t>> games;
  for (const std::string& path : shard_paths) {
    absl::StatusOr<std::unique_ptr<data::ShardReader>> reader = data::ShardReader::Open(path);
    if (!reader.ok()) return reader.status();
    data::RecordedGame game;
    while (true) {
      absl::StatusOr<bool> more = (*reader)->Next(&game);
      if (!more.ok()) return more.status();
      if (!*more) break;
      games.emplace_back(game.game_hash, game.num_training_positions());
      index.positions += game.num_training_positions();
    }
  }
  std::sort(games.begin(), games.end());
  index.games = static_cast<int64_t>(games.size());
  index.sorted_hashes.reserve(games.size());
  index.positions_by_hash.reserve(games.size());
  for (const auto& [hash, positions] : games) {
    index.sorted_hashes.push_back(hash);
    index.positions_by_hash.push_back(positions);
  }
  return index;
}

GameSelection SelectUniqueGames(const ShardIndex& index, int64_t unique_games) {
  GameSelection selection;
  if (unique_games <= 0 || unique_games >= index.games) {
    selection.games = index.games;
    selection.positions = index.positions;
    return selection;
  }
  selection.games = unique_games;
  selection.max_hash = index.sorted_hashes[unique_games - 1];
  for (int64_t i = 0; i < unique_games; ++i) selection.positions += index.positions_by_hash[i];
  return selection;
}

PositionStream::PositionStream(PositionStreamOptions options, int64_t epoch)
    : options_(std::move(options)),
      epoch_(epoch),
      rng_(data::MixHash(options_.seed ^ data::MixHash(0x65706f6368ULL + epoch))) {
  if (options_.shuffle_buffer < 1) options_.shuffle_buffer = 1;
  if (options_.interleave_shards < 1) options_.interleave_shards = 1;
  shard_order_ = options_.shard_paths;
  std::sort(shard_order_.begin(), shard_order_.end());
  Shuffle(shard_order_, rng_);
}

absl::Status PositionStream::OpenNextShard() {
  absl::StatusOr<std::vector<data::RecordedGame>> games =
      data::ReadShard(shard_order_[next_shard_++]);
  if (!games.ok()) return games.status();
  OpenShard shard;
  for (data::RecordedGame& g : *games) {
    if (g.game_hash > options_.max_game_hash || g.moves.empty()) continue;
    shard.games.push_back(std::make_shared<const data::RecordedGame>(std::move(g)));
  }
  Shuffle(shard.games, rng_);
  if (!shard.games.empty()) open_.push_back(std::move(shard));
  return absl::OkStatus();
}

absl::StatusOr<bool> PositionStream::Refill() {
  while (ready_.empty()) {
    while (static_cast<int>(open_.size()) < options_.interleave_shards &&
           next_shard_ < shard_order_.size()) {
      if (absl::Status s = OpenNextShard(); !s.ok()) return s;
    }
    if (open_.empty()) {
      // No more games: drain the buffer in random order.
      if (buffer_.empty()) return false;
      const size_t j = Uniform(buffer_.size());
      ready_.push_back(std::move(buffer_[j]));
      buffer_[j] = std::move(buffer_.back());
      buffer_.pop_back();
      return true;
    }
    const size_t s = Uniform(open_.size());
    std::shared_ptr<const data::RecordedGame> game = open_[s].games[open_[s].next++];
    if (open_[s].next == open_[s].games.size()) {
      open_[s] = std::move(open_.back());
      open_.pop_back();
    }
    for (int32_t m = 0; m < game->num_positions(); ++m) {
      if (!game->is_training_position(m)) continue;  // a cheap search's move
      PositionRef ref;
      ref.game = game;
      ref.move_index = m;
      ref.symmetry = options_.augment ? static_cast<uint8_t>(rng_() & 7) : 0;
      if (static_cast<int64_t>(buffer_.size()) < options_.shuffle_buffer) {
        buffer_.push_back(std::move(ref));
      } else {
        const size_t j = Uniform(buffer_.size());
        ready_.push_back(std::move(buffer_[j]));
        buffer_[j] = std::move(ref);
      }
    }
  }
  return true;
}

absl::StatusOr<bool> PositionStream::Next(PositionRef* ref) {
  absl::StatusOr<bool> more = Refill();
  if (!more.ok() || !*more) return more;
  *ref = std::move(ready_.front());
  ready_.pop_front();
  ++produced_;
  return true;
}

absl::StatusOr<bool> PositionStream::Skip(int64_t n) {
  PositionRef ignored;
  for (int64_t i = 0; i < n; ++i) {
    absl::StatusOr<bool> more = Next(&ignored);
    if (!more.ok() || !*more) return more;
  }
  return true;
}

}  // namespace tengen::train
