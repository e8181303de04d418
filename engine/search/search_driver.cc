#include "engine/search/search_driver.h"

#include <algorithm>

namespace tengen {
namespace {

// A round over fewer searches comes back to each while its lines are still
// in L2, and the prefetch hints only cost (bench search --overhead_only,
// hints on/off: 1.02-1.03 at 8 games, 0.98 at 32, 0.93-0.95 at 64,
// 0.82-0.85 at 256; docs/BENCHMARKS.md).
constexpr size_t kMinSearchesToPrefetch = 16;

// Calls prefetch(j, turns_ahead) for the Search::kPrefetchTurns items after
// item i of `count`, the farthest first.
template <typename Prefetch>
void PrefetchAhead(size_t i, size_t count, Prefetch prefetch) {
  if (count < kMinSearchesToPrefetch) return;
  for (int ahead = Search::kPrefetchTurns; ahead >= 1; --ahead) {
    if (i + ahead < count) prefetch(i + ahead, ahead);
  }
}

}  // namespace

LockstepDriver::LockstepDriver(BatchBackend* backend, int leaves_per_search)
    : backend_(backend),
      leaves_per_search_(std::max(1, leaves_per_search)),
      capacity_(std::max(1, backend->max_batch_size())),
      positions_(capacity_),
      handles_(capacity_),
      outputs_(capacity_) {}

void LockstepDriver::EvaluateAndApply(int filled) {
  backend_->EvaluateBatch(std::span<const CompactPosition>(positions_.data(), filled),
                          std::span<EvalOutput>(outputs_.data(), filled));
  ++batches_;
  positions_evaluated_ += filled;
  for (size_t i = 0; i < slices_.size(); ++i) {
    PrefetchAhead(i, slices_.size(), [&](size_t j, int turns_ahead) {
      const Slice& next = slices_[j];
      next.search->PrefetchResults(std::span<const LeafHandle>(handles_.data() + next.begin, next.count),
                                   turns_ahead);
    });
    const Slice& s = slices_[i];
    s.search->ApplyResults(std::span<const LeafHandle>(handles_.data() + s.begin, s.count),
                           std::span<const EvalOutput>(outputs_.data() + s.begin, s.count));
  }
  slices_.clear();
}

int LockstepDriver::Step(std::span<Search* const> searches) {
  int filled = 0;
  int produced = 0;
  for (size_t i = 0; i < searches.size(); ++i) {
    Search* search = searches[i];
    PrefetchAhead(i, searches.size(), [&](size_t j, int turns_ahead) {
      searches[j]->PrefetchSelection(turns_ahead);
    });
    if (search->Done()) continue;
    if (filled == capacity_) {
      EvaluateAndApply(filled);
      filled = 0;
    }
    const int room = std::min(leaves_per_search_, capacity_ - filled);
    const int n = search->SelectLeaves(room, std::span<CompactPosition>(positions_.data() + filled, room),
                                       std::span<LeafHandle>(handles_.data() + filled, room));
    if (n > 0) {
      slices_.push_back(Slice{search, filled, n});
      filled += n;
      produced += n;
    }
  }
  if (filled > 0) EvaluateAndApply(filled);
  return produced;
}

void LockstepDriver::RunUntilDone(std::span<Search* const> searches) {
  int idle_rounds = 0;
  for (;;) {
    const bool active = std::any_of(searches.begin(), searches.end(), [](Search* s) { return !s->Done(); });
    if (!active) return;
    // Searches that only complete visits without the network (cache hits,
    // finished games) still progress; a long run of empty rounds means a
    // search can make no progress at all.
    idle_rounds = Step(searches) == 0 ? idle_rounds + 1 : 0;
    if (idle_rounds > 1000) return;
  }
}

void RunSearchesWithEvaluator(std::span<Search* const> searches, BatchingEvaluator& evaluator,
                              int leaves_per_search) {
  struct Slice {
    Search* search;
    size_t begin;
    size_t count;
  };
  std::vector<LeafRequest> leaves;
  std::vector<EvalOutput> outputs;
  std::vector<Slice> slices;
  EvalGroup group;
  int idle_rounds = 0;
  for (;;) {
    leaves.clear();
    slices.clear();
    bool active = false;
    for (Search* search : searches) {
      if (search->Done()) continue;
      active = true;
      const size_t begin = leaves.size();
      const int n = search->SelectLeaves(leaves_per_search, &leaves);
      if (n > 0) slices.push_back(Slice{search, begin, static_cast<size_t>(n)});
    }
    if (!active) return;
    if (leaves.empty()) {
      if (++idle_rounds > 1000) return;
      continue;
    }
    idle_rounds = 0;
    outputs.resize(leaves.size());
    group.Start(std::span<EvalOutput>(outputs.data(), leaves.size()));
    for (size_t i = 0; i < leaves.size(); ++i) {
      evaluator.Submit(leaves[i].position, group.CallbackFor(static_cast<int>(i)));
    }
    group.Wait();
    for (const Slice& s : slices) {
      s.search->ApplyResults(std::span<const LeafRequest>(leaves.data() + s.begin, s.count),
                             std::span<const EvalOutput>(outputs.data() + s.begin, s.count));
    }
  }
}

}  // namespace tengen
