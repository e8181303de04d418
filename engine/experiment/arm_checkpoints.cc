#include "engine/experiment/arm_checkpoints.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/data/progress.h"
#include "engine/experiment/experiment_config.h"
#include "engine/nn/meta/model_file.h"
#include "selfplay/model_registry.h"

namespace tengen::experiment {
namespace fs = std::filesystem;

std::string ArmFolders::Path(const std::string& relative) const { return (fs::path(out_dir_) / relative).string(); }

std::vector<ArmCheckpoint> ArmFolders::List(const std::string& arm) const {
  std::vector<ArmCheckpoint> out;
  std::error_code ec;
  if (arm == kImitationArm) {
    for (const auto& entry : fs::directory_iterator(fs::path(ArmFolder(arm)) / "snapshots", ec)) {
      const std::string name = entry.path().filename().string();
      int64_t step = 0;
      if (!absl::StartsWith(name, "step-") || !absl::EndsWith(name, ".tgm") ||
          !absl::SimpleAtoi(name.substr(5, name.size() - 9), &step)) {
        continue;
      }
      out.push_back({name, absl::StrCat("arms/", arm, "/snapshots/", name), step * batch_});
    }
  } else {
    for (const auto& entry : fs::directory_iterator(fs::path(ArmFolder(arm)) / "run" / selfplay::kModelsFolder, ec)) {
      const std::string name = entry.path().filename().string();
      const std::optional<int> generation = selfplay::ModelGeneration(name);
      if (!generation.has_value() || *generation == 0) continue;
      out.push_back({name, absl::StrCat("arms/", arm, "/run/models/", name), int64_t{*generation} * interval_});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const ArmCheckpoint& a, const ArmCheckpoint& b) { return a.own_positions < b.own_positions; });
  return out;
}

std::vector<report::CheckpointRow> ArmFolders::Rows(const std::string& arm, const report::CheckpointRow& start) const {
  std::vector<report::CheckpointRow> rows;
  const std::map<std::string, SeenCheckpoint> seen = ReadSeen(SeenPath(arm));
  const double seconds_now = ReadSeconds(SecondsPath(arm));
  for (const ArmCheckpoint& c : List(arm)) {
    absl::StatusOr<nn::ModelFileContents> model = nn::ReadModelFile(Path(c.model));
    if (!model.ok()) continue;  // a damaged file is never a player
    report::CheckpointRow row;
    row.arm = arm;
    row.model = c.model;
    row.training_positions = start.training_positions + c.own_positions;
    row.player = absl::StrCat(arm, ":", row.training_positions);
    row.training_flops = start.training_flops + model->config.training_flops;
    const auto it = seen.find(c.file);
    // A checkpoint the clock never saw (written just before a kill) gets
    // the arm's count as it stands.
    const SeenCheckpoint stamp = it != seen.end() ? it->second : SeenCheckpoint{seconds_now, 0, 0};
    row.device_seconds = start.device_seconds + stamp.seconds;
    row.generation_flops = start.generation_flops + stamp.generation_flops;
    row.selfplay_games = stamp.games;
    rows.push_back(row);
  }
  return rows;
}

ArmClock::ArmClock(const ArmFolders& folders, std::string arm, Options options)
    : folders_(folders),
      arm_(std::move(arm)),
      o_(std::move(options)),
      base_(ReadSeconds(folders_.SecondsPath(arm_))),
      since_(data::MonotonicSeconds()),
      seen_(ReadSeen(folders_.SeenPath(arm_))),
      last_progress_(data::MonotonicSeconds()) {
  const std::vector<ArmCheckpoint> have = folders_.List(arm_);
  start_positions_ = have.empty() ? 0 : have.back().own_positions;
}

double ArmClock::Seconds() const { return base_ + (data::MonotonicSeconds() - since_); }

bool ArmClock::Poll() {
  const double seconds = Seconds();
  if (data::MonotonicSeconds() - last_save_ >= 5) {
    WriteSeconds(folders_.SecondsPath(arm_), seconds).IgnoreError();
    last_save_ = data::MonotonicSeconds();
  }
  for (const ArmCheckpoint& c : folders_.List(arm_)) {
    if (seen_.contains(c.file)) continue;
    SeenCheckpoint seen;
    seen.seconds = seconds;
    if (o_.generation != nullptr) {
      const GenerationCompute compute = o_.generation->Count(folders_.ArmFolder(arm_) + "/run", o_.forward_flops);
      seen.generation_flops = compute.flops;
      seen.games = compute.games;
    }
    seen_[c.file] = seen;
    AppendSeen(folders_.SeenPath(arm_), c.file, seen).IgnoreError();
  }
  if (data::MonotonicSeconds() - last_progress_ >= o_.progress_seconds) {
    last_progress_ = data::MonotonicSeconds();
    Progress(seconds);
  }
  return o_.budget_seconds > 0 && seconds >= o_.budget_seconds;
}

void ArmClock::Finish() { WriteSeconds(folders_.SecondsPath(arm_), Seconds()).IgnoreError(); }

void ArmClock::Progress(double seconds) const {
  if (!o_.say) return;
  const std::vector<ArmCheckpoint> have = folders_.List(arm_);
  const int64_t positions = have.empty() ? 0 : have.back().own_positions;
  const double session = data::MonotonicSeconds() - since_;
  const double rate = session > 0 ? (positions - start_positions_) / session : 0;
  std::string target = "";
  std::string eta = "?";
  if (o_.budget_seconds > 0) {
    target = absl::StrFormat(" (budget %s)", data::FormatDuration(o_.budget_seconds));
    eta = data::FormatDuration(o_.budget_seconds - seconds);
  } else {
    target = absl::StrFormat("/%d", o_.budget_positions);
    if (rate > 0) eta = data::FormatDuration((o_.budget_positions - positions) / rate);
  }
  o_.say(absl::StrFormat("%s: %d checkpoints, %d%s positions, %.0f positions/s, device %s, ETA %s", arm_, have.size(),
                         positions, target, rate, data::FormatDuration(seconds), eta));
}

}  // namespace tengen::experiment
