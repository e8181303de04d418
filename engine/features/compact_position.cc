#include "engine/features/compact_position.h"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/features/plane_layout.h"

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

// Bit x set where row y holds a stone (x < n).
inline uint32_t StoneBits(const uint8_t* padded, int y, int n) {
  const uint8_t* row = padded + MakePoint(0, y);
#if defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128();
  const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row));
  const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + 16));
  const uint32_t empty = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(lo, zero))) |
                         (static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(hi, zero))) << 16);
  return ~empty & ((1u << n) - 1);
#else
  uint32_t bits = 0;
  for (int x = 0; x < n; ++x) bits |= static_cast<uint32_t>(row[x] != 0) << x;
  return bits;
#endif
}

}  // namespace

void FlattenColours(const std::array<uint8_t, kNumPoints>& colours, int size, uint8_t* plane) {
  for (int y = 0; y < size; ++y) CopyRow(colours.data(), y, size, plane);
}

// Search calls this once per leaf: rows are copied whole, and only stones
// (on-board colours are 0, 1 or 2) look up their string's liberties.
void FillCompactPosition(const FeatureSource& source, CompactPosition* cp) {
  const Board& board = *source.board;
  const int n = board.size();
  cp->board_size = static_cast<uint8_t>(n);
  cp->to_play = source.to_play == Color::kWhite ? 2 : 1;
  cp->komi = source.komi;
  const uint8_t* colours = board.colors().data();
  if (source.point_bytes != nullptr) {
    for (int y = 0; y < n; ++y) CopyRow(source.point_bytes, y, n, cp->current.data());
  }
  for (int y = 0; y < n && source.point_bytes == nullptr; ++y) {
    CopyRow(colours, y, n, cp->current.data());
    uint8_t* out = &cp->current[y * n];
    const Point row = MakePoint(0, y);
    for (uint32_t stones = StoneBits(colours, y, n); stones != 0; stones &= stones - 1) {
      const int x = std::countr_zero(stones);
      const int liberty_class = std::min(3, board.Liberties(static_cast<Point>(row + x)));
      out[x] = static_cast<uint8_t>(colours[row + x] | (liberty_class << kLibertyShift));
    }
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
      for (int y = 0; y < n; ++y) CopyRow(source.previous[k], y, n, cp->previous[k].data());
    }
  }
  for (int k = cp->previous_count; k < static_cast<int>(cp->previous.size()); ++k) {
    std::memset(cp->previous[k].data(), 0, static_cast<size_t>(n) * n);
  }
}

}  // namespace tengen
