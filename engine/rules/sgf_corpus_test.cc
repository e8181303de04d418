#include "engine/rules/sgf_corpus.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

namespace fs = std::filesystem;

std::string SourceDir() {
  const char* dir = std::getenv("TENGEN_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

class SgfCorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("sgf_corpus_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "sub" / "deeper");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& relative, const std::string& text) {
    std::ofstream(dir_ / relative, std::ios::binary) << text;
  }
  fs::path dir_;
};

TEST_F(SgfCorpusTest, CollectsSgfFilesRecursivelyAnyCaseSorted) {
  Write("b.sgf", "(;B[aa])");
  Write("a.SGF", "(;B[aa])");
  Write("notes.txt", "(;B[aa])");
  Write("sub/deeper/c.Sgf", "(;B[aa])");
  SgfFileList list = CollectSgfFiles({dir_.string(), (dir_ / "notes.txt").string(),
                                      (dir_ / "missing").string()});
  EXPECT_THAT(list.files, ::testing::ElementsAre((dir_ / "a.SGF").string(), (dir_ / "b.sgf").string(),
                                                 (dir_ / "sub/deeper/c.Sgf").string(),
                                                 (dir_ / "notes.txt").string()));
  EXPECT_THAT(list.problems,
              ::testing::ElementsAre((dir_ / "missing").string() + ": no such file or directory"));
}

TEST_F(SgfCorpusTest, CountsGamesErrorsAndMoves) {
  Write("one.sgf", "(;SZ[9];B[ee];W[cc])\n(;SZ[9];B[ee];W[ee])\n(;SZ[9];B[ee]]W[cc])\n");
  Write("sub/two.sgf", "(;SZ[9];B[aa];W[];B[bb])");
  SgfCheckOptions options;
  options.round_trip = true;
  int visited = 0;
  options.on_game = [&](const SgfGameTree&, const SgfReplay&) { ++visited; };
  SgfCheckResult r = CheckSgfPaths({dir_.string()}, options);
  EXPECT_EQ(r.files, 2);
  EXPECT_EQ(r.games, 4);
  EXPECT_EQ(r.ok, 2);
  EXPECT_EQ(r.errors, 2);
  EXPECT_EQ(r.moves, 5);
  EXPECT_EQ(visited, 2);
  const std::string one = (dir_ / "one.sgf").string();
  EXPECT_THAT(r.problems,
              ::testing::ElementsAre(one + ": game 2: 2:15: move 2: illegal move W[ee]: E5 is occupied",
                                     one + ": game 3: 3:14: unbalanced ']'"));
  EXPECT_THAT(r.Summary(), ::testing::MatchesRegex(
                               "games=4 ok=2 errors=2 moves=5 seconds=[0-9]+\\.[0-9][0-9]"));
}

TEST(SgfCorpusFixturesTest, ValidFixturesPassAndMalformedOnesFail) {
  SgfCheckOptions options;
  options.round_trip = true;
  SgfCheckResult valid = CheckSgfPaths({SourceDir() + "/sgf_data/valid"}, options);
  EXPECT_EQ(valid.errors, 0) << ::testing::PrintToString(valid.problems);
  EXPECT_EQ(valid.games, 15);
  SgfCheckResult malformed = CheckSgfPaths({SourceDir() + "/sgf_data/malformed"});
  EXPECT_EQ(malformed.files, 21);
  // Every file has exactly one broken game; three collections hold two good ones.
  EXPECT_EQ(malformed.errors, 21) << ::testing::PrintToString(malformed.problems);
  EXPECT_EQ(malformed.ok, 6);
}

}  // namespace
}  // namespace tengen
