#include "engine/report/run_folder.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::report {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

std::string FixtureDir() {
  const char* root = std::getenv("TENGEN_SOURCE_DIR");
  return absl::StrCat(root != nullptr ? root : ".", "/tests/data/report_run");
}

// A fresh, empty run folder for one test.
std::string EmptyRun(const std::string& name) {
  const std::string dir = absl::StrCat(::testing::TempDir(), "/tengen_report_", name, "_", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir + "/arena");
  return dir;
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

TEST(RunFolderTest, ReadsTheFixture) {
  absl::StatusOr<RunFolder> run = ReadRunFolder(FixtureDir());
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->checkpoints.size(), 9u);
  EXPECT_EQ(run->eval.size(), 20u);
  EXPECT_EQ(run->games.size(), 122u);
  EXPECT_TRUE(run->missing_files.empty());
  ASSERT_TRUE(run->config_text.has_value());
  EXPECT_THAT(*run->config_text, HasSubstr("arms {"));
  ASSERT_FALSE(run->run_info.empty());
  EXPECT_THAT(run->run_info[0], Pair("commit", "a21c658"));
  const CheckpointRow& c = run->checkpoints[4];
  EXPECT_EQ(c.arm, "selfplay_zero");
  EXPECT_EQ(c.player, "selfplay_zero@65536");
  EXPECT_EQ(c.model, "checkpoints/selfplay_zero/00065536.tgm");
  EXPECT_EQ(c.training_positions, 65536);
  EXPECT_DOUBLE_EQ(c.generation_flops, 16384 * 3.2e10);
  EXPECT_EQ(c.selfplay_games, 78);
  // The results file ends in a line cut by a kill: the one skipped line.
  EXPECT_EQ(run->skipped_lines.at(kResultsFile), 1);
  EXPECT_EQ(run->skipped_lines.at(kCheckpointsFile), 0);
  ASSERT_EQ(run->problems.size(), 1u);
  EXPECT_THAT(run->problems[0], HasSubstr("arena/results.tsv:123:"));
  // "nan" and "" are both a missing value MSE.
  for (const EvalRow& e : run->eval) {
    EXPECT_EQ(e.value_mse.has_value(), e.dataset == "human") << e.player << " " << e.dataset;
  }
}

TEST(RunFolderTest, AnEmptyFolderIsAPartialRun) {
  const std::string dir = EmptyRun("empty");
  absl::StatusOr<RunFolder> run = ReadRunFolder(dir);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_TRUE(run->checkpoints.empty());
  EXPECT_TRUE(run->games.empty());
  EXPECT_FALSE(run->config_text.has_value());
  EXPECT_THAT(run->missing_files,
              ElementsAre("run_info.json", "experiment.pbtxt", "checkpoints.tsv", "eval.tsv", "arena/results.tsv"));
  EXPECT_TRUE(run->problems.empty());
}

TEST(RunFolderTest, NoFolderIsAnError) {
  EXPECT_FALSE(ReadRunFolder(absl::StrCat(::testing::TempDir(), "/tengen_report_no_such_run")).ok());
}

TEST(RunFolderTest, BrokenLinesAreNamedWithFileAndLineAndSkipped) {
  const std::string dir = EmptyRun("broken");
  Write(dir + "/checkpoints.tsv",
        "# tengen-checkpoints-1\n"
        "arm\tplayer\tmodel\ttraining_positions\ttraining_flops\tgeneration_flops\tdevice_seconds\tselfplay_games\n"
        "imitation\timitation@1\tm1\t1024\t1e12\t0\t1.5\t0\n"
        "imitation\timitation@2\tm2\tlots\t1e12\t0\t1.5\t0\n"  // 4: not an integer
        "imitation\timitation@3\tm3\t4096\n"                   // 5: too few fields
        "\n"
        "selfplay_zero\tselfplay_zero@1\tm4\t2048\t2e12\t3e13\tx\t7\n"  // 7: not a number
        "selfplay_zero\tselfplay_zero@2\tm5\t4096\t4e12\t6e13\t9.5\t14\r\n"
        "selfplay_zero\tselfplay_zero@3\tm6\t8192\t8e");  // 9: cut short
  Write(dir + "/eval.tsv",
        "player\tdataset\tpositions\ttop1\tvalue_mse\n"
        "imitation@1\thuman\t100\t0.25\t0.9\n"
        "imitation@1\talphago\t50\t0.2\t\n"
        "imitation@1\thuman\tmany\t0.25\t0.9\n"   // 4
        "imitation@1\thuman\t100\t0.25\tbad\n");  // 5
  Write(dir + "/run_info.json", "{\"commit\": \"abc\",\n \"torch\": 2.11\n \"device\": \"cpu\"}");
  absl::StatusOr<RunFolder> run = ReadRunFolder(dir);
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_EQ(run->checkpoints.size(), 2u);
  EXPECT_EQ(run->checkpoints[1].player, "selfplay_zero@2");
  EXPECT_DOUBLE_EQ(run->checkpoints[1].device_seconds, 9.5);
  EXPECT_EQ(run->checkpoints[1].selfplay_games, 14);
  ASSERT_EQ(run->eval.size(), 2u);
  EXPECT_FALSE(run->eval[1].value_mse.has_value());
  EXPECT_EQ(run->skipped_lines.at(kCheckpointsFile), 4);
  EXPECT_EQ(run->skipped_lines.at(kEvalFile), 2);
  EXPECT_EQ(run->skipped_lines.at(kRunInfoFile), 1);
  EXPECT_TRUE(run->run_info.empty());
  const std::string c = dir + "/checkpoints.tsv:";
  const std::string e = dir + "/eval.tsv:";
  EXPECT_THAT(run->problems,
              ElementsAre(absl::StrCat(dir, "/run_info.json:3: expected ',' or '}'; the file is skipped"),
                          c + "4: training_positions 'lots' is not an integer", c + "5: 4 fields, expected 8",
                          c + "7: device_seconds 'x' is not a number", c + "9: 5 fields, expected 8",
                          e + "4: positions 'many' is not an integer", e + "5: value_mse 'bad' is not a number"));
  EXPECT_THAT(run->missing_files, ElementsAre("experiment.pbtxt", "arena/results.tsv"));
}

TEST(RunFolderTest, ColumnsAreFoundByTheHeaderOrAssumedWithout) {
  const std::string dir = EmptyRun("columns");
  // A writer that added a column and reordered: read by name.
  Write(dir + "/eval.tsv",
        "player\tnote\tvalue_mse\ttop1\tdataset\tpositions\n"
        "p\tx\t0.5\t0.75\thuman\t10\n");
  // No header and no magic line: the documented order, with a note.
  Write(dir + "/checkpoints.tsv", "arm\tp@1\tm\t10\t1\t2\t3\t4\n");
  absl::StatusOr<RunFolder> run = ReadRunFolder(dir);
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_EQ(run->eval.size(), 1u);
  EXPECT_EQ(run->eval[0].dataset, "human");
  EXPECT_EQ(run->eval[0].positions, 10);
  EXPECT_DOUBLE_EQ(run->eval[0].top1, 0.75);
  EXPECT_DOUBLE_EQ(*run->eval[0].value_mse, 0.5);
  // "arm" as the first field reads as a header: a file without one must
  // start with a real arm name.
  EXPECT_TRUE(run->checkpoints.empty());
  Write(dir + "/checkpoints.tsv", "imitation\tp@1\tm\t10\t1\t2\t3\t4\n");
  run = ReadRunFolder(dir);
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_EQ(run->checkpoints.size(), 1u);
  EXPECT_DOUBLE_EQ(run->checkpoints[0].generation_flops, 2);
  EXPECT_EQ(run->checkpoints[0].selfplay_games, 4);
  EXPECT_EQ(run->skipped_lines.at(kCheckpointsFile), 0);
  ASSERT_EQ(run->problems.size(), 1u);
  EXPECT_THAT(run->problems[0], HasSubstr("checkpoints.tsv:1: no '# tengen-checkpoints-1' line"));
}

TEST(RunFolderTest, AHeaderWithoutARequiredColumnSkipsTheFile) {
  const std::string dir = EmptyRun("header");
  Write(dir + "/eval.tsv", "player\tdataset\tpositions\ttop1\nplayer1\thuman\t10\t0.5\n\nplayer2\thuman\t10\t0.5\n");
  absl::StatusOr<RunFolder> run = ReadRunFolder(dir);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_TRUE(run->eval.empty());
  EXPECT_EQ(run->skipped_lines.at(kEvalFile), 3);
  ASSERT_EQ(run->problems.size(), 1u);
  EXPECT_THAT(run->problems[0], HasSubstr("eval.tsv:1: the header has no column 'value_mse'"));
}

TEST(ParseFlatJsonObjectTest, StringsEscapesAndScalars) {
  int line = 0;
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> kv = ParseFlatJsonObject(
      "{ \"a\": \"x\\\"y\\\\z\\n\", \"b\": \"\\u00e9\\ud83d\\ude00\", \"n\": 3.5, \"t\": true, \"a\": \"again\" }",
      &line);
  ASSERT_TRUE(kv.ok()) << kv.status();
  EXPECT_THAT(*kv, ElementsAre(Pair("a", "again"), Pair("b", "é😀"), Pair("n", "3.5"), Pair("t", "true")));
  EXPECT_TRUE(ParseFlatJsonObject("{}", &line).ok());
  EXPECT_TRUE(ParseFlatJsonObject(" {\n}\n", &line).ok());
}

TEST(ParseFlatJsonObjectTest, ErrorsNameTheLine) {
  int line = 0;
  EXPECT_FALSE(ParseFlatJsonObject("{\n\"a\": {\"nested\": 1}}", &line).ok());
  EXPECT_EQ(line, 2);
  EXPECT_FALSE(ParseFlatJsonObject("{\"a\": \"b\"} trailing", &line).ok());
  EXPECT_FALSE(ParseFlatJsonObject("{\"a\": \"unterminated}", &line).ok());
  EXPECT_FALSE(ParseFlatJsonObject("[1]", &line).ok());
  EXPECT_FALSE(ParseFlatJsonObject("{\"a\": nope}", &line).ok());
  EXPECT_FALSE(ParseFlatJsonObject("", &line).ok());
}

TEST(RunFolderTest, TheExperimentsTablesReadBack) {
  const std::string dir = EmptyRun("written");
  CheckpointRow c{"selfplay_zero", "selfplay_zero:4096", "arms/x.tgm", 4096, 7e10, 2e11, 9.5, 32};
  Write(dir + "/" + kCheckpointsFile, FormatCheckpointTable({c}));
  EvalRow with_mse{"selfplay_zero:4096", "human", 2000, 0.099, 0.97};
  EvalRow without_mse{"selfplay_zero:4096", "alphago", 1500, 0.109, std::nullopt};
  Write(dir + "/" + kEvalFile, FormatEvalTable({with_mse, without_mse}));
  absl::StatusOr<RunFolder> run = ReadRunFolder(dir);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_TRUE(run->problems.empty()) << run->problems[0];
  ASSERT_EQ(run->checkpoints.size(), 1u);
  EXPECT_EQ(run->checkpoints[0].player, "selfplay_zero:4096");
  EXPECT_EQ(run->checkpoints[0].training_positions, 4096);
  EXPECT_DOUBLE_EQ(run->checkpoints[0].generation_flops, 2e11);
  EXPECT_DOUBLE_EQ(run->checkpoints[0].device_seconds, 9.5);
  EXPECT_EQ(run->checkpoints[0].selfplay_games, 32);
  ASSERT_EQ(run->eval.size(), 2u);
  EXPECT_NEAR(*run->eval[0].value_mse, 0.97, 1e-9);
  EXPECT_FALSE(run->eval[1].value_mse.has_value());
  EXPECT_EQ(run->eval[1].positions, 1500);
}

}  // namespace
}  // namespace tengen::report
