#include "engine/data/game_hash.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace tengen::data {
namespace {

constexpr uint64_t kSplitSalt = 0x73706c6974000001ULL;  // "split"

uint64_t Combine(uint64_t h, uint64_t value) { return MixHash(h ^ (value + 0x9e3779b97f4a7c15ULL)); }

uint64_t CombineSorted(uint64_t h, std::span<const int32_t> points) {
  std::vector<int32_t> sorted(points.begin(), points.end());
  std::sort(sorted.begin(), sorted.end());
  h = Combine(h, sorted.size());
  for (int32_t p : sorted) h = Combine(h, static_cast<uint32_t>(p));
  return h;
}

}  // namespace

uint64_t MixHash(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t ComputeGameHash(int board_size, std::span<const int32_t> setup_black,
                         std::span<const int32_t> setup_white, int first_to_move,
                         std::span<const int32_t> moves) {
  uint64_t h = Combine(0x67616d6500000001ULL, static_cast<uint32_t>(board_size));
  h = CombineSorted(h, setup_black);
  h = CombineSorted(h, setup_white);
  h = Combine(h, static_cast<uint32_t>(first_to_move));
  h = Combine(h, moves.size());
  for (int32_t m : moves) h = Combine(h, static_cast<uint32_t>(m));
  return h;
}

uint64_t ComputeGameHash(const RecordedGame& game) {
  return ComputeGameHash(game.board_size, game.setup_black, game.setup_white, game.first_to_move,
                         game.moves);
}

absl::StatusOr<SplitSpec> ParseSplitSpec(std::string_view text) {
  std::vector<std::string> parts = absl::StrSplit(absl::string_view(text.data(), text.size()), '/');
  if (parts.size() != 3) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "split '%s': expected train/validation/test weights such as 98/1/1", text));
  }
  SplitSpec spec;
  double total = 0;
  for (int i = 0; i < 3; ++i) {
    double w = 0;
    if (!absl::SimpleAtod(parts[i], &w) || !(w >= 0) || std::isinf(w)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("split '%s': '%s' is not a non-negative number", text, parts[i]));
    }
    spec.fractions[i] = w;
    total += w;
  }
  if (!(total > 0) || spec.fractions[0] <= 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("split '%s': the train weight must be positive", text));
  }
  for (double& f : spec.fractions) f /= total;
  return spec;
}

int SplitForHash(uint64_t game_hash, const SplitSpec& spec) {
  // 53 random bits -> [0, 1), independent of the raw hash order that
  // --unique_games uses.
  const double u = static_cast<double>(MixHash(game_hash ^ kSplitSalt) >> 11) * 0x1.0p-53;
  double cumulative = 0;
  for (size_t i = 0; i < spec.fractions.size(); ++i) {
    cumulative += spec.fractions[i];
    if (u < cumulative) return static_cast<int>(i);
  }
  // Rounding: the last split with a positive fraction.
  for (int i = static_cast<int>(spec.fractions.size()) - 1; i >= 0; --i) {
    if (spec.fractions[i] > 0) return i;
  }
  return 0;
}

}  // namespace tengen::data
