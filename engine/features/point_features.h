#ifndef TENGEN_ENGINE_FEATURES_POINT_FEATURES_H_
#define TENGEN_ENGINE_FEATURES_POINT_FEATURES_H_

// The per-point byte of CompactPosition::current (colour and the liberty
// class of the string there) for every point of a board, in the padded
// layout of Board::colors(), kept up to date move by move. Building it from
// scratch looks up the liberties of every stone's string, which made it
// the largest single cost of a search leaf; after a move without captures
// only the strings next to the move can change, so search keeps this next
// to its scratch board and copies rows from it.

#include <array>
#include <cstdint>

#include "engine/rules/board.h"

namespace tengen {

class PointFeatures {
 public:
  // From scratch.
  void Compute(const Board& board);
  // After `board.Play(p, c)` returned `captured` on the board this object
  // last described.
  void Update(const Board& board, Point p, int captured);

  // Padded layout (Board::colors()): stones as above, empty points 0,
  // off-board points Color::kOffboard.
  const std::array<uint8_t, kNumPoints>& bytes() const { return bytes_; }

 private:
  void RewriteString(const Board& board, Point stone);
  void RemoveCaptured(const Board& board, Point p, Color own, Color opponent);

  std::array<uint8_t, kNumPoints> bytes_{};
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_FEATURES_POINT_FEATURES_H_
