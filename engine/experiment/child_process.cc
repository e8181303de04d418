#include "engine/experiment/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/data/progress.h"

namespace tengen::experiment {
std::string CommandLine(const std::vector<std::string>& argv) {
  std::vector<std::string> quoted;
  for (const std::string& arg : argv) {
    const bool plain = !arg.empty() && arg.find_first_not_of(
                                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789-_./=:,+@") == std::string::npos;
    if (plain) {
      quoted.push_back(arg);
    } else {
      std::string q = "'";
      for (char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
      quoted.push_back(q + "'");
    }
  }
  return absl::StrJoin(quoted, " ");
}

absl::StatusOr<ChildRun> RunChild(const ChildOptions& options) {
  if (options.argv.empty()) return absl::InvalidArgumentError("no command");
  std::vector<std::string> args = options.argv;
  const std::string program = args[0] == "tengen" ? "/proc/self/exe" : args[0];
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out_fd = -1;
  if (!options.stdout_path.empty()) {
    out_fd = open(options.stdout_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (out_fd < 0) {
      return absl::InternalError(absl::StrFormat("cannot open %s: %s", options.stdout_path, std::strerror(errno)));
    }
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    if (out_fd >= 0) close(out_fd);
    return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  }
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    if (out_fd >= 0) dup2(out_fd, STDOUT_FILENO);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  if (out_fd >= 0) close(out_fd);

  ChildRun run;
  double stop_sent = -1;
  double next_poll = data::MonotonicSeconds() + options.poll_seconds;
  while (true) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      return run;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const double now = data::MonotonicSeconds();
    if (stop_sent < 0) {
      bool stop = options.stop != nullptr && options.stop->load();
      if (!stop && options.should_stop && now >= next_poll) {
        next_poll = now + options.poll_seconds;
        stop = options.should_stop();
      }
      if (stop) {
        run.stopped = true;
        kill(pid, SIGINT);
        stop_sent = now;
      }
    } else if (now - stop_sent > options.grace_seconds) {
      kill(pid, SIGKILL);
      stop_sent = now + 1e9;  // once
    }
  }
}

}  // namespace tengen::experiment
