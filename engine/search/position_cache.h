#ifndef TENGEN_ENGINE_SEARCH_POSITION_CACHE_H_
#define TENGEN_ENGINE_SEARCH_POSITION_CACHE_H_

// A fixed-size, thread-safe cache of network outputs shared by many searches
// (transpositions inside one tree, and positions that several games reach).
// Keyed by PositionKey, which covers everything the network input depends
// on. Set-associative (4 ways per bucket) with least-recently-used
// replacement inside a bucket; buckets are split over independently locked
// shards so that concurrent searches rarely contend. No allocation after
// construction.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>

#include "engine/search/evaluator.h"

namespace tengen {

// The key of a network input: the situation (stones and side to move), the
// stones of the previous positions the features show (newest first, as many
// as the features use: at most 7), komi and the board size. Two positions
// with equal keys have equal CompactPositions (up to 64-bit collisions).
uint64_t PositionKey(uint64_t situation_hash, std::span<const uint64_t> previous_position_hashes,
                     float komi, int board_size);

// What the cache keeps of an EvalOutput (no ownership: it is big and only
// analysis of the root needs it).
struct CachedEval {
  std::array<float, kMaxPolicySize> policy{};  // first policy_size entries valid
  float value = 0;
  float score_lead = 0;
  int policy_size = 0;
};

struct PositionCacheStats {
  uint64_t lookups = 0;
  uint64_t hits = 0;
  uint64_t inserts = 0;
  uint64_t replacements = 0;  // inserts that evicted another entry
  double hit_rate() const { return lookups == 0 ? 0.0 : static_cast<double>(hits) / lookups; }
};

class PositionCache {
 public:
  // `capacity` entries (about 1.5 KB each), rounded up to a power of two
  // that fills every shard.
  explicit PositionCache(size_t capacity, int num_shards = 64);
  PositionCache(const PositionCache&) = delete;
  PositionCache& operator=(const PositionCache&) = delete;

  // Copies the entry for `key` into *out and returns true on a hit.
  bool Lookup(uint64_t key, CachedEval* out);
  // Stores the first `policy_size` policy entries, value and score lead.
  void Insert(uint64_t key, const EvalOutput& output, int policy_size);
  void Clear();

  size_t capacity() const { return num_shards_ * buckets_per_shard_ * kWays; }
  PositionCacheStats stats() const;

 private:
  static constexpr int kWays = 4;
  struct Entry {
    uint64_t key = 0;
    uint64_t last_use = 0;  // 0: empty
    CachedEval eval;
  };
  struct alignas(64) Shard {
    mutable std::mutex mu;
    uint64_t clock = 0;
    PositionCacheStats stats;
    Entry* entries = nullptr;  // buckets_per_shard_ * kWays
  };
  Shard& ShardFor(uint64_t key) { return shards_[key >> shard_shift_]; }
  Entry* BucketFor(Shard& shard, uint64_t key) const {
    return shard.entries + (key & (buckets_per_shard_ - 1)) * kWays;
  }

  size_t num_shards_;
  size_t buckets_per_shard_;
  int shard_shift_;
  std::unique_ptr<Shard[]> shards_;
  std::unique_ptr<Entry[]> entries_;
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_POSITION_CACHE_H_
