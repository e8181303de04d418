// `tengen bench search --arch b6c64 --size 19 --games 256 --visits 200
// --device cuda|cpu [--model FILE] [--batch B] [--leaves_per_game L]
// [--seconds S] [--threads T] [--overhead_only]`: search speed with many games in one process.
//
// One driver advances all games in lockstep (each contributes its leaves to
// one batch per round; a game whose search is done plays its move and starts
// the next search); with --threads T, T drivers on T threads each advance
// games/T games and share the network, so tree work overlaps evaluation. Three measurements in the same run:
//   visits_per_s           search with the network;
//   raw_evals_per_s        the network alone (TorchBackend::EvaluateBatch) on
//                          real positions at the same batch size;
//   overhead_us_per_visit  the same search loop against a zero-cost fake
//                          backend: the CPU cost of search per visit
//                          (selection, board copies and moves, features,
//                          expansion, backup, move choice, tree reuse),
//                          less the time inside the fake backend's calls
//                          (writing its outputs), which the summary line
//                          reports separately.
// ratio = visits_per_s / raw_evals_per_s.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/features/compact_position.h"
#include "engine/nn/meta/model_config.h"
#include "engine/nn/torch_backend.h"
#include "engine/nn/torch_info.h"
#include "engine/rules/game.h"
#include "engine/search/fake_backends.h"
#include "engine/search/mcts.h"
#include "engine/search/search_driver.h"
#include "engine/search/serialized_backend.h"

ABSL_FLAG(int, leaves_per_game, 1,
          "bench search: leaves each game's search contributes per batch (virtual loss keeps them apart).");
ABSL_FLAG(bool, gumbel, false, "bench search: use the Gumbel AlphaZero root instead of PUCT + noise.");
ABSL_FLAG(bool, overhead_only, false,
          "bench search: only the zero-cost run (search overhead per visit); no network is built.");
// Defined by bench nn (engine/cli/bench_nn_command.cc).
ABSL_DECLARE_FLAG(bool, cuda_graphs);

namespace tengen::cli {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

struct LoopResult {
  int64_t visits = 0;
  double seconds = 0;
  double cpu_seconds = 0;  // process CPU time
  double backend_seconds = 0;  // inside EvaluateBatch, summed over threads
  int64_t moves = 0;
  int64_t batches = 0;
  int64_t positions = 0;
};

struct LoopConfig {
  int size = 19;
  int games = 256;
  int visits = 200;
  int leaves = 1;
  double komi = 7.5;
  double seconds = 3;
  uint64_t seed = 1;
  bool gumbel = false;
};

int64_t VisitsDone(const std::vector<std::unique_ptr<Search>>& searches) {
  int64_t total = 0;
  for (const auto& s : searches) {
    const SearchCounters& c = s->counters();
    total += c.leaves + c.cache_hits + c.terminal_visits;
  }
  return total;
}

// Times the wrapped backend's EvaluateBatch calls. The zero-cost backend
// still writes every output (the policy copy the real network's output stage
// makes too, and raw_evals_per_s counts): that is the network's share of a
// visit, not the search's.
class TimedBackend : public BatchBackend {
 public:
  explicit TimedBackend(BatchBackend* inner) : inner_(inner) {}
  int board_size() const override { return inner_->board_size(); }
  int max_batch_size() const override { return inner_->max_batch_size(); }
  void EvaluateBatch(std::span<const CompactPosition> inputs, std::span<EvalOutput> outputs) override {
    const Clock::time_point start = Clock::now();
    inner_->EvaluateBatch(inputs, outputs);
    nanoseconds_.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count(),
                           std::memory_order_relaxed);
  }
  double seconds() const { return static_cast<double>(nanoseconds_.load(std::memory_order_relaxed)) * 1e-9; }

 private:
  BatchBackend* inner_;
  std::atomic<int64_t> nanoseconds_{0};
};

// Self-play-like search loop over `config.games` games for about
// config.seconds after a short warm-up, split over `threads` threads that
// each drive their share of the games in lockstep through one shared
// backend (a pool of instances, or one instance behind SerializedBackend),
// so one thread's tree work overlaps another's network call. Leaves the games' current positions in *positions (for the
// raw network measurement).
LoopResult RunSearchLoop(BatchBackend& backend, const LoopConfig& config, int threads,
                         bool backend_is_thread_safe, std::vector<CompactPosition>* positions) {
  Rules rules = Rules::Chinese();
  rules.komi = static_cast<float>(config.komi);
  const Game start(config.size, rules);
  std::vector<std::unique_ptr<Search>> searches;
  for (int g = 0; g < config.games; ++g) {
    SearchOptions o;
    o.seed = config.seed * 1000003 + g;
    o.gumbel = config.gumbel;
    o.dirichlet_noise = !config.gumbel;
    o.resign_threshold = -0.95f;
    searches.push_back(std::make_unique<Search>(start, o));
    searches.back()->SetTargetVisits(config.visits);
  }
  threads = std::clamp(threads, 1, config.games);
  TimedBackend timed(&backend);
  SerializedBackend shared(&timed);
  BatchBackend* const group_backend =
      threads > 1 && !backend_is_thread_safe ? static_cast<BatchBackend*>(&shared) : &timed;
  const int max_moves = 2 * config.size * config.size;
  std::vector<LoopResult> group_results(threads);
  std::atomic<bool> measuring{false};
  std::atomic<bool> stop{false};
  auto run_group = [&](int t) {
    std::vector<Search*> group;
    for (int g = t; g < config.games; g += threads) group.push_back(searches[g].get());
    LockstepDriver driver(group_backend, config.leaves);
    LoopResult& result = group_results[t];
    auto play_finished_moves = [&] {
      for (Search* s : group) {
        if (!s->Done()) continue;
        const int move_number = s->game().move_number();
        const MoveDecision d = s->ChooseMove(move_number < config.size ? 1.0f : 0.0f);
        if (d.move == kResign || s->game().IsOver() || move_number >= max_moves ||
            !s->Advance(d.move).ok() || s->game().IsOver()) {
          s->SetRoot(start);
        }
        s->SetTargetVisits(config.visits);
        if (measuring.load(std::memory_order_relaxed)) ++result.moves;
      }
    };
    bool counted = false;
    int64_t batches_before = 0, positions_before = 0;
    while (!stop.load(std::memory_order_relaxed)) {
      if (!counted && measuring.load()) {
        counted = true;
        batches_before = driver.batches();
        positions_before = driver.positions();
      }
      driver.Step(group);
      play_finished_moves();
    }
    result.batches = driver.batches() - batches_before;
    result.positions = driver.positions() - positions_before;
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(run_group, t);
  // Warm-up: first network calls (allocation, autotuning, graph capture).
  std::this_thread::sleep_for(std::chrono::duration<double>(std::min(1.0, config.seconds / 3)));
  const int64_t visits_before = VisitsDone(searches);  // racy by at most one round per thread
  const Clock::time_point start_time = Clock::now();
  const std::clock_t start_cpu = std::clock();
  const double backend_seconds_before = timed.seconds();
  measuring = true;
  std::this_thread::sleep_for(std::chrono::duration<double>(config.seconds));
  stop = true;
  for (std::thread& t : pool) t.join();
  LoopResult result;
  result.seconds = Seconds(start_time);
  result.cpu_seconds = static_cast<double>(std::clock() - start_cpu) / CLOCKS_PER_SEC;
  result.visits = VisitsDone(searches) - visits_before;
  result.backend_seconds = timed.seconds() - backend_seconds_before;
  for (const LoopResult& r : group_results) {
    result.moves += r.moves;
    result.batches += r.batches;
    result.positions += r.positions;
  }
  if (positions != nullptr) {
    positions->clear();
    for (const auto& s : searches) positions->push_back(MakeCompactPosition(s->game()));
  }
  return result;
}

// The network alone on real positions at batch size `batch`.
double RawEvalsPerSecond(BatchBackend& backend, const std::vector<CompactPosition>& sample, int batch,
                         double seconds) {
  std::vector<CompactPosition> inputs(batch);
  for (int i = 0; i < batch; ++i) inputs[i] = sample[i % sample.size()];
  std::vector<EvalOutput> outputs(batch);
  for (int i = 0; i < 3; ++i) backend.EvaluateBatch(inputs, outputs);
  int64_t calls = 0;
  const Clock::time_point start = Clock::now();
  while (calls < 3 || Seconds(start) < seconds) {
    backend.EvaluateBatch(inputs, outputs);
    ++calls;
  }
  return static_cast<double>(calls) * batch / Seconds(start);
}

int RunBenchSearch(const std::vector<std::string>& positional) {
  if (!positional.empty()) {
    std::fprintf(stderr, "tengen bench search: unexpected argument '%s'\n", positional[0].c_str());
    return 2;
  }
  LoopConfig config;
  config.size = absl::GetFlag(FLAGS_size);
  config.games = absl::GetFlag(FLAGS_games);
  config.visits = absl::GetFlag(FLAGS_visits);
  config.leaves = absl::GetFlag(FLAGS_leaves_per_game);
  config.komi = absl::GetFlag(FLAGS_komi);
  config.seconds = absl::GetFlag(FLAGS_seconds);
  config.seed = absl::GetFlag(FLAGS_seed);
  config.gumbel = absl::GetFlag(FLAGS_gumbel);
  if (absl::Status s = ValidateBoardSize(config.size); !s.ok()) {
    std::fprintf(stderr, "tengen bench search: --size: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  if (config.games <= 0 || config.visits <= 0 || config.leaves <= 0 || config.seconds <= 0 ||
      absl::GetFlag(FLAGS_batch) <= 0) {
    std::fprintf(stderr,
                 "tengen bench search: --games, --visits, --leaves_per_game, --batch and --seconds "
                 "must be positive\n");
    return 2;
  }
  // --threads T: T lockstep groups of games/T games share the backend.
  const int threads = std::clamp(absl::GetFlag(FLAGS_threads), 1, config.games);
  const int batch =
      std::min(absl::GetFlag(FLAGS_batch), (config.games + threads - 1) / threads * config.leaves);

  const std::string model = absl::GetFlag(FLAGS_model);
  std::string arch = absl::GetFlag(FLAGS_arch);
  absl::StatusOr<nn::ModelConfig> model_config = nn::ModelConfigForArch(arch, config.size);
  if (model.empty() && !model_config.ok()) {
    std::fprintf(stderr, "tengen bench search: %s\n", std::string(model_config.status().message()).c_str());
    return 2;
  }

  // The search's own cost first, before LibTorch starts its thread pools.
  ZeroCostBackend zero(config.size, batch, config.seed);
  const LoopResult fake = RunSearchLoop(zero, config, /*threads=*/1, false, nullptr);
  // Per visit, less the fake network's own calls (see TimedBackend).
  const double per_visit = fake.visits > 0 ? 1e6 / static_cast<double>(fake.visits) : 0.0;
  const double overhead_us = (fake.seconds - fake.backend_seconds) * per_visit;
  const std::string zero_cost_summary = absl::StrFormat(
      "zero-cost run: %d visits, %d moves, %.3f us/visit in all (%.3f CPU), of which the fake network's "
      "calls %.3f",
      fake.visits, fake.moves, fake.seconds * per_visit, fake.cpu_seconds * per_visit,
      fake.backend_seconds * per_visit);
  const char* const root_kind = config.gumbel ? "gumbel root" : "puct + noise";
  if (absl::GetFlag(FLAGS_overhead_only)) {
    std::printf("# board %d, %d games, %d visits/move, %s; %s\n", config.size, config.games, config.visits,
                root_kind, zero_cost_summary.c_str());
    std::printf("overhead_us_per_visit=%.3f\n", overhead_us);
    return 0;
  }

  nn::TorchBackendOptions backend_options;
  backend_options.device = absl::GetFlag(FLAGS_device);
  backend_options.max_batch = batch;
  backend_options.threads = absl::GetFlag(FLAGS_torch_threads);
  backend_options.cuda_graphs = absl::GetFlag(FLAGS_cuda_graphs);
  backend_options.seed = config.seed;
  // On a GPU each thread gets its own instance (buffers, stream, graphs) so
  // that host work overlaps device work; CPU threads would only compete
  // for the same cores.
  backend_options.instances = backend_options.device == "cpu" ? 1 : threads;
  absl::StatusOr<std::unique_ptr<BatchBackend>> backend;
  if (model.empty()) {
    backend = nn::CreateRandomTorchBackend(*model_config, config.seed, backend_options);
  } else {
    backend = nn::CreateTorchBackend(model, backend_options);
    arch = model;
  }
  if (!backend.ok()) {
    std::fprintf(stderr, "tengen bench search: %s\n", std::string(backend.status().message()).c_str());
    return 1;
  }
  if ((*backend)->board_size() != config.size) {
    std::fprintf(stderr, "tengen bench search: the model is for %dx%d, not --size %d\n",
                 (*backend)->board_size(), (*backend)->board_size(), config.size);
    return 2;
  }
  absl::StatusOr<std::string> device = nn::ResolveDevice(backend_options.device);

  std::vector<CompactPosition> sample;
  const LoopResult net =
      RunSearchLoop(**backend, config, threads, backend_options.instances > 1, &sample);
  const double raw = RawEvalsPerSecond(**backend, sample, batch, config.seconds);

  const double visits_per_s = net.seconds > 0 ? net.visits / net.seconds : 0;
  std::printf("# %s; %s, board %d, %d games in %d lockstep group(s), %d visits/move, %d leaves/game, "
              "batch %d, device %s, %s\n",
              nn::TorchDescription().c_str(), arch.c_str(), config.size, config.games, threads,
              config.visits, config.leaves, batch, device.ok() ? device->c_str() : backend_options.device.c_str(),
              root_kind);
  std::printf("# network run: %lld visits, %lld moves, %.1f positions/batch; %s\n",
              static_cast<long long>(net.visits), static_cast<long long>(net.moves),
              net.batches > 0 ? static_cast<double>(net.positions) / net.batches : 0.0,
              zero_cost_summary.c_str());
  std::printf("visits_per_s=%.1f raw_evals_per_s=%.1f ratio=%.3f overhead_us_per_visit=%.3f\n",
              visits_per_s, raw, raw > 0 ? visits_per_s / raw : 0.0, overhead_us);
  return 0;
}

TENGEN_REGISTER_COMMAND(bench_search, "bench search",
                        "MCTS visits per second over many games, vs the raw network and search overhead",
                        RunBenchSearch,
                        "arch", "model", "size", "games", "visits", "batch", "leaves_per_game", "gumbel",
                        "komi", "device", "threads", "torch_threads", "cuda_graphs", "seconds", "seed",
                        "overhead_only");

}  // namespace
}  // namespace tengen::cli
