#include "engine/experiment/run_files.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "engine/data/atomic_file.h"

namespace tengen::experiment {
double ReadSeconds(const std::string& path) {
  std::string text;
  double seconds = 0;
  if (!data::ReadFileToString(path, &text).ok()) return 0;
  return absl::SimpleAtod(absl::StripAsciiWhitespace(text), &seconds) ? seconds : 0;
}

absl::Status WriteSeconds(const std::string& path, double seconds) {
  return data::WriteFileAtomically(path, absl::StrFormat("%.3f\n", seconds));
}

std::map<std::string, SeenCheckpoint> ReadSeen(const std::string& path) {
  std::map<std::string, SeenCheckpoint> seen;
  std::string text;
  if (!data::ReadFileToString(path, &text).ok()) return seen;
  const size_t end = text.rfind('\n');
  if (end == std::string::npos) return seen;
  for (absl::string_view line : absl::StrSplit(absl::string_view(text).substr(0, end), '\n')) {
    const std::vector<std::string> f = absl::StrSplit(line, '\t');
    SeenCheckpoint s;
    if (f.size() == 4 && !f[0].empty() && absl::SimpleAtod(f[1], &s.seconds) &&
        absl::SimpleAtod(f[2], &s.generation_flops) && absl::SimpleAtoi(f[3], &s.games) && !seen.contains(f[0])) {
      seen[f[0]] = s;
    }
  }
  return seen;
}

absl::Status AppendSeen(const std::string& path, const std::string& name, const SeenCheckpoint& seen) {
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (f == nullptr) return absl::InternalError(absl::StrCat("cannot append to ", path));
  // One write of a whole line: a kill leaves it whole, absent, or torn at
  // the end without its newline, which ReadSeen ignores.
  const std::string line =
      absl::StrFormat("%s\t%.3f\t%.6g\t%d\n", name, seen.seconds, seen.generation_flops, seen.games);
  const bool ok = std::fwrite(line.data(), 1, line.size(), f) == line.size();
  const bool closed = std::fclose(f) == 0;
  if (!ok || !closed) return absl::InternalError(absl::StrCat("cannot append to ", path));
  return absl::OkStatus();
}

absl::StatusOr<report::EvalRow> ParseEvalOutput(const std::string& output, const std::string& player,
                                                const std::string& dataset) {
  report::EvalRow row;
  row.player = player;
  row.dataset = dataset;
  bool have_positions = false;
  bool have_top1 = false;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    if (!absl::StartsWith(line, "positions=")) continue;
    for (absl::string_view field : absl::StrSplit(line, ' ', absl::SkipEmpty())) {
      const std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(field, absl::MaxSplits('=', 1));
      if (kv.first == "positions") have_positions = absl::SimpleAtoi(kv.second, &row.positions);
      if (kv.first == "top1") have_top1 = absl::SimpleAtod(kv.second, &row.top1);
      double mse = 0;
      if (kv.first == "value_mse" && absl::SimpleAtod(kv.second, &mse) && std::isfinite(mse)) row.value_mse = mse;
    }
  }
  if (!have_positions || !have_top1) {
    return absl::InvalidArgumentError(absl::StrCat("no \"positions=N top1=X\" line in: ", output));
  }
  return row;
}

}  // namespace tengen::experiment
