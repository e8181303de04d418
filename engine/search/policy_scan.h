#ifndef TENGEN_ENGINE_SEARCH_POLICY_SCAN_H_
#define TENGEN_ENGINE_SEARCH_POLICY_SCAN_H_

// The scan search runs over a network policy once per expanded leaf and
// again when a node needs its next edge: the sum over the legal moves and
// the best of them, with AVX2 where the CPU has it (chosen at run time, so
// one binary runs everywhere) and SSE2 or plain C++ otherwise.

#include "engine/search/legal_moves.h"

namespace tengen {

// Policies the scan reads in place are padded with zeros to this many
// entries (a multiple of the widest vector).
constexpr int PaddedPolicySize(int size) { return (size + 7) / 8 * 8; }

enum class PolicyScanPath { kBest, kSse2, kScalar };  // the last two for tests

// Over the flat indices set in `mask`, with negative and NaN values counted
// as 0: the sum of `policy` and the index of its largest value (the lowest
// such index; -1 if the mask is empty). Without `copy_to`, `policy` must be
// readable up to PaddedPolicySize(size) entries; with it, `policy` is read
// up to `size` and copied to copy_to, padded with zeros to
// PaddedPolicySize(size), in the same pass.
int MaskedSumArgmax(const float* policy, const LegalMask& mask, int size, float* sum,
                    float* copy_to = nullptr, PolicyScanPath path = PolicyScanPath::kBest);

bool PolicyScanHasAvx2();

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_POLICY_SCAN_H_
