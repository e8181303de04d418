#include "engine/features/compact_position.h"

#include <algorithm>
#include <cstring>

#include "engine/features/plane_layout.h"
#include "engine/features/point_features.h"

namespace tengen {

CompactPosition MakeCompactPosition(const Game& game) {
  CompactPosition cp;
  FillCompactPosition(game, &cp);
  return cp;
}

void FillCompactPosition(const Game& game, CompactPosition* cp) {
  const Board& board = game.board();
  FeatureSource source;
  source.board = &board;
  source.to_play = game.to_play();
  source.komi = game.rules().komi;
  const Point ko = board.ko_point();
  source.ko_illegal = ko != kNoPoint && board.IsOnBoard(ko) && board.at(ko) == Color::kEmpty &&
                      !game.IsLegal(ko);
  source.num_previous = std::clamp(game.history_size() - 1, 0, static_cast<int>(source.previous.size()));
  for (int k = 0; k < source.num_previous; ++k) source.previous[k] = game.history(k + 1).data();
  FillCompactPosition(source, cp);
}

namespace {

// Copies row y of a padded colour array (Board::colors() layout) to
// dst[y * n, y * n + n), the flat layout of CompactPosition. Rows are
// copied in increasing y: a fixed 32-byte copy (two vector moves instead of
// a memcpy call) may spill into the next row, which is written after it,
// but never past the n * n entries that belong to the board.
inline void CopyRow(const uint8_t* padded, int y, int n, uint8_t* dst) {
  static_assert(MakePoint(0, kMaxBoardSize - 1) + 32 <= kNumPoints);
  constexpr int kWide = 32;
  const uint8_t* src = padded + MakePoint(0, y);
  if (y * n + kWide <= n * n) {
    std::memcpy(dst + y * n, src, kWide);
  } else {
    std::memcpy(dst + y * n, src, n);
  }
}

// All rows of a padded array (Board::colors() layout) into the flat layout.
inline void CopyRows(const uint8_t* padded, int n, uint8_t* dst) {
  for (int y = 0; y < n; ++y) CopyRow(padded, y, n, dst);
}

}  // namespace

void FlattenColours(const std::array<uint8_t, kNumPoints>& colours, int size, uint8_t* plane) {
  CopyRows(colours.data(), size, plane);
}

// Search calls this once per leaf, with the point bytes and flat history it
// keeps: whole rows and planes are copied.
void FillCompactPosition(const FeatureSource& source, CompactPosition* cp) {
  const Board& board = *source.board;
  const int n = board.size();
  cp->board_size = static_cast<uint8_t>(n);
  cp->to_play = source.to_play == Color::kWhite ? 2 : 1;
  cp->komi = source.komi;
  if (source.point_bytes != nullptr) {
    CopyRows(source.point_bytes, n, cp->current.data());
  } else {
    PointFeatures features;
    features.Compute(board);
    CopyRows(features.bytes().data(), n, cp->current.data());
  }
  if (source.ko_illegal) {
    const Point ko = board.ko_point();
    cp->current[PointY(ko) * n + PointX(ko)] |= kKoBit;
  }
  cp->previous_count = static_cast<uint8_t>(source.num_previous);
  for (int k = 0; k < cp->previous_count; ++k) {
    if (source.previous_flat) {
      std::memcpy(cp->previous[k].data(), source.previous[k], static_cast<size_t>(n) * n);
    } else {
      CopyRows(source.previous[k], n, cp->previous[k].data());
    }
  }
  for (int k = cp->previous_count; k < static_cast<int>(cp->previous.size()); ++k) {
    std::memset(cp->previous[k].data(), 0, static_cast<size_t>(n) * n);
  }
}

}  // namespace tengen
