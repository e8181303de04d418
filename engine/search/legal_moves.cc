#include "engine/search/legal_moves.h"

#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tengen {
namespace {

// Bit x set where row y of the board is empty (x < size).
inline uint32_t EmptyRowBits(const uint8_t* colour, int y, int size) {
  const uint8_t* row = colour + MakePoint(0, y);
#if defined(__SSE2__)
  // A row starts at most at padded point 400 of 441: 32 bytes fit.
  static_assert(MakePoint(0, kMaxBoardSize - 1) + 32 <= kNumPoints);
  const __m128i zero = _mm_setzero_si128();
  const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row));
  const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + 16));
  const uint32_t bits = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(lo, zero))) |
                        (static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(hi, zero))) << 16);
  return bits & ((1u << size) - 1);
#else
  uint32_t bits = 0;
  for (int x = 0; x < size; ++x) bits |= static_cast<uint32_t>(row[x] == 0) << x;
  return bits;
#endif
}

inline void SetFlat(LegalMask* mask, int flat) { (*mask)[flat >> 6] |= uint64_t{1} << (flat & 63); }

}  // namespace

void LegalMoveMask(const Game& game, bool exact, LegalMask* mask) {
  const Board& board = game.board();
  if (!exact) {
    InTreeLegalMoveMask(board, game.to_play(), game.rules().allow_suicide, mask);
    return;
  }
  mask->fill(0);
  const int n = board.size();
  const int empties = board.num_empty();
  for (int i = 0; i < empties; ++i) {
    const Point p = board.empty_point(i);
    if (game.IsLegal(p)) SetFlat(mask, PointY(p) * n + PointX(p));
  }
}

void InTreeLegalMoveMask(const Board& board, Color to_play, bool allow_suicide, LegalMask* mask) {
  static_assert(static_cast<int>(Color::kEmpty) == 0 && kMaxBoardSize < 32);
  mask->fill(0);
  const int n = board.size();
  // Row by row in bits: a point with an empty neighbour is legal (but for
  // the ko point); only the others, usually few, need the full test.
  const uint8_t* colour = board.colors().data();
  const uint32_t row_mask = (1u << n) - 1;
  uint32_t empty[kMaxBoardSize + 2];
  empty[0] = empty[n + 1] = 0;
  for (int y = 0; y < n; ++y) empty[y + 1] = EmptyRowBits(colour, y, n);
  for (int y = 0; y < n; ++y) {
    const uint32_t e = empty[y + 1];
    const uint32_t free_neighbour = ((e << 1) | (e >> 1) | empty[y] | empty[y + 2]) & row_mask;
    uint64_t legal = e & free_neighbour;
    for (uint32_t hard = e & ~free_neighbour; hard != 0; hard &= hard - 1) {
      const int x = std::countr_zero(hard);
      if (board.IsLegal(MakePoint(x, y), to_play, allow_suicide)) legal |= uint64_t{1} << x;
    }
    const int offset = y * n;
    (*mask)[offset >> 6] |= legal << (offset & 63);
    if ((offset & 63) + n > 64) (*mask)[(offset >> 6) + 1] |= legal >> (64 - (offset & 63));
  }
  const Point ko = board.ko_point();
  if (ko != kNoPoint && board.IsOnBoard(ko)) {
    const int f = PointY(ko) * n + PointX(ko);
    (*mask)[f >> 6] &= ~(uint64_t{1} << (f & 63));
  }
}

}  // namespace tengen
