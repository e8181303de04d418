#include "selfplay/run/selfplay_trainer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/data/progress.h"
#include "engine/nn/meta/model_file.h"
#include "engine/nn/network_api.h"
#include "engine/train/trainer.h"
#include "selfplay/game_catalog.h"
#include "selfplay/model_registry.h"
#include "selfplay/run/gating.h"
#include "selfplay/training_window.h"

namespace tengen::selfplay {
namespace {

using Clock = std::chrono::steady_clock;

constexpr char kTrainFolder[] = "train";
constexpr char kInitialModel[] = "train/initial.tgm";
constexpr char kTrainerOut[] = "train/trainer";
constexpr char kWindowsFolder[] = "train/windows";
// Gating: every trained generation lands here first, with a .decision file
// once its match is over; only accepted ones are published in models/.
constexpr char kCandidatesFolder[] = "candidates";

void Say(const std::string& line) { std::fprintf(stderr, "selfplay trainer: %s\n", line.c_str()); }

class Trainer {
 public:
  Trainer(RunStorage& storage, const SelfPlaySettings& settings, const TrainerLimits& limits)
      : storage_(storage), settings_(settings), limits_(limits), catalog_(&storage) {
    steps_per_generation_ = std::max<int64_t>(1, (settings.samples_per_export + settings.batch - 1) / settings.batch);
  }

  absl::Status Run();

 private:
  bool StopRequested() const { return limits_.stop != nullptr && limits_.stop->load(); }
  absl::Status PublishFirstModel();
  // Waits until generation `g` may train; false when stopped first.
  absl::StatusOr<bool> WaitForData(int generation);
  absl::StatusOr<std::vector<std::string>> WindowFor(int generation);
  absl::Status TrainGeneration(int generation);
  // The newest generation trained and settled (published, or gated either way).
  absl::StatusOr<int> NewestSettledGeneration();
  // Plays the candidate against the newest published model until the SPRT
  // decides or gating_max_games; true when it is promoted.
  absl::StatusOr<bool> Gate(int generation, std::string* summary);
  void PrintProgress(int next_generation);

  RunStorage& storage_;
  const SelfPlaySettings& settings_;
  const TrainerLimits& limits_;
  GameCatalog catalog_;
  int64_t steps_per_generation_ = 1;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_progress_ = Clock::now() - std::chrono::hours(1);
  Clock::time_point last_cleanup_ = Clock::now() - std::chrono::hours(1);
  Clock::time_point last_export_ = Clock::now();
  int64_t games_at_start_ = -1;
  int64_t positions_at_start_ = 0;
  int64_t window_positions_ = 0;
  int window_shards_ = 0;
  std::string current_model_;
};

absl::Status Trainer::PublishFirstModel() {
  if (!storage_.Exists(kInitialModel)) {
    absl::StatusOr<nn::ModelConfig> config = nn::ModelConfigForArch(settings_.arch, settings_.board_size);
    if (!config.ok()) return config.status();
    if (settings_.init_model.empty()) {
      if (absl::Status s = nn::WriteRandomModelFile(*config, settings_.seed, storage_.LocalPath(kInitialModel));
          !s.ok()) {
        return s;
      }
    } else {
      absl::StatusOr<nn::ModelFileContents> init = nn::ReadModelFile(settings_.init_model);
      if (!init.ok()) return init.status();
      if (init->config.arch != config->arch || init->config.board_size != settings_.board_size) {
        return absl::InvalidArgumentError(absl::StrFormat("init_model %s is %s on %dx%d, not %s on %dx%d",
                                                          settings_.init_model, init->config.arch,
                                                          init->config.board_size, init->config.board_size,
                                                          config->arch, settings_.board_size, settings_.board_size));
      }
      if (absl::Status s = nn::WriteModelFile(storage_.LocalPath(kInitialModel), init->config, init->weights);
          !s.ok()) {
        return s;
      }
    }
  }
  absl::StatusOr<std::vector<int>> generations = ListModelGenerations(storage_);
  if (!generations.ok()) return generations.status();
  if (!generations->empty()) return absl::OkStatus();
  absl::StatusOr<nn::ModelFileContents> initial = nn::ReadModelFile(storage_.LocalPath(kInitialModel));
  if (!initial.ok()) return initial.status();
  nn::ModelConfig meta = initial->config;
  meta.parent_model = settings_.init_model.empty() ? "" : initial->config.name;
  meta.name = ModelName(0);
  meta.created_by = "tengen selfplay train";
  meta.created_at = data::UtcTimestamp();
  if (absl::Status s = PublishModel(storage_, 0, meta, initial->weights); !s.ok()) return s;
  Say(absl::StrFormat("published %s (%s)", meta.name,
                      settings_.init_model.empty() ? "random weights" : settings_.init_model));
  return absl::OkStatus();
}

void Trainer::PrintProgress(int next_generation) {
  last_progress_ = Clock::now();
  const double hours = data::SecondsSince(start_) / 3600.0;
  const int64_t new_games = catalog_.games() - games_at_start_;
  const int64_t new_positions = catalog_.positions() - positions_at_start_;
  std::fprintf(stderr,
               "selfplay: %lld games (%.0f games/h), %lld positions (%.1f positions/s), window %lld positions in "
               "%d shards, model %s, last export %.0f s ago, training %s%s\n",
               static_cast<long long>(catalog_.games()), hours > 0 ? new_games / hours : 0.0,
               static_cast<long long>(catalog_.positions()), hours > 0 ? new_positions / (hours * 3600.0) : 0.0,
               static_cast<long long>(window_positions_), window_shards_, current_model_.c_str(),
               data::SecondsSince(last_export_), ModelName(next_generation).c_str(),
               catalog_.damaged_shards() > 0
                   ? absl::StrFormat(", %d damaged shards skipped", catalog_.damaged_shards()).c_str()
                   : "");
}

absl::StatusOr<bool> Trainer::WaitForData(int generation) {
  const double needed_samples = static_cast<double>(generation) * steps_per_generation_ * settings_.batch;
  while (true) {
    if (data::SecondsSince(last_cleanup_) > 60) {
      last_cleanup_ = Clock::now();
      for (const char* folder : {kGamesFolder, kModelsFolder, "sgf"}) {
        absl::StatusOr<int> removed = RemoveStaleTemporaries(storage_, folder, settings_.stale_temporary_seconds);
        if (removed.ok() && *removed > 0)
          Say(absl::StrFormat("removed %d stale temporary files in %s", *removed, folder));
      }
    }
    absl::StatusOr<int> added = catalog_.Refresh(Say);
    if (!added.ok()) return added.status();
    if (games_at_start_ < 0) {
      games_at_start_ = catalog_.games();
      positions_at_start_ = catalog_.positions();
    }
    const int64_t positions = catalog_.positions();
    window_positions_ =
        WindowPositions(positions, settings_.window_min_positions, settings_.window_expand, settings_.window_taper);
    if (limits_.progress_seconds > 0 && data::SecondsSince(last_progress_) >= limits_.progress_seconds) {
      PrintProgress(generation);
    }
    if (positions >= settings_.min_positions_to_train &&
        needed_samples <= settings_.max_samples_per_position * static_cast<double>(positions)) {
      return true;
    }
    if (StopRequested()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

absl::StatusOr<std::vector<std::string>> Trainer::WindowFor(int generation) {
  const std::string path = absl::StrFormat("%s/%s.txt", kWindowsFolder, ModelName(generation));
  std::vector<std::string> names;
  if (storage_.Exists(path)) {
    absl::StatusOr<std::string> text = storage_.Read(path);
    if (!text.ok()) return text.status();
    for (absl::string_view line : absl::StrSplit(*text, '\n', absl::SkipEmpty())) names.emplace_back(line);
  } else {
    for (const ShardCount& shard : NewestShards(catalog_.Shards(), window_positions_)) names.push_back(shard.name);
    if (absl::Status s = storage_.MakeFolder(kWindowsFolder); !s.ok()) return s;
    if (absl::Status s = storage_.WriteAtomically(path, absl::StrJoin(names, "\n") + "\n"); !s.ok()) return s;
  }
  std::vector<std::string> paths;
  for (const std::string& name : names) paths.push_back(storage_.LocalPath(std::string(kGamesFolder) + "/" + name));
  return paths;
}

absl::Status Trainer::TrainGeneration(int generation) {
  absl::StatusOr<std::vector<std::string>> window = WindowFor(generation);
  if (!window.ok()) return window.status();
  window_shards_ = static_cast<int>(window->size());
  train::TrainOptions o;
  o.shard_paths = *window;
  o.data_tag = ModelName(generation);
  o.data_source = 2;  // self-play
  o.out_dir = storage_.LocalPath(kTrainerOut);
  o.arch = settings_.arch;
  o.board_size = settings_.board_size;
  o.init_model = storage_.LocalPath(kInitialModel);
  o.device = settings_.device;
  o.threads = settings_.torch_threads;
  o.loader_threads = limits_.loader_threads;
  o.batch = settings_.batch;
  o.max_steps = static_cast<int64_t>(generation) * steps_per_generation_;
  o.lr = settings_.lr;
  o.decay = train::LrDecay::kConstant;
  o.warmup_steps = std::min<int64_t>(100, steps_per_generation_);
  // Fixed, so a restarted generation draws the same order (1 << 18 holds
  // any 9x9 window whole: a full shuffle).
  o.shuffle_buffer = 1 << 18;
  o.seed = settings_.seed;
  o.log_every = steps_per_generation_;
  o.eval_every = 0;
  o.checkpoint_every = settings_.checkpoint_every_steps;
  o.keep_checkpoints = 2;
  o.verbose = true;
  o.should_stop = [this] { return StopRequested(); };
  absl::StatusOr<train::TrainResult> result = train::RunTraining(o);
  if (!result.ok()) return result.status();
  if (result->stopped_early) return absl::OkStatus();

  absl::StatusOr<nn::ModelFileContents> trained = nn::ReadModelFile(result->model_path);
  if (!trained.ok()) return trained.status();
  nn::ModelConfig meta = trained->config;
  meta.name = ModelName(generation);
  meta.parent_model = ModelName(generation - 1);
  meta.data_source = nn::ModelDataSource::kSelfPlay;
  meta.unique_games = catalog_.games();
  meta.epochs = catalog_.positions() > 0 ? static_cast<double>(result->positions_seen) / catalog_.positions() : 0;
  meta.created_by = "tengen selfplay train";
  meta.created_at = data::UtcTimestamp();
  if (settings_.gating) {
    if (absl::Status s = PublishModel(storage_, generation, meta, trained->weights, kCandidatesFolder); !s.ok()) {
      return s;
    }
    std::string summary;
    absl::StatusOr<bool> promoted = Gate(generation, &summary);
    if (!promoted.ok()) return promoted.status();
    const std::string decision = absl::StrFormat("%s %s\n", *promoted ? "promoted" : "rejected", summary);
    Say(absl::StrFormat("gating %s: %s", meta.name, decision));
    if (absl::Status s =
            storage_.WriteAtomically(absl::StrFormat("%s/%s.decision", kCandidatesFolder, meta.name), decision);
        !s.ok()) {
      return s;
    }
    if (!*promoted) return absl::OkStatus();
  }
  if (absl::Status s = PublishModel(storage_, generation, meta, trained->weights); !s.ok()) return s;
  last_export_ = Clock::now();
  current_model_ = meta.name;
  Say(absl::StrFormat("published %s: step %d, %d positions trained, window %d positions in %d shards of %d games",
                      meta.name, result->steps, result->positions_seen, window_positions_, window_shards_,
                      catalog_.games()));
  return absl::OkStatus();
}

absl::StatusOr<int> Trainer::NewestSettledGeneration() {
  absl::StatusOr<std::vector<int>> published = ListModelGenerations(storage_);
  if (!published.ok()) return published.status();
  int newest = published->empty() ? 0 : published->back();
  absl::StatusOr<std::vector<int>> candidates = ListModelGenerations(storage_, kCandidatesFolder);
  if (!candidates.ok()) return candidates.status();
  for (int g : *candidates) {
    if (storage_.Exists(absl::StrFormat("%s/%s.decision", kCandidatesFolder, ModelName(g)))) {
      newest = std::max(newest, g);
    }
  }
  return newest;
}

absl::StatusOr<bool> Trainer::Gate(int generation, std::string* summary) {
  absl::StatusOr<PublishedModel> best = NewestUsableModel(storage_, settings_.board_size, &Say);
  if (!best.ok()) return best.status();
  absl::StatusOr<GatingResult> result =
      GateCandidate(storage_.LocalPath(absl::StrFormat("%s/%s.tgm", kCandidatesFolder, ModelName(generation))),
                    ModelName(generation), storage_.LocalPath(best->path), best->name, settings_,
                    settings_.seed * 1000003 + static_cast<uint64_t>(generation) * 1009, limits_.stop);
  if (!result.ok()) return result.status();
  *summary = result->summary;
  return result->promoted;
}

absl::Status Trainer::Run() {
  for (const char* folder : {kModelsFolder, kGamesFolder, kTrainFolder}) {
    if (absl::Status s = storage_.MakeFolder(folder); !s.ok()) return s;
  }
  if (absl::Status s = PublishFirstModel(); !s.ok()) return s;
  while (!StopRequested()) {
    absl::StatusOr<int> settled = NewestSettledGeneration();
    if (!settled.ok()) return settled.status();
    const int newest = *settled;
    absl::StatusOr<std::vector<int>> published = ListModelGenerations(storage_);
    if (published.ok() && !published->empty()) current_model_ = ModelName(published->back());
    if (limits_.max_generations > 0 && newest >= limits_.max_generations) return absl::OkStatus();
    const int next = newest + 1;
    absl::StatusOr<bool> ready = WaitForData(next);
    if (!ready.ok()) return ready.status();
    if (!*ready) break;
    if (absl::Status s = TrainGeneration(next); !s.ok()) {
      if (absl::IsCancelled(s) && StopRequested()) break;
      return s;
    }
  }
  Say("stopped; the same command resumes");
  return absl::OkStatus();
}

}  // namespace

absl::Status RunSelfPlayTrainer(RunStorage& storage, const SelfPlaySettings& settings, const TrainerLimits& limits) {
  Trainer trainer(storage, settings, limits);
  return trainer.Run();
}

}  // namespace tengen::selfplay
