#include "engine/features/point_features.h"

#include <algorithm>

#include "engine/features/plane_layout.h"

namespace tengen {
namespace {

inline uint8_t StoneByte(const Board& board, Point p) {
  const int liberty_class = std::min(3, board.Liberties(p));
  return static_cast<uint8_t>(static_cast<int>(board.at(p)) | (liberty_class << kLibertyShift));
}

}  // namespace

void PointFeatures::Compute(const Board& board) {
  bytes_ = board.colors();
  const int n = board.size();
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      const Point p = MakePoint(x, y);
      const Color c = board.at(p);
      if (c == Color::kBlack || c == Color::kWhite) bytes_[p] = StoneByte(board, p);
    }
  }
}

void PointFeatures::RewriteString(const Board& board, Point stone) {
  const uint8_t byte = StoneByte(board, stone);
  Point p = stone;
  do {
    bytes_[p] = byte;
    p = board.NextInString(p);
  } while (p != stone);
}

void PointFeatures::Update(const Board& board, Point p, int captured) {
  if (p == kPass) return;
  if (captured != 0) {
    // Every string next to a captured stone gained liberties: rare enough
    // to start over.
    Compute(board);
    return;
  }
  // A stone without captures takes one liberty from each string next to
  // it and merges with its own colour's: nothing else changes.
  RewriteString(board, p);
  const Color opponent = Opponent(board.at(p));
  for (int offset : Board::kNeighbourOffsets) {
    const Point q = static_cast<Point>(p + offset);
    if (board.at(q) != opponent) continue;
    if (bytes_[q] != StoneByte(board, q)) RewriteString(board, q);
  }
}

}  // namespace tengen
