#ifndef TENGEN_SELFPLAY_RESIGN_CALIBRATION_H_
#define TENGEN_SELFPLAY_RESIGN_CALIBRATION_H_

// False resignations, measured on the share of games played to the end
// without resigning: a game is a false resignation when the side that
// would first have resigned (its search value below the threshold) went on
// to win. The rate is false resignations over such games (AlphaGo Zero
// kept it under 5%). Recalibration (Minigo's calibrator) picks the
// threshold at which `target_rate` of the recent no-resign games' winners
// would have resigned: the target_rate quantile of the winners' lowest
// search values. Thresholds above kMaxThreshold are never chosen, so a
// young network whose values all sit near 0 does not resign every game.

#include <cstdint>
#include <deque>
#include <string>

#include "engine/data/recorded_game.h"

namespace tengen::selfplay {

class ResignCalibrator {
 public:
  static constexpr float kMaxThreshold = -0.5f;

  // target_rate 0: measure only, the threshold stays initial_threshold.
  ResignCalibrator(float initial_threshold, float target_rate, int window_games);

  // A finished game that was played with resignation disabled.
  void AddNoResignGame(const data::RecordedGame& record);

  float threshold() const { return threshold_; }
  int64_t no_resign_games() const { return games_; }
  int64_t false_resignations() const { return false_resignations_; }
  double false_resign_rate() const { return games_ > 0 ? static_cast<double>(false_resignations_) / games_ : 0.0; }
  // "false resignations 2/40 (5.0%) at threshold -0.900"
  std::string Summary() const;

 private:
  float threshold_;
  float target_rate_;
  int window_games_;
  std::deque<float> winner_min_values_;
  int64_t games_ = 0;
  int64_t false_resignations_ = 0;
};

// Whether a no-resign game's would-be resignation was false.
bool IsFalseResignation(const data::RecordedGame& record);

}  // namespace tengen::selfplay

#endif  // TENGEN_SELFPLAY_RESIGN_CALIBRATION_H_
