#include "engine/gtp/gtp_loop.h"

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "absl/strings/str_format.h"
#include "engine/gtp/gtp_protocol.h"

namespace tengen::gtp {
namespace {

class FdOutput : public Output {
 public:
  explicit FdOutput(int fd) : fd_(fd) {}
  void Write(std::string_view text) override {
    std::lock_guard<std::mutex> lock(mu_);
    size_t done = 0;
    while (done < text.size() && !failed_) {
      const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        failed_ = true;
      } else {
        done += static_cast<size_t>(n);
      }
    }
  }
  bool failed() const { return failed_; }

 private:
  int fd_;
  std::mutex mu_;
  std::atomic<bool> failed_{false};
};

struct Line {
  std::string text;
  bool too_long = false;
  absl::Time received;
};

class LineQueue {
 public:
  void Push(Line line) {
    std::lock_guard<std::mutex> lock(mu_);
    lines_.push_back(std::move(line));
    pending_ = true;
    cv_.notify_one();
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    pending_ = true;
    cv_.notify_one();
  }
  // Waits for the next line; false once the input ended and all were taken.
  bool Pop(Line* line) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return !lines_.empty() || closed_; });
    if (lines_.empty()) return false;
    *line = std::move(lines_.front());
    lines_.pop_front();
    pending_ = !lines_.empty() || closed_;
    return true;
  }
  // True when a command is waiting or the input ended: a running analysis
  // must stop.
  bool pending() const { return pending_.load(std::memory_order_relaxed); }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Line> lines_;
  bool closed_ = false;
  std::atomic<bool> pending_{false};
};

void Emit(std::string& partial, bool overflow, LineQueue& queue) {
  if (overflow) {
    queue.Push(Line{partial, true, absl::Now()});
  } else if (std::optional<std::string> clean = PreprocessLine(partial)) {
    queue.Push(Line{*std::move(clean), false, absl::Now()});
  }
  partial.clear();
}

void ReadLines(int in_fd, int wake_fd, size_t max_line_bytes, LineQueue& queue) {
  std::string partial;
  bool overflow = false;
  char buffer[1 << 16];
  bool shutdown = false;
  while (true) {
    pollfd fds[2] = {{in_fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
    const int ready = ::poll(fds, 2, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents != 0) {
      shutdown = true;
      break;
    }
    const ssize_t n = ::read(in_fd, buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      break;
    }
    if (n == 0) break;
    std::string_view chunk(buffer, static_cast<size_t>(n));
    while (!chunk.empty()) {
      const size_t newline = chunk.find('\n');
      const std::string_view piece = chunk.substr(0, newline);
      const size_t room = max_line_bytes > partial.size() ? max_line_bytes - partial.size() : 0;
      if (piece.size() > room) overflow = true;
      partial.append(piece.substr(0, std::min(room, piece.size())));
      if (newline == std::string_view::npos) break;
      Emit(partial, overflow, queue);
      overflow = false;
      chunk.remove_prefix(newline + 1);
    }
  }
  if (!shutdown && (!partial.empty() || overflow)) Emit(partial, overflow, queue);
  queue.Close();
}

}  // namespace

void RunGtpLoop(GtpEngine& engine, int in_fd, int out_fd, LoopOptions options) {
  int wake[2];
  if (::pipe(wake) != 0) return;
  LineQueue queue;
  FdOutput out(out_fd);
  const size_t max_line = std::max<size_t>(options.max_line_bytes, 16);
  std::thread reader([&] { ReadLines(in_fd, wake[0], max_line, queue); });
  const std::function<bool()> interrupted = [&queue] { return queue.pending(); };
  Line line;
  while (!out.failed() && queue.Pop(&line)) {
    if (line.too_long) {
      const std::optional<std::string> clean = PreprocessLine(line.text);
      const std::string id = clean.has_value() ? ParseCommand(*clean).id : "";
      out.Write(FormatFailure(
          id, absl::StrFormat("command line too long (more than %d bytes)", max_line)));
      continue;
    }
    if (!engine.Execute(line.text, out, interrupted, line.received)) break;
  }
  const char byte = 'x';
  while (::write(wake[1], &byte, 1) < 0 && errno == EINTR) {
  }
  reader.join();
  ::close(wake[0]);
  ::close(wake[1]);
}

}  // namespace tengen::gtp
