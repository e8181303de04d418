#include "engine/search/fake_backends.h"

#include <algorithm>
#include <cmath>

#include "engine/features/plane_layout.h"

namespace tengen {

float AreaMarginOfCompact(const CompactPosition& position) {
  const int n = position.board_size;
  const int points = n * n;
  std::array<uint8_t, kMaxBoardSize * kMaxBoardSize> colour;
  for (int i = 0; i < points; ++i) colour[i] = position.current[i] & kColourMask;
  int black = 0, white = 0;
  std::array<bool, kMaxBoardSize * kMaxBoardSize> seen{};
  std::array<int, kMaxBoardSize * kMaxBoardSize> stack;
  for (int i = 0; i < points; ++i) {
    if (colour[i] == 1) ++black;
    if (colour[i] == 2) ++white;
    if (colour[i] != 0 || seen[i]) continue;
    // Flood an empty region; it scores for a colour if it reaches only that colour.
    int size = 0, top = 0;
    bool reaches_black = false, reaches_white = false;
    stack[top++] = i;
    seen[i] = true;
    while (top > 0) {
      const int p = stack[--top];
      ++size;
      const int x = p % n, y = p / n;
      const int neighbours[4] = {x > 0 ? p - 1 : -1, x < n - 1 ? p + 1 : -1, y > 0 ? p - n : -1,
                                 y < n - 1 ? p + n : -1};
      for (int q : neighbours) {
        if (q < 0) continue;
        if (colour[q] == 1) reaches_black = true;
        if (colour[q] == 2) reaches_white = true;
        if (colour[q] == 0 && !seen[q]) {
          seen[q] = true;
          stack[top++] = q;
        }
      }
    }
    if (reaches_black && !reaches_white) black += size;
    if (reaches_white && !reaches_black) white += size;
  }
  return static_cast<float>(black - white) - position.komi;
}

ZeroCostBackend::ZeroCostBackend(int board_size, int max_batch_size, uint64_t seed)
    : board_size_(board_size), max_batch_size_(max_batch_size), rng_(seed) {
  // A peaked distribution: exp(3 z) with z roughly normal.
  const int size = board_size * board_size + 1;
  float sum = 0;
  for (int i = 0; i < size; ++i) {
    float z = 0;
    for (int k = 0; k < 4; ++k) z += rng_.UnitFloat() - 0.5f;
    policy_[i] = std::exp(3.0f * z * 1.7f);
    sum += policy_[i];
  }
  for (int i = 0; i < size; ++i) policy_[i] /= sum;
}

void ZeroCostBackend::EvaluateBatch(std::span<const CompactPosition> inputs,
                                    std::span<EvalOutput> outputs) {
  const int size = board_size_ * board_size_ + 1;
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::copy_n(policy_.begin(), size, outputs[i].policy.begin());
    outputs[i].value = rng_.UnitFloat() * 1.6f - 0.8f;
    outputs[i].score_lead = 0;
  }
}

void AreaCountBackend::EvaluateBatch(std::span<const CompactPosition> inputs,
                                     std::span<EvalOutput> outputs) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    const CompactPosition& position = inputs[i];
    const int policy_size = position.board_size * position.board_size + 1;
    EvalOutput& out = outputs[i];
    std::fill_n(out.policy.begin(), policy_size, 1.0f / policy_size);
    const float black_margin = AreaMarginOfCompact(position);
    const float margin = position.to_play == 1 ? black_margin : -black_margin;
    out.value = std::tanh(margin / value_scale_);
    out.score_lead = margin;
    ++positions_evaluated_;
  }
}

}  // namespace tengen
