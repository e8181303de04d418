#ifndef TENGEN_ENGINE_RULES_BOARD_H_
#define TENGEN_ENGINE_RULES_BOARD_H_

// The stone layer: a padded one-dimensional board with incrementally kept
// strings (union by head, circular stone lists) and exact liberty counts, in
// the style of Leela Zero's FastBoard. It knows captures, suicide and the
// simple-ko point, and nothing about history (see game.h for superko, passes
// and undo). Copying a Board is a plain memcpy-sized copy; that is how undo
// and search take snapshots.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/rules/undo_log.h"

namespace tengen {

enum class Color : uint8_t { kEmpty = 0, kBlack = 1, kWhite = 2, kOffboard = 3 };

constexpr Color Opponent(Color c) {
  return c == Color::kBlack ? Color::kWhite : Color::kBlack;
}
char ColorChar(Color c);  // 'B', 'W', '.', '#'

constexpr int kMaxBoardSize = 19;
constexpr int kMinBoardSize = 2;
// Padded layout with one ring of off-board points, the same stride for every
// board size so that neighbour offsets are compile-time constants.
constexpr int kStride = kMaxBoardSize + 2;
constexpr int kNumPoints = kStride * (kMaxBoardSize + 2);

// A point index into the padded layout, or one of the special moves below.
using Point = int16_t;
constexpr Point kPass = -1;
constexpr Point kResign = -2;
constexpr Point kNoPoint = -3;

constexpr Point MakePoint(int x, int y) {  // x: column from left, y: row from top
  return static_cast<Point>((y + 1) * kStride + (x + 1));
}
constexpr int PointX(Point p) { return p % kStride - 1; }
constexpr int PointY(Point p) { return p / kStride - 1; }

// A move in "flat" form: y * size + x, size * size for pass. This is the
// encoding of GameRecord and of the policy head.
inline int ToFlat(Point p, int size) {
  return p == kPass ? size * size : PointY(p) * size + PointX(p);
}
inline Point FromFlat(int flat, int size) {
  return flat == size * size ? kPass : MakePoint(flat % size, flat / size);
}

absl::Status ValidateBoardSize(int size);

// One field a recorded move wrote, with the value it had.
struct BoardWrite {
  uint16_t offset;  // byte offset of the field in the Board
  int16_t old_value;
  bool wide;  // int16_t field (else uint8_t)
};
// The scalars of a Board before a recorded move.
struct BoardScalars {
  int num_empty;
  uint64_t hash;
  Point ko_point;
  int black_captures;
  int white_captures;
};
// What Board::Play(p, c, &undo) changed, so that Board::Undo can take the
// moves back, last first. Search replays short paths from one position
// thousands of times per move; taking back a path touches only the points
// its moves changed, where copying the board back touches all of it (5.7 KB,
// cold when a thread drives many games).
using BoardUndo = UndoLog<BoardWrite, BoardScalars>;

class Board {
 public:
  // Crashes on a size outside [2, 19]: callers validate with
  // ValidateBoardSize first (user input must never reach here unchecked).
  explicit Board(int size = 19);

  int size() const { return size_; }
  Color at(Point p) const { return static_cast<Color>(color_[p]); }
  const std::array<uint8_t, kNumPoints>& colors() const { return color_; }
  bool IsOnBoard(Point p) const { return p >= 0 && p < kNumPoints && color_[p] != static_cast<uint8_t>(Color::kOffboard); }

  // Zobrist hash of the stones alone (no side to move, no ko).
  uint64_t hash() const { return hash_; }
  // The point the side to move may not retake right now, or kNoPoint.
  Point ko_point() const { return ko_point_; }
  int captures(Color c) const { return c == Color::kBlack ? black_captures_ : white_captures_; }
  int stone_count(Color c) const;

  // Exact number of liberties of the string through p (p must hold a stone).
  int Liberties(Point p) const { return libs_[parent_[p]]; }
  int StringSize(Point p) const { return string_size_[parent_[p]]; }
  Point StringHead(Point p) const { return parent_[p]; }
  Point NextInString(Point p) const { return next_[p]; }

  // True if `c` playing at the empty point p would capture nothing and leave
  // its own new string without liberties.
  bool IsSuicide(Point p, Color c) const;
  // Legal under the stone rules plus the simple-ko point (superko is the
  // Game's business). Pass is always legal.
  bool IsLegal(Point p, Color c, bool allow_suicide = false) const;
  // True if p is an empty point all of whose neighbours are `c` stones, none
  // in atari, and at most one diagonal (zero at the edge) is the opponent's:
  // the usual "don't fill your own eye" test of random playouts.
  bool IsSimpleEye(Point p, Color c) const;
  // Would the move capture at least one opponent stone?
  bool WouldCapture(Point p, Color c) const;

  // Plays a stone or pass without legality checks (the caller checked IsLegal;
  // an occupied or off-board point crashes before the stone is placed). Returns
  // the stones captured (own stones lost to an allowed suicide count negatively).
  int Play(Point p, Color c);
  // The same, recording what it changes in *undo.
  int Play(Point p, Color c, BoardUndo* undo);
  // Takes back the last move recorded in *undo (which must hold moves
  // played on this board, in order, since it was cleared).
  void Undo(BoardUndo* undo);
  // Places a setup stone (SGF AB/AW, handicap): no captures, no ko change.
  // Fails on an occupied point.
  bool Place(Point p, Color c);
  // Removes the whole string through p (SGF AE removes single stones via
  // Clear; this is used to remove dead stones for scoring).
  void RemoveString(Point p);
  // Removes one stone (SGF AE). Recomputes strings; slow, setup only.
  void Clear(Point p);
  // SGF-style setup in one step: clears `clear`, then places black and white
  // stones (replacing whatever is there), then rebuilds strings once. All
  // points must be on the board.
  void ApplySetup(const std::vector<Point>& black, const std::vector<Point>& white,
                  const std::vector<Point>& clear);

  // All on-board points, row-major from the top-left.
  int num_empty() const { return num_empty_; }
  int num_stones() const { return size_ * size_ - num_empty_; }
  Point empty_point(int i) const { return empty_[i]; }

  // Neighbours in the padded layout.
  static constexpr std::array<int, 4> kNeighbourOffsets = {-kStride, -1, 1, kStride};
  static constexpr std::array<int, 4> kDiagonalOffsets = {-kStride - 1, -kStride + 1, kStride - 1, kStride + 1};

  // Rows of "XO." from the top, with GTP column letters; for debugging and
  // GTP showboard.
  std::string ToString() const;

 private:
  // The move logic is written once, over a recorder that either saves each
  // field before it is written (for Undo) or does nothing.
  template <typename Recorder>
  int PlayImpl(Point p, Color c, Recorder& record);
  template <typename Recorder>
  void AddStone(Point p, Color c, Recorder& record);
  template <typename Recorder>
  void RemoveStoneForCapture(Point p, Recorder& record);
  template <typename Recorder>
  int CaptureString(Point head, Recorder& record);
  template <typename Recorder>
  void MergeStrings(Point a_head, Point b_head, Recorder& record);
  void RebuildStrings();
  bool AdjacentToString(Point p, Point head) const;
  // The distinct string heads next to p; returns how many.
  int NeighbourStrings(Point p, std::array<Point, 4>* heads) const;

  int size_;
  std::array<uint8_t, kNumPoints> color_;
  std::array<Point, kNumPoints> parent_;   // string head for stones
  std::array<Point, kNumPoints> next_;     // circular list of a string's stones
  std::array<int16_t, kNumPoints> libs_;   // valid at string heads
  std::array<int16_t, kNumPoints> string_size_;  // valid at string heads
  std::array<Point, kNumPoints> empty_;    // the empty points, unordered
  std::array<int16_t, kNumPoints> empty_index_;
  int num_empty_ = 0;
  uint64_t hash_ = 0;
  Point ko_point_ = kNoPoint;
  int black_captures_ = 0;
  int white_captures_ = 0;
};

// Zobrist keys, fixed seed so hashes are stable across runs and processes.
uint64_t ZobristStone(Point p, Color c);
uint64_t ZobristToPlay(Color c);
uint64_t ZobristKo(Point p);

}  // namespace tengen

#endif  // TENGEN_ENGINE_RULES_BOARD_H_
