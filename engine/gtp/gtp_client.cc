#include "engine/gtp/gtp_client.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

extern char** environ;

namespace tengen {
namespace {

constexpr char kGtpFailurePayload[] = "type.tengen/gtp-failure";

// Debian's Abseil has its own string_view type; std::string_view does not
// convert to it implicitly.
absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

std::string Quoted(std::string_view command) {
  constexpr size_t kMax = 80;
  if (command.size() <= kMax) return absl::StrCat("'", Av(command), "'");
  return absl::StrCat("'", Av(command.substr(0, kMax)), "...'");
}

// Milliseconds left until `deadline`, rounded up, for poll().
// Capped at a minute (callers loop until the deadline), which also keeps an
// infinite deadline from overflowing the int.
int PollTimeoutMs(absl::Time deadline) {
  const absl::Duration left = std::min(deadline - absl::Now(), absl::Minutes(1));
  if (left <= absl::ZeroDuration()) return 0;
  return static_cast<int>(absl::ToInt64Milliseconds(absl::Ceil(left, absl::Milliseconds(1))));
}

// write() with SIGPIPE blocked for this thread only, so a dead reader gives
// EPIPE instead of killing the caller, without touching the process-wide
// disposition (other threads and the caller's own handlers keep theirs).
ssize_t WriteWithoutSigpipe(int fd, const char* data, size_t size) {
  sigset_t pipe_set, old_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  sigset_t pending;
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE);
  const ssize_t n = write(fd, data, size);
  const int saved_errno = errno;
  if (n < 0 && saved_errno == EPIPE && !was_pending) {
    // Consume the SIGPIPE this write raised before unblocking.
    const timespec zero{};
    while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  errno = saved_errno;
  return n;
}

absl::Status ErrnoStatus(int err, std::string_view what) {
  const std::string message = absl::StrCat(Av(what), ": ", std::strerror(err));
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    default:
      return absl::InternalError(message);
  }
}

}  // namespace

bool IsGtpFailure(const absl::Status& status) {
  return status.GetPayload(kGtpFailurePayload).has_value();
}

std::string GtpFailureMessage(const absl::Status& status) {
  const auto payload = status.GetPayload(kGtpFailurePayload);
  return payload.has_value() ? std::string(*payload) : std::string();
}

absl::StatusOr<std::unique_ptr<GtpClient>> GtpClient::Start(const std::vector<std::string>& argv,
                                                            GtpClientOptions options) {
  if (argv.empty() || argv[0].empty()) {
    return absl::InvalidArgumentError("GTP engine command line is empty");
  }
  int to_child[2];
  int from_child[2];
  if (pipe2(to_child, O_CLOEXEC) != 0) return ErrnoStatus(errno, "pipe");
  if (pipe2(from_child, O_CLOEXEC) != 0) {
    const int err = errno;
    close(to_child[0]);
    close(to_child[1]);
    return ErrnoStatus(err, "pipe");
  }
  int stderr_fd = -1;
  if (!options.stderr_path.empty()) {
    stderr_fd = open(options.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (stderr_fd < 0) {
      const int err = errno;
      for (int fd : {to_child[0], to_child[1], from_child[0], from_child[1]}) close(fd);
      return ErrnoStatus(err, absl::StrCat("cannot open '", options.stderr_path,
                                           "' for the GTP engine's stderr"));
    }
  }
  auto close_all = [&] {
    for (int fd : {to_child[0], to_child[1], from_child[0], from_child[1], stderr_fd}) {
      if (fd >= 0) close(fd);
    }
  };

  // posix_spawn instead of fork: no copy of a large parent (the arena holds
  // networks in memory) and no async-signal-safety traps between fork and
  // exec in a multithreaded process; glibc reports exec failures as errors.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
  if (stderr_fd >= 0) posix_spawn_file_actions_adddup2(&actions, stderr_fd, STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t default_signals, empty_mask;
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGPIPE);
  sigemptyset(&empty_mask);
  posix_spawnattr_setsigdefault(&attr, &default_signals);
  posix_spawnattr_setsigmask(&attr, &empty_mask);
  // Its own process group, so that killing a hung engine also kills what it
  // started (a wrapper script's children would otherwise linger and keep
  // our stdout/stderr open).
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  pid_t pid = -1;
  const int err = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (err != 0) {
    close_all();
    return ErrnoStatus(err, absl::StrCat("cannot start GTP engine '", argv[0], "'"));
  }
  close(to_child[0]);
  close(from_child[1]);
  if (stderr_fd >= 0) close(stderr_fd);
  fcntl(to_child[1], F_SETFL, fcntl(to_child[1], F_GETFL) | O_NONBLOCK);
  fcntl(from_child[0], F_SETFL, fcntl(from_child[0], F_GETFL) | O_NONBLOCK);
  return std::unique_ptr<GtpClient>(
      new GtpClient(argv[0], pid, to_child[1], from_child[0], std::move(options)));
}

GtpClient::GtpClient(std::string program, pid_t pid, int to_engine, int from_engine,
                     GtpClientOptions options)
    : program_(std::move(program)),
      pid_(pid),
      to_engine_(to_engine),
      from_engine_(from_engine),
      options_(std::move(options)) {}

GtpClient::~GtpClient() {
  (void)Quit();
  KillAndReap();
  CloseInput();
  CloseOutput();
}

void GtpClient::CloseInput() {
  if (to_engine_ >= 0) close(to_engine_);
  to_engine_ = -1;
}

void GtpClient::CloseOutput() {
  if (from_engine_ >= 0) close(from_engine_);
  from_engine_ = -1;
}

bool GtpClient::WaitForExit(absl::Time deadline) {
  if (reaped_) return true;
  while (true) {
    const pid_t r = waitpid(pid_, &wait_status_, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) {
      reaped_ = true;
      return true;
    }
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(2));
  }
}

void GtpClient::KillAndReap() {
  if (pid_ <= 0) return;
  // The whole group, even when the leader already exited: its children may
  // still hold the pipes. Only once, and never long after the leader was
  // reaped, so the group id cannot have been reused by then.
  if (!group_killed_) {
    kill(-pid_, SIGKILL);
    group_killed_ = true;
  }
  if (reaped_) return;
  while (waitpid(pid_, &wait_status_, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
}

std::string GtpClient::ExitDescription() const {
  if (!reaped_) return "still running";
  if (WIFEXITED(wait_status_)) return absl::StrCat("exited with status ", WEXITSTATUS(wait_status_));
  if (WIFSIGNALED(wait_status_)) {
    const int sig = WTERMSIG(wait_status_);
    return absl::StrCat("killed by signal ", sig, " (", strsignal(sig), ")");
  }
  return "ended";
}

absl::Status GtpClient::Break(absl::Status status) {
  broken_ = status;
  KillAndReap();
  CloseInput();
  CloseOutput();
  return status;
}

absl::Status GtpClient::WriteAll(std::string_view data, std::string_view command,
                                 absl::Time deadline) {
  while (!data.empty()) {
    const ssize_t n = WriteWithoutSigpipe(to_engine_, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      // The pipe is full: the engine is not reading its input.
      if (absl::Now() >= deadline) {
        return Break(absl::DeadlineExceededError(absl::StrFormat(
            "GTP engine %s did not read %s in time; killed it", program_, Quoted(command))));
      }
      pollfd pfd{to_engine_, POLLOUT, 0};
      poll(&pfd, 1, PollTimeoutMs(deadline));
      continue;
    }
    if (n < 0 && errno == EPIPE) {
      WaitForExit(absl::Now() + absl::Seconds(1));
      return Break(absl::UnavailableError(
          absl::StrFormat("GTP engine %s is dead (closed its input; %s) when sending %s",
                          program_, ExitDescription(), Quoted(command))));
    }
    return Break(ErrnoStatus(errno, absl::StrCat("writing to GTP engine ", program_)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> GtpClient::ReadResponse(std::string_view command,
                                                                 absl::Time deadline) {
  while (true) {
    // Empty lines before a response carry nothing (some engines emit them).
    size_t start = 0;
    while (start < buffer_.size() && buffer_[start] == '\n') ++start;
    buffer_.erase(0, start);
    const size_t end = buffer_.find("\n\n");
    if (end != std::string::npos) {
      std::vector<std::string> lines = absl::StrSplit(buffer_.substr(0, end), '\n');
      buffer_.erase(0, end + 2);
      return lines;
    }
    pollfd pfd{from_engine_, POLLIN, 0};
    const int ready = poll(&pfd, 1, PollTimeoutMs(deadline));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Break(ErrnoStatus(errno, "poll"));
    }
    if (ready == 0) {
      if (absl::Now() < deadline) continue;
      return Break(absl::DeadlineExceededError(absl::StrFormat(
          "GTP engine %s did not answer %s in time; killed it", program_, Quoted(command))));
    }
    char chunk[65536];
    const ssize_t n = read(from_engine_, chunk, sizeof(chunk));
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return Break(ErrnoStatus(errno, absl::StrCat("reading from GTP engine ", program_)));
    }
    if (n == 0) {
      WaitForExit(std::min(deadline, absl::Now() + absl::Seconds(1)));
      const std::string partial =
          buffer_.empty() ? "" : absl::StrCat(" after partial output ", Quoted(buffer_));
      return Break(absl::UnavailableError(
          absl::StrFormat("GTP engine %s is dead (closed its output; %s) while answering %s%s",
                          program_, ExitDescription(), Quoted(command), partial)));
    }
    // GTP: carriage returns are to be ignored, tabs read as spaces.
    for (ssize_t i = 0; i < n; ++i) {
      if (chunk[i] == '\r') continue;
      buffer_.push_back(chunk[i] == '\t' ? ' ' : chunk[i]);
    }
  }
}

absl::StatusOr<std::string> GtpClient::Send(std::string_view command, absl::Duration timeout) {
  if (!broken_.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("GTP engine ", program_, " is unusable: ", broken_.message()));
  }
  if (quit_done_) {
    return absl::FailedPreconditionError(absl::StrCat("GTP engine ", program_, " has quit"));
  }
  if (absl::StripAsciiWhitespace(Av(command)).empty()) {
    return absl::InvalidArgumentError("empty GTP command");
  }
  if (command.find_first_of("\n\r") != std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("GTP command ", Quoted(command), " contains a line break"));
  }
  if (timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("GTP command ", Quoted(command), " needs a positive timeout"));
  }
  const absl::Time deadline = absl::Now() + timeout;
  const int id = next_id_++;
  if (absl::Status s = WriteAll(absl::StrCat(id, " ", Av(command), "\n"), command, deadline);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<std::vector<std::string>> lines = ReadResponse(command, deadline);
  if (!lines.ok()) return lines.status();

  const std::string& first = (*lines)[0];
  auto malformed = [&](std::string_view why) {
    return Break(absl::InternalError(
        absl::StrFormat("GTP engine %s answered %s with a malformed response (%s): %s", program_,
                        Quoted(command), why, Quoted(absl::StrJoin(*lines, "\\n")))));
  };
  if (first.empty() || (first[0] != '=' && first[0] != '?')) {
    return malformed("no leading '=' or '?'");
  }
  size_t pos = 1;
  while (pos < first.size() && absl::ascii_isdigit(static_cast<unsigned char>(first[pos]))) ++pos;
  int answered_id = 0;
  if (pos == 1 || !absl::SimpleAtoi(first.substr(1, pos - 1), &answered_id) ||
      answered_id != id) {
    return malformed(absl::StrCat("expected id ", id));
  }
  if (pos < first.size() && first[pos] != ' ') return malformed("no space after the id");
  std::string text = first.substr(std::min(pos + 1, first.size()));
  for (size_t i = 1; i < lines->size(); ++i) absl::StrAppend(&text, "\n", (*lines)[i]);
  if (first[0] == '?') {
    absl::Status failure = absl::InvalidArgumentError(
        absl::StrFormat("GTP engine %s rejected %s: %s", program_, Quoted(command), text));
    failure.SetPayload(kGtpFailurePayload, absl::Cord(text));
    return failure;
  }
  return text;
}

absl::Status GtpClient::Quit() {
  if (quit_done_) return absl::OkStatus();
  absl::Status result;
  if (broken_.ok() && pid_ > 0) {
    absl::StatusOr<std::string> ack = Send("quit", options_.quit_timeout);
    if (!ack.ok()) result = ack.status();
  }
  quit_done_ = true;
  CloseInput();
  const bool exited = WaitForExit(absl::Now() + options_.quit_timeout);
  KillAndReap();  // also ends anything the engine left behind
  if (!exited) {
    if (result.ok()) {
      result = absl::DeadlineExceededError(
          absl::StrCat("GTP engine ", program_, " did not exit after quit; killed it"));
    }
  }
  CloseOutput();
  return result;
}

}  // namespace tengen
