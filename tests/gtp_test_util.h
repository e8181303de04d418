#ifndef TENGEN_TESTS_GTP_TEST_UTIL_H_
#define TENGEN_TESTS_GTP_TEST_UTIL_H_

// Helpers for the integration tests that drive the `tengen` binary: where it
// is, running it, a file's contents, a fresh folder per test, a tiny random
// 9x9 model made with `tengen model init`, and a child process on raw pipes
// for byte-exact GTP conversations (GtpClient hides the framing).

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

extern char** environ;

namespace tengen::testing {

// The tengen binary of this build, or "" when it has not been built:
// $TENGEN_BINARY_DIR/tengen, else next to the folder of this test program
// (the binary lands in the build root, tests in build/tests).
inline std::string TengenBinary() {
  std::string dir;
  if (const char* env = std::getenv("TENGEN_BINARY_DIR"); env != nullptr) {
    dir = env;
  } else {
    char self[4096];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0) return "";
    dir.assign(self, static_cast<size_t>(n));
    for (int up = 0; up < 2; ++up) dir = dir.substr(0, dir.rfind('/'));
  }
  const std::string path = absl::StrCat(dir, "/tengen");
  return ::access(path.c_str(), X_OK) == 0 ? path : "";
}

// The whole file ("" when it cannot be read).
inline std::string FileContents(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// An empty folder of its own for one test: TMP/tengen_<prefix>_<name>_<pid>.
inline std::string FreshTestFolder(const std::string& prefix, const std::string& name) {
  const std::string dir = absl::StrCat(::testing::TempDir(), "/tengen_", prefix, "_", name, "_", ::getpid());
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  return dir;
}

// Runs argv to completion with stdout/stderr to `log`; the exit status.
inline int RunProgram(const std::vector<std::string>& argv, const std::string& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A random b1c8 9x9 model, created once per test process; "" on failure.
// (Left in the temporary folder with its log for inspection.)
inline const std::string& TinyModel() {
  static const std::string* path = [] {
    const std::string binary = TengenBinary();
    // One per process: ctest runs the tests of this binary in parallel.
    const std::string model = absl::StrCat(::testing::TempDir(), "/tengen_gtp_tiny_b1c8_9_", ::getpid(), ".model");
    if (binary.empty()) return new std::string();
    const int rc = RunProgram({binary, "model", "init", "--arch", "b1c8", "--size", "9", "--out", model, "--seed", "5"},
                              model + ".log");
    return new std::string(rc == 0 ? model : "");
  }();
  return *path;
}

// Skips the test unless the binary and the tiny model exist.
#define TENGEN_REQUIRE_GTP_BINARY()                                               \
  do {                                                                            \
    if (::tengen::testing::TengenBinary().empty()) {                              \
      GTEST_SKIP() << "tengen binary not built";                                  \
    }                                                                             \
    if (::tengen::testing::TinyModel().empty()) {                                 \
      GTEST_SKIP() << "tengen model init failed; see the .log next to the model"; \
    }                                                                             \
  } while (0)

// The engine as a child on raw pipes.
class RawGtpProcess {
 public:
  explicit RawGtpProcess(const std::vector<std::string>& argv, const std::string& stderr_path) {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    to_ = in[1];
    from_ = out[0];
    ::signal(SIGPIPE, SIG_IGN);
  }
  ~RawGtpProcess() {
    CloseInput();
    if (pid_ > 0) {
      const absl::Time deadline = absl::Now() + absl::Seconds(5);
      int status;
      while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (absl::Now() > deadline) {
          ::kill(pid_, SIGKILL);
          ::waitpid(pid_, &status, 0);
          break;
        }
        absl::SleepFor(absl::Milliseconds(10));
      }
    }
    if (from_ >= 0) ::close(from_);
  }

  bool started() const { return pid_ > 0; }
  void Send(std::string_view text) {
    size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(to_, text.data() + done, text.size() - done);
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }
  void CloseInput() {
    if (to_ >= 0) ::close(to_);
    to_ = -1;
  }
  // Reads until the bytes read contain `terminator`, the deadline passes or
  // the engine closes its output; returns everything read.
  std::string ReadUntil(absl::string_view terminator, absl::Duration timeout = absl::Seconds(60)) {
    const absl::Time deadline = absl::Now() + timeout;
    while (!absl::StrContains(buffer_, terminator)) {
      const int wait_ms = static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now()));
      if (wait_ms <= 0) break;
      pollfd fd{from_, POLLIN, 0};
      if (::poll(&fd, 1, wait_ms) <= 0) break;
      char chunk[4096];
      const ssize_t n = ::read(from_, chunk, sizeof(chunk));
      if (n <= 0) break;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
    std::string out;
    out.swap(buffer_);
    return out;
  }
  // One plain command's whole response.
  std::string Ask(absl::string_view command) {
    Send(absl::StrCat(command, "\n"));
    return ReadUntil("\n\n");
  }

 private:
  pid_t pid_ = -1;
  int to_ = -1;
  int from_ = -1;
  std::string buffer_;
};

}  // namespace tengen::testing

#endif  // TENGEN_TESTS_GTP_TEST_UTIL_H_
