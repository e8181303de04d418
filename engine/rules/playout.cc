#include "engine/rules/playout.h"

#include <array>
#include <utility>

namespace tengen {

namespace {

// Plays `p` (a point or a pass) for `c`; true once two passes in a row end
// the playout.
inline bool PlayoutMove(Board& board, Point p, Color c, int* passes, PlayoutResult* result) {
  board.Play(p, c);
  ++result->moves;
  *passes = p == kPass ? *passes + 1 : 0;
  result->finished = *passes == 2;
  return result->finished;
}

// xoshiro128+-style generator seeded once per playout: a playout draws a
// number per candidate, and a type-erased absl generator per draw costs as
// much as the board work itself.
class FastRng {
 public:
  explicit FastRng(uint64_t seed) {
    s0_ = Mix(seed);
    s1_ = Mix(seed + 0x9e3779b97f4a7c15ULL) | 1;
  }
  // Uniform in [0, n) by Lemire's multiply-shift (bias < 2^-32 * n).
  uint32_t Below(uint32_t n) {
    const uint64_t x = Next() >> 32;
    return static_cast<uint32_t>((x * n) >> 32);
  }

 private:
  static uint64_t Mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t Next() {
    uint64_t a = s0_;
    const uint64_t b = s1_;
    const uint64_t result = a + b;
    s0_ = b;
    a ^= a << 23;
    s1_ = a ^ b ^ (a >> 17) ^ (b >> 26);
    return result;
  }
  uint64_t s0_, s1_;
};

// Adds q to a set of at most two distinct liberties (p, the move itself,
// excluded); true once there are two.
bool AddLiberty(Point q, Point p, std::array<Point, 2>& found, int& n) {
  if (q == p || (n > 0 && found[0] == q)) return n >= 2;
  if (n < 2) found[n++] = q;
  return n >= 2;
}

// The liberty of the string through p, which has exactly one.
Point LibertyOf(const Board& board, Point p) {
  const Point head = board.StringHead(p);
  Point q = head;
  do {
    for (int d : Board::kNeighbourOffsets) {
      const Point n = static_cast<Point>(q + d);
      if (board.at(n) == Color::kEmpty) return n;
    }
    q = board.NextInString(q);
  } while (q != head);
  return kPass;
}

// Adds p to a small candidate list unless it is there already.
void AddCandidate(Point p, std::array<Point, 16>& list, int& n) {
  for (int i = 0; i < n; ++i) {
    if (list[i] == p) return;
  }
  if (n < static_cast<int>(list.size())) list[n++] = p;
}

// Rules 1 and 2 of ScoringPlayout: captures and escapes around the last
// move. kPass when there is none.
Point TacticalMove(const Board& board, Point last, Color c, FastRng& rng) {
  const Color enemy = Opponent(c);
  std::array<Point, 16> moves;
  int n = 0;
  // 1. The last move's own string in atari (a self-atari): take it.
  if (board.at(last) == enemy && board.Liberties(last) == 1) AddCandidate(LibertyOf(board, last), moves, n);
  // 2. Own strings the last move put in atari: capture a neighbour in
  // atari, or extend where that gives two liberties.
  std::array<Point, 4> seen{};
  int num_seen = 0;
  for (int d : Board::kNeighbourOffsets) {
    const Point s = static_cast<Point>(last + d);
    if (board.at(s) != c || board.Liberties(s) != 1) continue;
    const Point head = board.StringHead(s);
    bool repeated = false;
    for (int i = 0; i < num_seen; ++i) repeated |= seen[i] == head;
    if (repeated) continue;
    seen[num_seen++] = head;
    Point q = head;
    do {
      for (int e : Board::kNeighbourOffsets) {
        const Point o = static_cast<Point>(q + e);
        if (board.at(o) == enemy && board.Liberties(o) == 1) AddCandidate(LibertyOf(board, o), moves, n);
      }
      q = board.NextInString(q);
    } while (q != head);
    const Point liberty = LibertyOf(board, head);
    if (!IsSelfAtari(board, liberty, c)) AddCandidate(liberty, moves, n);
  }
  while (n > 0) {
    const int i = static_cast<int>(rng.Below(static_cast<uint32_t>(n)));
    if (board.IsLegal(moves[i], c)) return moves[i];
    moves[i] = moves[--n];
  }
  return kPass;
}

}  // namespace

bool IsSelfAtari(const Board& board, Point p, Color c, int min_size) {
  if (board.WouldCapture(p, c)) return false;
  std::array<Point, 2> found{};
  int n = 0;
  for (int d : Board::kNeighbourOffsets) {
    const Point q = static_cast<Point>(p + d);
    if (board.at(q) == Color::kEmpty && AddLiberty(q, p, found, n)) return false;
  }
  std::array<Point, 4> heads{};
  int num_heads = 0;
  int size = 1;
  for (int d : Board::kNeighbourOffsets) {
    const Point s = static_cast<Point>(p + d);
    if (board.at(s) != c) continue;
    // A string with three liberties keeps two after losing p.
    if (board.Liberties(s) >= 3) return false;
    const Point head = board.StringHead(s);
    bool repeated = false;
    for (int i = 0; i < num_heads; ++i) repeated |= heads[i] == head;
    if (repeated) continue;
    heads[num_heads++] = head;
    size += board.StringSize(head);
    Point q = head;
    do {
      for (int e : Board::kNeighbourOffsets) {
        const Point l = static_cast<Point>(q + e);
        if (board.at(l) == Color::kEmpty && AddLiberty(l, p, found, n)) return false;
      }
      q = board.NextInString(q);
    } while (q != head);
  }
  return size >= min_size;
}

PlayoutResult ScoringPlayout(Board& board, Color to_play, uint64_t seed, int max_moves) {
  if (max_moves <= 0) max_moves = 3 * board.size() * board.size();
  PlayoutResult result;
  FastRng fast(seed);
  std::array<Point, kNumPoints> candidates;
  int passes = 0;
  Point last = kPass;
  Color c = to_play;
  while (result.moves < max_moves) {
    Point chosen = kPass;
    if (last != kPass && fast.Below(8) != 0) chosen = TacticalMove(board, last, c, fast);
    if (chosen == kPass) {
      int n = board.num_empty();
      for (int i = 0; i < n; ++i) candidates[i] = board.empty_point(i);
      while (n > 0) {
        const int i = static_cast<int>(fast.Below(static_cast<uint32_t>(n)));
        const Point p = candidates[i];
        if (board.IsLegal(p, c) && !board.IsSimpleEye(p, c) && !IsSelfAtari(board, p, c, 2)) {
          chosen = p;
          break;
        }
        candidates[i] = candidates[--n];
      }
    }
    last = chosen;
    if (PlayoutMove(board, chosen, c, &passes, &result)) break;
    c = Opponent(c);
  }
  return result;
}

PlayoutResult RandomPlayout(Board& board, Color to_play, absl::BitGenRef rng, int max_moves) {
  if (max_moves <= 0) max_moves = 3 * board.size() * board.size();
  PlayoutResult result;
  FastRng fast(rng());
  std::array<Point, kNumPoints> candidates;
  int passes = 0;
  Color c = to_play;
  while (result.moves < max_moves) {
    int n = board.num_empty();
    for (int i = 0; i < n; ++i) candidates[i] = board.empty_point(i);
    Point chosen = kPass;
    // Rejection by swap-removal keeps the choice uniform over valid points.
    while (n > 0) {
      const int i = static_cast<int>(fast.Below(static_cast<uint32_t>(n)));
      const Point p = candidates[i];
      if (board.IsLegal(p, c) && !board.IsSimpleEye(p, c)) {
        chosen = p;
        break;
      }
      candidates[i] = candidates[--n];
    }
    if (PlayoutMove(board, chosen, c, &passes, &result)) break;
    c = Opponent(c);
  }
  return result;
}

}  // namespace tengen
