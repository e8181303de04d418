#include "selfplay/selfplay_worker.h"

#include <filesystem>
#include <fstream>
#include <set>

#include "engine/data/shard_file.h"
#include "engine/data/test_util.h"
#include "engine/nn/meta/model_file.h"
#include "engine/search/fake_backends.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "selfplay/game_catalog.h"
#include "selfplay/model_registry.h"

namespace tengen::selfplay {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

SelfPlaySettings WorkerSettings() {
  absl::StatusOr<SelfPlaySettings> s = ParseSelfPlayConfig(
      "board_size: 5 full_visits: 8 cheap_visits: 4 parallel_games: 4 shard_games: 4 max_game_moves: 40 "
      "sgf_every_games: 5",
      "t", "", false);
  EXPECT_TRUE(s.ok()) << s.status();
  return *s;
}

// A model file with real framing and meta; the fake loader never reads its weights.
void PublishFakeModel(RunStorage& storage, int generation, int board_size) {
  absl::StatusOr<nn::ModelConfig> config = nn::ModelConfigForArch("b1c16", board_size);
  ASSERT_TRUE(config.ok());
  ASSERT_TRUE(PublishModel(storage, generation, *config, "not really weights").ok());
}

BackendLoader FakeLoader(std::vector<std::string>* loaded) {
  return [loaded](const std::string& path, int max_batch) -> absl::StatusOr<std::unique_ptr<BatchBackend>> {
    loaded->push_back(fs::path(path).filename().string());
    return std::make_unique<ZeroCostBackend>(5, max_batch, 7);
  };
}

std::vector<data::RecordedGame> AllGames(RunStorage& storage, int* shards) {
  std::vector<data::RecordedGame> games;
  *shards = 0;
  absl::StatusOr<std::vector<StoredFile>> files = storage.List(kGamesFolder);
  EXPECT_TRUE(files.ok());
  for (const StoredFile& f : *files) {
    EXPECT_FALSE(f.is_temporary) << f.name;
    absl::StatusOr<std::vector<data::RecordedGame>> shard =
        data::ReadShard(storage.LocalPath(std::string(kGamesFolder) + "/" + f.name));
    EXPECT_TRUE(shard.ok()) << shard.status();
    ++*shards;
    games.insert(games.end(), shard->begin(), shard->end());
  }
  return games;
}

TEST(SelfPlayWorkerTest, PlaysWithTheNewestGoodModelAndWritesWholeShards) {
  const std::string dir = data::testing::MakeTempDir("run");
  std::unique_ptr<RunStorage> storage = OpenPosixRunStorage(dir);
  const SelfPlaySettings settings = WorkerSettings();
  PublishFakeModel(*storage, 0, 5);
  PublishFakeModel(*storage, 1, 5);
  PublishFakeModel(*storage, 3, 9);  // another board: never loaded
  PublishFakeModel(*storage, 4, 5);
  {  // generation 4 cut short, as a crashed copy would leave it
    const std::string path = storage->LocalPath("models/gen-000004.tgm");
    fs::resize_file(path, fs::file_size(path) - 3);
  }
  std::ofstream(storage->LocalPath("models/gen-000005.tgm")) << "(;GM[1]FF[4]SZ[5])";  // foreign
  std::ofstream(storage->LocalPath("models/.gen-000006.tgm.tmp-1-0")) << "partial";    // being written

  std::vector<std::string> loaded;
  WorkerLimits limits;
  limits.max_games = 10;
  limits.progress_seconds = 0;
  WorkerStats stats;
  ASSERT_TRUE(RunSelfPlayWorker(*storage, settings, FakeLoader(&loaded), limits, &stats).ok());
  EXPECT_EQ(loaded, std::vector<std::string>({"gen-000001.tgm"}));
  EXPECT_EQ(stats.games, 10);
  int shards = 0;
  const std::vector<data::RecordedGame> games = AllGames(*storage, &shards);
  EXPECT_EQ(shards, 3);  // 4 + 4 + 2
  ASSERT_EQ(games.size(), 10u);
  std::set<uint64_t> hashes;
  for (const data::RecordedGame& g : games) {
    EXPECT_EQ(g.model_name, "gen-000001");
    EXPECT_EQ(g.board_size, 5);
    hashes.insert(g.game_hash);
  }
  EXPECT_GT(hashes.size(), 5u);  // games differ (noise, temperature, seeds)
  absl::StatusOr<std::vector<StoredFile>> sgfs = storage->List("sgf");
  ASSERT_TRUE(sgfs.ok());
  EXPECT_EQ(sgfs->size(), 2u);  // games 5 and 10
}

TEST(SelfPlayWorkerTest, TakesANewerModelForNewGamesOnly) {
  const std::string dir = data::testing::MakeTempDir("run");
  std::unique_ptr<RunStorage> storage = OpenPosixRunStorage(dir);
  SelfPlaySettings settings = WorkerSettings();
  settings.model_poll_seconds = 1e-9;  // every round, before any game can end
  PublishFakeModel(*storage, 0, 5);
  std::vector<std::string> loaded;
  BackendLoader loader = [&](const std::string& path, int max_batch) -> absl::StatusOr<std::unique_ptr<BatchBackend>> {
    loaded.push_back(fs::path(path).filename().string());
    if (loaded.size() == 1) PublishFakeModel(*storage, 1, 5);  // published while gen 0 plays
    return std::make_unique<ZeroCostBackend>(5, max_batch, 7);
  };
  WorkerLimits limits;
  limits.max_games = 12;
  limits.progress_seconds = 0;
  WorkerStats stats;
  ASSERT_TRUE(RunSelfPlayWorker(*storage, settings, loader, limits, &stats).ok());
  EXPECT_EQ(loaded, std::vector<std::string>({"gen-000000.tgm", "gen-000001.tgm"}));
  int shards = 0;
  int by_old = 0, by_new = 0;
  for (const data::RecordedGame& g : AllGames(*storage, &shards)) {
    (g.model_name == "gen-000000" ? by_old : by_new) += 1;
  }
  EXPECT_EQ(by_old, 4);  // the games already started
  EXPECT_EQ(by_new, 8);
}

TEST(SelfPlayWorkerTest, AnUnwritableRunFolderStopsWithAClearErrorAndKeepsTheGames) {
  const std::string dir = data::testing::MakeTempDir("run");
  std::unique_ptr<RunStorage> storage = OpenPosixRunStorage(dir);
  PublishFakeModel(*storage, 0, 5);
  std::ofstream(storage->LocalPath("games")) << "a file where the games folder should be";
  std::vector<std::string> loaded;
  WorkerLimits limits;
  limits.max_games = 4;
  limits.progress_seconds = 0;
  WorkerStats stats;
  absl::Status s = RunSelfPlayWorker(*storage, WorkerSettings(), FakeLoader(&loaded), limits, &stats);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr(storage->LocalPath("games")));
  // The finished games went to a rescue shard in the temporary folder.
  int rescued = 0;
  for (const auto& entry : fs::directory_iterator(fs::temp_directory_path())) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("tengen-rescue-") && name.find(ProcessTag()) != std::string::npos) {
      absl::StatusOr<std::vector<data::RecordedGame>> games = data::ReadShard(entry.path().string());
      ASSERT_TRUE(games.ok());
      rescued += static_cast<int>(games->size());
      fs::remove(entry.path());
    }
  }
  EXPECT_EQ(rescued, 4);
}

TEST(GameCatalogTest, CountsCompleteShardsAndSkipsDamagedOnesOnce) {
  const std::string dir = data::testing::MakeTempDir("run");
  std::unique_ptr<RunStorage> storage = OpenPosixRunStorage(dir);
  PublishFakeModel(*storage, 0, 5);
  std::vector<std::string> loaded;
  WorkerLimits limits;
  limits.max_games = 8;
  limits.progress_seconds = 0;
  WorkerStats stats;
  ASSERT_TRUE(RunSelfPlayWorker(*storage, WorkerSettings(), FakeLoader(&loaded), limits, &stats).ok());
  // A shard cut short and one half written (temporary name) beside the good ones.
  absl::StatusOr<std::vector<StoredFile>> files = storage->List(kGamesFolder);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 2u);
  const std::string good = storage->LocalPath(std::string(kGamesFolder) + "/" + (*files)[0].name);
  fs::copy_file(good, storage->LocalPath("games/zz-cut.shard"));
  fs::resize_file(storage->LocalPath("games/zz-cut.shard"), fs::file_size(good) - 20);
  std::ofstream(storage->LocalPath("games/.zz-partial.shard.tmp-9-0")) << "TGSHARD1";
  GameCatalog catalog(storage.get());
  std::vector<std::string> warnings;
  absl::StatusOr<int> added = catalog.Refresh([&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, 2);
  EXPECT_EQ(catalog.games(), 8);
  EXPECT_EQ(catalog.positions(), stats.training_positions);
  EXPECT_EQ(catalog.damaged_shards(), 1);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("zz-cut.shard"));
  ASSERT_TRUE(catalog.Refresh([&](const std::string& w) { warnings.push_back(w); }).ok());
  EXPECT_EQ(warnings.size(), 1u);  // reported once
}

}  // namespace
}  // namespace tengen::selfplay
