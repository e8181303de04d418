#include "engine/report/report_data.h"

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

arena::GameResult Game(const std::string& black, const std::string& white, arena::Winner winner) {
  arena::GameResult g;
  g.black = black;
  g.white = white;
  g.winner = winner;
  g.result_text = winner == arena::Winner::kBlack ? "B+R" : (winner == arena::Winner::kWhite ? "W+R" : "0");
  g.moves = 100;
  g.game_id = "g";
  return g;
}

// Two arms, the random anchor, one checkpoint without games and one
// reference player with eval rows only.
RunFolder SmallRun() {
  RunFolder run;
  run.dir = "/runs/r1";
  run.run_info = {{"commit", "abc"}, {"preset", "smoke"}, {"quote", "a \"b\""}};
  run.config_text = "name: \"smoke\"\n";
  run.checkpoints = {
      {"imitation", "imitation@2048", "c/i2048.tgm", 2048, 2e12, 0, 20, 0},
      {"imitation", "imitation@1024", "c/i1024.tgm", 1024, 1e12, 0, 10, 0},
      {"selfplay_zero", "selfplay_zero@1024", "c/s1024.tgm", 1024, 1e12, 5e13, 300, 12},
  };
  run.eval = {
      {"imitation@1024", "human", 500, 0.25, 0.95},    {"imitation@1024", "alphago", 300, 0.2, std::nullopt},
      {"imitation@1024", "human", 500, 0.3, 0.9},  // a rerun: the last row counts
      {"imitation-b6c64", "human", 500, 0.516, 0.881}, {"imitation-b6c64", "alphago", 300, 0.434, std::nullopt},
  };
  for (int i = 0; i < 6; ++i) {
    run.games.push_back(Game("imitation@1024", "random", i < 5 ? arena::Winner::kBlack : arena::Winner::kWhite));
    run.games.push_back(Game("random", "selfplay_zero@1024", i < 3 ? arena::Winner::kWhite : arena::Winner::kDraw));
  }
  run.skipped_lines = {{"checkpoints.tsv", 2}, {"arena/results.tsv", 0}};
  run.problems = {"/runs/r1/checkpoints.tsv:4: bad"};
  run.missing_files = {"eval.tsv"};
  return run;
}

TEST(ReportDataTest, HoldsEveryKeyOfTheSchema) {
  const std::string json = BuildReportJson(SmallRun());
  for (const char* key : {"format",
                          "run_dir",
                          "run_info",
                          "config_text",
                          "ratings",
                          "anchor",
                          "error",
                          "games",
                          "first_move_elo",
                          "first_move_low",
                          "first_move_high",
                          "players",
                          "head_to_head",
                          "wins",
                          "losses",
                          "draws",
                          "arms",
                          "checkpoints",
                          "player",
                          "model",
                          "training_positions",
                          "training_flops",
                          "generation_flops",
                          "total_flops",
                          "device_seconds",
                          "selfplay_games",
                          "elo",
                          "elo_low",
                          "elo_high",
                          "human_top1",
                          "human_value_mse",
                          "human_positions",
                          "alphago_top1",
                          "alphago_positions",
                          "anchors",
                          "references",
                          "skipped_lines",
                          "problems",
                          "missing_files"}) {
    EXPECT_THAT(json, HasSubstr(absl::StrCat("\"", key, "\": "))) << key;
  }
  EXPECT_THAT(json, HasSubstr("\"format\": \"tengen-report-1\""));
  EXPECT_THAT(json, HasSubstr("\"quote\": \"a \\\"b\\\"\""));
  EXPECT_THAT(json, HasSubstr("\"config_text\": \"name: \\\"smoke\\\"\\n\""));
  EXPECT_THAT(json, HasSubstr("\"anchor\": \"random = 0\""));
  EXPECT_THAT(json, HasSubstr("\"checkpoints.tsv\": 2"));
  EXPECT_THAT(json, HasSubstr("\"/runs/r1/checkpoints.tsv:4: bad\""));
}

TEST(ReportDataTest, CheckpointsAreSortedAndJoinedWithRatingsAndEval) {
  const std::string json = BuildReportJson(SmallRun());
  // Arms in file order; checkpoints by training positions.
  const size_t imitation = json.find("\"name\": \"imitation\"");
  const size_t zero = json.find("\"name\": \"selfplay_zero\"");
  ASSERT_NE(imitation, std::string::npos);
  ASSERT_NE(zero, std::string::npos);
  EXPECT_LT(imitation, zero);
  const size_t i1024 = json.find("\"player\": \"imitation@1024\"");
  const size_t i2048 = json.find("\"player\": \"imitation@2048\"");
  EXPECT_LT(i1024, i2048);
  EXPECT_LT(i2048, zero);
  const std::string first = json.substr(i1024, i2048 - i1024);
  EXPECT_THAT(first, HasSubstr("\"total_flops\": 1000000000000,"));
  EXPECT_THAT(first, HasSubstr("\"human_top1\": 0.3,"));
  EXPECT_THAT(first, HasSubstr("\"human_value_mse\": 0.9,"));
  EXPECT_THAT(first, HasSubstr("\"alphago_top1\": 0.2,"));
  EXPECT_THAT(first, HasSubstr("\"games\": 6,"));
  EXPECT_THAT(first, Not(HasSubstr("\"elo\": null")));
  // No games and no eval rows: nulls, not zeros.
  const std::string second = json.substr(i2048, zero - i2048);
  EXPECT_THAT(second, HasSubstr("\"elo\": null,"));
  EXPECT_THAT(second, HasSubstr("\"elo_low\": null,"));
  EXPECT_THAT(second, HasSubstr("\"human_top1\": null,"));
  EXPECT_THAT(second, HasSubstr("\"games\": 0,"));
  const size_t zero_row = json.find("\"player\": \"selfplay_zero@1024\"");
  EXPECT_THAT(json.substr(zero_row, 600), HasSubstr("\"total_flops\": 51000000000000,"));
}

TEST(ReportDataTest, AnchorsReferencesAndHeadToHead) {
  const std::string json = BuildReportJson(SmallRun());
  const size_t anchors = json.find("\"anchors\": [");
  const size_t references = json.find("\"references\": [");
  const size_t skipped = json.find("\"skipped_lines\": {");
  ASSERT_NE(anchors, std::string::npos);
  ASSERT_NE(references, std::string::npos);
  const std::string anchor_block = json.substr(anchors, references - anchors);
  EXPECT_THAT(anchor_block, HasSubstr("\"name\": \"random\""));
  EXPECT_THAT(anchor_block, HasSubstr("\"elo\": 0,"));
  EXPECT_THAT(anchor_block, HasSubstr("\"anchored\": true"));
  EXPECT_THAT(anchor_block, Not(HasSubstr("imitation@")));
  const std::string reference_block = json.substr(references, skipped - references);
  EXPECT_THAT(reference_block, HasSubstr("\"name\": \"imitation-b6c64\""));
  EXPECT_THAT(reference_block, HasSubstr("\"human_top1\": 0.516,"));
  EXPECT_THAT(reference_block, HasSubstr("\"alphago_top1\": 0.434"));
  EXPECT_THAT(reference_block, Not(HasSubstr("imitation@1024")));
  // Players strongest first: imitation@1024 (5-1), selfplay_zero@1024
  // (3 wins, 3 draws), random. Counted W/L/D, without the prior draws.
  EXPECT_THAT(json, HasSubstr("\"wins\": [\n      [\n        0,\n        0,\n        5\n      ],"));
  EXPECT_THAT(json, HasSubstr("\"draws\": [\n      [\n        0,\n        0,\n        0\n      ],\n      [\n        "
                              "0,\n        0,\n        3\n      ],"));
}

TEST(ReportDataTest, NoGamesIsARatingsErrorNotAFailure) {
  RunFolder run = SmallRun();
  run.games.clear();
  const std::string json = BuildReportJson(run);
  EXPECT_THAT(json, HasSubstr("\"error\": \"no games to rate\""));
  EXPECT_THAT(json, HasSubstr("\"players\": []"));
  EXPECT_THAT(json, HasSubstr("\"anchors\": []"));
  EXPECT_THAT(json, HasSubstr("\"elo\": null"));
}

TEST(ReportDataTest, TheFixtureHasEveryArmAndANullEloForTheUnplayedCheckpoint) {
  const char* root = std::getenv("TENGEN_SOURCE_DIR");
  absl::StatusOr<RunFolder> run = ReadRunFolder(absl::StrCat(root ? root : ".", "/tests/data/report_run"));
  ASSERT_TRUE(run.ok()) << run.status();
  const std::string json = BuildReportJson(*run);
  EXPECT_THAT(json, HasSubstr("\"anchor\": \"gnugo:10 = 431\""));
  for (const char* arm : {"imitation", "selfplay_zero", "selfplay_bootstrap"}) {
    EXPECT_THAT(json, HasSubstr(absl::StrCat("\"name\": \"", arm, "\""))) << arm;
  }
  const size_t unplayed = json.find("\"player\": \"selfplay_bootstrap@262144\"");
  ASSERT_NE(unplayed, std::string::npos);
  EXPECT_THAT(json.substr(unplayed, 400), HasSubstr("\"elo\": null"));
  EXPECT_THAT(json, HasSubstr("\"arena/results.tsv\": 1"));
}

}  // namespace
}  // namespace tengen::report
