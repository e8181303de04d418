#include "engine/search/position_cache.h"

#include <atomic>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace tengen {
namespace {

EvalOutput OutputFor(uint64_t key, int policy_size) {
  EvalOutput out;
  for (int i = 0; i < policy_size; ++i) out.policy[i] = static_cast<float>((key >> (i % 48)) & 0xff);
  out.value = static_cast<float>(key % 1000) / 1000.0f;
  out.score_lead = static_cast<float>(key % 97);
  return out;
}

bool Matches(const CachedEval& e, uint64_t key, int policy_size) {
  const EvalOutput want = OutputFor(key, policy_size);
  if (e.policy_size != policy_size || e.value != want.value || e.score_lead != want.score_lead) return false;
  for (int i = 0; i < policy_size; ++i) {
    if (e.policy[i] != want.policy[i]) return false;
  }
  return true;
}

TEST(PositionCacheTest, StoresAndFindsEntries) {
  PositionCache cache(1024);
  CachedEval e;
  EXPECT_FALSE(cache.Lookup(42, &e));
  cache.Insert(42, OutputFor(42, 82), 82);
  ASSERT_TRUE(cache.Lookup(42, &e));
  EXPECT_TRUE(Matches(e, 42, 82));
  EXPECT_FALSE(cache.Lookup(43, &e));
  const PositionCacheStats s = cache.stats();
  EXPECT_EQ(s.lookups, 3u);
  EXPECT_EQ(s.hits, 1u);
  EXPECT_EQ(s.inserts, 1u);
  EXPECT_NEAR(s.hit_rate(), 1.0 / 3, 1e-9);
}

TEST(PositionCacheTest, OverwritesTheSameKey) {
  PositionCache cache(64);
  EvalOutput a = OutputFor(7, 10);
  cache.Insert(7, a, 10);
  a.value = 0.25f;
  cache.Insert(7, a, 10);
  CachedEval e;
  ASSERT_TRUE(cache.Lookup(7, &e));
  EXPECT_EQ(e.value, 0.25f);
  EXPECT_EQ(cache.stats().replacements, 0u);
}

TEST(PositionCacheTest, EvictsTheLeastRecentlyUsedWayOfABucket) {
  // One shard, one bucket of four ways: every key lands in the same bucket.
  PositionCache cache(4, 1);
  ASSERT_EQ(cache.capacity(), 4u);
  const uint64_t k[5] = {4, 8, 12, 16, 20};  // all even multiples: same (only) bucket
  for (int i = 0; i < 4; ++i) cache.Insert(k[i], OutputFor(k[i], 5), 5);
  CachedEval e;
  ASSERT_TRUE(cache.Lookup(k[0], &e));  // k[0] is now the most recent; k[1] the least
  cache.Insert(k[4], OutputFor(k[4], 5), 5);
  EXPECT_TRUE(cache.Lookup(k[0], &e));
  EXPECT_FALSE(cache.Lookup(k[1], &e));
  EXPECT_TRUE(cache.Lookup(k[2], &e));
  EXPECT_TRUE(cache.Lookup(k[3], &e));
  EXPECT_TRUE(cache.Lookup(k[4], &e));
  EXPECT_TRUE(Matches(e, k[4], 5));
  EXPECT_EQ(cache.stats().replacements, 1u);
}

TEST(PositionCacheTest, ClearForgetsEverything) {
  PositionCache cache(256);
  for (uint64_t key = 1; key < 50; ++key) cache.Insert(key * 0x9e3779b97f4a7c15ULL, OutputFor(key, 3), 3);
  cache.Clear();
  CachedEval e;
  for (uint64_t key = 1; key < 50; ++key) EXPECT_FALSE(cache.Lookup(key * 0x9e3779b97f4a7c15ULL, &e));
}

TEST(PositionKeyTest, CoversEverythingTheFeaturesSee) {
  const uint64_t prev[3] = {11, 22, 33};
  const uint64_t base = PositionKey(5, prev, 7.5f, 19);
  EXPECT_EQ(base, PositionKey(5, prev, 7.5f, 19));
  EXPECT_NE(base, PositionKey(6, prev, 7.5f, 19));                        // situation
  EXPECT_NE(base, PositionKey(5, prev, 6.5f, 19));                        // komi
  EXPECT_NE(base, PositionKey(5, prev, 7.5f, 13));                        // board size
  EXPECT_NE(base, PositionKey(5, std::span<const uint64_t>(prev, 2), 7.5f, 19));  // history length
  const uint64_t other[3] = {11, 23, 33};
  EXPECT_NE(base, PositionKey(5, other, 7.5f, 19));                       // an older position
  const uint64_t swapped[3] = {22, 11, 33};
  EXPECT_NE(base, PositionKey(5, swapped, 7.5f, 19));                     // order matters
  // Empty boards of different sizes hash alike as stones; the key must not.
  EXPECT_NE(PositionKey(0, {}, 7.5f, 9), PositionKey(0, {}, 7.5f, 19));
}

TEST(PositionCacheTest, ConcurrentReadersAndWritersNeverSeeTornEntries) {
  PositionCache cache(512, 8);  // small: constant eviction
  constexpr int kThreads = 8;
  constexpr int kOps = 4000;
  std::atomic<int> bad{0};
  std::atomic<int> hits{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(t);
      CachedEval e;
      for (int i = 0; i < kOps; ++i) {
        const uint64_t key = (rng() % 2000 + 1) * 0x9e3779b97f4a7c15ULL;
        const int policy_size = 1 + static_cast<int>(key % 362);
        if (rng() % 2) {
          cache.Insert(key, OutputFor(key, policy_size), policy_size);
        } else if (cache.Lookup(key, &e)) {
          ++hits;
          if (!Matches(e, key, policy_size)) ++bad;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(hits.load(), 0);
  const PositionCacheStats s = cache.stats();
  EXPECT_EQ(s.hits, static_cast<uint64_t>(hits.load()));
  EXPECT_EQ(s.lookups + s.inserts, static_cast<uint64_t>(kThreads * kOps));
}

}  // namespace
}  // namespace tengen
