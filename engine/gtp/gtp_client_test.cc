#include "engine/gtp/gtp_client.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

constexpr char kGnuGo[] = "/usr/games/gnugo";
const absl::Duration kShort = absl::Milliseconds(300);
const absl::Duration kLong = absl::Seconds(10);

bool HaveGnuGo() { return access(kGnuGo, X_OK) == 0; }

// A fake engine written in sh: `script` runs with the GTP input on stdin.
std::unique_ptr<GtpClient> Fake(const std::string& script, GtpClientOptions options = {}) {
  absl::StatusOr<std::unique_ptr<GtpClient>> client =
      GtpClient::Start({"/bin/sh", "-c", script}, options);
  EXPECT_TRUE(client.ok()) << client.status();
  return client.ok() ? *std::move(client) : nullptr;
}

// An engine that answers every command with "=id <command>" (an echo).
constexpr char kEchoEngine[] =
    "while read -r id cmd; do"
    "  if [ \"$cmd\" = quit ]; then printf '=%s\\n\\n' \"$id\"; exit 0; fi;"
    "  printf '=%s %s\\n\\n' \"$id\" \"$cmd\";"
    "done";

bool ProcessGone(pid_t pid) {
  // The client reaps its child, so the pid no longer names our child.
  return waitpid(pid, nullptr, WNOHANG) < 0 && errno == ECHILD;
}

TEST(GtpClientTest, MissingProgramIsNotFound) {
  absl::StatusOr<std::unique_ptr<GtpClient>> client =
      GtpClient::Start({"/nonexistent/dir/engine", "--mode", "gtp"});
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), absl::StatusCode::kNotFound) << client.status();
  EXPECT_TRUE(absl::StrContains(client.status().message(), "/nonexistent/dir/engine"));

  client = GtpClient::Start({"no-such-gtp-engine-in-path"});
  EXPECT_EQ(client.status().code(), absl::StatusCode::kNotFound) << client.status();
}

TEST(GtpClientTest, NonExecutableIsPermissionDenied) {
  absl::StatusOr<std::unique_ptr<GtpClient>> client = GtpClient::Start({"/etc/passwd"});
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), absl::StatusCode::kPermissionDenied) << client.status();
}

TEST(GtpClientTest, EmptyCommandLineIsRejected) {
  EXPECT_EQ(GtpClient::Start({}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GtpClient::Start({""}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(GtpClientTest, ArgumentsReachTheEngineWithoutAShell) {
  // A shell would split or expand these; execvp passes them verbatim.
  auto direct = GtpClient::Start(
      {"/bin/sh", "-c", "read -r id cmd; printf '=%s [%s] [%s]\\n\\n' \"$id\" \"$0\" \"$1\"",
       "two words", "$HOME;*"});
  ASSERT_TRUE(direct.ok());
  absl::StatusOr<std::string> r = (*direct)->Send("args", kLong);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, "[two words] [$HOME;*]");
}

TEST(GtpClientTest, EchoEngineRoundTripsWithIds) {
  auto client = Fake(kEchoEngine);
  ASSERT_NE(client, nullptr);
  EXPECT_TRUE(client->running());
  for (int i = 0; i < 50; ++i) {
    const std::string command = absl::StrCat("play b D", i % 19 + 1);
    absl::StatusOr<std::string> r = client->Send(command, kLong);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(*r, command);
  }
  EXPECT_TRUE(client->Quit().ok());
  EXPECT_FALSE(client->running());
  EXPECT_TRUE(ProcessGone(client->pid()));
  // Quit is idempotent; commands after it fail clearly.
  EXPECT_TRUE(client->Quit().ok());
  EXPECT_EQ(client->Send("name", kShort).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(GtpClientTest, ParsesMultiLineFailureAndCarriageReturns) {
  auto client = Fake(
      "read -r id cmd; printf '=%s first\\nsecond\\n third\\n\\n' \"$id\";"
      "read -r id cmd; printf '?%s unknown command\\n\\n' \"$id\";"
      "read -r id cmd; printf '=%s\\r\\n\\r\\n' \"$id\";"
      "read -r id cmd; printf '\\n\\n=%s\\tafter blank lines\\n\\n' \"$id\";"
      "read -r id cmd; printf '=%s\\n\\n' \"$id\"; exit 0");
  ASSERT_NE(client, nullptr);
  absl::StatusOr<std::string> r = client->Send("showboard", kLong);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, "first\nsecond\n third");

  r = client->Send("frobnicate", kLong);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(IsGtpFailure(r.status()));
  EXPECT_EQ(GtpFailureMessage(r.status()), "unknown command");
  EXPECT_TRUE(absl::StrContains(r.status().message(), "frobnicate")) << r.status();

  r = client->Send("clear_board", kLong);  // still usable after '?'
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, "");

  r = client->Send("name", kLong);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, "after blank lines");
  EXPECT_TRUE(client->Quit().ok());
}

TEST(GtpClientTest, RejectsBadCommandsWithoutSendingThem) {
  auto client = Fake(kEchoEngine);
  ASSERT_NE(client, nullptr);
  for (const char* bad : {"", "   ", "play b D4\nquit", "name\r"}) {
    absl::StatusOr<std::string> r = client->Send(bad, kShort);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_FALSE(IsGtpFailure(r.status()));
  }
  absl::StatusOr<std::string> r = client->Send("name", kLong);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, "name");  // the id sequence is intact
}

TEST(GtpClientTest, EngineThatNeverReadsItsInputTimesOut) {
  // A command larger than the pipe buffer cannot be written to an engine
  // that does not read; the write must give up at the deadline.
  auto client = Fake("sleep 100");
  ASSERT_NE(client, nullptr);
  const std::string huge = "echo " + std::string(1 << 20, 'x');
  absl::StatusOr<std::string> r = client->Send(huge, absl::Milliseconds(200));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded) << r.status();
  EXPECT_TRUE(absl::StrContains(r.status().message(), "did not read")) << r.status();
}

TEST(GtpClientTest, RejectsNonPositiveTimeoutAndWaitsForeverOnInfinite) {
  auto client = Fake(kEchoEngine);
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(client->Send("name", absl::ZeroDuration()).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::string> r = client->Send("name", absl::InfiniteDuration());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, "name");
}

TEST(GtpClientTest, UnwritableStderrPathFailsAtStart) {
  GtpClientOptions options;
  options.stderr_path = "/nonexistent/dir/stderr.txt";
  absl::StatusOr<std::unique_ptr<GtpClient>> client =
      GtpClient::Start({"/bin/sh", "-c", "sleep 1"}, options);
  ASSERT_FALSE(client.ok());
  EXPECT_TRUE(absl::StrContains(client.status().message(), "/nonexistent/dir/stderr.txt"))
      << client.status();
}

TEST(GtpClientTest, HungEngineTimesOutAndIsKilled) {
  auto client = Fake("read -r line; sleep 100");
  ASSERT_NE(client, nullptr);
  const pid_t pid = client->pid();
  const absl::Time start = absl::Now();
  absl::StatusOr<std::string> r = client->Send("genmove b", absl::Milliseconds(200));
  const absl::Duration took = absl::Now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded) << r.status();
  EXPECT_TRUE(absl::StrContains(r.status().message(), "genmove b")) << r.status();
  EXPECT_GE(took, absl::Milliseconds(190));
  EXPECT_LT(took, absl::Seconds(5));
  EXPECT_FALSE(client->running());
  EXPECT_TRUE(ProcessGone(pid));
  r = client->Send("name", kShort);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(r.status().message(), "did not answer")) << r.status();
  EXPECT_TRUE(client->Quit().ok());
}

TEST(GtpClientTest, PartialAnswerStillTimesOut) {
  // The response never gets its terminating empty line.
  auto client = Fake("read -r id cmd; printf '=%s half' \"$id\"; sleep 100");
  ASSERT_NE(client, nullptr);
  absl::StatusOr<std::string> r = client->Send("name", absl::Milliseconds(200));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded) << r.status();
}

TEST(GtpClientTest, EngineThatExitsIsReportedWithItsStatus) {
  auto client = Fake("exit 3");
  ASSERT_NE(client, nullptr);
  absl::StatusOr<std::string> r = client->Send("name", kLong);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable) << r.status();
  EXPECT_TRUE(absl::StrContains(r.status().message(), "exited with status 3")) << r.status();
  // Further writes to the dead engine never raise SIGPIPE here.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(client->Send("name", kShort).status().code(),
              absl::StatusCode::kFailedPrecondition);
  }
}

TEST(GtpClientTest, EngineThatDiesMidSessionIsDead) {
  auto client = Fake("read -r id cmd; printf '=%s ok\\n\\n' \"$id\"; exit 5");
  ASSERT_NE(client, nullptr);
  absl::StatusOr<std::string> r = client->Send("boardsize 9", kLong);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, "ok");
  // Give the engine time to exit so the write itself hits a closed pipe
  // (EPIPE, with SIGPIPE suppressed) rather than a still-open one.
  absl::SleepFor(absl::Milliseconds(100));
  r = client->Send("clear_board", kLong);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable) << r.status();
  EXPECT_TRUE(absl::StrContains(r.status().message(), "exited with status 5")) << r.status();
}

TEST(GtpClientTest, EngineKilledBySignal) {
  auto client = Fake("read -r id cmd; kill -9 $$");
  ASSERT_NE(client, nullptr);
  absl::StatusOr<std::string> r = client->Send("genmove w", kLong);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable) << r.status();
  EXPECT_TRUE(absl::StrContains(r.status().message(), "signal 9")) << r.status();
}

TEST(GtpClientTest, EngineThatClosesItsInputGivesEpipeNotSigpipe) {
  // The engine keeps running but closes stdin: our write gets EPIPE. A
  // SIGPIPE would kill this test binary.
  auto client =
      Fake("read -r id cmd; exec 0<&-; printf '=%s\\n\\n' \"$id\"; sleep 100");
  ASSERT_NE(client, nullptr);
  // The answer comes after the engine closed its input.
  ASSERT_TRUE(client->Send("name", kLong).ok());
  absl::StatusOr<std::string> r = client->Send("version", kLong);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable) << r.status();
  EXPECT_TRUE(absl::StrContains(r.status().message(), "closed its input")) << r.status();
  EXPECT_TRUE(ProcessGone(client->pid()));
}

TEST(GtpClientTest, MalformedOrMismatchedResponsesBreakTheClient) {
  auto garbage = Fake("read -r id cmd; printf 'hello there\\n\\n'; sleep 100");
  ASSERT_NE(garbage, nullptr);
  absl::StatusOr<std::string> r = garbage->Send("name", kLong);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInternal) << r.status();
  EXPECT_TRUE(absl::StrContains(r.status().message(), "hello there")) << r.status();
  EXPECT_FALSE(garbage->running());

  auto wrong_id = Fake("read -r id cmd; printf '=99 x\\n\\n'; sleep 100");
  ASSERT_NE(wrong_id, nullptr);
  r = wrong_id->Send("name", kLong);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInternal) << r.status();
  EXPECT_TRUE(absl::StrContains(r.status().message(), "expected id 1")) << r.status();

  auto no_id = Fake("read -r id cmd; printf '= x\\n\\n'; sleep 100");
  ASSERT_NE(no_id, nullptr);
  r = no_id->Send("name", kLong);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInternal) << r.status();
}

TEST(GtpClientTest, QuitKillsAnEngineThatDoesNotExit) {
  GtpClientOptions options;
  options.quit_timeout = absl::Milliseconds(200);
  auto client = Fake(
      "while read -r id cmd; do printf '=%s\\n\\n' \"$id\"; done; trap '' TERM; sleep 100",
      options);
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->Send("name", kLong).ok());
  const pid_t pid = client->pid();
  const absl::Status s = client->Quit();
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  EXPECT_TRUE(ProcessGone(pid));
}

TEST(GtpClientTest, DestructorReapsTheEngine) {
  pid_t pid;
  GtpClientOptions options;
  options.quit_timeout = absl::Milliseconds(100);
  {
    auto client = Fake("sleep 100", options);
    ASSERT_NE(client, nullptr);
    pid = client->pid();
  }
  EXPECT_TRUE(ProcessGone(pid));
}

TEST(GtpClientTest, StderrGoesToTheGivenFile) {
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/gtp_client_test_stderr_", getpid(), ".txt");
  GtpClientOptions options;
  options.stderr_path = path;
  {
    auto client = Fake("echo 'engine diagnostics' >&2; read -r id cmd; printf '=%s\\n\\n' \"$id\"",
                       options);
    ASSERT_NE(client, nullptr);
    ASSERT_TRUE(client->Send("name", kLong).ok());
  }
  std::ifstream in(path);
  std::stringstream contents;
  contents << in.rdbuf();
  EXPECT_EQ(contents.str(), "engine diagnostics\n");
  unlink(path.c_str());
}

TEST(GtpClientTest, TalksToGnuGo) {
  if (!HaveGnuGo()) GTEST_SKIP() << kGnuGo << " not installed";
  absl::StatusOr<std::unique_ptr<GtpClient>> started =
      GtpClient::Start({kGnuGo, "--mode", "gtp", "--level", "1"});
  ASSERT_TRUE(started.ok()) << started.status();
  GtpClient& gnugo = **started;
  EXPECT_EQ(*gnugo.Send("protocol_version", kLong), "2");
  EXPECT_EQ(*gnugo.Send("name", kLong), "GNU Go");
  EXPECT_EQ(*gnugo.Send("boardsize 9", kLong), "");
  EXPECT_EQ(*gnugo.Send("clear_board", kLong), "");
  EXPECT_EQ(*gnugo.Send("play b E5", kLong), "");
  EXPECT_EQ(*gnugo.Send("play w C3", kLong), "");
  EXPECT_EQ(*gnugo.Send("list_stones black", kLong), "E5");
  absl::StatusOr<std::string> board = gnugo.Send("showboard", kLong);
  ASSERT_TRUE(board.ok()) << board.status();
  EXPECT_GE(std::count(board->begin(), board->end(), '\n'), 10) << *board;
  EXPECT_TRUE(absl::StrContains(*board, "X")) << *board;

  absl::StatusOr<std::string> illegal = gnugo.Send("play b E5", kLong);
  ASSERT_FALSE(illegal.ok());
  EXPECT_TRUE(IsGtpFailure(illegal.status())) << illegal.status();
  EXPECT_EQ(GtpFailureMessage(illegal.status()), "illegal move");
  EXPECT_EQ(GtpFailureMessage(gnugo.Send("boardsize 99", kLong).status()),
            "unacceptable size");
  EXPECT_EQ(*gnugo.Send("is_legal w E5", kLong), "0");

  absl::StatusOr<std::string> move = gnugo.Send("genmove b", kLong);
  ASSERT_TRUE(move.ok()) << move.status();
  EXPECT_FALSE(move->empty());
  EXPECT_TRUE(gnugo.Quit().ok());
  EXPECT_TRUE(ProcessGone(gnugo.pid()));
}

}  // namespace
}  // namespace tengen
