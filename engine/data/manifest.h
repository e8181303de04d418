#ifndef TENGEN_ENGINE_DATA_MANIFEST_H_
#define TENGEN_ENGINE_DATA_MANIFEST_H_

// The manifest of a shard directory (proto ShardManifest, stored as text
// format in "<dir>/manifest.pbtxt" so people can read it). It is written
// last and atomically: a directory without one is incomplete and is never
// read. Plain struct so torch code can use it.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/data/recorded_game.h"

namespace tengen::data {

inline constexpr char kManifestFileName[] = "manifest.pbtxt";

struct SplitInfo {
  std::string name;
  std::vector<std::string> shard_files;  // relative to the directory
  int64_t games = 0;
  int64_t positions = 0;
};

struct ManifestData {
  DataSource source = DataSource::kUnknown;
  std::vector<SplitInfo> splits;
  std::vector<std::string> source_paths;
  std::map<std::string, std::string> filters;
  std::map<std::string, int64_t> rejections;
  int64_t games_read = 0;
  int64_t duplicates_removed = 0;
  std::string created_by;

  const SplitInfo* FindSplit(const std::string& name) const;
};

absl::Status WriteManifest(const std::string& dir, const ManifestData& manifest);
absl::StatusOr<ManifestData> ReadManifest(const std::string& dir);

// Full paths of the shards of one split; an error names the directory and
// the splits it has when the split is missing.
absl::StatusOr<std::vector<std::string>> SplitShardPaths(const std::string& dir,
                                                         const std::string& split);

}  // namespace tengen::data

#endif  // TENGEN_ENGINE_DATA_MANIFEST_H_
