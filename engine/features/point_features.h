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
#include "engine/rules/undo_log.h"

namespace tengen {

// One feature byte a recorded update wrote, with the value it had.
struct FeatureWrite {
  uint16_t point;
  uint8_t old_byte;
};
// The bytes PointFeatures::Update changed, so that PointFeatures::Undo can
// take moves back, last first (search takes paths back this way, next to
// Board::Undo).
using FeatureUndo = UndoLog<FeatureWrite, NoUndoMark>;

class PointFeatures {
 public:
  // From scratch.
  void Compute(const Board& board);
  // After `board.Play(p, c)` returned `captured` on the board this object
  // last described. With `undo`, records what it changes there.
  void Update(const Board& board, Point p, int captured, FeatureUndo* undo = nullptr);
  // Takes back the last update recorded in *undo.
  void Undo(FeatureUndo* undo);

  // Padded layout (Board::colors()): stones as above, empty points 0,
  // off-board points Color::kOffboard.
  const std::array<uint8_t, kNumPoints>& bytes() const { return bytes_; }

 private:
  void RewriteString(const Board& board, Point stone);
  void RemoveCaptured(const Board& board, Point p, Color own, Color opponent);
  void Set(Point p, uint8_t byte) {
    if (recording_ != nullptr) recording_->Record(FeatureWrite{static_cast<uint16_t>(p), bytes_[p]});
    bytes_[p] = byte;
  }

  std::array<uint8_t, kNumPoints> bytes_{};
  FeatureUndo* recording_ = nullptr;  // during Update only
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_FEATURES_POINT_FEATURES_H_
