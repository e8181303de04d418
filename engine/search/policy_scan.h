#ifndef TENGEN_ENGINE_SEARCH_POLICY_SCAN_H_
#define TENGEN_ENGINE_SEARCH_POLICY_SCAN_H_

// Search keeps the network policy of every expanded node until its edges
// are built (tree.h), packed to bfloat16: half the memory of floats, and
// that block is written and scanned once per visit, so its size is what the
// search loop waits for. A scan finds the sum over the legal moves and the
// best of them, with AVX2 where the CPU has it (chosen at run time, so one
// binary runs everywhere) and plain C++ otherwise.

#include <bit>
#include <cstdint>

#include "engine/search/cpu_features.h"
#include "engine/search/legal_moves.h"

namespace tengen {

// Packed policies are padded with zeros to this many entries (a multiple
// of the widest vector of 16-bit lanes).
constexpr int PaddedPolicySize(int size) { return (size + 15) / 16 * 16; }

// bfloat16 (the top half of a float), rounded to nearest even; negative and
// NaN priors count as 0 everywhere in search, so they pack to +0.
inline uint16_t PackPrior(float p) {
  if (!(p > 0)) return 0;
  const uint32_t x = std::bit_cast<uint32_t>(p);
  return static_cast<uint16_t>((x + 0x7FFFu + ((x >> 16) & 1u)) >> 16);
}
inline float UnpackPrior(uint16_t packed) { return std::bit_cast<float>(static_cast<uint32_t>(packed) << 16); }

// Packs `policy` (`size` entries) into `packed` (PaddedPolicySize(size)
// entries) and, over the flat indices set in `mask`, returns the index of
// the largest packed value (the lowest such index; -1 if the mask is empty)
// and sets *sum to the sum of the packed values.
int PackPolicy(const float* policy, const LegalMask& mask, int size, float* sum, uint16_t* packed,
               VectorPath path = VectorPath::kBest);
// The same scan over an already packed policy.
int ScanPackedPolicy(const uint16_t* packed, const LegalMask& mask, int size, float* sum,
                     VectorPath path = VectorPath::kBest);

// ScanPackedPolicy's best move alone (the next edge to build).
int BestPackedMove(const uint16_t* packed, const LegalMask& mask, int size,
                   VectorPath path = VectorPath::kBest);

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_POLICY_SCAN_H_
