#include "selfplay/resign_calibration.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_format.h"

namespace tengen::selfplay {

bool IsFalseResignation(const data::RecordedGame& record) {
  if (record.would_resign_move == 0) return false;
  const int winner = record.winner > 0 ? 1 : (record.winner < 0 ? 2 : 0);
  return winner == record.would_resign_player;
}

ResignCalibrator::ResignCalibrator(float initial_threshold, float target_rate, int window_games)
    : threshold_(initial_threshold), target_rate_(target_rate), window_games_(std::max(1, window_games)) {}

void ResignCalibrator::AddNoResignGame(const data::RecordedGame& record) {
  ++games_;
  if (IsFalseResignation(record)) ++false_resignations_;
  if (target_rate_ <= 0 || record.winner == 0) return;
  winner_min_values_.push_back(record.winner_min_value);
  while (static_cast<int>(winner_min_values_.size()) > window_games_) winner_min_values_.pop_front();
  std::vector<float> sorted(winner_min_values_.begin(), winner_min_values_.end());
  std::sort(sorted.begin(), sorted.end());
  // Resigning below `threshold` would lose the games whose winner dipped
  // lower: keep that share at target_rate.
  const size_t k = static_cast<size_t>(std::floor(target_rate_ * static_cast<double>(sorted.size())));
  const float quantile = sorted[std::min(k, sorted.size() - 1)];
  threshold_ = std::clamp(std::nextafter(quantile, -2.0f), -1.0f, kMaxThreshold);
}

std::string ResignCalibrator::Summary() const {
  return absl::StrFormat("false resignations %d/%d (%.1f%%) at threshold %.3f", false_resignations_, games_,
                         100.0 * false_resign_rate(), threshold_);
}

}  // namespace tengen::selfplay
