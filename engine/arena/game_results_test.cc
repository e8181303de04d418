#include "engine/arena/game_results.h"

#include <fstream>

#include "engine/rules/temp_file_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::arena {
namespace {

using ::testing::HasSubstr;

TEST(GameResultsTest, AppendsAndReadsBack) {
  const std::string path = tengen::testing::TempFilePath("results.tsv");
  std::remove(path.c_str());
  ASSERT_TRUE(AppendResult(path, {"gen-1", "gnugo:1", Winner::kBlack, "B+12.5", 81, "g1"}).ok());
  ASSERT_TRUE(AppendResult(path, {"gnugo:1", "gen-1", Winner::kDraw, "0", 90, "g2"}).ok());
  absl::StatusOr<ResultsFile> r = ReadResults(path);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->games.size(), 2u);
  EXPECT_EQ(r->games[0].black, "gen-1");
  EXPECT_EQ(r->games[0].winner, Winner::kBlack);
  EXPECT_EQ(r->games[1].winner, Winner::kDraw);
  EXPECT_EQ(r->games[1].moves, 90);
  EXPECT_EQ(r->skipped_lines, 0);
  EXPECT_FALSE(AppendResult(path, {"a\tb", "c", Winner::kBlack, "B+R", 1, "x"}).ok());
}

TEST(GameResultsTest, WindowsLineEndingsReadTheSameIds) {
  const std::string path = tengen::testing::TempFilePath("results_crlf.tsv");
  std::ofstream(path, std::ios::binary) << "tengen-result-1\tgen-1\tgnugo:1\tB\tB+12.5\t81\tgen-1~gnugo:1~0000\r\n";
  absl::StatusOr<ResultsFile> r = ReadResults(path);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->games.size(), 1u);
  EXPECT_EQ(r->games[0].game_id, "gen-1~gnugo:1~0000");
  EXPECT_EQ(r->skipped_lines, 0);
}

TEST(GameResultsTest, BrokenAndForeignLinesAreSkippedNamedAndCounted) {
  const std::string path = tengen::testing::TempFilePath("broken.tsv");
  {
    std::ofstream out(path, std::ios::trunc);
    out << FormatResultLine({"a", "b", Winner::kWhite, "W+R", 50, "1"});
    out << "black,white,result\n";                    // foreign
    out << "tengen-result-1\ta\tb\tX\tW+R\t50\t2\n";  // unknown winner
    out << "tengen-result-1\ta\tb\tB\n";              // too few fields
    out << "tengen-result-1\ta\tb\tB\tB+R\t5";        // cut by a kill
  }
  // The next append starts on a new line: the cut line stays alone.
  ASSERT_TRUE(AppendResult(path, {"b", "a", Winner::kBlack, "B+1", 60, "3"}).ok());
  absl::StatusOr<ResultsFile> r = ReadResults(path);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->games.size(), 2u);
  EXPECT_EQ(r->games[1].game_id, "3");
  EXPECT_EQ(r->skipped_lines, 4);
  ASSERT_EQ(r->problems.size(), 4u);
  EXPECT_THAT(r->problems[0], HasSubstr(path + ":2: not a tengen result line"));
  EXPECT_THAT(r->problems[1], HasSubstr(":3: unknown winner"));
  EXPECT_THAT(r->problems[2], HasSubstr(":4: broken"));
  EXPECT_THAT(r->problems[3], HasSubstr(":5: broken"));
  absl::StatusOr<ResultsFile> missing = ReadResults(path + ".none");
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->games.empty());
}

}  // namespace
}  // namespace tengen::arena
