#include "selfplay/run_storage.h"

#include <filesystem>
#include <fstream>

#include "engine/data/test_util.h"
#include "gtest/gtest.h"

namespace tengen::selfplay {
namespace {

namespace fs = std::filesystem;

TEST(RunStorageTest, WritesWholeFilesAndListsTemporariesAsSuch) {
  std::unique_ptr<RunStorage> storage = OpenPosixRunStorage(data::testing::MakeTempDir("run"));
  ASSERT_TRUE(storage->MakeFolder("games").ok());
  ASSERT_TRUE(storage->WriteAtomically("games/b.shard", "bytes").ok());
  std::ofstream(storage->LocalPath("games/.a.shard.tmp-12-0")) << "half";
  absl::StatusOr<std::vector<StoredFile>> files = storage->List("games");
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 2u);
  EXPECT_TRUE((*files)[0].is_temporary);
  EXPECT_FALSE((*files)[1].is_temporary);
  EXPECT_EQ((*files)[1].size, 5);
  EXPECT_EQ(*storage->Read("games/b.shard"), "bytes");
  absl::StatusOr<std::vector<StoredFile>> missing = storage->List("nothing-here");
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->empty());
}

TEST(RunStorageTest, OnlyStaleTemporariesAreRemoved) {
  std::unique_ptr<RunStorage> storage = OpenPosixRunStorage(data::testing::MakeTempDir("run"));
  ASSERT_TRUE(storage->MakeFolder("games").ok());
  std::ofstream(storage->LocalPath("games/.old.shard.tmp-1-0")) << "left by a dead worker";
  std::ofstream(storage->LocalPath("games/.new.shard.tmp-2-0")) << "being written";
  ASSERT_TRUE(storage->WriteAtomically("games/done.shard", "x").ok());
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(2);
  fs::last_write_time(storage->LocalPath("games/.old.shard.tmp-1-0"), old_time);
  fs::last_write_time(storage->LocalPath("games/done.shard"), old_time);
  absl::StatusOr<int> removed = RemoveStaleTemporaries(*storage, "games", 3600);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 1);
  EXPECT_FALSE(storage->Exists("games/.old.shard.tmp-1-0"));
  EXPECT_TRUE(storage->Exists("games/.new.shard.tmp-2-0"));
  EXPECT_TRUE(storage->Exists("games/done.shard"));  // old but complete
}

}  // namespace
}  // namespace tengen::selfplay
