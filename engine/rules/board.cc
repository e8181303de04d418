#include "engine/rules/board.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "absl/base/internal/raw_logging.h"
#include "absl/strings/str_format.h"
#include "engine/rules/splitmix64.h"

namespace tengen {
namespace {

constexpr uint8_t kEmptyByte = static_cast<uint8_t>(Color::kEmpty);
constexpr uint8_t kOffboardByte = static_cast<uint8_t>(Color::kOffboard);

// A fixed, portable key stream so hashes agree across builds.
struct ZobristTable {
  std::array<std::array<uint64_t, kNumPoints>, 3> stone{};
  std::array<uint64_t, 3> to_play{};
  std::array<uint64_t, kNumPoints> ko{};
  ZobristTable() {
    SplitMix64 next(0x7465'6e67'656e'0001ULL);  // "tengen"
    for (auto& row : stone) {
      for (auto& key : row) key = next();
    }
    for (auto& key : to_play) key = next();
    for (auto& key : ko) key = next();
  }
};

const ZobristTable& Zobrist() {
  static const ZobristTable* table = new ZobristTable();
  return *table;
}

// Writes nothing down: the plain Play.
struct NoRecord {
  template <typename T>
  void operator()(const T&) {}
};

static_assert(sizeof(Board) <= 0xffff, "BoardUndo addresses fields by 16-bit offsets");

// Saves each field before the move logic writes it.
struct UndoRecord {
  const Board* board;
  BoardUndo* undo;
  void operator()(const uint8_t& field) { Save(&field, field, false); }
  void operator()(const int16_t& field) { Save(&field, field, true); }
  void Save(const void* field, int16_t value, bool wide) {
    const auto offset = static_cast<uint16_t>(static_cast<const char*>(field) -
                                              reinterpret_cast<const char*>(board));
    undo->Record(BoardWrite{offset, value, wide});
  }
};

}  // namespace

uint64_t ZobristStone(Point p, Color c) { return Zobrist().stone[static_cast<int>(c)][p]; }
uint64_t ZobristToPlay(Color c) { return Zobrist().to_play[static_cast<int>(c)]; }
uint64_t ZobristKo(Point p) { return p >= 0 ? Zobrist().ko[p] : 0; }

char ColorChar(Color c) {
  switch (c) {
    case Color::kBlack:
      return 'X';
    case Color::kWhite:
      return 'O';
    case Color::kEmpty:
      return '.';
    default:
      return '#';
  }
}

absl::Status ValidateBoardSize(int size) {
  if (size < kMinBoardSize || size > kMaxBoardSize) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "unsupported board size %d (tengen plays square boards from %dx%d to %dx%d)", size,
        kMinBoardSize, kMinBoardSize, kMaxBoardSize, kMaxBoardSize));
  }
  return absl::OkStatus();
}

Board::Board(int size) : size_(size) {
  ABSL_RAW_CHECK(size >= kMinBoardSize && size <= kMaxBoardSize, "board size out of range");
  color_.fill(kOffboardByte);
  parent_.fill(0);
  next_.fill(0);
  libs_.fill(0);
  string_size_.fill(0);
  empty_index_.fill(-1);
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      const Point p = MakePoint(x, y);
      color_[p] = kEmptyByte;
      empty_index_[p] = static_cast<int16_t>(num_empty_);
      empty_[num_empty_++] = p;
    }
  }
}

int Board::stone_count(Color c) const {
  int n = 0;
  for (int y = 0; y < size_; ++y) {
    for (int x = 0; x < size_; ++x) n += at(MakePoint(x, y)) == c;
  }
  return n;
}

bool Board::AdjacentToString(Point p, Point head) const {
  for (int d : kNeighbourOffsets) {
    const Point n = static_cast<Point>(p + d);
    if (color_[n] != kEmptyByte && color_[n] != kOffboardByte && parent_[n] == head) return true;
  }
  return false;
}

bool Board::IsSuicide(Point p, Color c) const {
  const uint8_t own = static_cast<uint8_t>(c);
  const uint8_t other = static_cast<uint8_t>(Opponent(c));
  for (int d : kNeighbourOffsets) {
    const Point n = static_cast<Point>(p + d);
    const uint8_t nc = color_[n];
    if (nc == kEmptyByte) return false;
    if (nc == own && libs_[parent_[n]] > 1) return false;
    if (nc == other && libs_[parent_[n]] == 1) return false;
  }
  return true;
}

bool Board::WouldCapture(Point p, Color c) const {
  const uint8_t other = static_cast<uint8_t>(Opponent(c));
  for (int d : kNeighbourOffsets) {
    const Point n = static_cast<Point>(p + d);
    if (color_[n] == other && libs_[parent_[n]] == 1) return true;
  }
  return false;
}

bool Board::IsLegal(Point p, Color c, bool allow_suicide) const {
  if (p == kPass) return true;
  if (!IsOnBoard(p) || color_[p] != kEmptyByte) return false;
  if (p == ko_point_) return false;
  if (!allow_suicide && IsSuicide(p, c)) return false;
  return true;
}

bool Board::IsSimpleEye(Point p, Color c) const {
  if (color_[p] != kEmptyByte) return false;
  const uint8_t own = static_cast<uint8_t>(c);
  for (int d : kNeighbourOffsets) {
    const Point n = static_cast<Point>(p + d);
    const uint8_t nc = color_[n];
    if (nc == kOffboardByte) continue;
    if (nc != own || libs_[parent_[n]] == 1) return false;
  }
  int bad_diagonals = 0;
  bool at_edge = false;
  const uint8_t other = static_cast<uint8_t>(Opponent(c));
  for (int d : kDiagonalOffsets) {
    const uint8_t dc = color_[p + d];
    if (dc == kOffboardByte) {
      at_edge = true;
    } else if (dc == other) {
      ++bad_diagonals;
    }
  }
  return bad_diagonals < (at_edge ? 1 : 2);
}

template <typename Recorder>
void Board::AddStone(Point p, Color c, Recorder& record) {
  record(color_[p]);
  color_[p] = static_cast<uint8_t>(c);
  hash_ ^= ZobristStone(p, c);
  const int last = --num_empty_;
  const int index = empty_index_[p];
  const Point moved = empty_[last];
  record(empty_[index]);
  empty_[index] = moved;
  record(empty_index_[moved]);
  empty_index_[moved] = static_cast<int16_t>(index);
  record(empty_index_[p]);
  empty_index_[p] = -1;
}

template <typename Recorder>
void Board::RemoveStoneForCapture(Point p, Recorder& record) {
  hash_ ^= ZobristStone(p, static_cast<Color>(color_[p]));
  record(color_[p]);
  color_[p] = kEmptyByte;
  record(empty_index_[p]);
  empty_index_[p] = static_cast<int16_t>(num_empty_);
  record(empty_[num_empty_]);
  empty_[num_empty_++] = p;
}

int Board::NeighbourStrings(Point p, std::array<Point, 4>* heads) const {
  int count = 0;
  for (int d : kNeighbourOffsets) {
    const uint8_t nc = color_[p + d];
    if (nc == kEmptyByte || nc == kOffboardByte) continue;
    const Point h = parent_[p + d];
    bool dup = false;
    for (int i = 0; i < count; ++i) dup |= (*heads)[i] == h;
    if (!dup) (*heads)[count++] = h;
  }
  return count;
}

// Removes the string and gives each neighbouring string (of either colour)
// one liberty per removed stone it touches, counted once per string.
template <typename Recorder>
int Board::CaptureString(Point head, Recorder& record) {
  int removed = 0;
  Point p = head;
  do {
    RemoveStoneForCapture(p, record);
    ++removed;
    p = next_[p];
  } while (p != head);
  // Second pass: the points are now empty; credit liberties.
  p = head;
  do {
    std::array<Point, 4> heads;
    const int num_heads = NeighbourStrings(p, &heads);
    for (int i = 0; i < num_heads; ++i) {
      record(libs_[heads[i]]);
      ++libs_[heads[i]];
    }
    p = next_[p];
  } while (p != head);
  return removed;
}

template <typename Recorder>
void Board::MergeStrings(Point a_head, Point b_head, Recorder& record) {
  // Merge the smaller string b into a; count b's liberties that a lacks.
  if (string_size_[a_head] < string_size_[b_head]) std::swap(a_head, b_head);
  record(libs_[a_head]);
  Point p = b_head;
  do {
    for (int d : kNeighbourOffsets) {
      const Point n = static_cast<Point>(p + d);
      if (color_[n] == kEmptyByte && !AdjacentToString(n, a_head)) {
        // Count each new liberty once: only if no earlier b stone already
        // reassigned to a touches it (those stones now have parent a_head,
        // so AdjacentToString above already sees them).
        ++libs_[a_head];
      }
    }
    record(parent_[p]);
    parent_[p] = a_head;
    p = next_[p];
  } while (p != b_head);
  record(next_[a_head]);
  record(next_[b_head]);
  std::swap(next_[a_head], next_[b_head]);
  record(string_size_[a_head]);
  string_size_[a_head] = static_cast<int16_t>(string_size_[a_head] + string_size_[b_head]);
}

int Board::Play(Point p, Color c) {
  NoRecord record;
  return PlayImpl(p, c, record);
}

int Board::Play(Point p, Color c, BoardUndo* undo) {
  undo->BeginMove(BoardScalars{num_empty_, hash_, ko_point_, black_captures_, white_captures_});
  UndoRecord record{this, undo};
  return PlayImpl(p, c, record);
}

void Board::Undo(BoardUndo* undo) {
  ABSL_RAW_CHECK(undo->moves() > 0, "Board::Undo: no recorded move");
  char* const base = reinterpret_cast<char*>(this);
  const BoardScalars before = undo->TakeBack([base](const BoardWrite& w) {
    if (w.wide) {
      std::memcpy(base + w.offset, &w.old_value, sizeof(int16_t));
    } else {
      const auto narrow = static_cast<uint8_t>(w.old_value);
      std::memcpy(base + w.offset, &narrow, sizeof(uint8_t));
    }
  });
  num_empty_ = before.num_empty;
  hash_ = before.hash;
  ko_point_ = before.ko_point;
  black_captures_ = before.black_captures;
  white_captures_ = before.white_captures;
}

template <typename Recorder>
int Board::PlayImpl(Point p, Color c, Recorder& record) {
  ko_point_ = kNoPoint;
  if (p == kPass) return 0;
  // The one check of an unchecked move, before the stone is placed: a stone
  // on an occupied point would take an empty-list entry it does not have
  // (index -1) and leave the list, hash and strings inconsistent.
  ABSL_RAW_CHECK(p >= 0 && p < kNumPoints && color_[p] == kEmptyByte,
                 "Board::Play: the point is occupied or off the board");
  const uint8_t own = static_cast<uint8_t>(c);
  const uint8_t other = static_cast<uint8_t>(Opponent(c));

  AddStone(p, c, record);
  record(parent_[p]);
  parent_[p] = p;
  record(next_[p]);
  next_[p] = p;
  record(string_size_[p]);
  string_size_[p] = 1;
  int libs = 0;
  for (int d : kNeighbourOffsets) libs += color_[p + d] == kEmptyByte;
  record(libs_[p]);
  libs_[p] = static_cast<int16_t>(libs);

  // Every neighbouring string loses the liberty at p (once per string).
  std::array<Point, 4> seen;
  const int num_seen = NeighbourStrings(p, &seen);
  for (int i = 0; i < num_seen; ++i) {
    record(libs_[seen[i]]);
    --libs_[seen[i]];
  }

  int captured = 0;
  Point last_captured = kNoPoint;
  for (int i = 0; i < num_seen; ++i) {
    const Point h = seen[i];
    if (color_[h] == other && libs_[h] == 0) {
      const int n = CaptureString(h, record);
      if (n == 1) last_captured = h;
      captured += n;
    }
  }
  // Merge with friendly neighbours.
  Point head = p;
  for (int i = 0; i < num_seen; ++i) {
    const Point h = seen[i];
    if (color_[h] == own && parent_[h] == h && h != parent_[head]) {
      MergeStrings(parent_[head], h, record);
      head = parent_[p];
    }
  }
  head = parent_[p];

  if (c == Color::kBlack) {
    black_captures_ += captured;
  } else {
    white_captures_ += captured;
  }

  if (libs_[head] == 0) {
    // Suicide (the caller allowed it): the whole string dies.
    const int lost = CaptureString(head, record);
    if (c == Color::kBlack) {
      white_captures_ += lost;
    } else {
      black_captures_ += lost;
    }
    return -lost;
  }
  // Simple ko: a single stone that captured exactly one stone and now sits
  // alone with one liberty (the point it just captured).
  if (captured == 1 && string_size_[head] == 1 && libs_[head] == 1) ko_point_ = last_captured;
  return captured;
}

bool Board::Place(Point p, Color c) {
  if (!IsOnBoard(p) || color_[p] != kEmptyByte) return false;
  NoRecord record;
  AddStone(p, c, record);
  RebuildStrings();
  return true;
}

void Board::Clear(Point p) {
  if (!IsOnBoard(p) || color_[p] == kEmptyByte) return;
  NoRecord record;
  RemoveStoneForCapture(p, record);
  RebuildStrings();
}

void Board::ApplySetup(const std::vector<Point>& black, const std::vector<Point>& white,
                       const std::vector<Point>& clear) {
  NoRecord record;
  for (Point p : clear) {
    if (color_[p] != kEmptyByte) RemoveStoneForCapture(p, record);
  }
  for (const auto& [points, color] :
       {std::pair{&black, Color::kBlack}, std::pair{&white, Color::kWhite}}) {
    for (Point p : *points) {
      if (color_[p] == static_cast<uint8_t>(color)) continue;
      if (color_[p] != kEmptyByte) RemoveStoneForCapture(p, record);
      AddStone(p, color, record);
    }
  }
  RebuildStrings();
}

void Board::RemoveString(Point p) {
  if (!IsOnBoard(p) || color_[p] == kEmptyByte) return;
  NoRecord record;
  CaptureString(parent_[p], record);
}

// Setup stones may create strings without liberties or merge arbitrarily;
// rebuilding from scratch keeps the invariants simple for this rare path.
void Board::RebuildStrings() {
  ko_point_ = kNoPoint;
  std::array<bool, kNumPoints> visited{};
  std::array<Point, kNumPoints> stack{};
  std::array<bool, kNumPoints> lib_mark{};
  for (int y = 0; y < size_; ++y) {
    for (int x = 0; x < size_; ++x) {
      const Point start = MakePoint(x, y);
      const uint8_t c = color_[start];
      if (c == kEmptyByte || visited[start]) continue;
      int top = 0;
      stack[top++] = start;
      visited[start] = true;
      Point prev = start;
      int count = 0;
      std::array<Point, kNumPoints> libs_list{};
      int num_libs = 0;
      while (top > 0) {
        const Point q = stack[--top];
        parent_[q] = start;
        if (q != start) {
          next_[prev] = q;
          prev = q;
        }
        ++count;
        for (int d : kNeighbourOffsets) {
          const Point n = static_cast<Point>(q + d);
          if (color_[n] == c && !visited[n]) {
            visited[n] = true;
            stack[top++] = n;
          } else if (color_[n] == kEmptyByte && !lib_mark[n]) {
            lib_mark[n] = true;
            libs_list[num_libs++] = n;
          }
        }
      }
      next_[prev] = start;
      string_size_[start] = static_cast<int16_t>(count);
      libs_[start] = static_cast<int16_t>(num_libs);
      for (int i = 0; i < num_libs; ++i) lib_mark[libs_list[i]] = false;
    }
  }
}

std::string Board::ToString() const {
  static constexpr char kColumns[] = "ABCDEFGHJKLMNOPQRST";
  std::string out = "   ";
  for (int x = 0; x < size_; ++x) {
    out += ' ';
    out += kColumns[x];
  }
  out += '\n';
  for (int y = 0; y < size_; ++y) {
    out += absl::StrFormat("%2d ", size_ - y);
    for (int x = 0; x < size_; ++x) {
      out += ' ';
      out += ColorChar(at(MakePoint(x, y)));
    }
    out += absl::StrFormat(" %d\n", size_ - y);
  }
  return out;
}

}  // namespace tengen
