#include "engine/experiment/run_files.h"

#include <fstream>
#include <string>

#include "engine/data/atomic_file.h"
#include "engine/data/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::experiment {
namespace {

using ::testing::HasSubstr;

TEST(RunFilesTest, SeenKeepsTheFirstStampAndIgnoresATornLine) {
  const std::string path = data::testing::MakeTempDir("run_files") + "/arm.seen";
  EXPECT_TRUE(ReadSeen(path).empty());
  ASSERT_TRUE(AppendSeen(path, "gen-000001.tgm", {7.5, 1e11, 32}).ok());
  ASSERT_TRUE(AppendSeen(path, "gen-000001.tgm", {9.0, 2e11, 40}).ok());  // a resumed run sees it again
  { std::ofstream(path, std::ios::app) << "gen-000002.tgm\t12.0\t3e1"; }  // killed mid-line
  const std::map<std::string, SeenCheckpoint> seen = ReadSeen(path);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen.at("gen-000001.tgm").seconds, 7.5);
  EXPECT_EQ(seen.at("gen-000001.tgm").games, 32);

  const std::string seconds = path + ".seconds";
  EXPECT_EQ(ReadSeconds(seconds), 0);
  ASSERT_TRUE(WriteSeconds(seconds, 123.25).ok());
  EXPECT_EQ(ReadSeconds(seconds), 123.25);
}

TEST(RunFilesTest, ParsesEvalMovesOutput) {
  absl::StatusOr<report::EvalRow> row = ParseEvalOutput(
      "skipped 3 games: board_size\npositions=2000 top1=0.1180 top5=0.3000 value_mse=0.9734 policy_ce=4.1\n", "p",
      "human");
  ASSERT_TRUE(row.ok()) << row.status();
  EXPECT_EQ(row->positions, 2000);
  EXPECT_NEAR(row->top1, 0.118, 1e-9);
  ASSERT_TRUE(row->value_mse.has_value());
  EXPECT_NEAR(*row->value_mse, 0.9734, 1e-9);
  // AlphaGo's games lack results in some records: nan means none.
  row = ParseEvalOutput("positions=10 top1=0.5 top5=0.9 value_mse=nan\n", "p", "alphago");
  ASSERT_TRUE(row.ok());
  EXPECT_FALSE(row->value_mse.has_value());
  EXPECT_THAT(std::string(ParseEvalOutput("nothing here", "p", "human").status().message()),
              HasSubstr("no \"positions=N top1=X\" line"));
}

}  // namespace
}  // namespace tengen::experiment
