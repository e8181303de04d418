#ifndef TENGEN_ENGINE_EXPERIMENT_ARM_CHECKPOINTS_H_
#define TENGEN_ENGINE_EXPERIMENT_ARM_CHECKPOINTS_H_

// An arm's checkpoints in the experiment folder: where they are, what each
// cost, and the clock that stamps them while the arm's stage runs.
//   imitation  arms/imitation/snapshots/step-N.tgm  (N x batch positions)
//   self-play  arms/<arm>/run/models/gen-G.tgm     (G x interval positions;
//              generation 0, the start, is not one)
// state/<arm>.seconds holds the arm's device-seconds so far and
// state/<arm>.seen when each checkpoint first appeared (run_files.h).

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/experiment/generation_compute.h"
#include "engine/experiment/run_files.h"

namespace tengen::experiment {

struct ArmCheckpoint {
  std::string file;           // name within its folder, the key of the seen file
  std::string model;          // relative to the experiment folder
  int64_t own_positions = 0;  // trained in this arm
};

class ArmFolders {
 public:
  ArmFolders(std::string out_dir, int batch, int64_t checkpoint_every_positions)
      : out_dir_(std::move(out_dir)), batch_(batch), interval_(checkpoint_every_positions) {}

  std::string Path(const std::string& relative) const;
  std::string ArmFolder(const std::string& arm) const { return Path("arms/" + arm); }
  std::string SecondsPath(const std::string& arm) const { return Path("state/" + arm + ".seconds"); }
  std::string SeenPath(const std::string& arm) const { return Path("state/" + arm + ".seen"); }

  // Oldest first.
  std::vector<ArmCheckpoint> List(const std::string& arm) const;

  // The checkpoints table rows of an arm; `start` (the bootstrap arm's
  // imitation checkpoint, else empty) is added to positions, FLOPs and
  // seconds. Damaged model files are left out.
  std::vector<report::CheckpointRow> Rows(const std::string& arm, const report::CheckpointRow& start) const;

 private:
  std::string out_dir_;
  int batch_;
  int64_t interval_;
};

// Counts an arm's device-seconds while its stage runs and stamps each new
// checkpoint; Poll() is called about once a second.
class ArmClock {
 public:
  struct Options {
    double budget_seconds = 0;                // > 0: Poll() says when it is spent
    int64_t budget_positions = 0;             // for the ETA
    double forward_flops = 0;                 // of the network, per position
    GenerationCounter* generation = nullptr;  // self-play arms
    std::function<void(const std::string&)> say;
    double progress_seconds = 30;
  };

  ArmClock(const ArmFolders& folders, std::string arm, Options options);

  // True once the budget of seconds is spent.
  bool Poll();
  // Saves the count (also done every few seconds by Poll).
  void Finish();

 private:
  double Seconds() const;
  void Progress(double seconds) const;

  const ArmFolders& folders_;
  std::string arm_;
  Options o_;
  double base_;
  double since_;
  std::map<std::string, SeenCheckpoint> seen_;
  double last_save_ = 0;
  double last_progress_;
  int64_t start_positions_;
};

}  // namespace tengen::experiment

#endif  // TENGEN_ENGINE_EXPERIMENT_ARM_CHECKPOINTS_H_
