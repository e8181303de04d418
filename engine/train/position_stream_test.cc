#include "engine/train/position_stream.h"

#include <map>
#include <set>

#include "engine/train/train_test_util.h"
#include "gtest/gtest.h"

namespace tengen::train {
namespace {

using Key = std::pair<uint64_t, int>;  // (game hash, move)

std::vector<std::pair<Key, int>> Drain(PositionStream& stream) {
  std::vector<std::pair<Key, int>> out;
  PositionRef ref;
  while (true) {
    absl::StatusOr<bool> more = stream.Next(&ref);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    out.push_back({{ref.game->game_hash, ref.move_index}, ref.symmetry});
  }
  return out;
}

class PositionStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = data::testing::MakeTempDir("shards");
    data::ManifestData manifest;
    games_ = testing::LineGames(0, 60);
    testing::WriteSplit(dir_, "train", games_, 7, &manifest);
    for (const data::RecordedGame& g : games_) total_ += g.num_positions();
    options_.shard_paths = testing::ShardPaths(dir_, "train");
    options_.seed = 5;
    options_.shuffle_buffer = 100;
    options_.interleave_shards = 3;
  }
  std::string dir_;
  std::vector<data::RecordedGame> games_;
  int64_t total_ = 0;
  PositionStreamOptions options_;
};

TEST_F(PositionStreamTest, EpochHasEveryPositionOnce) {
  PositionStream stream(options_, 0);
  std::vector<std::pair<Key, int>> seen = Drain(stream);
  EXPECT_EQ(static_cast<int64_t>(seen.size()), total_);
  std::set<Key> unique;
  std::set<int> symmetries;
  for (const auto& [key, s] : seen) {
    unique.insert(key);
    symmetries.insert(s);
  }
  EXPECT_EQ(static_cast<int64_t>(unique.size()), total_);
  EXPECT_EQ(symmetries.size(), 8u);
  EXPECT_EQ(stream.produced(), total_);
}

TEST_F(PositionStreamTest, OrderIsAFunctionOfSeedAndEpochOnly) {
  PositionStream a(options_, 0);
  PositionStreamOptions reversed = options_;
  std::reverse(reversed.shard_paths.begin(), reversed.shard_paths.end());
  PositionStream b(reversed, 0);
  const auto order_a = Drain(a);
  EXPECT_EQ(order_a, Drain(b));
  PositionStream next_epoch(options_, 1);
  EXPECT_NE(order_a, Drain(next_epoch));
  PositionStreamOptions other_seed = options_;
  other_seed.seed = 6;
  PositionStream c(other_seed, 0);
  EXPECT_NE(order_a, Drain(c));
}

TEST_F(PositionStreamTest, OrderIsWellMixed) {
  PositionStreamOptions big_buffer = options_;
  big_buffer.shuffle_buffer = 1000;  // about 33 games
  PositionStream stream(big_buffer, 0);
  const auto order = Drain(stream);
  // Neighbouring samples rarely come from the same game.
  int same = 0;
  for (size_t i = 1; i < order.size(); ++i) same += order[i].first.first == order[i - 1].first.first;
  EXPECT_LT(same, static_cast<int>(order.size()) / 10);
}

TEST_F(PositionStreamTest, SkipResumesTheSameSequence) {
  PositionStream full(options_, 2);
  const auto order = Drain(full);
  for (int64_t cut : {int64_t{0}, int64_t{1}, int64_t{333}, total_ - 1}) {
    PositionStream resumed(options_, 2);
    absl::StatusOr<bool> ok = resumed.Skip(cut);
    ASSERT_TRUE(ok.ok());
    const auto rest = Drain(resumed);
    ASSERT_EQ(static_cast<int64_t>(rest.size()), total_ - cut);
    EXPECT_TRUE(std::equal(rest.begin(), rest.end(), order.begin() + cut)) << "cut " << cut;
  }
  PositionStream past(options_, 2);
  absl::StatusOr<bool> beyond = past.Skip(total_ + 5);
  ASSERT_TRUE(beyond.ok());
  EXPECT_FALSE(*beyond);
}

TEST_F(PositionStreamTest, UniqueGamesKeepsTheSmallestHashes) {
  absl::StatusOr<ShardIndex> index = IndexShards(options_.shard_paths);
  ASSERT_TRUE(index.ok()) << index.status();
  EXPECT_EQ(index->games, 60);
  EXPECT_EQ(index->positions, total_);
  const GameSelection all = SelectUniqueGames(*index, 0);
  EXPECT_EQ(all.positions, total_);
  const GameSelection ten = SelectUniqueGames(*index, 10);
  EXPECT_EQ(ten.games, 10);
  std::vector<uint64_t> hashes;
  for (const auto& g : games_) hashes.push_back(g.game_hash);
  std::sort(hashes.begin(), hashes.end());
  EXPECT_EQ(ten.max_hash, hashes[9]);
  PositionStreamOptions limited = options_;
  limited.max_game_hash = ten.max_hash;
  PositionStream stream(limited, 0);
  const auto order = Drain(stream);
  EXPECT_EQ(static_cast<int64_t>(order.size()), ten.positions);
  std::set<uint64_t> used;
  for (const auto& [key, s] : order) used.insert(key.first);
  EXPECT_EQ(used, std::set<uint64_t>(hashes.begin(), hashes.begin() + 10));
}

TEST_F(PositionStreamTest, NoAugmentationMeansIdentity) {
  PositionStreamOptions plain = options_;
  plain.augment = false;
  PositionStream stream(plain, 0);
  for (const auto& [key, s] : Drain(stream)) ASSERT_EQ(s, 0);
}

TEST_F(PositionStreamTest, CorruptShardIsReportedWithItsName) {
  const std::string victim = options_.shard_paths[2];
  ASSERT_TRUE(data::WriteFileAtomically(victim, "TGSHARD1garbage").ok());
  absl::StatusOr<ShardIndex> index = IndexShards(options_.shard_paths);
  ASSERT_FALSE(index.ok());
  EXPECT_NE(std::string(index.status().message()).find(victim), std::string::npos);
  PositionStream stream(options_, 0);
  PositionRef ref;
  absl::Status status;
  while (true) {
    absl::StatusOr<bool> more = stream.Next(&ref);
    if (!more.ok()) {
      status = more.status();
      break;
    }
    if (!*more) break;
  }
  EXPECT_FALSE(status.ok());
}

}  // namespace
}  // namespace tengen::train
