#include "engine/features/compact_position.h"

#include <algorithm>
#include <cstring>

#include "engine/features/plane_layout.h"

namespace tengen {

CompactPosition MakeCompactPosition(const Game& game) {
  CompactPosition cp;
  FillCompactPosition(game, &cp);
  return cp;
}

// Search calls this once per leaf, so it works row by row on the padded
// colour arrays and copies history rows with memcpy.
void FillCompactPosition(const Game& game, CompactPosition* cp) {
  const Board& board = game.board();
  const int n = board.size();
  cp->board_size = static_cast<uint8_t>(n);
  cp->to_play = game.to_play() == Color::kWhite ? 2 : 1;
  cp->komi = game.rules().komi;
  const uint8_t* colours = board.colors().data();
  for (int y = 0; y < n; ++y) {
    const Point row = MakePoint(0, y);
    uint8_t* out = &cp->current[y * n];
    for (int x = 0; x < n; ++x) {
      const uint8_t c = colours[row + x];
      uint8_t v = c;
      if (c == static_cast<uint8_t>(Color::kBlack) || c == static_cast<uint8_t>(Color::kWhite)) {
        v |= static_cast<uint8_t>(std::min(3, board.Liberties(static_cast<Point>(row + x)))
                                  << kLibertyShift);
      }
      out[x] = v;
    }
  }
  const Point ko = board.ko_point();
  if (ko != kNoPoint && board.IsOnBoard(ko) && board.at(ko) == Color::kEmpty && !game.IsLegal(ko)) {
    cp->current[PointY(ko) * n + PointX(ko)] |= kKoBit;
  }
  const int previous = std::min<int>(static_cast<int>(cp->previous.size()), game.history_size() - 1);
  cp->previous_count = static_cast<uint8_t>(std::max(0, previous));
  for (int k = 0; k < cp->previous_count; ++k) {
    const uint8_t* src = game.history(k + 1).data();
    uint8_t* dst = cp->previous[k].data();
    for (int y = 0; y < n; ++y) std::memcpy(dst + y * n, src + MakePoint(0, y), n);
  }
  for (int k = cp->previous_count; k < static_cast<int>(cp->previous.size()); ++k) {
    std::memset(cp->previous[k].data(), 0, static_cast<size_t>(n) * n);
  }
}

}  // namespace tengen
