#include "engine/data/atomic_file.h"

#include <filesystem>

#include "engine/data/test_util.h"
#include "gtest/gtest.h"

namespace tengen::data {
namespace {

namespace fs = std::filesystem;

TEST(AtomicFileTest, ReplacesContentsWhole) {
  const std::string dir = testing::MakeTempDir("a");
  const std::string path = dir + "/f.txt";
  ASSERT_TRUE(WriteFileAtomically(path, "first").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "second").ok());
  std::string contents;
  ASSERT_TRUE(ReadFileToString(path, &contents).ok());
  EXPECT_EQ(contents, "second");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(AtomicFileTest, AbandonedFileNeverAppears) {
  const std::string dir = testing::MakeTempDir("a");
  const std::string path = dir + "/f.txt";
  ASSERT_TRUE(WriteFileAtomically(path, "old").ok());
  {
    AtomicFile file;
    ASSERT_TRUE(AtomicFile::Open(path, &file).ok());
    ASSERT_TRUE(file.Write("partial").ok());
    EXPECT_TRUE(IsTemporaryFileName(fs::path(file.temporary_path()).filename().string()));
  }
  std::string contents;
  ASSERT_TRUE(ReadFileToString(path, &contents).ok());
  EXPECT_EQ(contents, "old");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(AtomicFileTest, MissingFileIsAnError) {
  std::string contents;
  EXPECT_FALSE(ReadFileToString("/nonexistent/file", &contents).ok());
}

}  // namespace
}  // namespace tengen::data

namespace tengen::data {
namespace {

TEST(RemoveTreeTest, RemovesNestedFoldersAndIgnoresMissingPaths) {
  const std::string dir = testing::MakeTempDir("tree");
  std::filesystem::create_directories(dir + "/a/b/c");
  ASSERT_TRUE(WriteFileAtomically(dir + "/a/b/c/f", "x").ok());
  ASSERT_TRUE(WriteFileAtomically(dir + "/a/g", "y").ok());
  ASSERT_TRUE(RemoveTree(dir + "/a").ok());
  EXPECT_FALSE(std::filesystem::exists(dir + "/a"));
  EXPECT_TRUE(RemoveTree(dir + "/missing").ok());
  ASSERT_TRUE(WriteFileAtomically(dir + "/file", "z").ok());
  ASSERT_TRUE(RemoveTree(dir + "/file").ok());
  EXPECT_FALSE(std::filesystem::exists(dir + "/file"));
}

}  // namespace
}  // namespace tengen::data
