#ifndef TENGEN_ENGINE_FEATURES_PLANE_LAYOUT_H_
#define TENGEN_ENGINE_FEATURES_PLANE_LAYOUT_H_

// The input-plane layout of feature version 1, as plain constants with no
// includes so that the CUDA kernel (compiled as C++17 by nvcc) and the CPU
// reference encoder share one definition. Colours are relative to the side
// to move: "own" stones belong to the player about to move.
//
//   0       on board (all ones; lets convolutions see the edge)
//   1, 2    own / opponent stones now
//   3..16   own / opponent stones 1..7 positions ago (pairs: 3+2k own,
//           4+2k opponent, k = 0 is one move ago); zero before the game start
//   17..19  stones (either colour) whose string has 1 / 2 / 3+ liberties
//   20      the empty point the side to move may not play because of ko
//   21      black to move (all ones or all zeros)
// Global inputs:
//   0       komi from the side to move's point of view (+komi for white,
//           -komi for black), divided by 15
//   1       black to move (1 or 0)

namespace tengen {

constexpr int kHistoryPositions = 8;  // the current position plus 7 before it
constexpr int kPlaneOnBoard = 0;
constexpr int kPlaneOwnStones = 1;       // + 2 * positions back
constexpr int kPlaneOpponentStones = 2;  // + 2 * positions back
constexpr int kPlaneLiberties1 = 17;
constexpr int kPlaneLiberties2 = 18;
constexpr int kPlaneLiberties3OrMore = 19;
constexpr int kPlaneKoIllegal = 20;
constexpr int kPlaneBlackToMove = 21;
constexpr int kNumInputPlanes = 22;

constexpr int kGlobalKomi = 0;
constexpr int kGlobalBlackToMove = 1;
constexpr int kNumGlobalInputs = 2;
constexpr float kKomiScale = 1.0f / 15.0f;

// Bit fields of CompactPosition::current.
constexpr int kColourMask = 0x3;
constexpr int kLibertyShift = 2;
constexpr int kLibertyMask = 0x3;
constexpr int kKoBit = 0x10;

}  // namespace tengen

#endif  // TENGEN_ENGINE_FEATURES_PLANE_LAYOUT_H_
