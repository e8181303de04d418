// `tengen bench selfplay --size 9|19 --arch ARCH --visits N [--model FILE]
// [--games G] [--seconds S] [--device cpu|cuda] [--cheap_visits C]
// [--full_fraction F] [--max_games_for_memory K]`: self-play throughput,
// measured exactly as a worker plays (selfplay/selfplay_worker.cc, less the
// shard writes): G selfplay::SelfPlayGames advanced in lockstep by one
// LockstepDriver over one network (max batch G); after each round every
// game whose search is done plays its move, and a finished game is turned
// into its framed training record and replaced by a new one.
//
// After a warm-up (the first network calls) the loop runs for S seconds in
// segments, each followed by half as long of the network alone
// (BatchBackend::EvaluateBatch at batch G on the games' current positions),
// so that both see the same load on a shared machine. The window counts
// moves and network evaluations; per game figures come from whole games:
// the first wave (every slot's first game, started together) is played to
// its end after the window, untimed. Games finished inside a window that
// is shorter than a few games' length are a burst, not a rate (printed
// for reference only).
//   evals_per_game = the network evaluations (search leaves) of a whole game
//   games_per_h    = 3600 * the window's evaluations/s / evals_per_game
//   ratio          = the window's evaluations/s / raw_evals_per_s
//                  = games_per_h / the games/h the network alone allows
//                    (3600 * raw_evals_per_s / evals_per_game)
//
// With --max_games_for_memory K > 0 it plays K games instead (no timing
// window, no raw measurement) and reports the process's resident memory
// (VmRSS) after 10%, 50% and 100% of them.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/data/shard_file.h"
#include "engine/features/compact_position.h"
#include "engine/nn/meta/model_config.h"
#include "engine/nn/torch_backend.h"
#include "engine/nn/torch_info.h"
#include "engine/rules/board.h"
#include "engine/search/search_driver.h"
#include "selfplay/selfplay_config.h"
#include "selfplay/selfplay_game.h"

ABSL_FLAG(int, cheap_visits, 0,
          "bench selfplay: visits of a cheap search (playout cap randomization); 0: --visits / 4; "
          "equal to --visits turns the cap off.");
ABSL_FLAG(double, full_fraction, 0.25, "bench selfplay: fraction of moves searched fully (with --cheap_visits).");
ABSL_FLAG(int64_t, max_games_for_memory, 0,
          "bench selfplay: play this many games instead of timing and report the resident memory after 10%, "
          "50% and 100% of them.");

namespace tengen::cli {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// The process's resident memory (VmRSS) in MiB, or -1 where /proc is missing.
double ResidentMegabytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return -1;
}

struct Counts {
  int64_t games = 0;         // finished
  int64_t moves = 0;         // positions searched and decided
  int64_t evals = 0;         // network evaluations
  int64_t batches = 0;
  int64_t record_bytes = 0;  // framed training records
};

Counts operator-(const Counts& a, const Counts& b) {
  return {a.games - b.games, a.moves - b.moves, a.evals - b.evals, a.batches - b.batches,
          a.record_bytes - b.record_bytes};
}

// Whole games: moves and network evaluations (the search's leaves; self-play
// has no position cache, so every leaf goes to the network).
struct GameTotals {
  int64_t games = 0;
  int64_t moves = 0;
  int64_t evals = 0;
  double moves_per_game() const { return games > 0 ? static_cast<double>(moves) / games : 0.0; }
  double evals_per_game() const { return games > 0 ? static_cast<double>(evals) / games : 0.0; }
};

// The worker's game loop (selfplay/selfplay_worker.cc) with one model.
class SelfPlayLoop {
 public:
  SelfPlayLoop(const selfplay::SelfPlaySettings& settings, BatchBackend* backend, std::string model_name,
               uint64_t seed)
      : settings_(settings), driver_(backend), model_name_(std::move(model_name)), rng_(seed) {
    for (int i = 0; i < settings.parallel_games; ++i) {
      slots_.push_back(Slot{std::make_unique<selfplay::SelfPlayGame>(settings)});
    }
  }

  // Starts every slot (at most max_games games in all; 0: no limit). These
  // are the first wave.
  void StartAll(int64_t max_games) {
    for (Slot& slot : slots_) {
      if (max_games == 0 || started_ < max_games) StartGame(slot, /*first_wave=*/true);
    }
  }

  // One round: every active game's search contributes its leaves once; the
  // games whose search is done play their move; a finished game becomes its
  // framed record and its slot starts a new game while fewer than
  // max_games (0: no limit) have been started. Returns the active games.
  int Round(int64_t max_games) {
    group_.clear();
    for (Slot& slot : slots_) {
      if (slot.active) group_.push_back(&slot.game->search());
    }
    driver_.Step(group_);
    int active = 0;
    for (Slot& slot : slots_) {
      if (!slot.active) continue;
      selfplay::SelfPlayGame& game = *slot.game;
      if (!game.search().Done()) {
        ++active;
        continue;
      }
      ++counts_.moves;
      ++slot.moves;
      if (!game.FinishMove()) {
        ++active;
        continue;
      }
      counts_.record_bytes += static_cast<int64_t>(data::FrameRecord(game.Record()).size());
      ++counts_.games;
      const int64_t evals = game.search().counters().leaves - slot.leaves_at_start;
      for (GameTotals* t : {&all_, slot.first_wave ? &first_wave_ : nullptr}) {
        if (t == nullptr) continue;
        ++t->games;
        t->moves += slot.moves;
        t->evals += evals;
      }
      slot.active = false;
      if (slot.first_wave) --first_wave_active_;
      if (max_games == 0 || started_ < max_games) {
        StartGame(slot, /*first_wave=*/false);
        ++active;
      }
    }
    return active;
  }

  Counts counts() const {
    Counts c = counts_;
    c.evals = driver_.positions();
    c.batches = driver_.batches();
    return c;
  }
  // Every finished game, and the first wave's (all started together, so
  // an unbiased sample once all are over; later games that finish within
  // a time limit are the shorter ones).
  const GameTotals& all_games() const { return all_; }
  const GameTotals& first_wave() const { return first_wave_; }
  int first_wave_active() const { return first_wave_active_; }

  std::vector<CompactPosition> Positions() const {
    std::vector<CompactPosition> positions;
    for (const Slot& slot : slots_) positions.push_back(MakeCompactPosition(slot.game->game()));
    return positions;
  }

 private:
  struct Slot {
    std::unique_ptr<selfplay::SelfPlayGame> game;
    bool active = false;
    bool first_wave = false;
    int64_t leaves_at_start = 0;
    int64_t moves = 0;
  };

  void StartGame(Slot& slot, bool first_wave) {
    selfplay::GameStart start;
    start.model_name = model_name_;
    start.seed = rng_();
    start.resign_disabled = false;
    start.resign_threshold = settings_.resign_threshold;
    slot.game->Start(start);
    slot.active = true;
    slot.first_wave = first_wave;
    slot.leaves_at_start = slot.game->search().counters().leaves;
    slot.moves = 0;
    if (first_wave) ++first_wave_active_;
    ++started_;
  }

  const selfplay::SelfPlaySettings& settings_;
  LockstepDriver driver_;
  std::string model_name_;
  std::mt19937_64 rng_;
  std::vector<Slot> slots_;
  std::vector<Search*> group_;
  int64_t started_ = 0;
  int first_wave_active_ = 0;
  Counts counts_;
  GameTotals all_;
  GameTotals first_wave_;
};

// The network alone on real positions at batch size `batch`, for about
// `seconds` (at least one call); adds calls * batch to *evals.
double RawEvals(BatchBackend& backend, const std::vector<CompactPosition>& sample, int batch, double seconds,
                int64_t* evals) {
  std::vector<CompactPosition> inputs(batch);
  for (int i = 0; i < batch; ++i) inputs[i] = sample[i % sample.size()];
  std::vector<EvalOutput> outputs(batch);
  int64_t calls = 0;
  const Clock::time_point start = Clock::now();
  while (calls < 1 || Seconds(start) < seconds) {
    backend.EvaluateBatch(inputs, outputs);
    ++calls;
  }
  *evals += calls * batch;
  return Seconds(start);
}

int Usage(const std::string& message) {
  std::fprintf(stderr, "tengen bench selfplay: %s\n", message.c_str());
  return 2;
}

int RunBenchSelfPlay(const std::vector<std::string>& positional) {
  if (!positional.empty()) return Usage("unexpected argument '" + positional[0] + "'");
  const int size = absl::GetFlag(FLAGS_size);
  const int games = absl::GetFlag(FLAGS_games);
  const int visits = absl::GetFlag(FLAGS_visits);
  const int cheap_flag = absl::GetFlag(FLAGS_cheap_visits);
  const int cheap = cheap_flag > 0 ? cheap_flag : std::max(1, visits / 4);
  const double fraction = absl::GetFlag(FLAGS_full_fraction);
  const double seconds = absl::GetFlag(FLAGS_seconds);
  const int64_t memory_games = absl::GetFlag(FLAGS_max_games_for_memory);
  const uint64_t seed = absl::GetFlag(FLAGS_seed);
  if (absl::Status s = ValidateBoardSize(size); !s.ok()) return Usage("--size: " + std::string(s.message()));
  if (games <= 0 || visits <= 0 || seconds <= 0 || cheap_flag < 0 || memory_games < 0) {
    return Usage("--games, --visits and --seconds must be positive, --cheap_visits and --max_games_for_memory "
                 "not negative");
  }

  // The backend's device decides the self-play defaults, as in `selfplay worker`.
  nn::TorchBackendOptions backend_options;
  backend_options.device = absl::GetFlag(FLAGS_device);
  backend_options.max_batch = games;
  backend_options.threads = absl::GetFlag(FLAGS_torch_threads);
  backend_options.seed = seed;
  absl::StatusOr<std::string> device = nn::ResolveDevice(backend_options.device);
  if (!device.ok()) return Usage(std::string(device.status().message()));
  const std::string overrides =
      absl::StrFormat("board_size: %d full_visits: %d cheap_visits: %d full_search_fraction: %g parallel_games: %d "
                      "seed: %d",
                      size, visits, cheap, fraction, games, seed);
  absl::StatusOr<selfplay::SelfPlaySettings> settings =
      selfplay::ParseSelfPlayConfig("", "bench", overrides, *device != "cpu");
  if (!settings.ok()) return Usage(std::string(settings.status().message()));

  const std::string model = absl::GetFlag(FLAGS_model);
  std::string arch = absl::GetFlag(FLAGS_arch);
  absl::StatusOr<std::unique_ptr<BatchBackend>> backend;
  if (model.empty()) {
    absl::StatusOr<nn::ModelConfig> model_config = nn::ModelConfigForArch(arch, size);
    if (!model_config.ok()) return Usage(std::string(model_config.status().message()));
    backend = nn::CreateRandomTorchBackend(*model_config, seed, backend_options);
  } else {
    backend = nn::CreateTorchBackend(model, backend_options);
    arch = model;
  }
  if (!backend.ok()) {
    std::fprintf(stderr, "tengen bench selfplay: %s\n", std::string(backend.status().message()).c_str());
    return 1;
  }
  if ((*backend)->board_size() != size) {
    return Usage(absl::StrFormat("the model is for %dx%d, not --size %d", (*backend)->board_size(),
                                 (*backend)->board_size(), size));
  }

  std::printf("# %s; %s, board %d, %d games, visits %d full / %d cheap (full fraction %.2f%s), device %s\n",
              nn::TorchDescription().c_str(), arch.c_str(), size, games, settings->full_visits,
              settings->cheap_visits, settings->full_search_fraction,
              settings->cheap_visits < settings->full_visits ? "" : ": cap off", device->c_str());
  std::fflush(stdout);

  SelfPlayLoop loop(*settings, backend->get(), arch, seed);
  if (memory_games > 0) {
    const double rss_start = ResidentMegabytes();
    const int64_t marks[3] = {std::max<int64_t>(1, (memory_games + 9) / 10),
                              std::max<int64_t>(1, (memory_games + 1) / 2), memory_games};
    double rss[3] = {0, 0, 0};
    int next_mark = 0;
    const Clock::time_point start = Clock::now();
    loop.StartAll(memory_games);
    while (loop.Round(memory_games) > 0) {
      while (next_mark < 3 && loop.counts().games >= marks[next_mark]) rss[next_mark++] = ResidentMegabytes();
    }
    while (next_mark < 3) rss[next_mark++] = ResidentMegabytes();
    const double elapsed = Seconds(start);
    const Counts c = loop.counts();
    std::printf("# %lld games in %.1f s (%.0f games/h), %lld moves (%.1f/s, %.1f/game), %lld evaluations "
                "(%.0f/game); rss %.1f MiB before the first game, %.1f after game %lld, %.1f after %lld, "
                "%.1f after %lld\n",
                static_cast<long long>(c.games), elapsed, c.games * 3600.0 / elapsed,
                static_cast<long long>(c.moves), c.moves / elapsed, loop.all_games().moves_per_game(),
                static_cast<long long>(c.evals), loop.all_games().evals_per_game(), rss_start, rss[0],
                static_cast<long long>(marks[0]), rss[1], static_cast<long long>(marks[1]), rss[2],
                static_cast<long long>(marks[2]));
    std::printf("rss_mb_at_10pct=%.1f rss_mb_at_50pct=%.1f rss_mb_at_100pct=%.1f\n", rss[0], rss[1], rss[2]);
    return 0;
  }

  // Warm-up: the first network calls.
  const Clock::time_point warm_start = Clock::now();
  loop.StartAll(0);
  while (Seconds(warm_start) < std::min(1.0, seconds / 4)) loop.Round(0);
  int64_t raw_evals = 0;
  for (int i = 0; i < 3; ++i) RawEvals(**backend, loop.Positions(), games, 0, &raw_evals);

  // The window: S seconds of self-play in segments, each followed by half
  // as long of the raw network on the games' current positions, so that
  // both see the same load on a shared machine.
  const double segment = std::clamp(seconds / 10, 0.5, 2.0);
  const Counts before = loop.counts();
  double loop_seconds = 0, raw_seconds = 0, cpu_seconds = 0;
  raw_evals = 0;
  while (loop_seconds < seconds) {
    const Clock::time_point start = Clock::now();
    const std::clock_t start_cpu = std::clock();
    const double length = std::min(segment, seconds - loop_seconds);
    while (Seconds(start) < length) loop.Round(0);
    loop_seconds += Seconds(start);
    cpu_seconds += static_cast<double>(std::clock() - start_cpu) / CLOCKS_PER_SEC;
    raw_seconds += RawEvals(**backend, loop.Positions(), games, length / 2, &raw_evals);
  }
  const Counts c = loop.counts() - before;

  // Per game: the first wave played to its end (untimed; capped).
  const Clock::time_point finish_start = Clock::now();
  while (loop.first_wave_active() > 0 && Seconds(finish_start) < 3 * seconds) loop.Round(0);
  const GameTotals& per_game = loop.first_wave().games > 0 ? loop.first_wave() : loop.all_games();

  const double raw = raw_seconds > 0 ? raw_evals / raw_seconds : 0.0;
  const double evals_per_s = c.evals / loop_seconds;
  const double evals_per_game = per_game.evals_per_game();
  const double games_per_h = evals_per_game > 0 ? evals_per_s * 3600.0 / evals_per_game : 0.0;
  std::printf("# self-play window: %.1f s (%.1f s CPU), %lld moves, %lld evaluations in %lld batches "
              "(%.1f/batch, %.2f/move), %lld games finished in it (%.0f/h counted); records %.1f KB/game\n",
              loop_seconds, cpu_seconds, static_cast<long long>(c.moves), static_cast<long long>(c.evals),
              static_cast<long long>(c.batches), c.batches > 0 ? static_cast<double>(c.evals) / c.batches : 0.0,
              c.moves > 0 ? static_cast<double>(c.evals) / c.moves : 0.0, static_cast<long long>(c.games),
              c.games * 3600.0 / loop_seconds, c.games > 0 ? c.record_bytes / 1024.0 / c.games : 0.0);
  std::printf("# per game: %lld whole games (%s) averaged %.1f moves and %.0f evaluations; raw network "
              "interleaved: %.1f s at batch %d\n",
              static_cast<long long>(per_game.games),
              &per_game == &loop.first_wave() && loop.first_wave_active() == 0 ? "the first wave, all of it"
                                                                                 : "only those that finished",
              per_game.moves_per_game(), evals_per_game, raw_seconds, games);
  std::printf("games_per_h=%.1f positions_per_s=%.1f evals_per_game=%.1f raw_evals_per_s=%.1f ratio=%.3f\n",
              games_per_h, c.moves / loop_seconds, evals_per_game, raw, raw > 0 ? evals_per_s / raw : 0.0);
  return 0;
}

TENGEN_REGISTER_COMMAND(bench_selfplay, "bench selfplay",
                        "self-play games/h and moves/s as a worker plays them, vs the raw network; resident memory",
                        RunBenchSelfPlay,
                        "arch", "model", "size", "games", "visits", "cheap_visits", "full_fraction",
                        "max_games_for_memory", "device", "seconds", "seed", "torch_threads");

}  // namespace
}  // namespace tengen::cli
