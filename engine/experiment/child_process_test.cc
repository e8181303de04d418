#include "engine/experiment/child_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "engine/data/atomic_file.h"
#include "engine/data/test_util.h"
#include "gtest/gtest.h"

namespace tengen::experiment {
namespace {

TEST(ChildProcessTest, ExitCodesAndOutput) {
  const std::string out = data::testing::MakeTempDir("child") + "/out.txt";
  ChildOptions o;
  o.argv = {"/bin/sh", "-c", "echo hello; exit 3"};
  o.stdout_path = out;
  absl::StatusOr<ChildRun> run = RunChild(o);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->exit_code, 3);
  EXPECT_FALSE(run->stopped);
  std::string text;
  ASSERT_TRUE(data::ReadFileToString(out, &text).ok());
  EXPECT_EQ(text, "hello\n");

  o.argv = {"/no/such/program"};
  run = RunChild(o);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->exit_code, 127);
}

TEST(ChildProcessTest, AskedToStopItGetsSigint) {
  ChildOptions o;
  // Exits 0 on SIGINT, as a stage that checkpoints and returns.
  o.argv = {"/bin/sh", "-c", "trap 'exit 0' INT; while true; do sleep 0.05; done"};
  o.poll_seconds = 0.1;
  int polls = 0;
  o.should_stop = [&] { return ++polls >= 3; };
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<ChildRun> run = RunChild(o);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_TRUE(run->stopped);
  EXPECT_EQ(run->exit_code, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));

  // One that ignores SIGINT is killed after the grace period.
  o.argv = {"/bin/sh", "-c", "trap '' INT; sleep 30"};
  o.grace_seconds = 0.5;
  polls = 0;
  run = RunChild(o);
  ASSERT_TRUE(run.ok());
  EXPECT_TRUE(run->stopped);
  EXPECT_EQ(run->exit_code, -1);
}

// The experiment killed with -9 takes its stage with it.
TEST(ChildProcessTest, TheChildDiesWithItsParent) {
  const std::string pid_file = data::testing::MakeTempDir("child") + "/pid";
  const pid_t experiment = fork();
  ASSERT_GE(experiment, 0);
  if (experiment == 0) {
    ChildOptions o;
    o.argv = {"/bin/sh", "-c",
              "echo $$ > " + pid_file + ".tmp && mv " + pid_file + ".tmp " + pid_file + " && exec sleep 60"};
    (void)RunChild(o);
    _exit(0);
  }
  pid_t stage = 0;
  for (int i = 0; i < 200 && stage == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream(pid_file) >> stage;
  }
  ASSERT_GT(stage, 0);
  ASSERT_EQ(kill(stage, 0), 0);
  kill(experiment, SIGKILL);
  waitpid(experiment, nullptr, 0);
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    // The orphan is reaped by init (or a subreaper); a zombie also counts as gone.
    std::ifstream stat("/proc/" + std::to_string(stage) + "/stat");
    std::string pid, name, state;
    gone = !(stat >> pid >> name >> state) || state == "Z";
  }
  EXPECT_TRUE(gone) << "stage " << stage << " outlived its parent";
}

}  // namespace
}  // namespace tengen::experiment
