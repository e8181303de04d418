#include "engine/rules/playout.h"

#include <array>
#include <utility>

namespace tengen {
namespace {

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

}  // namespace

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
    board.Play(chosen, c);
    ++result.moves;
    if (chosen == kPass) {
      if (++passes == 2) {
        result.finished = true;
        break;
      }
    } else {
      passes = 0;
    }
    c = Opponent(c);
  }
  return result;
}

}  // namespace tengen
