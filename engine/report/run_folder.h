#ifndef TENGEN_ENGINE_REPORT_RUN_FOLDER_H_
#define TENGEN_ENGINE_REPORT_RUN_FOLDER_H_

// Reads an experiment run folder as `tengen experiment` writes it:
//   run_info.json      flat JSON object of strings (commit, versions, device...)
//   experiment.pbtxt   the resolved experiment config, kept as text
//   checkpoints.tsv    "# tengen-checkpoints-1", a header, then one row per
//                      checkpoint: arm player model training_positions
//                      training_flops generation_flops device_seconds selfplay_games
//   eval.tsv           a header, then: player dataset positions top1 value_mse
//   arena/results.tsv  game results (engine/arena/game_results.h)
// A run may be partial (killed, still going): a missing file is noted, not an
// error, and a broken line is named "FILE:LINE: why", counted and skipped so
// that one bad row never hides the rest. Columns are found by the header's
// names, so a writer may add columns; without a header the order above is
// assumed.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/arena/game_results.h"

namespace tengen::report {

inline constexpr char kRunInfoFile[] = "run_info.json";
inline constexpr char kConfigFile[] = "experiment.pbtxt";
inline constexpr char kCheckpointsFile[] = "checkpoints.tsv";
inline constexpr char kEvalFile[] = "eval.tsv";
inline constexpr char kResultsFile[] = "arena/results.tsv";
inline constexpr char kCheckpointsMagic[] = "# tengen-checkpoints-1";

struct CheckpointRow {
  std::string arm;     // imitation, selfplay_zero, selfplay_bootstrap, ...
  std::string player;  // its arena name, "<arm>:<training positions>"
  std::string model;   // relative to the run folder
  int64_t training_positions = 0;
  double training_flops = 0;
  double generation_flops = 0;
  double device_seconds = 0;
  int64_t selfplay_games = 0;
};

struct EvalRow {
  std::string player;
  std::string dataset;  // "human" (held-out test games) or "alphago"
  int64_t positions = 0;
  double top1 = 0;
  std::optional<double> value_mse;  // absent when "nan" or empty
};

struct RunFolder {
  std::string dir;
  std::vector<std::pair<std::string, std::string>> run_info;  // file order
  std::optional<std::string> config_text;
  std::vector<CheckpointRow> checkpoints;
  std::vector<EvalRow> eval;
  std::vector<arena::GameResult> games;
  // Relative file name -> lines skipped (every file read has an entry).
  std::map<std::string, int> skipped_lines;
  std::vector<std::string> problems;       // "FILE:LINE: why"
  std::vector<std::string> missing_files;  // relative names
};

// The two tables as the experiment writes them (whole files: header and rows).
std::string FormatCheckpointTable(const std::vector<CheckpointRow>& rows);
std::string FormatEvalTable(const std::vector<EvalRow>& rows);

// Fails only when `dir` is not a readable folder or a file cannot be read.
absl::StatusOr<RunFolder> ReadRunFolder(const std::string& dir);

// The flat object of run_info.json. Non-string values are kept as their
// JSON text; nested objects or arrays are an error.
// On failure *error_line (may be null) is the line where parsing stopped.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseFlatJsonObject(const std::string& text,
                                                                                     int* error_line);

}  // namespace tengen::report

#endif  // TENGEN_ENGINE_REPORT_RUN_FOLDER_H_
