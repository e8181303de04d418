#ifndef TENGEN_SELFPLAY_SELFPLAY_WORKER_H_
#define TENGEN_SELFPLAY_SELFPLAY_WORKER_H_

// A self-play worker: a stateless process that plays parallel_games games
// at once and shares only the run folder with the rest of the fleet.
//
// Every game's search yields leaves to a lockstep driver (one batched
// backend call per round across the games of one model). Between games it
// looks for a newer model in DIR/models (every model_poll_seconds); new
// games take it, games in progress finish on the model they started with,
// and every record names its model. Finished games go to DIR/games as a
// shard every shard_games games or shard_seconds seconds, whichever comes
// first, written whole under a name unique per host, process and time: a
// killed worker loses only its games in progress. A failed write stops the
// worker with an error naming the file, after saving the unwritten games to
// a rescue shard in the system temporary folder.
//
// Torch-free: the backend comes from a loader (the CLI passes the LibTorch
// one; tests pass fakes).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/search/evaluator.h"
#include "selfplay/run_storage.h"
#include "selfplay/selfplay_config.h"

namespace tengen::selfplay {

// Makes a backend for a model file (a local path) with room for
// `max_batch` positions per call.
using BackendLoader =
    std::function<absl::StatusOr<std::unique_ptr<BatchBackend>>(const std::string& model_path, int max_batch)>;

struct WorkerLimits {
  int64_t max_games = 0;                    // finish after this many games (0: no limit)
  double max_seconds = 0;                   // stop starting games after this long (0: no limit)
  const std::atomic<bool>* stop = nullptr;  // set by a signal: stop now, keep finished games
  double progress_seconds = 30;             // between progress lines on stderr (0: none)
};

struct WorkerStats {
  int64_t games = 0;
  int64_t moves = 0;
  int64_t training_positions = 0;
  int64_t shards = 0;
  int64_t resignations = 0;
  int64_t no_resign_games = 0;
  int64_t false_resignations = 0;
  int64_t network_positions = 0;  // evaluated by the backend
  double seconds = 0;
  std::string last_model;
};

absl::Status RunSelfPlayWorker(RunStorage& storage, const SelfPlaySettings& settings, const BackendLoader& loader,
                               const WorkerLimits& limits, WorkerStats* stats);

// "20261205T151003.123456Z-<host>-<pid>-000007.shard": UTC time first, so
// names sort (nearly) by age across a fleet.
std::string ShardFileName(const std::string& process_tag, int64_t sequence);

}  // namespace tengen::selfplay

#endif  // TENGEN_SELFPLAY_SELFPLAY_WORKER_H_
