#include "engine/search/legal_moves.h"

#include <bit>

#include "engine/features/plane_layout.h"
#include "engine/search/cpu_features.h"

#if defined(__x86_64__)
#include <immintrin.h>
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

#if defined(__x86_64__)
__attribute__((target("popcnt"))) int CountMaskBitsPopcnt(const LegalMask& mask) {
  int count = 0;
  for (uint64_t word : mask) count += __builtin_popcountll(word);
  return count;
}
#endif

}  // namespace

int CountMaskBits(const LegalMask& mask) {
#if defined(__x86_64__)
  if (CpuHasPopcnt()) return CountMaskBitsPopcnt(mask);
#endif
  int count = 0;
  for (uint64_t word : mask) count += std::popcount(word);
  return count;
}

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

namespace {

// Sets the bits of row y (x < n in `row`) in the flat mask.
inline void OrRow(int y, int n, uint64_t row, LegalMask* mask) {
  const int offset = y * n;
  (*mask)[offset >> 6] |= row << (offset & 63);
  if ((offset & 63) + n > 64) (*mask)[(offset >> 6) + 1] |= row >> (64 - (offset & 63));
}

// The simple-ko point is never legal. `points` is the padded layout.
inline void ClearKoPoint(const uint8_t* points, int n, Point ko, LegalMask* mask) {
  if (ko != kNoPoint && ko >= 0 && ko < kNumPoints && points[ko] != static_cast<uint8_t>(Color::kOffboard)) {
    const int f = PointY(ko) * n + PointX(ko);
    (*mask)[f >> 6] &= ~(uint64_t{1} << (f & 63));
  }
}

// Row by row in bits: a point with an empty neighbour is legal (but for the
// ko point); only the others, usually few, need `hard_point_legal`.
// `points` is the padded layout with 0 for empty points.
template <typename HardPointLegal>
void MaskFromRows(const uint8_t* points, int n, Point ko, LegalMask* mask, HardPointLegal hard_point_legal) {
  static_assert(static_cast<int>(Color::kEmpty) == 0 && kMaxBoardSize < 32);
  mask->fill(0);
  const uint32_t row_mask = (1u << n) - 1;
  uint32_t empty[kMaxBoardSize + 2];
  empty[0] = empty[n + 1] = 0;
  for (int y = 0; y < n; ++y) empty[y + 1] = EmptyRowBits(points, y, n);
  for (int y = 0; y < n; ++y) {
    const uint32_t e = empty[y + 1];
    const uint32_t free_neighbour = ((e << 1) | (e >> 1) | empty[y] | empty[y + 2]) & row_mask;
    uint64_t legal = e & free_neighbour;
    for (uint32_t hard = e & ~free_neighbour; hard != 0; hard &= hard - 1) {
      const int x = std::countr_zero(hard);
      if (hard_point_legal(MakePoint(x, y))) legal |= uint64_t{1} << x;
    }
    OrRow(y, n, legal, mask);
  }
  ClearKoPoint(points, n, ko, mask);
}

}  // namespace

void InTreeLegalMoveMask(const Board& board, Color to_play, bool allow_suicide, LegalMask* mask) {
  MaskFromRows(board.colors().data(), board.size(), board.ko_point(), mask,
               [&](Point p) { return board.IsLegal(p, to_play, allow_suicide); });
}

namespace {

#if defined(__x86_64__)
// MaskFromRows for point bytes with every test on rows of bits: a point
// without empty neighbours is legal when a neighbour is a stone of its own
// with 2+ liberties or an opponent's in atari, so those stones get bit rows
// as well and no point is looked at on its own (the per-point test
// branches unpredictably; this form took 5% off a search visit,
// docs/BENCHMARKS.md session 6).
__attribute__((target("avx2"))) void MaskFromBytesAvx2(const uint8_t* bytes, int n, Point ko, uint8_t own,
                                                        uint8_t other, bool allow_suicide, LegalMask* mask) {
  static_assert(MakePoint(0, kMaxBoardSize - 1) + 32 <= kNumPoints && kMaxBoardSize < 32);
  const __m256i zero = _mm256_setzero_si256();
  const __m256i colour_and_liberties = _mm256_set1_epi8(kColourMask | (kLibertyMask << kLibertyShift));
  const __m256i own_two = _mm256_set1_epi8(static_cast<char>(own | (2 << kLibertyShift)));
  const __m256i own_more = _mm256_set1_epi8(static_cast<char>(own | (3 << kLibertyShift)));
  const __m256i other_atari = _mm256_set1_epi8(static_cast<char>(other | (1 << kLibertyShift)));
  const uint32_t row_mask = (1u << n) - 1;
  uint32_t empty[kMaxBoardSize + 2];
  uint32_t saving[kMaxBoardSize + 2];  // stones that make a neighbouring point legal
  empty[0] = empty[n + 1] = saving[0] = saving[n + 1] = 0;
  for (int y = 0; y < n; ++y) {
    const __m256i row = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bytes + MakePoint(0, y)));
    empty[y + 1] = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(row, zero))) & row_mask;
    const __m256i x = _mm256_and_si256(row, colour_and_liberties);
    const __m256i helps = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, own_two), _mm256_cmpeq_epi8(x, own_more)),
                                          _mm256_cmpeq_epi8(x, other_atari));
    saving[y + 1] = static_cast<uint32_t>(_mm256_movemask_epi8(helps)) & row_mask;
  }
  mask->fill(0);
  for (int y = 0; y < n; ++y) {
    const uint32_t e = empty[y + 1];
    const uint32_t s = saving[y + 1];
    const uint32_t neighbours_help = allow_suicide ? row_mask
                                                   : ((e << 1) | (e >> 1) | empty[y] | empty[y + 2] | (s << 1) |
                                                      (s >> 1) | saving[y] | saving[y + 2]);
    const uint64_t legal = e & neighbours_help & row_mask;
    OrRow(y, n, legal, mask);
  }
  ClearKoPoint(bytes, n, ko, mask);
}
#endif

}  // namespace

void InTreeLegalMoveMask(const std::array<uint8_t, kNumPoints>& point_bytes, int size, Point ko_point,
                         Color to_play, bool allow_suicide, LegalMask* mask, VectorPath path) {
  const uint8_t own = static_cast<uint8_t>(to_play);
  const uint8_t other = static_cast<uint8_t>(Opponent(to_play));
#if defined(__x86_64__)
  if (path == VectorPath::kBest && CpuHasAvx2()) {
    MaskFromBytesAvx2(point_bytes.data(), size, ko_point, own, other, allow_suicide, mask);
    return;
  }
#endif
  // A point without empty neighbours is legal if it captures (an opponent
  // string with one liberty next to it) or joins a string of its own with
  // another liberty; the liberty class of every stone is in its byte.
  MaskFromRows(point_bytes.data(), size, ko_point, mask, [&](Point p) {
    if (allow_suicide) return true;
    for (int d : Board::kNeighbourOffsets) {
      const uint8_t b = point_bytes[p + d];
      const uint8_t colour = b & kColourMask;
      const int liberty_class = (b >> kLibertyShift) & kLibertyMask;
      if ((colour == own && liberty_class > 1) || (colour == other && liberty_class == 1)) return true;
    }
    return false;
  });
}

}  // namespace tengen
