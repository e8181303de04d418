#ifndef TENGEN_ENGINE_TRAIN_TRAIN_TEST_UTIL_H_
#define TENGEN_ENGINE_TRAIN_TRAIN_TEST_UTIL_H_

// Synthetic shard folders for trainer tests (tests only).

#include <string>
#include <vector>

#include "engine/data/manifest.h"
#include "engine/data/shard_file.h"
#include "engine/data/test_util.h"
#include "gtest/gtest.h"

namespace tengen::train::testing {

// Writes `games` as split `split` of `dir` in shards of `per_shard` games,
// and a manifest listing every split written so far through `manifest`.
inline void WriteSplit(const std::string& dir, const std::string& split,
                       const std::vector<data::RecordedGame>& games, int per_shard,
                       data::ManifestData* manifest) {
  data::ShardSetWriter writer(dir, split, per_shard);
  for (const data::RecordedGame& g : games) {
    ASSERT_TRUE(writer.AddFramed(data::FrameRecord(g), g.num_positions()).ok());
  }
  ASSERT_TRUE(writer.Finish().ok());
  manifest->source = data::DataSource::kHuman;
  manifest->splits.push_back({split, writer.shard_files(), writer.games(), writer.positions()});
  ASSERT_TRUE(data::WriteManifest(dir, *manifest).ok());
}

// Games 0..n-1 of MakeLineGame with lengths varying from 20 to 39 moves.
inline std::vector<data::RecordedGame> LineGames(int first, int n) {
  std::vector<data::RecordedGame> games;
  for (int i = first; i < first + n; ++i) games.push_back(data::testing::MakeLineGame(i, 20 + i % 20));
  return games;
}

// Paths of the shards of one split.
inline std::vector<std::string> ShardPaths(const std::string& dir, const std::string& split) {
  absl::StatusOr<std::vector<std::string>> paths = data::SplitShardPaths(dir, split);
  EXPECT_TRUE(paths.ok()) << paths.status();
  return paths.ok() ? *paths : std::vector<std::string>();
}

}  // namespace tengen::train::testing

#endif  // TENGEN_ENGINE_TRAIN_TRAIN_TEST_UTIL_H_
