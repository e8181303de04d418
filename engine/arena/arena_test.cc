#include "engine/arena/arena.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/arena/game_results.h"
#include "engine/data/atomic_file.h"
#include "engine/rules/scoring.h"
#include "engine/rules/sgf_game.h"
#include "engine/rules/sgf_parser.h"
#include "engine/rules/temp_file_test_util.h"
#include "engine/search/fake_backends.h"
#include "gtest/gtest.h"

namespace tengen::arena {
namespace {

// A folder with two stand-in model files (the config checks that they
// exist; the loader below never reads them).
std::string Folder(const std::string& name) {
  const std::string dir = testing::TempFilePath(name);
  (void)data::RemoveTree(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/a.tgm") << "fake";
  std::ofstream(dir + "/b.tgm") << "fake";
  return dir;
}

struct Loads {
  std::map<std::string, int> max_batch;  // by path
  int calls = 0;
};

ArenaBackendLoader FakeLoader(Loads* loads, int board_size = 9) {
  return [loads, board_size](const std::string& path, int max_batch) -> absl::StatusOr<std::unique_ptr<BatchBackend>> {
    ++loads->calls;
    loads->max_batch[path] = max_batch;
    return std::unique_ptr<BatchBackend>(std::make_unique<AreaCountBackend>(board_size, max_batch));
  };
}

ArenaConfig Config(const std::string& dir, const std::string& extra) {
  const std::string text = absl::StrCat(R"(
board_size: 7
komi: 0.5
player { name: "a" search { model: ")",
                                        dir, R"(/a.tgm" visits: 6 temperature: 1 temperature_moves: 4 } }
player { name: "a-raw" policy { model: ")",
                                        dir, R"(/a.tgm" temperature: 0.7 } }
player { name: "b" search { model: ")",
                                        dir, R"(/b.tgm" visits: 4 algorithm: GUMBEL } }
player { random {} }
parallel_games: 5
)",
                                        extra);
  absl::StatusOr<ArenaConfig> c = ParseArenaConfig(text, "test.pbtxt");
  EXPECT_TRUE(c.ok()) << c.status();
  return *c;
}

std::string Contents(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ArenaTest, PlaysTheWholeScheduleAndRecordsEveryGame) {
  const std::string dir = Folder("arena_whole");
  Loads loads;
  ArenaConfig config = Config(dir, "games_per_pairing: 2\n");
  // Fake models are 9x9: the arena plays 7x7.
  ArenaRunOptions options;
  options.out_dir = dir + "/out";
  options.log = nullptr;
  absl::StatusOr<ArenaRunSummary> wrong = RunArena(config, FakeLoader(&loads, 9), options);
  ASSERT_FALSE(wrong.ok());
  EXPECT_TRUE(absl::StrContains(wrong.status().message(), "is for 9x9 boards, the arena plays 7x7")) << wrong.status();
  EXPECT_TRUE(ReadResults(options.out_dir + "/results.tsv")->games.empty());

  loads = {};
  absl::StatusOr<ArenaRunSummary> summary = RunArena(config, FakeLoader(&loads, 7), options);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->scheduled, 6 * 2);
  EXPECT_EQ(summary->played, 12);
  EXPECT_EQ(summary->already_played, 0);
  EXPECT_EQ(loads.calls, 2);  // one backend per model file, shared by a and a-raw
  EXPECT_EQ(loads.max_batch[dir + "/a.tgm"], 5);

  absl::StatusOr<ResultsFile> results = ReadResults(options.out_dir + "/results.tsv");
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->games.size(), 12u);
  EXPECT_EQ(results->skipped_lines, 0);
  std::set<std::string> ids;
  for (const GameResult& r : results->games) {
    EXPECT_TRUE(ids.insert(r.game_id).second) << r.game_id;
    // The SGF holds the same game: players, result, and a replay whose
    // area count (or resignation) gives that result.
    absl::StatusOr<SgfCollection> sgf = ReadSgfFile(absl::StrCat(options.out_dir, "/sgf/", r.game_id, ".sgf"));
    ASSERT_TRUE(sgf.ok()) << r.game_id;
    ASSERT_EQ(sgf->games.size(), 1u);
    ASSERT_TRUE(sgf->games[0].ok()) << sgf->games[0].status();
    SgfReplayOptions replay_options;
    replay_options.ko_rule = KoRule::kPositionalSuperko;
    absl::StatusOr<SgfReplay> replay = ReplaySgfGame(*sgf->games[0], replay_options);
    ASSERT_TRUE(replay.ok()) << replay.status();
    EXPECT_EQ(replay->record.info.black_player, r.black);
    EXPECT_EQ(replay->record.info.white_player, r.white);
    EXPECT_EQ(replay->record.info.result.text, r.result_text);
    EXPECT_EQ(replay->record.info.game_name, r.game_id);
    EXPECT_EQ(static_cast<int>(replay->record.moves.size()), r.moves);
    if (!absl::EndsWith(r.result_text, "+R")) {
      EXPECT_EQ(ResultString(AreaScore(replay->game.board(), 0.5f).margin()), r.result_text) << r.game_id;
    }
    const std::string text = Contents(absl::StrCat(options.out_dir, "/sgf/", r.game_id, ".sgf"));
    EXPECT_TRUE(absl::StrContains(text, "C[tengen arena game")) << text;
    EXPECT_TRUE(absl::StrContains(text, "end\\: ")) << text;
  }
  // Names as configured, colours alternating.
  int a_black = 0, a_white = 0;
  for (const GameResult& r : results->games) {
    a_black += r.black == "a";
    a_white += r.white == "a";
  }
  EXPECT_EQ(a_black, 3);
  EXPECT_EQ(a_white, 3);
  EXPECT_TRUE(absl::StrContains(Contents(options.out_dir + "/config.pbtxt"), "parallel_games: 5"));

  // A rerun plays nothing; more games per pairing play only the new ones.
  summary = RunArena(config, FakeLoader(&loads, 7), options);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->played, 0);
  EXPECT_EQ(summary->already_played, 12);
  ArenaConfig more = Config(dir, "games_per_pairing: 3\n");
  summary = RunArena(more, FakeLoader(&loads, 7), options);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->played, 6);
  EXPECT_EQ(summary->already_played, 12);
  results = ReadResults(options.out_dir + "/results.tsv");
  ids.clear();
  for (const GameResult& r : results->games) EXPECT_TRUE(ids.insert(r.game_id).second) << r.game_id;
  EXPECT_EQ(ids.size(), 18u);
}

TEST(ArenaTest, ResignationAtTheThreshold) {
  const std::string dir = Folder("arena_resign");
  Loads loads;
  // Against a player that passes whenever it may (a raw policy on the
  // area-count backend is uniform, so it mostly plays), the searcher on the
  // area count soon knows it wins or loses; a threshold just below 1 makes
  // the losing side resign at once after move area / 4.
  ArenaConfig config = Config(dir,
                              "games_per_pairing: 2\nschedule: GAUNTLET\ngauntlet_opponent: \"random\"\n"
                              "resign_threshold: 0.99\n");
  ArenaRunOptions options;
  options.out_dir = dir + "/out";
  options.log = nullptr;
  absl::StatusOr<ArenaRunSummary> summary = RunArena(config, FakeLoader(&loads, 7), options);
  ASSERT_TRUE(summary.ok()) << summary.status();
  absl::StatusOr<ResultsFile> results = ReadResults(options.out_dir + "/results.tsv");
  int resigned = 0;
  for (const GameResult& r : results->games) {
    if (!absl::EndsWith(r.result_text, "+R")) continue;
    ++resigned;
    EXPECT_GE(r.moves, 7 * 7 / 4) << r.game_id;
    // The random player never resigns.
    EXPECT_EQ(r.winner == Winner::kBlack ? r.white : r.black, r.black == "random" ? r.white : r.black);
  }
  EXPECT_GT(resigned, 0);
}

TEST(ArenaTest, OpeningsComeFromTheBookWithBothColours) {
  const std::string dir = Folder("arena_book");
  std::ofstream(dir + "/book.sgf") << "(;GM[1]FF[4]SZ[7];B[dd];W[cc];B[ec];W[ce];B[ee])"
                                      "(;GM[1]FF[4]SZ[7];B[cc];W[ee];B[ce];W[ec];B[dd])\n";
  Loads loads;
  ArenaConfig config = Config(dir, absl::StrCat("games_per_pairing: 4\nschedule: GAUNTLET\n"
                                                "gauntlet_opponent: \"random\"\nopening_book { sgf: \"",
                                                dir, "/book.sgf\" moves: 3 }\n"));
  ArenaRunOptions options;
  options.out_dir = dir + "/out";
  options.log = nullptr;
  absl::StatusOr<ArenaRunSummary> summary = RunArena(config, FakeLoader(&loads, 7), options);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->played, 3 * 4);
  const std::string first = Contents(options.out_dir + "/sgf/a~random~0000.sgf");
  const std::string second = Contents(options.out_dir + "/sgf/a~random~0001.sgf");
  const std::string third = Contents(options.out_dir + "/sgf/a~random~0002.sgf");
  EXPECT_TRUE(absl::StrContains(first, ";B[dd];W[cc];B[ec]")) << first;
  EXPECT_TRUE(absl::StrContains(second, ";B[dd];W[cc];B[ec]")) << second;
  EXPECT_TRUE(absl::StrContains(third, ";B[cc];W[ee];B[ce]")) << third;
  EXPECT_TRUE(absl::StrContains(first, "PB[a]")) << first;
  EXPECT_TRUE(absl::StrContains(second, "PW[a]")) << second;
  EXPECT_TRUE(absl::StrContains(first, "book.sgf game 1")) << first;
}

TEST(ArenaTest, AModelThatDoesNotLoadFailsBeforeAnyGame) {
  const std::string dir = Folder("arena_load");
  ArenaConfig config = Config(dir, "");
  ArenaRunOptions options;
  options.out_dir = dir + "/out";
  options.log = nullptr;
  const ArenaBackendLoader broken = [](const std::string& path, int) -> absl::StatusOr<std::unique_ptr<BatchBackend>> {
    return absl::DataLossError(absl::StrCat(path, ": not a model file"));
  };
  absl::StatusOr<ArenaRunSummary> summary = RunArena(config, broken, options);
  ASSERT_FALSE(summary.ok());
  EXPECT_TRUE(absl::StrContains(summary.status().message(), "player 'a': cannot load model")) << summary.status();
  EXPECT_FALSE(std::filesystem::exists(options.out_dir + "/results.tsv"));
}

}  // namespace
}  // namespace tengen::arena
