#include "selfplay/game_catalog.h"

#include "absl/strings/str_format.h"
#include "engine/data/shard_file.h"

namespace tengen::selfplay {

absl::StatusOr<int> GameCatalog::Refresh(const std::function<void(const std::string&)>& warn) {
  absl::StatusOr<std::vector<StoredFile>> files = storage_->List(kGamesFolder);
  if (!files.ok()) return files.status();
  int added = 0;
  for (const StoredFile& f : *files) {
    if (f.is_temporary || !f.name.ends_with(data::kShardExtension)) continue;
    if (shards_.contains(f.name) || damaged_.contains(f.name)) continue;
    const std::string path = std::string(kGamesFolder) + "/" + f.name;
    ShardCount count;
    count.name = f.name;
    absl::Status status = absl::OkStatus();
    absl::StatusOr<std::string> bytes = storage_->Read(path);
    if (!bytes.ok()) {
      status = bytes.status();
    } else {
      absl::StatusOr<std::unique_ptr<data::ShardReader>> reader =
          data::ShardReader::FromBytes(storage_->LocalPath(path), *std::move(bytes));
      status = reader.status();
      data::RecordedGame game;
      while (status.ok()) {
        absl::StatusOr<bool> more = (*reader)->Next(&game);
        if (!more.ok()) {
          status = more.status();
        } else if (!*more) {
          break;
        } else {
          ++count.games;
          count.positions += game.num_training_positions();
        }
      }
    }
    if (!status.ok()) {
      damaged_.insert(f.name);
      if (warn) warn(absl::StrFormat("skipping damaged shard: %s", status.message()));
      continue;
    }
    games_ += count.games;
    positions_ += count.positions;
    shards_[f.name] = count;
    ++added;
  }
  return added;
}

std::vector<ShardCount> GameCatalog::Shards() const {
  std::vector<ShardCount> out;
  out.reserve(shards_.size());
  for (const auto& [name, count] : shards_) out.push_back(count);
  return out;
}

}  // namespace tengen::selfplay
