// `tengen experiment --preset smoke` as a user runs it (scripts/main.sh):
// killed with -9 in the middle of the self-play arm, then the same command
// again, to the end. Asserts that no stage outlived the killed experiment,
// that every arm produced its checkpoints with positions, FLOPs and
// device-seconds, that the evaluation and the arena ran on every checkpoint
// (real games: each checkpoint plays), that the imitation arm learned human
// moves, and that the report renders self-contained in headless Chromium.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/arena/game_results.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/gtp_test_util.h"

namespace tengen {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

std::vector<std::vector<std::string>> Rows(const std::string& path, int header_lines) {
  std::vector<std::vector<std::string>> rows;
  int n = 0;
  for (absl::string_view line : absl::StrSplit(testing::FileContents(path), '\n', absl::SkipEmpty())) {
    if (n++ >= header_lines) rows.push_back(absl::StrSplit(line, '\t'));
  }
  return rows;
}

// Processes whose command line names `folder` (stages of the experiment).
std::vector<std::string> ProcessesUsing(const std::string& folder) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    std::string cmdline = testing::FileContents(entry.path().string() + "/cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (absl::StrContains(cmdline, folder) && !absl::StrContains(cmdline, "experiment_smoke")) {
      const std::string state = testing::FileContents(entry.path().string() + "/stat");
      if (!absl::StrContains(state, ") Z ")) found.push_back(cmdline);
    }
  }
  return found;
}

double Number(const std::string& text) {
  double v = 0;
  EXPECT_TRUE(absl::SimpleAtod(text, &v)) << text;
  return v;
}

TEST(ExperimentSmokeTest, KilledMidRunThenResumedToAReport) {
  const std::string binary = testing::TengenBinary();
  if (binary.empty()) GTEST_SKIP() << "tengen binary not built";
  if (!fs::exists("../shared/sgf/tom-9d/2004-03.sgf")) GTEST_SKIP() << "../shared/sgf is not beside the checkout";
  const std::string out = absl::StrCat(::testing::TempDir(), "/tengen_experiment_smoke_", ::getpid());
  std::error_code ec;
  fs::remove_all(out, ec);
  const std::vector<std::string> command = {binary, "experiment", "--preset", "smoke", "--out", out};

  // First run: killed once the self-play arm has published its first model.
  {
    std::vector<char*> argv;
    for (const std::string& a : command) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const std::string log = out + ".first.log";
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      freopen(log.c_str(), "w", stderr);
      freopen(log.c_str(), "a", stdout);
      execv(argv[0], argv.data());
      _exit(127);
    }
    const std::string seen = out + "/state/selfplay_zero.seen";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
    while (testing::FileContents(seen).empty() && std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      ASSERT_NE(waitpid(pid, &status, WNOHANG), pid) << "the experiment ended early:\n" << testing::FileContents(log);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ASSERT_FALSE(testing::FileContents(seen).empty()) << testing::FileContents(log);
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    std::vector<std::string> left;
    for (int i = 0; i < 50; ++i) {
      left = ProcessesUsing(out);
      if (left.empty()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(left.empty()) << "still running after kill -9 of the experiment: " << left[0];
    EXPECT_TRUE(fs::exists(out + "/state/imitation.done"));
    EXPECT_FALSE(fs::exists(out + "/state/selfplay_zero.done"));
  }

  // The same command again finishes.
  const std::string log = out + ".second.log";
  ASSERT_EQ(testing::RunProgram(command, log), 0) << testing::FileContents(log);
  EXPECT_TRUE(absl::StrContains(testing::FileContents(log), "report: " + out + "/report/report.html"))
      << testing::FileContents(log);

  // Checkpoints: every arm at its fixed interval of 4096 positions.
  const auto checkpoints = Rows(out + "/checkpoints.tsv", 2);
  std::vector<std::string> players;
  std::map<std::string, double> last_seconds;
  for (const auto& row : checkpoints) {
    ASSERT_EQ(row.size(), 8u);
    players.push_back(row[1]);
    EXPECT_TRUE(fs::exists(out + "/" + row[2])) << row[2];
    EXPECT_GT(Number(row[4]), 0) << row[1];  // training FLOPs
    const bool selfplay = row[0] != "imitation";
    EXPECT_EQ(Number(row[5]) > 0, selfplay) << row[1];  // generation FLOPs
    EXPECT_EQ(Number(row[7]) > 0, selfplay) << row[1];  // self-play games
    const double seconds = Number(row[6]);
    EXPECT_GT(seconds, last_seconds[row[0]]) << row[1];
    last_seconds[row[0]] = seconds;
  }
  EXPECT_THAT(players, ElementsAre("imitation:4096", "imitation:8192", "selfplay_zero:4096", "selfplay_zero:8192",
                                   "selfplay_bootstrap:8192"));

  // Evaluation: every checkpoint and the reference model on both sets.
  std::map<std::string, double> human_top1;
  int alphago_rows = 0;
  for (const auto& row : Rows(out + "/eval.tsv", 1)) {
    ASSERT_EQ(row.size(), 5u);
    EXPECT_EQ(row[2], "2000") << row[0];
    if (row[1] == "human") human_top1[row[0]] = Number(row[3]);
    if (row[1] == "alphago") ++alphago_rows;
  }
  EXPECT_EQ(human_top1.size(), 6u);
  EXPECT_EQ(alphago_rows, 6);
  // Measured 0.118 (imitation:8192) and 0.48 (the committed b6c64); a
  // random network predicts about 1/361.
  EXPECT_GT(human_top1["imitation:8192"], 0.05);
  EXPECT_GT(human_top1["imitation-b6c64"], 0.35);

  // The arena: the league round-robin (7 players, 2 games a pairing) and
  // GNU Go level 1 against each arm's last checkpoint and the reference.
  absl::StatusOr<arena::ResultsFile> results = arena::ReadResults(out + "/arena/results.tsv");
  ASSERT_TRUE(results.ok()) << results.status();
  EXPECT_EQ(results->skipped_lines, 0);
  EXPECT_EQ(results->games.size(), 21u * 2 + 4 * 2);
  std::set<std::string> played;
  for (const arena::GameResult& game : results->games) {
    played.insert(game.black);
    played.insert(game.white);
    EXPECT_GT(game.moves, 8) << game.game_id;  // past the opening book
  }
  for (const std::string& player : players) EXPECT_TRUE(played.contains(player)) << player;
  EXPECT_TRUE(played.contains("gnugo:1"));

  // The report, rendered.
  const std::string html = out + "/report/report.html";
  ASSERT_TRUE(fs::exists(html));
  const std::string report = testing::FileContents(out + "/report/report.md");
  for (const std::string& player : players) EXPECT_TRUE(absl::StrContains(report, player)) << player;
  if (::access("/usr/bin/python3", X_OK) == 0) {
    const std::string check_log = out + ".check.log";
    const char* root = std::getenv("TENGEN_SOURCE_DIR");
    const int rc = testing::RunProgram(
        {"/usr/bin/python3", std::string(root != nullptr ? root : ".") + "/tests/check_report_html.py", html,
         out + "/check"},
        check_log);
    if (rc != 77) EXPECT_EQ(rc, 0) << testing::FileContents(check_log);  // 77: no Chromium here
  }

  // Done is done: the same command again only says where the report is.
  ASSERT_EQ(testing::RunProgram(command, log), 0) << testing::FileContents(log);
  EXPECT_FALSE(absl::StrContains(testing::FileContents(log), "stage ")) << testing::FileContents(log);
}

}  // namespace
}  // namespace tengen
