#include "engine/train/checkpoint_state.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "engine/data/atomic_file.h"

namespace tengen::train {
namespace {

namespace fs = std::filesystem;
constexpr char kLatest[] = "latest";
constexpr char kFingerprintPrefix[] = "option.";

}  // namespace

std::string FormatTrainState(const TrainState& s) {
  std::string out = absl::StrFormat(
      "step=%d\nepoch=%d\nepoch_position=%d\npositions_seen=%d\ntraining_flops=%.17g\n", s.step,
      s.epoch, s.epoch_position, s.positions_seen, s.training_flops);
  if (!s.data_tag.empty()) absl::StrAppendFormat(&out, "data_tag=%s\n", s.data_tag);
  for (const auto& [k, v] : s.fingerprint) absl::StrAppendFormat(&out, "%s%s=%s\n", kFingerprintPrefix, k, v);
  return out;
}

absl::StatusOr<TrainState> ParseTrainState(const std::string& text, const std::string& name) {
  TrainState s;
  int found = 0;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    if (line.empty()) continue;
    const size_t eq = line.find('=');
    if (eq == absl::string_view::npos) {
      return absl::DataLossError(absl::StrFormat("%s:%d: expected key=value", name, line_number));
    }
    const std::string key(line.substr(0, eq));
    const std::string value(line.substr(eq + 1));
    bool ok = true;
    if (key == "step") {
      ok = absl::SimpleAtoi(value, &s.step);
    } else if (key == "epoch") {
      ok = absl::SimpleAtoi(value, &s.epoch);
    } else if (key == "epoch_position") {
      ok = absl::SimpleAtoi(value, &s.epoch_position);
    } else if (key == "positions_seen") {
      ok = absl::SimpleAtoi(value, &s.positions_seen);
    } else if (key == "training_flops") {
      ok = absl::SimpleAtod(value, &s.training_flops);
    } else if (key == "data_tag") {
      s.data_tag = value;  // optional: not counted in `found`
      continue;
    } else if (absl::StartsWith(key, kFingerprintPrefix)) {
      s.fingerprint[key.substr(sizeof(kFingerprintPrefix) - 1)] = value;
      continue;
    } else {
      continue;
    }
    ++found;
    if (!ok) {
      return absl::DataLossError(absl::StrFormat("%s:%d: bad value for %s", name, line_number, key));
    }
  }
  if (found != 5) return absl::DataLossError(absl::StrFormat("%s: incomplete training state", name));
  return s;
}

absl::Status CheckSameFingerprint(const std::map<std::string, std::string>& checkpoint,
                                  const std::map<std::string, std::string>& now,
                                  const std::string& checkpoint_path) {
  std::string differences;
  for (const auto& [k, v] : now) {
    auto it = checkpoint.find(k);
    const std::string old = it == checkpoint.end() ? "(unset)" : it->second;
    if (old != v) absl::StrAppendFormat(&differences, " --%s: %s then, %s now;", k, old, v);
  }
  if (differences.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrFormat(
      "%s was made with other settings:%s resume with the same flags or use another --out",
      checkpoint_path, differences));
}

std::string CheckpointsDir(const std::string& out_dir) {
  return (fs::path(out_dir) / "checkpoints").string();
}

std::string CheckpointDirName(int64_t step) { return absl::StrFormat("step-%09d", step); }

absl::StatusOr<std::optional<std::string>> LatestCheckpoint(const std::string& out_dir) {
  const fs::path latest = fs::path(CheckpointsDir(out_dir)) / kLatest;
  if (!fs::exists(latest)) return std::optional<std::string>();
  std::string name;
  if (absl::Status s = data::ReadFileToString(latest.string(), &name); !s.ok()) return s;
  name = std::string(absl::StripAsciiWhitespace(name));
  const fs::path dir = fs::path(CheckpointsDir(out_dir)) / name;
  if (name.empty() || !fs::is_directory(dir)) {
    return absl::DataLossError(absl::StrFormat("%s names a missing checkpoint '%s'",
                                               latest.string(), name));
  }
  return std::optional<std::string>(dir.string());
}

absl::Status PublishCheckpoint(const std::string& out_dir, const std::string& name, int keep) {
  const fs::path dir(CheckpointsDir(out_dir));
  if (absl::Status s = data::WriteFileAtomically((dir / kLatest).string(), name + "\n"); !s.ok()) {
    return s;
  }
  std::vector<std::string> folders;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string n = entry.path().filename().string();
    if (entry.is_directory() && absl::StartsWith(n, "step-")) folders.push_back(n);
  }
  std::sort(folders.begin(), folders.end());
  // Names sort by step; keep the newest `keep`, never the published one.
  const int excess = static_cast<int>(folders.size()) - std::max(1, keep);
  for (int i = 0; i < excess; ++i) {
    if (folders[i] != name) (void)data::RemoveTree((dir / folders[i]).string());
  }
  return absl::OkStatus();
}

}  // namespace tengen::train
