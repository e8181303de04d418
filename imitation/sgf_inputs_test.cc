#include "imitation/sgf_inputs.h"

#include <filesystem>

#include "engine/data/atomic_file.h"
#include "engine/data/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::imitation {
namespace {

using ::testing::HasSubstr;

TEST(SgfInputsTest, RecognisesArchives) {
  EXPECT_TRUE(IsArchivePath("a/b.ZIP"));
  EXPECT_TRUE(IsArchivePath("games.tar.gz"));
  EXPECT_TRUE(IsArchivePath("games.tgz"));
  EXPECT_TRUE(IsArchivePath("games.tar.xz"));
  EXPECT_FALSE(IsArchivePath("games.sgf"));
  EXPECT_FALSE(IsArchivePath("games.gz.sgf"));
}

TEST(SgfInputsTest, ExpandsFoldersRecursivelyInSortedOrder) {
  const std::string dir = data::testing::MakeTempDir("in");
  std::filesystem::create_directories(dir + "/z/y");
  for (const char* name : {"/b.sgf", "/a.SGF", "/z/y/c.sgf", "/z/notes.txt", "/z/d.zip"}) {
    ASSERT_TRUE(data::WriteFileAtomically(dir + name, "(;)").ok());
  }
  ASSERT_TRUE(data::WriteFileAtomically(dir + "/single.txt", "(;)").ok());
  absl::StatusOr<std::vector<InputSource>> inputs = ExpandInputs({dir + "/single.txt", dir});
  ASSERT_TRUE(inputs.ok()) << inputs.status();
  std::vector<std::string> paths;
  for (const InputSource& in : *inputs) paths.push_back(in.path.substr(dir.size()));
  // A named file is taken whatever its extension; inside folders only SGF and archives.
  EXPECT_EQ(paths, (std::vector<std::string>{"/single.txt", "/a.SGF", "/b.sgf", "/z/d.zip",
                                             "/z/y/c.sgf"}));
  EXPECT_TRUE((*inputs)[3].is_archive);
  EXPECT_EQ((*inputs)[1].bytes, 3);
}

TEST(SgfInputsTest, ReadsAPlainFileAsOneDocument) {
  const std::string dir = data::testing::MakeTempDir("in");
  ASSERT_TRUE(data::WriteFileAtomically(dir + "/g.sgf", "(;GM[1])").ok());
  int documents = 0;
  absl::Status s = ReadDocuments({dir + "/g.sgf", false, 8},
                                 [&](std::string name, std::string text, int64_t bytes) {
                                   ++documents;
                                   EXPECT_EQ(name, dir + "/g.sgf");
                                   EXPECT_EQ(text, "(;GM[1])");
                                   EXPECT_EQ(bytes, 8);
                                   return absl::OkStatus();
                                 });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(documents, 1);
}

TEST(SgfInputsTest, MissingPathsAreNamed) {
  absl::StatusOr<std::vector<InputSource>> inputs = ExpandInputs({"/no/such/games"});
  ASSERT_FALSE(inputs.ok());
  EXPECT_THAT(std::string(inputs.status().message()), HasSubstr("/no/such/games"));
}

}  // namespace
}  // namespace tengen::imitation
