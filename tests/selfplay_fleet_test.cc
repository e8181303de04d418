// The self-play fleet on one machine, as real processes sharing one run
// folder: three `tengen selfplay worker`s and one `tengen selfplay train` on
// 9x9 with a tiny CPU model. One worker is killed with -9 between shards
// and the trainer with -9 in the middle of a generation's steps; both are
// restarted with the same commands. Then every shard must read whole, each
// game appear once, the trainer must have resumed from its checkpoint, and
// the models' lineage must be unbroken.

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/data/shard_file.h"
#include "engine/data/test_util.h"
#include "engine/nn/meta/model_file.h"
#include "gtest/gtest.h"
#include "selfplay/model_registry.h"
#include "tests/gtp_test_util.h"

namespace tengen {
namespace {

namespace fs = std::filesystem;

constexpr char kFleetConfig[] = R"(# a tiny, fast fleet
board_size: 9
arch: "b1c16"
parallel_games: 6
full_visits: 12
cheap_visits: 4
max_game_moves: 90
shard_games: 3
shard_seconds: 4
model_poll_seconds: 1
batch: 32
samples_per_export: 192
min_positions_to_train: 60
max_samples_per_position: 50
checkpoint_every_steps: 1
)";
constexpr int kStepsPerGeneration = 6;  // samples_per_export / batch

class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::string& log) : log_(log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Process() { Kill(SIGKILL); }
  pid_t pid() const { return pid_; }
  void Kill(int signal) {
    if (pid_ <= 0) return;
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    exit_status_ = status;
    pid_ = -1;
  }
  // Waits for the process to end by itself; false on timeout.
  bool Wait(absl::Duration timeout) {
    const absl::Time deadline = absl::Now() + timeout;
    while (absl::Now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_status_ = status;
        pid_ = -1;
        return true;
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
    return false;
  }
  int exit_status() const { return exit_status_; }
  std::string Log() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  std::string log_;
  pid_t pid_ = -1;
  int exit_status_ = -1;
};

std::vector<std::string> ShardNames(const std::string& run, bool with_temporaries = false) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(run + "/games", ec)) {
    const std::string name = e.path().filename().string();
    if (with_temporaries || !name.starts_with(".")) names.push_back(name);
  }
  return names;
}

int LatestCheckpointStep(const std::string& run) {
  std::ifstream in(run + "/train/trainer/checkpoints/latest");
  std::string name;
  in >> name;  // step-000000012
  return name.size() > 5 ? std::stoi(name.substr(5)) : -1;
}

template <typename Condition>
bool WaitFor(Condition condition, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return false;
}

TEST(SelfPlayFleetTest, KilledWorkerAndTrainerResumeAndLoseNothingFinished) {
  const std::string binary = testing::TengenBinary();
  if (binary.empty()) GTEST_SKIP() << "tengen binary not built";
  const std::string run = data::testing::MakeTempDir("run");
  const std::string config = run + ".pbtxt";
  std::ofstream(config) << kFleetConfig;
  auto worker_args = [&] {
    return std::vector<std::string>{binary, "selfplay", "worker", "--run",           run, "--config",
                                    config, "--device", "cpu",    "--torch_threads", "1", "--progress_seconds",
                                    "10"};
  };
  const std::vector<std::string> trainer_args = {binary, "selfplay",           "train", "--run",
                                                 run,    "--config",           config,  "--device",
                                                 "cpu",  "--torch_threads",    "1",     "--max_generations",
                                                 "3",    "--progress_seconds", "5"};
  auto trainer = std::make_unique<Process>(trainer_args, run + ".trainer.log");
  std::vector<std::unique_ptr<Process>> workers;
  for (int w = 0; w < 3; ++w)
    workers.push_back(std::make_unique<Process>(worker_args(), absl::StrCat(run, ".worker", w, ".log")));

  // Worker 0 dies by kill -9 once it has written a shard and is playing on.
  const std::string tag0 = absl::StrCat("-", workers[0]->pid(), "-");
  ASSERT_TRUE(WaitFor(
      [&] {
        for (const std::string& n : ShardNames(run)) {
          if (absl::StrContains(n, tag0)) return true;
        }
        return false;
      },
      absl::Seconds(240)))
      << workers[0]->Log();
  workers[0]->Kill(SIGKILL);
  workers[0] = std::make_unique<Process>(worker_args(), run + ".worker0-restarted.log");

  // The trainer dies by kill -9 in the middle of generation 2's steps.
  ASSERT_TRUE(WaitFor([&] { return LatestCheckpointStep(run) > kStepsPerGeneration; }, absl::Seconds(300)))
      << trainer->Log();
  trainer->Kill(SIGKILL);
  const int step_at_kill = LatestCheckpointStep(run);
  ASSERT_LT(step_at_kill, 2 * kStepsPerGeneration) << "the kill came too late to land inside generation 2";
  trainer = std::make_unique<Process>(trainer_args, run + ".trainer-restarted.log");
  ASSERT_TRUE(trainer->Wait(absl::Seconds(400))) << trainer->Log();
  ASSERT_TRUE(WIFEXITED(trainer->exit_status()) && WEXITSTATUS(trainer->exit_status()) == 0) << trainer->Log();
  for (auto& w : workers) w->Kill(SIGTERM);  // finish cleanly: finished games are written

  const std::string trainer_log = trainer->Log();
  EXPECT_TRUE(absl::StrContains(trainer_log, absl::StrCat("resuming at step ", step_at_kill))) << trainer_log;
  EXPECT_FALSE(absl::StrContains(trainer_log, "damaged")) << trainer_log;

  // Every shard is whole and every game is in exactly one of them.
  std::set<uint64_t> hashes;
  int games = 0;
  std::set<std::string> shard_names;
  for (const std::string& name : ShardNames(run)) {
    shard_names.insert(name);
    absl::StatusOr<std::vector<data::RecordedGame>> shard = data::ReadShard(run + "/games/" + name);
    ASSERT_TRUE(shard.ok()) << shard.status();
    for (const data::RecordedGame& g : *shard) {
      ++games;
      EXPECT_TRUE(hashes.insert(g.game_hash).second) << "game in two shards: " << name;
      EXPECT_TRUE(absl::StartsWith(g.model_name, "gen-"));
    }
  }
  EXPECT_GT(games, 20);
  // The trainer only ever read complete shards: every window names existing ones.
  for (int g = 1; g <= 3; ++g) {
    std::ifstream window(absl::StrCat(run, "/train/windows/", selfplay::ModelName(g), ".txt"));
    ASSERT_TRUE(window.good()) << g;
    std::string line;
    while (std::getline(window, line)) {
      EXPECT_TRUE(shard_names.contains(line)) << line;
      EXPECT_FALSE(absl::StartsWith(line, ".")) << line;
    }
  }

  // Lineage: each generation's parent is the one before, trained further.
  int64_t previous_positions = -1;
  for (int g = 0; g <= 3; ++g) {
    absl::StatusOr<nn::ModelFileContents> model =
        nn::ReadModelFile(absl::StrCat(run, "/models/", selfplay::ModelName(g), ".tgm"));
    ASSERT_TRUE(model.ok()) << model.status();
    EXPECT_EQ(model->config.name, selfplay::ModelName(g));
    if (g > 0) {
      EXPECT_EQ(model->config.parent_model, selfplay::ModelName(g - 1));
      EXPECT_EQ(model->config.training_steps, g * kStepsPerGeneration);
      EXPECT_GT(model->config.positions_seen, previous_positions);
      EXPECT_EQ(model->config.data_source, nn::ModelDataSource::kSelfPlay);
      EXPECT_GT(model->config.training_flops, 0);
    }
    previous_positions = model->config.positions_seen;
  }
}

// Gating: each trained generation plays the published model and is
// published only if the SPRT (or the 55% rule at the game limit) says so.
TEST(SelfPlayFleetTest, GatingPublishesOnlyCandidatesThatWin) {
  const std::string binary = testing::TengenBinary();
  if (binary.empty()) GTEST_SKIP() << "tengen binary not built";
  const std::string run = data::testing::MakeTempDir("run");
  const std::string config = run + ".pbtxt";
  std::ofstream(config) << kFleetConfig << "gating: true\ngating_max_games: 24\ngating_visits: 8\n";
  Process trainer({binary, "selfplay", "train", "--run", run, "--config", config, "--device", "cpu", "--torch_threads",
                   "1", "--max_generations", "2"},
                  run + ".trainer.log");
  Process worker(
      {binary, "selfplay", "worker", "--run", run, "--config", config, "--device", "cpu", "--torch_threads", "1"},
      run + ".worker.log");
  ASSERT_TRUE(trainer.Wait(absl::Seconds(400))) << trainer.Log();
  worker.Kill(SIGTERM);
  ASSERT_TRUE(WIFEXITED(trainer.exit_status()) && WEXITSTATUS(trainer.exit_status()) == 0) << trainer.Log();
  for (int g = 1; g <= 2; ++g) {
    const std::string name = selfplay::ModelName(g);
    std::ifstream decision(absl::StrCat(run, "/candidates/", name, ".decision"));
    ASSERT_TRUE(decision.good()) << trainer.Log();
    std::string verdict;
    decision >> verdict;
    ASSERT_TRUE(verdict == "promoted" || verdict == "rejected") << verdict;
    EXPECT_EQ(fs::exists(absl::StrCat(run, "/models/", name, ".tgm")), verdict == "promoted") << name;
    EXPECT_TRUE(fs::exists(absl::StrCat(run, "/candidates/", name, ".tgm")));
  }
}

}  // namespace
}  // namespace tengen
