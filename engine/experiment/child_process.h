#ifndef TENGEN_ENGINE_EXPERIMENT_CHILD_PROCESS_H_
#define TENGEN_ENGINE_EXPERIMENT_CHILD_PROCESS_H_

// A stage of the experiment as a child process (`tengen` itself with other
// arguments, or any program), tied to the experiment's life: it gets
// SIGKILL when the experiment dies, even by kill -9, so that a rerun never
// finds an orphan still writing into the same folders.

#include <sys/types.h>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tengen::experiment {

struct ChildRun {
  int exit_code = -1;    // -1 when killed by a signal
  bool stopped = false;  // asked to stop (by `should_stop` or the stop flag)
};

struct ChildOptions {
  // argv; argv[0] "tengen" runs this binary (/proc/self/exe).
  std::vector<std::string> argv;
  // "" inherits stdout; else appended to this file.
  std::string stdout_path;
  // Called about every poll_seconds while the child runs; true asks it to
  // stop (SIGINT: it checkpoints and exits), then after grace_seconds
  // SIGKILL.
  std::function<bool()> should_stop;
  double poll_seconds = 1.0;
  double grace_seconds = 120;
  const std::atomic<bool>* stop = nullptr;  // the experiment's own Ctrl-C
};

// Runs the child to its end. Fails only when it cannot be started.
absl::StatusOr<ChildRun> RunChild(const ChildOptions& options);

// The whole command line, quoted for a shell (logs, the report).
std::string CommandLine(const std::vector<std::string>& argv);

}  // namespace tengen::experiment

#endif  // TENGEN_ENGINE_EXPERIMENT_CHILD_PROCESS_H_
