#ifndef TENGEN_ENGINE_GTP_GTP_CLIENT_H_
#define TENGEN_ENGINE_GTP_GTP_CLIENT_H_

// Talks GTP to an external engine running as a child process (GNU Go, KataGo,
// another tengen): the controller side used by the arena and by the
// differential tests.
//
// The engine is started with posix_spawn (no shell: argv goes to execvp as
// is) with its stdin and stdout on pipes. Every command carries a numeric id
// and waits for the matching "=id ..." / "?id ..." response, which may span
// several lines and ends with an empty line. A command that gets no complete
// answer within its timeout kills the engine; an engine that closes its
// output or exits is reported as dead. After either, the client is broken and
// every further command fails at once with the original reason. Writing to a
// dead engine never raises SIGPIPE in the caller.
//
// Not thread-safe: one client belongs to one thread at a time.

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tengen {

struct GtpClientOptions {
  // Where the engine's stderr goes: "" inherits ours, otherwise a file path
  // that is truncated and written ("/dev/null" discards).
  std::string stderr_path;
  // How long Quit() (and the destructor) waits for a clean exit before
  // killing the engine.
  absl::Duration quit_timeout = absl::Seconds(2);
};

class GtpClient {
 public:
  // Starts argv[0] (looked up in PATH if it has no '/') with the remaining
  // arguments. Fails with NotFound / PermissionDenied / Internal when the
  // program cannot be started; a program that starts and then dies shows up
  // as Unavailable on the first Send.
  static absl::StatusOr<std::unique_ptr<GtpClient>> Start(const std::vector<std::string>& argv,
                                                          GtpClientOptions options = {});

  // Quits (politely, then by force) if still running, and reaps the child.
  ~GtpClient();
  GtpClient(const GtpClient&) = delete;
  GtpClient& operator=(const GtpClient&) = delete;

  // Sends one command and returns the response text after "= " (lines joined
  // by '\n', without the terminating empty line; "" for an empty success).
  // Errors:
  //  - the engine answered "? message": InvalidArgument, and
  //    IsGtpFailure(status) is true; the client stays usable;
  //  - no complete answer within `timeout` (or the engine stops reading its
  //    input): DeadlineExceeded (engine killed);
  //  - the engine closed its output or exited: Unavailable, with its exit
  //    status or signal;
  //  - a malformed or mismatched response: Internal (engine killed, since
  //    the stream can no longer be trusted);
  //  - the command itself is empty or contains a line break, or the timeout
  //    is not positive: InvalidArgument (nothing is sent; not a GTP failure);
  // An infinite timeout waits forever.
  //  - after any of the fatal errors above: FailedPrecondition.
  absl::StatusOr<std::string> Send(std::string_view command, absl::Duration timeout);

  // Sends "quit", closes the engine's input and waits up to the quit timeout
  // for it to exit, then kills it. Returns the first problem seen (the engine
  // failed to acknowledge quit, or had to be killed); OK for a clean exit.
  // Idempotent: later calls return OK.
  absl::Status Quit();

  // False once the engine has quit, is known to be gone, or the client is
  // broken.
  bool running() const { return pid_ > 0 && broken_.ok() && !quit_done_; }
  pid_t pid() const { return pid_; }
  // The engine's program name (argv[0]), for messages.
  const std::string& program() const { return program_; }

 private:
  GtpClient(std::string program, pid_t pid, int to_engine, int from_engine,
            GtpClientOptions options);

  // Reads until a complete response (ending in an empty line) is buffered or
  // the deadline passes; returns the response lines.
  absl::StatusOr<std::vector<std::string>> ReadResponse(std::string_view command,
                                                        absl::Time deadline);
  absl::Status WriteAll(std::string_view data, std::string_view command, absl::Time deadline);
  // Marks the client broken with `status`, kills and reaps the engine.
  absl::Status Break(absl::Status status);
  // Waits for the child to exit until `deadline`; true when reaped.
  bool WaitForExit(absl::Time deadline);
  void KillAndReap();
  // "exited with status 3", "killed by signal 9"; from the reaped status.
  std::string ExitDescription() const;
  void CloseInput();
  void CloseOutput();

  std::string program_;
  pid_t pid_ = -1;
  int to_engine_ = -1;
  int from_engine_ = -1;
  GtpClientOptions options_;
  std::string buffer_;  // bytes read but not yet consumed
  int next_id_ = 1;
  bool reaped_ = false;
  bool group_killed_ = false;
  int wait_status_ = 0;
  bool quit_done_ = false;
  absl::Status broken_;  // OK while usable
};

// True when `status` came from an engine's "? ..." answer (as opposed to a
// transport failure); GtpFailureMessage returns the engine's message text.
bool IsGtpFailure(const absl::Status& status);
std::string GtpFailureMessage(const absl::Status& status);

}  // namespace tengen

#endif  // TENGEN_ENGINE_GTP_GTP_CLIENT_H_
