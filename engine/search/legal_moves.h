#ifndef TENGEN_ENGINE_SEARCH_LEGAL_MOVES_H_
#define TENGEN_ENGINE_SEARCH_LEGAL_MOVES_H_

// The legal points of a position as a bit mask over flat indices
// (y * size + x); pass is always legal and not in the mask. Every search
// leaf needs this, so the in-tree form works on rows of bits.

#include <array>
#include <cstdint>

#include "engine/rules/game.h"
#include "engine/search/cpu_features.h"

namespace tengen {

using LegalMask = std::array<uint64_t, (kMaxBoardSize * kMaxBoardSize + 63) / 64>;

// exact: Game::IsLegal (superko included), for the root. Otherwise the
// stone rules and the simple-ko point (Board::IsLegal with the game's
// suicide rule), for positions inside the tree, where superko is checked
// when a move is first visited.
void LegalMoveMask(const Game& game, bool exact, LegalMask* mask);
// The in-tree (not exact) mask for `to_play` on a bare board.
void InTreeLegalMoveMask(const Board& board, Color to_play, bool allow_suicide, LegalMask* mask);
// The same from a board's PointFeatures::bytes() and ko point: one byte per
// neighbour instead of a string's liberty lookup (search keeps the bytes).
// With AVX2 where the CPU has it (chosen at run time).
void InTreeLegalMoveMask(const std::array<uint8_t, kNumPoints>& point_bytes, int size, Point ko_point,
                         Color to_play, bool allow_suicide, LegalMask* mask,
                         VectorPath path = VectorPath::kBest);

// How many points are set (with the CPU's popcount instruction where it
// has one: every expansion counts its moves, and the generic fallback is a
// library call per word).
int CountMaskBits(const LegalMask& mask);

inline bool MaskHas(const LegalMask& mask, int flat) { return (mask[flat >> 6] >> (flat & 63)) & 1; }

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_LEGAL_MOVES_H_
