#include "engine/experiment/run_files.h"

#include <cmath>
#include <fstream>
#include <string>

#include "engine/data/atomic_file.h"
#include "engine/data/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::experiment {
namespace {

using ::testing::HasSubstr;

TEST(RunFilesTest, EvalTableRoundTripsAndSkipsBrokenLines) {
  const std::string path = data::testing::MakeTempDir("run_files") + "/eval.tsv";
  EXPECT_TRUE(ReadEvalTable(path).empty());
  ASSERT_TRUE(WriteEvalTable(path, {{"imitation:4096", "human", 2000, 0.099, 0.97},
                                    {"imitation:4096", "alphago", 1500, 0.109, std::nan("")}})
                  .ok());
  { std::ofstream(path, std::ios::app) << "broken\tline\n" << "x\thuman\tnot-a-number\t0.1\t0.2\n"; }
  const std::vector<EvalRow> rows = ReadEvalTable(path);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].player, "imitation:4096");
  EXPECT_EQ(rows[1].dataset, "alphago");
  EXPECT_EQ(rows[1].positions, 1500);
  EXPECT_NEAR(rows[1].top1, 0.109, 1e-9);
  EXPECT_TRUE(std::isnan(rows[1].value_mse));
}

TEST(RunFilesTest, CheckpointTableHasTheReportsHeader) {
  const std::string path = data::testing::MakeTempDir("run_files") + "/checkpoints.tsv";
  ASSERT_TRUE(
      WriteCheckpointTable(path, {{"selfplay_zero", "selfplay_zero:4096", "arms/x.tgm", 4096, 7e10, 2e11, 9.5, 32}})
          .ok());
  std::string text;
  ASSERT_TRUE(data::ReadFileToString(path, &text).ok());
  EXPECT_EQ(text,
            "# tengen-checkpoints-1\narm\tplayer\tmodel\ttraining_positions\ttraining_flops\tgeneration_flops\t"
            "device_seconds\tselfplay_games\nselfplay_zero\tselfplay_zero:4096\tarms/x.tgm\t4096\t7e+10\t2e+11\t9.5\t32\n");
}

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
  absl::StatusOr<EvalRow> row = ParseEvalOutput(
      "skipped 3 games: board_size\npositions=2000 top1=0.1180 top5=0.3000 value_mse=0.9734 policy_ce=4.1\n", "p",
      "human");
  ASSERT_TRUE(row.ok()) << row.status();
  EXPECT_EQ(row->positions, 2000);
  EXPECT_NEAR(row->top1, 0.118, 1e-9);
  EXPECT_NEAR(row->value_mse, 0.9734, 1e-9);
  EXPECT_THAT(std::string(ParseEvalOutput("nothing here", "p", "human").status().message()),
              HasSubstr("no \"positions=N top1=X\" line"));
}

}  // namespace
}  // namespace tengen::experiment
