#include "engine/features/input_planes.h"

#include <algorithm>

namespace tengen {

void EncodeInputPlanes(const CompactPosition& position, float* planes, float* global) {
  const int n = position.board_size;
  const int area = n * n;
  std::fill(planes, planes + InputPlanesSize(n), 0.0f);
  auto plane = [&](int index) { return planes + static_cast<size_t>(index) * area; };
  const int own = position.to_play;
  const int opponent = 3 - own;
  const bool black_to_move = own == 1;
  std::fill(plane(kPlaneOnBoard), plane(kPlaneOnBoard) + area, 1.0f);
  if (black_to_move) std::fill(plane(kPlaneBlackToMove), plane(kPlaneBlackToMove) + area, 1.0f);
  for (int i = 0; i < area; ++i) {
    const int v = position.current[i];
    const int colour = v & kColourMask;
    if (colour == own) plane(kPlaneOwnStones)[i] = 1.0f;
    if (colour == opponent) plane(kPlaneOpponentStones)[i] = 1.0f;
    const int liberties = (v >> kLibertyShift) & kLibertyMask;
    if (liberties > 0) plane(kPlaneLiberties1 + liberties - 1)[i] = 1.0f;
    if (v & kKoBit) plane(kPlaneKoIllegal)[i] = 1.0f;
  }
  const int previous = std::min<int>(position.previous_count, kHistoryPositions - 1);
  for (int k = 0; k < previous; ++k) {
    float* own_plane = plane(kPlaneOwnStones + 2 * (k + 1));
    float* opponent_plane = plane(kPlaneOpponentStones + 2 * (k + 1));
    for (int i = 0; i < area; ++i) {
      const int colour = position.previous[k][i] & kColourMask;
      if (colour == own) own_plane[i] = 1.0f;
      if (colour == opponent) opponent_plane[i] = 1.0f;
    }
  }
  const float komi = black_to_move ? -position.komi : position.komi;
  global[kGlobalKomi] = komi * kKomiScale;
  global[kGlobalBlackToMove] = black_to_move ? 1.0f : 0.0f;
}

}  // namespace tengen
