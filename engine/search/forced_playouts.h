#ifndef TENGEN_ENGINE_SEARCH_FORCED_PLAYOUTS_H_
#define TENGEN_ENGINE_SEARCH_FORCED_PLAYOUTS_H_

// KataGo's forced playouts and policy target pruning (Wu 2019, section 3.1).
// During a self-play search, a root child c with n(c) < sqrt(k P(c) N)
// visits (N: the root's) is selected before PUCT is asked, so that moves
// the noise favours get enough visits to be judged. Those extra visits
// must not teach the policy: pruning takes back, from every child but the
// most visited, up to sqrt(k P(c) N) visits as long as its PUCT score
// stays below the best child's, and drops children left with one visit.

#include <span>
#include <vector>

#include "engine/search/mcts.h"

namespace tengen {

// The visits below which a root child is forced.
float ForcedVisits(float k, float prior, float root_visits);

// The visits of `children` after policy target pruning. c_puct as in
// SearchOptions (c(N) without its log term); values in [-1, 1] from the
// root's side.
std::vector<int> PruneForcedVisits(std::span<const ChildStats> children, float k, float c_puct, int root_visits);

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_FORCED_PLAYOUTS_H_
