#ifndef TENGEN_ENGINE_DATA_GAME_HASH_H_
#define TENGEN_ENGINE_DATA_GAME_HASH_H_

// The 64-bit identity of a game: a hash of (board size, setup stones, first
// mover, moves). Duplicate removal and the train/validation/test split key
// on it, so it must never change across builds or machines.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/data/recorded_game.h"

namespace tengen::data {

uint64_t ComputeGameHash(int board_size, std::span<const int32_t> setup_black,
                         std::span<const int32_t> setup_white, int first_to_move,
                         std::span<const int32_t> moves);
uint64_t ComputeGameHash(const RecordedGame& game);

// A stable 64-bit finaliser (splitmix64), for deriving independent
// pseudo-random keys from a hash and a salt.
uint64_t MixHash(uint64_t value);

// Fractions of games per split, in order; they must sum to 1 (within 1e-6).
struct SplitSpec {
  std::vector<std::string> names = {"train", "validation", "test"};
  std::vector<double> fractions = {0.98, 0.01, 0.01};
};

// Parses "98/1/1" (percentages or any positive weights, normalised) into a
// train/validation/test spec.
absl::StatusOr<SplitSpec> ParseSplitSpec(std::string_view text);

// Index into spec.names of the split a game belongs to. Depends only on the
// game hash: the same game lands in the same split whatever the input order.
int SplitForHash(uint64_t game_hash, const SplitSpec& spec);

}  // namespace tengen::data

#endif  // TENGEN_ENGINE_DATA_GAME_HASH_H_
