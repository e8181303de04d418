#ifndef TENGEN_ENGINE_EXPERIMENT_EXPERIMENT_H_
#define TENGEN_ENGINE_EXPERIMENT_EXPERIMENT_H_

// `tengen experiment`: the comparison of the arms, stage by stage, each a
// child process of this binary (child_process.h) so that every stage keeps
// its own resume logic:
//   human      imitate prepare: the human games as train/validation/test shards
//   imitation  imitate train on them, a snapshot every checkpoint interval
//   selfplay_zero, selfplay_bootstrap
//              selfplay run from a random network, or from the imitation
//              arm's snapshot at bootstrap_from_positions; a model export
//              every checkpoint interval
//   eval       every checkpoint on held-out human games and AlphaGo's games
//   arena      the league (round-robin of checkpoints and league anchors),
//              then each engine anchor's gauntlet
//   report     tengen report
// A stage that finished leaves OUT/state/<stage>.done; kill -9 and the same
// command continue with the unfinished stage, which resumes from its own
// checkpoints. Device-seconds per arm are counted while its stage runs
// (OUT/state/<arm>.seconds) and each checkpoint is stamped with the count
// when it first appears (OUT/state/<arm>.seen).
//
// Folder (what tengen report reads): run_info.json, experiment.pbtxt,
// checkpoints.tsv, eval.tsv, arena/results.tsv, report/.

#include <atomic>
#include <string>

#include "absl/status/statusor.h"
#include "engine/experiment/experiment_config.h"

namespace tengen::experiment {

struct ExperimentOptions {
  std::string out_dir;
  // Recorded in run_info.json.
  std::string command_line;
  std::string device_description;  // e.g. "cpu: 2 cores" or the GPU's name
  std::string torch_version;
  // > 0: stop cleanly after this many seconds (a chunk on a lent machine);
  // the same command continues.
  double max_seconds = 0;
  const std::atomic<bool>* stop = nullptr;  // Ctrl-C
  // Passed to the report stage (--python); "" for its default.
  std::string python;
};

struct ExperimentResult {
  bool finished = false;  // every stage done; else stopped (max_seconds or Ctrl-C)
  std::string report_html;
};

absl::StatusOr<ExperimentResult> RunExperiment(const ExperimentSettings& settings, const ExperimentOptions& options);

}  // namespace tengen::experiment

#endif  // TENGEN_ENGINE_EXPERIMENT_EXPERIMENT_H_
