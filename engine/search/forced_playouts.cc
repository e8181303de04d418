#include "engine/search/forced_playouts.h"

#include <algorithm>
#include <cmath>

namespace tengen {

float ForcedVisits(float k, float prior, float root_visits) {
  return std::sqrt(std::max(0.0f, k * prior * root_visits));
}

std::vector<int> PruneForcedVisits(std::span<const ChildStats> children, float k, float c_puct, int root_visits) {
  std::vector<int> visits;
  visits.reserve(children.size());
  int best = -1;
  for (size_t i = 0; i < children.size(); ++i) {
    visits.push_back(children[i].visits);
    if (best < 0 || children[i].visits > children[best].visits) best = static_cast<int>(i);
  }
  if (best < 0 || k <= 0) return visits;
  const float numerator = c_puct * std::sqrt(static_cast<float>(std::max(root_visits, 1)));
  const ChildStats& b = children[best];
  const float best_score = b.value + numerator * b.prior / (1.0f + b.visits);
  for (size_t i = 0; i < children.size(); ++i) {
    if (static_cast<int>(i) == best) continue;
    const ChildStats& c = children[i];
    const float gap = best_score - c.value;
    if (gap <= 0) continue;  // PUCT would have wanted every visit
    // The fewest visits at which c's PUCT score is still below the best's:
    // value + numerator * prior / (1 + n) < best_score.
    const int wanted = static_cast<int>(std::floor(numerator * c.prior / gap - 1.0f)) + 1;
    const int floor_by_forcing =
        c.visits - static_cast<int>(std::floor(ForcedVisits(k, c.prior, static_cast<float>(root_visits))));
    int kept = std::clamp(std::max(wanted, floor_by_forcing), 0, c.visits);
    if (kept <= 1) kept = 0;
    visits[i] = kept;
  }
  return visits;
}

}  // namespace tengen
