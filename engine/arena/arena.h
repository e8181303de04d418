#ifndef TENGEN_ENGINE_ARENA_ARENA_H_
#define TENGEN_ENGINE_ARENA_ARENA_H_

// The arena (`tengen arena --config FILE --out DIR`): plays the schedule of
// an ArenaConfig (schedule.h) and records every game.
//
// - Games without an external engine run all at once (up to
//   parallel_games) in lockstep on the calling thread, every model's
//   evaluations batched across games (one LockstepDriver per model file,
//   raw-policy players batched too).
// - Games with an external engine run on engine_parallel_games threads, one
//   game at a time each, every thread with its own engine processes; model
//   sides there search alone through the same (serialized) backend.
// - A game ends by resignation, by two passes, or at max_moves. Two passes
//   against an external engine start a cleanup phase: the engine is asked
//   with kgs-genmove_cleanup when it lists it (else genmove), our side plays
//   on, until both pass again, so dead stones are captured. Games are counted
//   by area on the board (rules/scoring.h); an engine that lists final_score
//   is asked for it, and a disagreement goes into the SGF comment and the
//   log.
// - An engine that crashes, hangs past its move timeout, refuses a legal
//   move or plays an illegal one loses the game ("B+F"/"W+F"); a dead engine
//   is restarted for its next game; every such event is logged.
// - Every game is saved as DIR/sgf/<game id>.sgf (atomically), then appended
//   to DIR/results.tsv (game_results.h). A rerun skips the game ids already
//   in results.tsv, so a killed arena resumes where it stopped.
//
// Torch-free: models come from a loader callback (the CLI creates LibTorch
// backends; tests pass fakes).

#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "engine/arena/arena_config.h"
#include "engine/search/evaluator.h"

namespace tengen::arena {

// A backend for a model file, taking batches of up to max_batch positions.
using ArenaBackendLoader =
    std::function<absl::StatusOr<std::unique_ptr<BatchBackend>>(const std::string& model_path, int max_batch)>;

struct ArenaRunOptions {
  std::string out_dir;
  // Seconds between progress lines (0: after every game). The last game
  // always prints one.
  double progress_seconds = 10;
  // Progress and events ("arena: ..." lines).
  std::FILE* log = stderr;
  // Set (by a signal handler): start no more games, abandon those in
  // progress (a rerun plays them again) and return.
  const std::atomic<bool>* stop = nullptr;
};

struct ArenaRunSummary {
  int scheduled = 0;
  int already_played = 0;  // found in results.tsv at the start
  int played = 0;          // this run
  int forfeits = 0;        // games an engine lost by failing (crash, hang, illegal move...)
  int engine_restarts = 0;
  int score_disagreements = 0;  // an engine's final_score differed from the count
  bool stopped = false;         // by options.stop
};

inline constexpr char kResultsFile[] = "results.tsv";
inline constexpr char kSgfFolder[] = "sgf";
inline constexpr char kConfigCopy[] = "config.pbtxt";

// Plays every scheduled game not yet in DIR/results.tsv. Fails before any
// game when a model cannot be loaded or does not fit the board, an engine
// cannot be started or answer list_commands, or the opening book has no
// usable game; during the run only when DIR cannot be written.
absl::StatusOr<ArenaRunSummary> RunArena(const ArenaConfig& config, const ArenaBackendLoader& loader,
                                         const ArenaRunOptions& options);

}  // namespace tengen::arena

#endif  // TENGEN_ENGINE_ARENA_ARENA_H_
