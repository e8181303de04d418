#include "engine/gtp/gtp_loop.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "engine/gtp/fake_move_generator.h"

namespace tengen::gtp {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The engine loop on its own thread, talking over two pipes like a child
// process would.
class LoopHarness {
 public:
  explicit LoopHarness(FakeGeneratorOptions fake = {}, LoopOptions loop = {})
      : generator_(fake), engine_(&generator_, Options()) {
    int to_engine[2], from_engine[2];
    EXPECT_EQ(::pipe(to_engine), 0);
    EXPECT_EQ(::pipe(from_engine), 0);
    write_fd_ = to_engine[1];
    read_fd_ = from_engine[0];
    thread_ = std::thread([this, in = to_engine[0], out = from_engine[1], loop] {
      RunGtpLoop(engine_, in, out, loop);
      ::close(in);
      ::close(out);
    });
  }
  ~LoopHarness() {
    CloseInput();
    thread_.join();
    ::close(read_fd_);
  }

  static EngineOptions Options() {
    EngineOptions o;
    o.board_size = 9;
    o.visits = 8;
    return o;
  }

  void Send(std::string_view text) {
    size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(write_fd_, text.data() + done, text.size() - done);
      ASSERT_GT(n, 0);
      done += static_cast<size_t>(n);
    }
  }
  void CloseInput() {
    if (write_fd_ >= 0) ::close(write_fd_);
    write_fd_ = -1;
  }

  // Reads until the text read contains `terminator` (or the deadline / EOF)
  // and returns all of it.
  std::string ReadUntil(absl::string_view terminator, absl::Duration timeout = absl::Seconds(10)) {
    const absl::Time deadline = absl::Now() + timeout;
    while (!absl::StrContains(buffer_, terminator)) {
      const int wait_ms = static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now()));
      if (wait_ms <= 0) break;
      pollfd fd{read_fd_, POLLIN, 0};
      if (::poll(&fd, 1, wait_ms) <= 0) break;
      char chunk[4096];
      const ssize_t n = ::read(read_fd_, chunk, sizeof(chunk));
      if (n <= 0) break;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
    std::string out;
    out.swap(buffer_);
    return out;
  }
  // Reads everything until the engine closes its output.
  std::string ReadToEnd() { return ReadUntil("\x01never\x02"); }

  const GtpEngine& engine() const { return engine_; }

 private:
  FakeMoveGenerator generator_;
  GtpEngine engine_;
  int write_fd_ = -1;
  int read_fd_ = -1;
  std::string buffer_;
  std::thread thread_;
};

TEST(GtpLoop, ConversationOverPipesIsByteExact) {
  LoopHarness h;
  // Preprocessing: CRLF, tabs, comments, blank lines and control bytes.
  h.Send("1 protocol_version\r\n");
  h.Send("\n   \n# a comment line\n");
  h.Send("2\tname   # trailing comment\n");
  h.Send("3 boardsize 9\n4 clear_board\n5 play b E5\n");
  h.Send("6 play b E5\n");
  h.Send("7 bogus_command with args\n");
  h.Send("8 showb\x01oard\n");
  h.Send("9 quit\n");
  h.Send("10 name\n");  // after quit: never answered
  const std::string all = h.ReadToEnd();
  const std::string board_head = "=8 \n   A B C D E F G H J\n";
  ASSERT_THAT(all, HasSubstr(board_head));
  const size_t board_start = all.find(board_head);
  const size_t board_end = all.find("\n\n", board_start) + 2;
  EXPECT_EQ(all.substr(0, board_start),
            "=1 2\n\n"
            "=2 tengen\n\n"
            "=3 \n\n"
            "=4 \n\n"
            "=5 \n\n"
            "?6 illegal move: E5 is occupied\n\n"
            "?7 unknown command\n\n");
  EXPECT_EQ(all.substr(board_end), "=9 \n\n");
}

TEST(GtpLoop, AnalysisRunsUntilTheNextCommandArrives) {
  FakeGeneratorOptions fake;
  fake.visit_time = absl::Milliseconds(1);
  LoopHarness h(fake);
  h.Send("play b E5\n");
  EXPECT_EQ(h.ReadUntil("\n\n"), "= \n\n");
  h.Send("5 lz-analyze 1\n");
  // Wait for a few reports, then interrupt with an ordinary command.
  std::string streamed = h.ReadUntil("info move", absl::Seconds(5));
  absl::SleepFor(absl::Milliseconds(100));
  h.Send("6 name\n");
  streamed += h.ReadUntil("=6 tengen\n\n");
  ASSERT_THAT(streamed, StartsWith("=5\ninfo move "));
  ASSERT_TRUE(absl::EndsWith(streamed, "\n\n=6 tengen\n\n")) << streamed;
  const std::string analysis = streamed.substr(0, streamed.size() - std::string("=6 tengen\n\n").size());
  const std::vector<std::string> lines = absl::StrSplit(analysis, '\n');
  // "=5", info lines, then "" (the empty line ending the response) and "".
  ASSERT_GE(lines.size(), 5u);
  for (size_t i = 1; i + 2 < lines.size(); ++i) EXPECT_THAT(lines[i], StartsWith("info move "));
  EXPECT_EQ(lines[lines.size() - 2], "");
  // The engine is still in a sane state.
  h.Send("7 genmove w\n");
  EXPECT_THAT(h.ReadUntil("\n\n"), StartsWith("=7 "));
}

TEST(GtpLoop, EndOfInputStopsAnalysisAndTheLoop) {
  FakeGeneratorOptions fake;
  fake.visit_time = absl::Milliseconds(1);
  LoopHarness h(fake);
  h.Send("lz-analyze 1\n");
  const std::string first = h.ReadUntil("info move", absl::Seconds(5));
  h.CloseInput();
  const std::string all = first + h.ReadToEnd();
  EXPECT_THAT(all, StartsWith("=\ninfo move "));
  EXPECT_TRUE(absl::EndsWith(all, "\n\n")) << all;
  EXPECT_EQ(all.find("\n\n"), all.size() - 2);
}

TEST(GtpLoop, OverlongLinesAreRejectedAndTheEngineContinues) {
  LoopOptions loop;
  loop.max_line_bytes = 1000;
  LoopHarness h({}, loop);
  h.Send("12 play b " + std::string(5000, 'D') + "\n");
  h.Send("13 name\n");
  EXPECT_EQ(h.ReadUntil("=13 tengen\n\n"),
            "?12 command line too long (more than 1000 bytes)\n\n=13 tengen\n\n");
}

TEST(GtpLoop, GarbageBytesGetErrorsNotCrashes) {
  LoopHarness h;
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 131 + 7) % 256);
  h.Send(garbage);
  h.Send("\n999 name\n");
  const std::string out = h.ReadUntil("=999 tengen\n\n");
  ASSERT_TRUE(absl::EndsWith(out, "=999 tengen\n\n")) << out.size();
  // Every response before it is framed and a failure.
  const std::vector<std::string> responses =
      absl::StrSplit(out.substr(0, out.size() - 14), "\n\n", absl::SkipEmpty());
  for (const std::string& r : responses) EXPECT_EQ(r[0], '?') << r;
}

TEST(GtpLoop, LastLineWithoutNewlineIsExecuted) {
  LoopHarness h;
  h.Send("1 name\n2 protocol_version");
  h.CloseInput();
  EXPECT_EQ(h.ReadToEnd(), "=1 tengen\n\n=2 2\n\n");
}

TEST(GtpLoop, WorksOverASocketPair) {
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  FakeMoveGenerator generator;
  GtpEngine engine(&generator, LoopHarness::Options());
  std::thread loop([&] { RunGtpLoop(engine, fds[1], fds[1]); });
  const std::string script = "1 boardsize 9\n2 genmove b\n3 quit\n";
  ASSERT_EQ(::write(fds[0], script.data(), script.size()), static_cast<ssize_t>(script.size()));
  std::string out;
  char chunk[1024];
  while (!absl::EndsWith(out, "=3 \n\n")) {
    const ssize_t n = ::read(fds[0], chunk, sizeof(chunk));
    if (n <= 0) break;
    out.append(chunk, static_cast<size_t>(n));
  }
  loop.join();
  ::close(fds[0]);
  ::close(fds[1]);
  EXPECT_THAT(out, StartsWith("=1 \n\n=2 "));
  EXPECT_EQ(engine.game().move_number(), 1);
}

}  // namespace
}  // namespace tengen::gtp
