#include "engine/data/shard_file.h"

#include <filesystem>
#include <fstream>

#include "engine/data/atomic_file.h"
#include "engine/data/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::data {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

absl::Status WriteShard(const std::string& path, const std::vector<RecordedGame>& games) {
  absl::StatusOr<std::unique_ptr<ShardWriter>> writer = ShardWriter::Create(path);
  if (!writer.ok()) return writer.status();
  for (const RecordedGame& g : games) {
    if (absl::Status s = (*writer)->Add(g); !s.ok()) return s;
  }
  return (*writer)->Finish();
}

std::vector<RecordedGame> SomeGames(int n) {
  std::vector<RecordedGame> games;
  for (int i = 0; i < n; ++i) games.push_back(testing::MakeLineGame(i, 30 + i));
  return games;
}

TEST(ShardFileTest, RoundTripsEveryField) {
  const std::string dir = testing::MakeTempDir("shards");
  RecordedGame g = testing::MakeLineGame(7);
  g.source = DataSource::kSelfPlay;
  g.scoring = RecordScoring::kTerritory;
  g.handicap = 2;
  g.setup_black = {60, 72};
  g.first_to_move = 2;
  g.policy_targets.resize(g.moves.size());
  g.policy_targets[1].moves = {3, 361};
  g.policy_targets[1].probabilities = {0.25f, 0.75f};
  g.root_values = {0.5f, -0.25f};
  g.score_lead = -3.5f;
  g.has_score_lead = true;
  g.final_ownership.assign(361, -1);
  g.final_ownership[5] = 1;
  g.black_player = "黑";
  g.white_rank = "9d";
  g.source_path = "a.sgf";
  g.source_game_index = 12;
  g.model_name = "m1";
  g.game_hash = 0xfedcba9876543210ULL;
  const std::string path = dir + "/one.shard";
  ASSERT_TRUE(WriteShard(path, {g}).ok());
  absl::StatusOr<std::vector<RecordedGame>> read = ReadShard(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 1u);
  const RecordedGame& r = (*read)[0];
  EXPECT_EQ(r.source, DataSource::kSelfPlay);
  EXPECT_EQ(r.scoring, RecordScoring::kTerritory);
  EXPECT_EQ(r.handicap, 2);
  EXPECT_EQ(r.setup_black, g.setup_black);
  EXPECT_EQ(r.first_to_move, 2);
  EXPECT_EQ(r.moves, g.moves);
  ASSERT_EQ(r.policy_targets.size(), g.moves.size());
  EXPECT_TRUE(r.policy_targets[0].empty());
  EXPECT_EQ(r.policy_targets[1].moves, g.policy_targets[1].moves);
  EXPECT_EQ(r.policy_targets[1].probabilities, g.policy_targets[1].probabilities);
  EXPECT_EQ(r.root_values, g.root_values);
  EXPECT_EQ(r.winner, g.winner);
  EXPECT_EQ(r.score_lead, -3.5f);
  EXPECT_TRUE(r.has_score_lead);
  EXPECT_EQ(r.final_ownership, g.final_ownership);
  EXPECT_EQ(r.black_player, "黑");
  EXPECT_EQ(r.white_rank, "9d");
  EXPECT_EQ(r.source_path, "a.sgf");
  EXPECT_EQ(r.source_game_index, 12);
  EXPECT_EQ(r.game_hash, 0xfedcba9876543210ULL);
  EXPECT_EQ(r.model_name, "m1");
}

TEST(ShardFileTest, EmptyShardIsValid) {
  const std::string dir = testing::MakeTempDir("shards");
  ASSERT_TRUE(WriteShard(dir + "/empty.shard", {}).ok());
  absl::StatusOr<std::vector<RecordedGame>> read = ReadShard(dir + "/empty.shard");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_TRUE(read->empty());
}

TEST(ShardFileTest, CompressesRecords) {
  const std::string dir = testing::MakeTempDir("shards");
  std::vector<RecordedGame> games;
  for (int i = 0; i < 50; ++i) {
    RecordedGame g = testing::MakeLineGame(i, 250);
    g.black_player = g.white_player = std::string(200, 'x');
    games.push_back(g);
  }
  ASSERT_TRUE(WriteShard(dir + "/big.shard", games).ok());
  // 250 moves of mostly 2-byte varints plus 400 name bytes: > 900 bytes raw each.
  EXPECT_LT(fs::file_size(dir + "/big.shard"), 50u * 700u);
}

TEST(ShardFileTest, EveryFlippedByteIsDetectedWithFileAndRecordIndex) {
  const std::string dir = testing::MakeTempDir("shards");
  const std::string path = dir + "/flip.shard";
  ASSERT_TRUE(WriteShard(path, SomeGames(3)).ok());
  std::string original;
  ASSERT_TRUE(ReadFileToString(path, &original).ok());
  const size_t first_record_size = FrameRecord(SomeGames(1)[0]).size();
  for (size_t i = 0; i < original.size(); ++i) {
    std::string damaged = original;
    damaged[i] ^= 0x20;
    ASSERT_TRUE(WriteFileAtomically(path, damaged).ok());
    absl::StatusOr<std::vector<RecordedGame>> read = ReadShard(path);
    ASSERT_FALSE(read.ok()) << "flipping byte " << i << " went unnoticed";
    EXPECT_THAT(std::string(read.status().message()), HasSubstr(path));
    if (i >= 8 && i < 8 + first_record_size) {
      EXPECT_THAT(std::string(read.status().message()), HasSubstr("at record 0"));
    }
  }
}

TEST(ShardFileTest, EveryTruncationIsDetected) {
  const std::string dir = testing::MakeTempDir("shards");
  const std::string path = dir + "/cut.shard";
  ASSERT_TRUE(WriteShard(path, SomeGames(3)).ok());
  std::string original;
  ASSERT_TRUE(ReadFileToString(path, &original).ok());
  for (size_t n = 0; n < original.size(); ++n) {
    ASSERT_TRUE(WriteFileAtomically(path, original.substr(0, n)).ok());
    absl::StatusOr<std::vector<RecordedGame>> read = ReadShard(path);
    ASSERT_FALSE(read.ok()) << "truncation to " << n << " bytes went unnoticed";
    EXPECT_THAT(std::string(read.status().message()), HasSubstr(path));
  }
  // Cut exactly after record 0: the footer is missing, named at record 1.
  const size_t after_first = 8 + FrameRecord(SomeGames(1)[0]).size();
  ASSERT_TRUE(WriteFileAtomically(path, original.substr(0, after_first)).ok());
  absl::StatusOr<std::vector<RecordedGame>> read = ReadShard(path);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(std::string(read.status().message()), HasSubstr("at record 1"));
  EXPECT_THAT(std::string(read.status().message()), HasSubstr("truncated"));
}

TEST(ShardFileTest, UnfinishedWriterLeavesNoFile) {
  const std::string dir = testing::MakeTempDir("shards");
  {
    absl::StatusOr<std::unique_ptr<ShardWriter>> writer = ShardWriter::Create(dir + "/x.shard");
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Add(testing::MakeLineGame(1)).ok());
    EXPECT_EQ(ListDir(dir).size(), 1u);  // the hidden temporary file
    EXPECT_TRUE(IsTemporaryFileName(ListDir(dir)[0]));
  }
  EXPECT_TRUE(ListDir(dir).empty());
}

TEST(ShardFileTest, WriterFailsCleanlyInMissingDirectory) {
  const std::string dir = testing::MakeTempDir("shards");
  absl::StatusOr<std::unique_ptr<ShardWriter>> writer =
      ShardWriter::Create(dir + "/no/such/dir/x.shard");
  EXPECT_FALSE(writer.ok());
  EXPECT_TRUE(ListDir(dir).empty());
}

TEST(ShardSetWriterTest, SplitsIntoNumberedShards) {
  const std::string dir = testing::MakeTempDir("set");
  ShardSetWriter writer(dir, "train", 4);
  for (const RecordedGame& g : SomeGames(10)) {
    ASSERT_TRUE(writer.AddFramed(FrameRecord(g), g.num_positions()).ok());
  }
  ASSERT_TRUE(writer.Finish().ok());
  EXPECT_EQ(writer.shard_files(),
            (std::vector<std::string>{"train-00000.shard", "train-00001.shard",
                                      "train-00002.shard"}));
  EXPECT_EQ(writer.games(), 10);
  EXPECT_EQ(ListDir(dir), writer.shard_files());
  absl::StatusOr<std::vector<RecordedGame>> last = ReadShard(dir + "/train-00002.shard");
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->size(), 2u);
}

TEST(ShardSetWriterTest, FailureRemovesEverythingItWrote) {
  const std::string dir = testing::MakeTempDir("set");
  {
    ShardSetWriter writer(dir, "train", 3);
    writer.set_fail_after_records_for_testing(7);
    absl::Status status;
    for (const RecordedGame& g : SomeGames(10)) {
      status = writer.AddFramed(FrameRecord(g), g.num_positions());
      if (!status.ok()) break;
    }
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(writer.shard_files().size(), 2u);
  }
  EXPECT_TRUE(ListDir(dir).empty());
}

}  // namespace
}  // namespace tengen::data
