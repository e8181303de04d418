#include "engine/features/compact_position.h"

#include <algorithm>

#include "engine/features/plane_layout.h"

namespace tengen {

CompactPosition MakeCompactPosition(const Game& game) {
  CompactPosition cp;
  const Board& board = game.board();
  const int n = board.size();
  cp.board_size = static_cast<uint8_t>(n);
  cp.to_play = game.to_play() == Color::kWhite ? 2 : 1;
  cp.komi = game.rules().komi;
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      const Point p = MakePoint(x, y);
      const Color c = board.at(p);
      uint8_t v = static_cast<uint8_t>(c);
      if (c == Color::kBlack || c == Color::kWhite) {
        v |= static_cast<uint8_t>(std::min(3, board.Liberties(p)) << kLibertyShift);
      }
      cp.current[y * n + x] = v;
    }
  }
  const Point ko = board.ko_point();
  if (ko != kNoPoint && board.IsOnBoard(ko) && board.at(ko) == Color::kEmpty && !game.IsLegal(ko)) {
    cp.current[PointY(ko) * n + PointX(ko)] |= kKoBit;
  }
  const int previous = std::min<int>(static_cast<int>(cp.previous.size()), game.history_size() - 1);
  cp.previous_count = static_cast<uint8_t>(std::max(0, previous));
  for (int k = 0; k < cp.previous_count; ++k) {
    const auto& colours = game.history(k + 1);
    for (int y = 0; y < n; ++y) {
      for (int x = 0; x < n; ++x) {
        cp.previous[k][y * n + x] = colours[MakePoint(x, y)];
      }
    }
  }
  return cp;
}

}  // namespace tengen
