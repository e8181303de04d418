#ifndef TENGEN_ENGINE_GTP_GTP_LOOP_H_
#define TENGEN_ENGINE_GTP_GTP_LOOP_H_

// Runs a GtpEngine over a pair of file descriptors (stdin/stdout, a pipe
// pair, a socket). A reader thread reads and preprocesses lines and queues
// them; the calling thread executes them one by one. While a command runs,
// the arrival of the next command is what interrupts analysis: the reader
// never touches the engine, it only makes `interrupted()` true.
//
// Input limits: a line longer than max_line_bytes is answered with an error
// (its id is kept if it fits) and the rest of it is discarded; end of input
// stops the loop after the queued commands (a last line without '\n' still
// counts).

#include <cstddef>

#include "engine/gtp/gtp_engine.h"

namespace tengen::gtp {

struct LoopOptions {
  size_t max_line_bytes = 1 << 20;
};

// Returns when the engine executed quit, the input ended, or the output
// failed (the controller went away). The caller should ignore SIGPIPE so
// that a vanished controller shows up as a write error.
void RunGtpLoop(GtpEngine& engine, int in_fd, int out_fd, LoopOptions options = {});

}  // namespace tengen::gtp

#endif  // TENGEN_ENGINE_GTP_GTP_LOOP_H_
