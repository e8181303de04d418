#ifndef TENGEN_ENGINE_FEATURES_COMPACT_POSITION_H_
#define TENGEN_ENGINE_FEATURES_COMPACT_POSITION_H_

// The network's view of a position in compact form: what search hands to an
// evaluator and what the GPU kernel expands into input planes on the device
// (it is copied there as raw bytes, so it must stay trivially copyable and
// free of pointers). The names below are the contract search and nn code
// against; the plane layout they expand to is in plane_layout.h.

#include <array>
#include <cstdint>
#include <type_traits>

#include "engine/rules/game.h"

namespace tengen {

// Bumped whenever the plane layout changes; stored in every model's meta.
constexpr int kFeatureVersion = 1;
constexpr int kMaxPolicySize = kMaxBoardSize * kMaxBoardSize + 1;

constexpr int PolicySize(int board_size) { return board_size * board_size + 1; }

struct CompactPosition {
  uint8_t board_size = 19;
  uint8_t to_play = 1;  // 1 black, 2 white
  float komi = 7.5f;    // as given (white receives it)
  // Per point y * board_size + x (only the first board_size^2 entries used):
  // bits 0-1 current colour (0 empty, 1 black, 2 white), bits 2-3 liberties
  // class of the string there (1, 2, 3+ as 1..3; 0 on empty points), bit 4
  // ko-illegal for the side to move (on an empty point).
  std::array<uint8_t, kMaxBoardSize * kMaxBoardSize> current{};
  // Colours (0/1/2) of the previous positions, [0] = one move ago.
  std::array<std::array<uint8_t, kMaxBoardSize * kMaxBoardSize>, 7> previous{};
  uint8_t previous_count = 0;  // how many of `previous` are real
};
static_assert(std::is_trivially_copyable_v<CompactPosition>);

// Stones, liberty classes and history of the game's current position. The
// ko bit marks the simple-ko point when the side to move may not play it;
// longer superko cycles are not encoded (search masks illegal moves anyway).
CompactPosition MakeCompactPosition(const Game& game);
// The same into an existing object (no 3 KB temporary on the search path).
void FillCompactPosition(const Game& game, CompactPosition* position);

// Copies a colour array (Board::colors() layout) into the flat layout of
// CompactPosition::previous (y * size + x): exactly size * size bytes.
void FlattenColours(const std::array<uint8_t, kNumPoints>& colours, int size, uint8_t* plane);

// Everything the features read from a position, for callers that hold the
// position without a Game (search replays its paths on a bare Board).
struct FeatureSource {
  const Board* board = nullptr;
  Color to_play = Color::kBlack;
  float komi = 7.5f;
  // Whether the board's ko point is illegal for to_play (Game::IsLegal).
  bool ko_illegal = false;
  // Colour arrays (Board::colors() layout) of the previous positions, [0] =
  // one move ago; the first num_previous are set. With previous_flat they
  // are already in the flat layout of CompactPosition::previous
  // (FlattenColours; search keeps its history that way, so a leaf copies
  // whole planes).
  int num_previous = 0;
  std::array<const uint8_t*, 7> previous{};
  bool previous_flat = false;
  // PointFeatures::bytes() of the board when the caller keeps them (search
  // does); otherwise they are computed here.
  const uint8_t* point_bytes = nullptr;
};
void FillCompactPosition(const FeatureSource& source, CompactPosition* position);

}  // namespace tengen

#endif  // TENGEN_ENGINE_FEATURES_COMPACT_POSITION_H_
