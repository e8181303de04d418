#include "engine/features/point_features.h"

#include <algorithm>
#include <array>

#include "absl/base/internal/raw_logging.h"
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
    Set(p, byte);
    p = board.NextInString(p);
  } while (p != stone);
}

void PointFeatures::Update(const Board& board, Point p, int captured, FeatureUndo* undo) {
  if (undo != nullptr) undo->BeginMove(NoUndoMark{});
  if (p == kPass) return;
  if (captured < 0) {
    // Suicide (where allowed): rare.
    if (undo != nullptr) {
      for (int q = 0; q < kNumPoints; ++q) {
        undo->Record(FeatureWrite{static_cast<uint16_t>(q), bytes_[q]});
      }
    }
    Compute(board);
    return;
  }
  recording_ = undo;
  const Color own = board.at(p);
  const Color opponent = Opponent(own);
  if (captured > 0) RemoveCaptured(board, p, own, opponent);
  // The move takes a liberty from each string next to it and merges with
  // its own colour's; nothing else changes. Strings whose class stays the
  // same keep their bytes.
  const uint8_t byte = StoneByte(board, p);
  Set(p, byte);
  bool merged_rewritten = false;
  for (int offset : Board::kNeighbourOffsets) {
    const Point q = static_cast<Point>(p + offset);
    const Color c = board.at(q);
    if (c == own) {
      if (!merged_rewritten && bytes_[q] != byte) {
        RewriteString(board, p);
        merged_rewritten = true;
      }
    } else if (c == opponent && bytes_[q] != StoneByte(board, q)) {
      RewriteString(board, q);
    }
  }
  recording_ = nullptr;
}

void PointFeatures::Undo(FeatureUndo* undo) {
  ABSL_RAW_CHECK(undo->moves() > 0, "PointFeatures::Undo: no recorded update");
  undo->TakeBack([this](const FeatureWrite& w) { bytes_[w.point] = w.old_byte; });
}

void PointFeatures::RemoveCaptured(const Board& board, Point p, Color own, Color opponent) {
  // The captured strings touched p. Their points are empty on the board but
  // still hold the opponent's stone bytes here: flood them, and rewrite the
  // strings of `own` next to them (they gained liberties).
  const uint8_t was_opponent = static_cast<uint8_t>(opponent);
  std::array<Point, kMaxBoardSize * kMaxBoardSize> stack;
  int top = 0;
  auto take = [&](Point q) {
    if ((bytes_[q] & kColourMask) == was_opponent && board.at(q) == Color::kEmpty) {
      Set(q, 0);
      stack[top++] = q;
    }
  };
  for (int offset : Board::kNeighbourOffsets) take(static_cast<Point>(p + offset));
  while (top > 0) {
    const Point q = stack[--top];
    for (int offset : Board::kNeighbourOffsets) {
      const Point r = static_cast<Point>(q + offset);
      if (board.at(r) == own && r != p && bytes_[r] != StoneByte(board, r)) RewriteString(board, r);
      take(r);
    }
  }
}

}  // namespace tengen
