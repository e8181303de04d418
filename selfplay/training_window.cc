#include "selfplay/training_window.h"

#include <algorithm>
#include <cmath>

namespace tengen::selfplay {

int64_t WindowPositions(int64_t total, int64_t min_positions, double expand, double taper) {
  if (total <= min_positions) return total;
  const double m = static_cast<double>(min_positions);
  const double grown =
      (std::pow(static_cast<double>(total), taper) - std::pow(m, taper)) / (taper * std::pow(m, taper - 1.0));
  const int64_t window = static_cast<int64_t>(m + expand * grown);
  return std::clamp<int64_t>(window, min_positions, total);
}

std::vector<ShardCount> NewestShards(const std::vector<ShardCount>& oldest_first, int64_t positions) {
  int64_t covered = 0;
  size_t first = oldest_first.size();
  while (first > 0 && covered < positions) {
    --first;
    covered += oldest_first[first].positions;
  }
  return std::vector<ShardCount>(oldest_first.begin() + static_cast<std::ptrdiff_t>(first), oldest_first.end());
}

}  // namespace tengen::selfplay
