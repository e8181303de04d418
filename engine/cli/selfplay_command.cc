// `tengen selfplay worker|train|run --run DIR [--config FILE] [--set FIELDS]`:
// AlphaZero-style self-play (selfplay/). Workers play games into DIR/games,
// the trainer learns from a window over them and publishes models into
// DIR/models; `run` does both on one machine (worker processes next to the
// trainer). Ctrl-C stops cleanly; the same command resumes.

#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/nn/torch_backend.h"
#include "selfplay/run/selfplay_trainer.h"
#include "selfplay/run_storage.h"
#include "selfplay/selfplay_config.h"
#include "selfplay/selfplay_worker.h"

extern char** environ;

ABSL_FLAG(std::string, set, "",
          "selfplay: config fields that override the file, in text format, e.g. 'board_size: 9 full_visits: 32'.");
ABSL_FLAG(bool, force, false, "selfplay: replace the run folder's stored config with this one.");
ABSL_FLAG(int64_t, max_games, 0, "selfplay worker: finish after this many games (0: run until stopped).");
ABSL_FLAG(int, max_generations, 0,
          "selfplay train|run: stop once this model generation is published (0: run until stopped).");
ABSL_FLAG(int, parent_pid, 0,
          "selfplay worker: stop when this process (`selfplay run`, which sets it) dies, even by kill -9.");
ABSL_FLAG(double, max_seconds, 0,
          "selfplay, experiment: stop cleanly after this many seconds (0: run until done or stopped); the same "
          "command continues.");
// Defined with the trainer's flags (engine/train/train_flags.cc): here the
// same as --set 'init_model: "FILE"' (the bootstrapped arm starts from the
// imitation network).
ABSL_DECLARE_FLAG(std::string, init_model);

namespace tengen::cli {
namespace {

std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop.store(true); }

void InstallStopHandlers() {
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
}

int Fail(const char* command, const absl::Status& status) {
  std::fprintf(stderr, "tengen selfplay %s: %s\n", command, std::string(status.message()).c_str());
  return status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
}

struct Loaded {
  std::unique_ptr<selfplay::RunStorage> storage;
  selfplay::SelfPlaySettings settings;
};

absl::StatusOr<Loaded> LoadRun(const std::vector<std::string>& positional) {
  if (!positional.empty()) return absl::InvalidArgumentError("unexpected argument '" + positional[0] + "'");
  const std::string run = absl::GetFlag(FLAGS_run);
  if (run.empty()) return absl::InvalidArgumentError("no run folder given (--run DIR)");
  absl::StatusOr<std::string> cuda = nn::ResolveDevice("auto");
  std::string overrides = absl::GetFlag(FLAGS_set);
  if (const std::string init = absl::GetFlag(FLAGS_init_model); !init.empty()) {
    std::error_code ec;
    absl::StrAppendFormat(&overrides, "\ninit_model: \"%s\"",
                          absl::CEscape(std::filesystem::absolute(init, ec).string()));
  }
  absl::StatusOr<selfplay::SelfPlaySettings> settings =
      selfplay::LoadSelfPlayConfig(absl::GetFlag(FLAGS_config), overrides, cuda.ok() && *cuda != "cpu");
  if (!settings.ok()) return settings.status();
  // Where to run is the process's business, not the run's: --device and
  // --torch_threads override without changing the stored config.
  if (absl::GetFlag(FLAGS_device) != "auto") settings->device = absl::GetFlag(FLAGS_device);
  if (absl::GetFlag(FLAGS_torch_threads) > 0) settings->torch_threads = absl::GetFlag(FLAGS_torch_threads);
  if (absl::StatusOr<std::string> device = nn::ResolveDevice(settings->device); !device.ok()) {
    return device.status();
  }
  Loaded loaded{selfplay::OpenPosixRunStorage(run), *settings};
  if (absl::Status s = selfplay::CheckOrStoreRunConfig(*loaded.storage, loaded.settings, absl::GetFlag(FLAGS_force));
      !s.ok()) {
    return s;
  }
  return loaded;
}

selfplay::BackendLoader TorchLoader(const selfplay::SelfPlaySettings& settings) {
  return [settings](const std::string& path, int max_batch) {
    nn::TorchBackendOptions o;
    o.device = settings.device;
    o.max_batch = max_batch;
    o.threads = settings.torch_threads;
    o.seed = settings.seed;
    return nn::CreateTorchBackend(path, o);
  };
}

int RunWorker(const std::vector<std::string>& positional) {
  absl::StatusOr<Loaded> run = LoadRun(positional);
  if (!run.ok()) return Fail("worker", run.status());
  InstallStopHandlers();
  // A worker orphaned by a killed `selfplay run` would play on beside the
  // workers of the next one.
  if (const int parent = absl::GetFlag(FLAGS_parent_pid); parent > 0) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) return Fail("worker", absl::AbortedError("the parent process has already ended"));
  }
  selfplay::WorkerLimits limits;
  limits.max_games = absl::GetFlag(FLAGS_max_games);
  limits.max_seconds = absl::GetFlag(FLAGS_max_seconds);
  limits.stop = &g_stop;
  limits.progress_seconds = absl::GetFlag(FLAGS_progress_seconds);
  selfplay::WorkerStats stats;
  absl::Status s =
      selfplay::RunSelfPlayWorker(*run->storage, run->settings, TorchLoader(run->settings), limits, &stats);
  if (!s.ok()) return Fail("worker", s);
  std::printf("games=%lld moves=%lld training_positions=%lld shards=%lld seconds=%.1f\n",
              static_cast<long long>(stats.games), static_cast<long long>(stats.moves),
              static_cast<long long>(stats.training_positions), static_cast<long long>(stats.shards), stats.seconds);
  return 0;
}

selfplay::TrainerLimits TrainerLimitsFromFlags() {
  selfplay::TrainerLimits limits;
  limits.stop = &g_stop;
  limits.max_generations = absl::GetFlag(FLAGS_max_generations);
  limits.progress_seconds = absl::GetFlag(FLAGS_progress_seconds);
  return limits;
}

int RunTrainer(const std::vector<std::string>& positional) {
  absl::StatusOr<Loaded> run = LoadRun(positional);
  if (!run.ok()) return Fail("train", run.status());
  InstallStopHandlers();
  if (absl::Status s = selfplay::RunSelfPlayTrainer(*run->storage, run->settings, TrainerLimitsFromFlags()); !s.ok()) {
    return Fail("train", s);
  }
  return 0;
}

// The worker processes of `selfplay run`, restarted if one dies.
class WorkerProcesses {
 public:
  WorkerProcesses(std::vector<std::string> args, int count) : args_(std::move(args)), pids_(count, -1) {}
  ~WorkerProcesses() { StopAll(); }

  void StartMissing() {
    for (pid_t& pid : pids_) {
      if (pid > 0) continue;
      std::vector<char*> argv;
      for (std::string& a : args_) argv.push_back(a.data());
      argv.push_back(nullptr);
      if (posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ) != 0) pid = -1;
    }
  }
  // Reaps workers that ended; restarts them unless stopping.
  void Check(bool stopping) {
    for (pid_t& pid : pids_) {
      if (pid <= 0) continue;
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        if (!stopping) std::fprintf(stderr, "selfplay run: worker %d ended (status %d); restarting it\n", pid, status);
        pid = -1;
      }
    }
    if (!stopping) StartMissing();
  }
  void StopAll() {
    for (pid_t pid : pids_) {
      if (pid > 0) kill(pid, SIGTERM);
    }
    for (pid_t& pid : pids_) {
      if (pid > 0) waitpid(pid, nullptr, 0);
      pid = -1;
    }
  }

 private:
  std::vector<std::string> args_;
  std::vector<pid_t> pids_;
};

int RunSelfPlay(const std::vector<std::string>& positional) {
  absl::StatusOr<Loaded> run = LoadRun(positional);
  if (!run.ok()) return Fail("run", run.status());
  InstallStopHandlers();
  selfplay::SelfPlaySettings& settings = run->settings;
  // The cores are shared by the trainer and the workers.
  const int processes = settings.workers + 1;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (settings.device == "cpu" && absl::GetFlag(FLAGS_torch_threads) == 0) {
    settings.torch_threads = std::max(1, cores / processes);
  }
  const std::string dir = absl::GetFlag(FLAGS_run);
  std::vector<std::string> worker_args = {
      "tengen",
      "selfplay",
      "worker",
      "--run",
      dir,
      "--config",
      run->storage->LocalPath(selfplay::kRunConfigFile),
      absl::StrFormat("--torch_threads=%d", settings.torch_threads),
      "--device",
      settings.device,
      absl::StrFormat("--progress_seconds=%g", absl::GetFlag(FLAGS_progress_seconds) * 4),
      absl::StrFormat("--parent_pid=%d", getpid())};
  WorkerProcesses workers(worker_args, settings.workers);
  std::atomic<bool> trainer_done{false};
  std::thread watcher([&] {
    workers.StartMissing();
    while (!g_stop.load() && !trainer_done.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      workers.Check(g_stop.load() || trainer_done.load());
    }
  });
  std::fprintf(stderr, "selfplay run: %d worker process(es) and the trainer on %s, %dx%d, %s; run folder %s\n",
               settings.workers, settings.device.c_str(), settings.board_size, settings.board_size,
               selfplay::DescribeSearch(settings).c_str(), dir.c_str());
  absl::Status s = selfplay::RunSelfPlayTrainer(*run->storage, settings, TrainerLimitsFromFlags());
  trainer_done = true;
  watcher.join();
  workers.StopAll();
  if (!s.ok()) return Fail("run", s);
  std::fprintf(stderr, "selfplay run: stopped; the same command resumes\n");
  return 0;
}

TENGEN_REGISTER_COMMAND(selfplay_worker, "selfplay worker",
                        "plays self-play games into a run folder with its newest model", RunWorker, "run", "config",
                        "set", "force", "init_model", "device", "torch_threads", "max_games", "max_seconds",
                        "progress_seconds", "parent_pid");
TENGEN_REGISTER_COMMAND(selfplay_train, "selfplay train",
                        "trains on a window of a run folder's self-play games, publishing models", RunTrainer, "run",
                        "config", "set", "force", "init_model", "device", "torch_threads", "max_generations",
                        "progress_seconds");
TENGEN_REGISTER_COMMAND(selfplay_run, "selfplay run", "self-play workers and the trainer together on one machine",
                        RunSelfPlay, "run", "config", "set", "force", "init_model", "device", "torch_threads",
                        "max_generations", "progress_seconds");

}  // namespace
}  // namespace tengen::cli
