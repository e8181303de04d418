#include "engine/search/position_cache.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "absl/base/internal/raw_logging.h"

namespace tengen {
namespace {

uint64_t Mix(uint64_t x) {  // splitmix64 finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

uint64_t PositionKey(uint64_t situation_hash, std::span<const uint64_t> previous_position_hashes,
                     float komi, int board_size) {
  uint32_t komi_bits;
  std::memcpy(&komi_bits, &komi, sizeof(komi_bits));
  uint64_t key = Mix(situation_hash ^ (static_cast<uint64_t>(komi_bits) << 8) ^
                     static_cast<uint64_t>(board_size) ^
                     (static_cast<uint64_t>(previous_position_hashes.size()) << 48));
  for (uint64_t h : previous_position_hashes) key = Mix(key ^ h);
  return key;
}

PositionCache::PositionCache(size_t capacity, int num_shards) {
  ABSL_RAW_CHECK(num_shards > 0, "PositionCache needs at least one shard");
  num_shards_ = std::bit_ceil(static_cast<size_t>(num_shards));
  const size_t per_shard = std::max<size_t>(1, (capacity + num_shards_ - 1) / num_shards_);
  buckets_per_shard_ = std::bit_ceil((per_shard + kWays - 1) / kWays);
  shard_shift_ = 64 - std::countr_zero(num_shards_);
  shards_ = std::make_unique<Shard[]>(num_shards_);
  entries_ = std::make_unique<Entry[]>(num_shards_ * buckets_per_shard_ * kWays);
  for (size_t s = 0; s < num_shards_; ++s) {
    shards_[s].entries = entries_.get() + s * buckets_per_shard_ * kWays;
  }
}

bool PositionCache::Lookup(uint64_t key, CachedEval* out) {
  Shard& shard = num_shards_ == 1 ? shards_[0] : ShardFor(key);
  std::lock_guard<std::mutex> lock(shard.mu);
  ++shard.stats.lookups;
  Entry* bucket = BucketFor(shard, key);
  for (int w = 0; w < kWays; ++w) {
    Entry& e = bucket[w];
    if (e.last_use != 0 && e.key == key) {
      e.last_use = ++shard.clock;
      ++shard.stats.hits;
      out->value = e.eval.value;
      out->score_lead = e.eval.score_lead;
      out->policy_size = e.eval.policy_size;
      std::copy_n(e.eval.policy.begin(), e.eval.policy_size, out->policy.begin());
      return true;
    }
  }
  return false;
}

void PositionCache::Insert(uint64_t key, const EvalOutput& output, int policy_size) {
  policy_size = std::clamp(policy_size, 0, kMaxPolicySize);
  Shard& shard = num_shards_ == 1 ? shards_[0] : ShardFor(key);
  std::lock_guard<std::mutex> lock(shard.mu);
  ++shard.stats.inserts;
  Entry* bucket = BucketFor(shard, key);
  Entry* victim = &bucket[0];
  for (int w = 0; w < kWays; ++w) {
    Entry& e = bucket[w];
    if (e.last_use != 0 && e.key == key) {
      victim = &e;
      break;
    }
    if (e.last_use < victim->last_use) victim = &e;
  }
  if (victim->last_use != 0 && victim->key != key) ++shard.stats.replacements;
  victim->key = key;
  victim->last_use = ++shard.clock;
  victim->eval.value = output.value;
  victim->eval.score_lead = output.score_lead;
  victim->eval.policy_size = policy_size;
  std::copy_n(output.policy.begin(), policy_size, victim->eval.policy.begin());
}

void PositionCache::Clear() {
  for (size_t s = 0; s < num_shards_; ++s) {
    Shard& shard = shards_[s];
    std::lock_guard<std::mutex> lock(shard.mu);
    for (size_t i = 0; i < buckets_per_shard_ * kWays; ++i) shard.entries[i].last_use = 0;
  }
}

PositionCacheStats PositionCache::stats() const {
  PositionCacheStats total;
  for (size_t s = 0; s < num_shards_; ++s) {
    std::lock_guard<std::mutex> lock(shards_[s].mu);
    const PositionCacheStats& st = shards_[s].stats;
    total.lookups += st.lookups;
    total.hits += st.hits;
    total.inserts += st.inserts;
    total.replacements += st.replacements;
  }
  return total;
}

}  // namespace tengen
