#include "selfplay/selfplay_worker.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <list>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/data/atomic_file.h"
#include "engine/data/progress.h"
#include "engine/data/record_convert.h"
#include "engine/data/shard_file.h"
#include "engine/rules/sgf_writer.h"
#include "engine/search/search_driver.h"
#include "selfplay/game_catalog.h"
#include "selfplay/model_registry.h"
#include "selfplay/resign_calibration.h"
#include "selfplay/selfplay_game.h"

namespace tengen::selfplay {
namespace {

using Clock = std::chrono::steady_clock;

void Warn(const std::string& line) { std::fprintf(stderr, "selfplay worker: %s\n", line.c_str()); }

struct LoadedModel {
  PublishedModel model;
  std::unique_ptr<BatchBackend> backend;
  std::unique_ptr<LockstepDriver> driver;
  int active_games = 0;
};

struct Slot {
  std::unique_ptr<SelfPlayGame> game;
  LoadedModel* model = nullptr;
  bool active = false;
};

class Worker {
 public:
  Worker(RunStorage& storage, const SelfPlaySettings& settings, const BackendLoader& loader, const WorkerLimits& limits,
         WorkerStats* stats)
      : storage_(storage),
        settings_(settings),
        loader_(loader),
        limits_(limits),
        stats_(stats),
        tag_(ProcessTag()),
        calibrator_(settings.resign_threshold, settings.target_false_resign_rate, settings.resign_calibration_games),
        rng_(settings.seed ^ (std::hash<std::string>()(tag_) * 0x9E3779B97F4A7C15ull) ^
             static_cast<uint64_t>(absl::ToUnixNanos(absl::Now()))) {}

  absl::Status Run();

 private:
  bool StopRequested() const { return limits_.stop != nullptr && limits_.stop->load(); }
  bool MayStartGame() const {
    return (limits_.max_games == 0 || games_started_ < limits_.max_games) &&
           (limits_.max_seconds <= 0 || data::SecondsSince(start_) < limits_.max_seconds);
  }
  absl::Status WaitForFirstModel();
  // Loads the newest model when it is newer than the current one.
  absl::Status PollModel();
  void StartGame(Slot& slot);
  void FinishGame(Slot& slot);
  absl::Status FlushShard();
  void RescuePending(const absl::Status& why);
  void WriteSgf(const SelfPlayGame& game, const data::RecordedGame& record);
  void PrintProgress();

  RunStorage& storage_;
  const SelfPlaySettings& settings_;
  const BackendLoader& loader_;
  const WorkerLimits& limits_;
  WorkerStats* stats_;
  std::string tag_;
  ResignCalibrator calibrator_;
  std::mt19937_64 rng_;
  std::list<LoadedModel> models_;  // newest last
  std::vector<Slot> slots_;
  int64_t games_started_ = 0;
  int64_t shard_sequence_ = 0;
  std::vector<std::string> pending_;  // framed records of finished games
  Clock::time_point first_pending_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_poll_ = Clock::now();
  Clock::time_point last_progress_ = Clock::now();
};

absl::Status Worker::WaitForFirstModel() {
  bool told = false;
  while (true) {
    if (absl::Status s = PollModel(); !s.ok()) return s;
    if (!models_.empty()) return absl::OkStatus();
    if (StopRequested()) return absl::CancelledError("stopped before a model was published");
    if (!told) Warn(absl::StrFormat("waiting for the first model in %s", storage_.LocalPath(kModelsFolder)));
    told = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

absl::Status Worker::PollModel() {
  last_poll_ = Clock::now();
  absl::StatusOr<PublishedModel> newest = NewestUsableModel(storage_, settings_.board_size, &Warn);
  if (!newest.ok()) return absl::IsNotFound(newest.status()) ? absl::OkStatus() : newest.status();
  if (!models_.empty() && models_.back().model.generation >= newest->generation) return absl::OkStatus();
  absl::StatusOr<std::unique_ptr<BatchBackend>> backend =
      loader_(storage_.LocalPath(newest->path), settings_.parallel_games);
  if (!backend.ok()) {
    // Published whole but unusable here (say, a device problem): keep the old one.
    Warn(absl::StrFormat("cannot load %s: %s", newest->path, backend.status().message()));
    return models_.empty() ? backend.status() : absl::OkStatus();
  }
  LoadedModel& loaded = models_.emplace_back();
  loaded.model = *newest;
  loaded.backend = *std::move(backend);
  loaded.driver = std::make_unique<LockstepDriver>(loaded.backend.get());
  stats_->last_model = loaded.model.name;
  Warn(absl::StrFormat("playing with %s (%s)", loaded.model.name, loaded.model.config.arch));
  return absl::OkStatus();
}

void Worker::StartGame(Slot& slot) {
  LoadedModel& model = models_.back();
  GameStart start;
  start.model_name = model.model.name;
  start.seed = rng_();
  start.resign_disabled = std::uniform_real_distribution<double>(0, 1)(rng_) < settings_.no_resign_fraction;
  start.resign_threshold = calibrator_.threshold();
  slot.game->Start(start);
  slot.model = &model;
  slot.active = true;
  ++model.active_games;
  ++games_started_;
}

void Worker::FinishGame(Slot& slot) {
  const data::RecordedGame record = slot.game->Record();
  slot.active = false;
  --slot.model->active_games;
  slot.model = nullptr;
  if (pending_.empty()) first_pending_ = Clock::now();
  pending_.push_back(data::FrameRecord(record));
  ++stats_->games;
  stats_->moves += record.num_positions();
  stats_->training_positions += record.num_training_positions();
  if (record.result_text.ends_with("+R")) ++stats_->resignations;
  if (record.resign_disabled) {
    calibrator_.AddNoResignGame(record);
    stats_->no_resign_games = calibrator_.no_resign_games();
    stats_->false_resignations = calibrator_.false_resignations();
  }
  if (settings_.sgf_every_games > 0 && stats_->games % settings_.sgf_every_games == 0) WriteSgf(*slot.game, record);
}

void Worker::WriteSgf(const SelfPlayGame& game, const data::RecordedGame& record) {
  SgfGameInfo info;
  info.komi = game.game().rules().komi;
  info.black_player = info.white_player = game.start().model_name;
  info.rules = "Tromp-Taylor";
  info.result = SgfResult::FromText(record.result_text);
  info.date = record.date;
  info.game_name = record.search_settings;
  const std::string name = absl::StrFormat("sgf/%s-%06d.sgf", tag_, stats_->games);
  absl::Status s = storage_.MakeFolder("sgf");
  if (s.ok()) s = storage_.WriteAtomically(name, tengen::WriteSgf(game.game(), info));
  if (!s.ok()) Warn(absl::StrFormat("sample SGF not written: %s", s.message()));
}

absl::Status Worker::FlushShard() {
  if (pending_.empty()) return absl::OkStatus();
  const std::string path = std::string(kGamesFolder) + "/" + ShardFileName(tag_, ++shard_sequence_);
  absl::Status s = storage_.MakeFolder(kGamesFolder);
  if (s.ok()) s = storage_.WriteAtomically(path, data::EncodeShard(pending_));
  if (!s.ok()) {
    RescuePending(s);
    return absl::Status(s.code(), absl::StrFormat("cannot write shard %s: %s", storage_.LocalPath(path), s.message()));
  }
  ++stats_->shards;
  pending_.clear();
  return absl::OkStatus();
}

void Worker::RescuePending(const absl::Status& why) {
  const std::string rescue =
      (std::filesystem::temp_directory_path() / ("tengen-rescue-" + ShardFileName(tag_, shard_sequence_))).string();
  absl::Status s = data::WriteFileAtomically(rescue, data::EncodeShard(pending_));
  if (s.ok()) {
    Warn(absl::StrFormat("%s; the %d finished games are saved in %s (copy it into %s)", why.message(), pending_.size(),
                         rescue, storage_.LocalPath(kGamesFolder)));
  } else {
    Warn(absl::StrFormat("%s; the rescue copy failed too (%s): %d finished games are lost", why.message(), s.message(),
                         pending_.size()));
  }
}

void Worker::PrintProgress() {
  last_progress_ = Clock::now();
  const double seconds = data::SecondsSince(start_);
  std::fprintf(stderr,
               "selfplay worker %s: %lld games (%.0f games/h), %lld moves (%.1f moves/s), %lld shards, model %s, "
               "resigned %lld, %s\n",
               tag_.c_str(), static_cast<long long>(stats_->games),
               seconds > 0 ? stats_->games * 3600.0 / seconds : 0.0, static_cast<long long>(stats_->moves),
               seconds > 0 ? stats_->moves / seconds : 0.0, static_cast<long long>(stats_->shards),
               stats_->last_model.c_str(), static_cast<long long>(stats_->resignations), calibrator_.Summary().c_str());
}

absl::Status Worker::Run() {
  if (absl::Status s = WaitForFirstModel(); !s.ok()) return s;
  slots_.resize(settings_.parallel_games);
  for (Slot& slot : slots_) {
    slot.game = std::make_unique<SelfPlayGame>(settings_);
    if (MayStartGame()) StartGame(slot);
  }
  std::vector<Search*> group;
  while (!StopRequested()) {
    int active = 0;
    for (LoadedModel& model : models_) {
      if (model.active_games == 0) continue;
      group.clear();
      for (Slot& slot : slots_) {
        if (slot.active && slot.model == &model) group.push_back(&slot.game->search());
      }
      stats_->network_positions += model.driver->Step(group);
    }
    for (Slot& slot : slots_) {
      if (!slot.active || !slot.game->search().Done()) {
        active += slot.active ? 1 : 0;
        continue;
      }
      if (!slot.game->FinishMove()) {
        ++active;
        continue;
      }
      FinishGame(slot);
      if (MayStartGame()) {
        StartGame(slot);
        ++active;
      }
    }
    const bool starting = MayStartGame();
    if (starting && data::SecondsSince(last_poll_) >= settings_.model_poll_seconds) {
      if (absl::Status s = PollModel(); !s.ok()) Warn(std::string(s.message()));
    }
    // Models whose games are all over (not the newest) are let go.
    for (auto it = models_.begin(); it != models_.end() && std::next(it) != models_.end();) {
      it = it->active_games == 0 ? models_.erase(it) : std::next(it);
    }
    if (!pending_.empty() && (static_cast<int>(pending_.size()) >= settings_.shard_games ||
                              data::SecondsSince(first_pending_) >= settings_.shard_seconds)) {
      if (absl::Status s = FlushShard(); !s.ok()) return s;
    }
    if (limits_.progress_seconds > 0 && data::SecondsSince(last_progress_) >= limits_.progress_seconds) PrintProgress();
    if (active == 0 && !starting) break;
  }
  if (absl::Status s = FlushShard(); !s.ok()) return s;
  stats_->seconds = data::SecondsSince(start_);
  if (limits_.progress_seconds > 0) PrintProgress();
  return absl::OkStatus();
}

}  // namespace

std::string ShardFileName(const std::string& process_tag, int64_t sequence) {
  const absl::Time now = absl::Now();
  return absl::StrFormat("%s-%s-%06d%s", absl::FormatTime("%Y%m%dT%H%M%E6SZ", now, absl::UTCTimeZone()), process_tag,
                         sequence, data::kShardExtension);
}

absl::Status RunSelfPlayWorker(RunStorage& storage, const SelfPlaySettings& settings, const BackendLoader& loader,
                               const WorkerLimits& limits, WorkerStats* stats) {
  WorkerStats local;
  Worker worker(storage, settings, loader, limits, stats != nullptr ? stats : &local);
  return worker.Run();
}

}  // namespace tengen::selfplay
