#include "engine/data/manifest.h"

#include <filesystem>

#include "engine/data/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::data {
namespace {

using ::testing::HasSubstr;

TEST(ManifestTest, RoundTrips) {
  const std::string dir = testing::MakeTempDir("m");
  ManifestData m;
  m.source = DataSource::kHuman;
  m.splits.push_back({"train", {"train-00000.shard", "train-00001.shard"}, 120, 24000});
  m.splits.push_back({"test", {"test-00000.shard"}, 3, 600});
  m.source_paths = {"/a/b.sgf"};
  m.filters["min_moves"] = "30";
  m.rejections["too_short"] = 4;
  m.games_read = 130;
  m.duplicates_removed = 3;
  m.created_by = "tengen imitate prepare";
  ASSERT_TRUE(WriteManifest(dir, m).ok());
  absl::StatusOr<ManifestData> read = ReadManifest(dir);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->source, DataSource::kHuman);
  ASSERT_EQ(read->splits.size(), 2u);
  EXPECT_EQ(read->splits[0].shard_files, m.splits[0].shard_files);
  EXPECT_EQ(read->splits[0].positions, 24000);
  EXPECT_EQ(read->filters.at("min_moves"), "30");
  EXPECT_EQ(read->rejections.at("too_short"), 4);
  EXPECT_EQ(read->duplicates_removed, 3);
  absl::StatusOr<std::vector<std::string>> paths = SplitShardPaths(dir, "test");
  ASSERT_TRUE(paths.ok());
  EXPECT_EQ((*paths)[0], (std::filesystem::path(dir) / "test-00000.shard").string());
  absl::StatusOr<std::vector<std::string>> missing = SplitShardPaths(dir, "validation");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("train, test"));
}

TEST(ManifestTest, MissingManifestIsAClearError) {
  const std::string dir = testing::MakeTempDir("m");
  absl::StatusOr<ManifestData> read = ReadManifest(dir);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(std::string(read.status().message()), HasSubstr("manifest.pbtxt"));
}

}  // namespace
}  // namespace tengen::data
