// `tengen arena` as a real process: a 9x9 arena between the random player
// and a tiny model killed with -9 in the middle of its schedule and rerun
// (every game exactly once, each with its SGF); games against GNU Go with
// the cleanup phase and final_score; an engine that dies in the middle of a
// game and one that hangs (each loses that game, is restarted, and the
// arena goes on); and configs that must fail before any game is played.

#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/arena/game_results.h"
#include "engine/rules/sgf_game.h"
#include "engine/rules/sgf_parser.h"
#include "gtest/gtest.h"
#include "tests/gtp_test_util.h"

namespace tengen {
namespace {

namespace fs = std::filesystem;

constexpr char kGnuGo[] = "/usr/games/gnugo";

std::string WriteConfig(const std::string& dir, const std::string& text) {
  const std::string path = dir + "/arena.pbtxt";
  std::ofstream(path) << text;
  return path;
}

// `tengen arena --config CONFIG --out OUT` to completion; the exit code and
// the output in *log.
int RunArena(const std::string& config, const std::string& out, std::string* log) {
  const std::string log_path = out + ".log";
  const int rc = testing::RunProgram({testing::TengenBinary(), "arena", "--config", config, "--out", out, "--device",
                                      "cpu", "--torch_threads", "1", "--progress_seconds", "0"},
                                     log_path);
  *log = testing::FileContents(log_path);
  return rc;
}

std::map<std::string, int> IdCounts(const arena::ResultsFile& results) {
  std::map<std::string, int> counts;
  for (const arena::GameResult& r : results.games) ++counts[r.game_id];
  return counts;
}

// The game's SGF, parsed; its RE must be the result's.
void ExpectSgfOf(const std::string& out, const arena::GameResult& r) {
  const std::string path = absl::StrCat(out, "/sgf/", r.game_id, ".sgf");
  absl::StatusOr<SgfCollection> sgf = ReadSgfFile(path);
  ASSERT_TRUE(sgf.ok()) << path;
  ASSERT_EQ(sgf->games.size(), 1u) << path;
  ASSERT_TRUE(sgf->games[0].ok()) << sgf->games[0].status();
  SgfReplayOptions options;
  options.ko_rule = KoRule::kPositionalSuperko;
  absl::StatusOr<SgfReplay> replay = ReplaySgfGame(*sgf->games[0], options);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->record.info.result.text, r.result_text) << path;
  EXPECT_EQ(replay->record.info.black_player, r.black) << path;
  EXPECT_EQ(replay->record.info.white_player, r.white) << path;
  EXPECT_EQ(static_cast<int>(replay->record.moves.size()), r.moves) << path;
}

int CountLines(const std::string& path) {
  const std::string text = testing::FileContents(path);
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(ArenaCliTest, KilledMidScheduleResumesWithEveryGameOnce) {
  TENGEN_REQUIRE_GTP_BINARY();
  const std::string dir = testing::FreshTestFolder("arena", "resume");
  const std::string out = dir + "/out";
  constexpr int kGames = 48;
  const std::string config = WriteConfig(dir, absl::StrFormat(R"(# random against a tiny model
board_size: 9
schedule: HEAD_TO_HEAD
games_per_pairing: %d
parallel_games: 2
player { name: "tiny" search { model: "%s" visits: 24 temperature: 1 temperature_moves: 6 } }
player { random {} }
)",
                                                              kGames, testing::TinyModel()));
  // First run: killed with -9 once a few games are in results.tsv.
  {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string log = out + ".first.log";
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<std::string> argv = {
        testing::TengenBinary(), "arena", "--config",           config, "--out", out, "--device", "cpu",
        "--torch_threads",       "1",     "--progress_seconds", "0"};
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid = -1;
    ASSERT_EQ(posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    const absl::Time deadline = absl::Now() + absl::Seconds(120);
    int status = 0;
    bool exited = false;
    while (absl::Now() < deadline) {
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
      if (CountLines(out + "/results.tsv") >= 5) break;
      absl::SleepFor(absl::Milliseconds(5));
    }
    if (!exited) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
    }
    ASSERT_FALSE(exited) << "the arena ended before it could be killed:\n" << testing::FileContents(log);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    absl::StatusOr<arena::ResultsFile> partial = arena::ReadResults(out + "/results.tsv");
    ASSERT_TRUE(partial.ok());
    ASSERT_LT(partial->games.size(), static_cast<size_t>(kGames)) << "killed too late to test resuming";
    EXPECT_TRUE(absl::StrContains(testing::FileContents(log), "games ("))
        << testing::FileContents(log);  // progress lines
  }
  const int before = static_cast<int>(arena::ReadResults(out + "/results.tsv")->games.size());

  // The same command again finishes the schedule.
  std::string log;
  ASSERT_EQ(RunArena(config, out, &log), 0) << log;
  EXPECT_TRUE(absl::StrContains(log, absl::StrFormat("%d already in", before))) << log;
  EXPECT_TRUE(absl::StrContains(log, absl::StrFormat("played=%d", kGames - before))) << log;
  EXPECT_TRUE(absl::StrContains(log, "# Bradley-Terry")) << log;  // the rating table
  absl::StatusOr<arena::ResultsFile> results = arena::ReadResults(out + "/results.tsv");
  ASSERT_TRUE(results.ok());
  EXPECT_EQ(results->skipped_lines, 0);  // a kill leaves no broken line
  const std::map<std::string, int> counts = IdCounts(*results);
  for (int i = 0; i < kGames; ++i) {
    const std::string id = absl::StrFormat("tiny~random~%04d", i);
    ASSERT_TRUE(counts.contains(id)) << id;
    EXPECT_EQ(counts.at(id), 1) << id;
  }
  EXPECT_EQ(counts.size(), static_cast<size_t>(kGames));
  for (const arena::GameResult& r : results->games) {
    ExpectSgfOf(out, r);
    // Colours alternate: "tiny" is black in even games.
    const int number = std::stoi(r.game_id.substr(r.game_id.rfind('~') + 1));
    EXPECT_EQ(r.black, number % 2 == 0 ? "tiny" : "random") << r.game_id;
  }
  // No half-written SGF left behind.
  for (const auto& e : fs::directory_iterator(out + "/sgf")) {
    EXPECT_TRUE(absl::EndsWith(e.path().filename().string(), ".sgf")) << e.path();
    EXPECT_FALSE(absl::StartsWith(e.path().filename().string(), ".")) << e.path();
  }
  // A third run has nothing to do.
  ASSERT_EQ(RunArena(config, out, &log), 0) << log;
  EXPECT_TRUE(absl::StrContains(log, "played=0")) << log;
  EXPECT_EQ(arena::ReadResults(out + "/results.tsv")->games.size(), static_cast<size_t>(kGames));
}

TEST(ArenaCliTest, GamesAgainstGnuGoAreCountedAfterCleanup) {
  TENGEN_REQUIRE_GTP_BINARY();
  if (::access(kGnuGo, X_OK) != 0) GTEST_SKIP() << "GNU Go is not installed";
  const std::string dir = testing::FreshTestFolder("arena", "gnugo");
  const std::string out = dir + "/out";
  const std::string config = WriteConfig(dir, absl::StrFormat(R"(
board_size: 9
schedule: GAUNTLET
gauntlet_opponent: "gnugo:1"
games_per_pairing: 2
player { name: "tiny" search { model: "%s" visits: 8 } }
player { random {} }
player { gnugo { level: 1 } }
)",
                                                              testing::TinyModel()));
  std::string log;
  ASSERT_EQ(RunArena(config, out, &log), 0) << log;
  absl::StatusOr<arena::ResultsFile> results = arena::ReadResults(out + "/results.tsv");
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->games.size(), 4u) << log;
  const std::map<std::string, int> counts = IdCounts(*results);
  for (const char* id : {"tiny~gnugo:1~0000", "tiny~gnugo:1~0001", "random~gnugo:1~0000", "random~gnugo:1~0001"}) {
    EXPECT_EQ(counts.count(id), 1u) << id;
  }
  for (const arena::GameResult& r : results->games) {
    EXPECT_TRUE(r.black == "gnugo:1" || r.white == "gnugo:1") << r.game_id;
    EXPECT_FALSE(absl::EndsWith(r.result_text, "+F")) << r.game_id << " " << log;
    ExpectSgfOf(out, r);
    const std::string sgf = testing::FileContents(absl::StrCat(out, "/sgf/", r.game_id, ".sgf"));
    // GNU Go lists final_score: its count is recorded next to ours.
    if (!absl::EndsWith(r.result_text, "+R") && r.moves < 3 * 81) {
      EXPECT_TRUE(absl::StrContains(sgf, "final_score of gnugo\\:1\\: ")) << sgf;
      EXPECT_TRUE(absl::StrContains(sgf, "cleanup phase")) << sgf;
    }
    EXPECT_TRUE(absl::StrContains(sgf, "--level 1")) << sgf;
  }
  EXPECT_TRUE(absl::StrContains(log, "gnugo:1")) << log;  // in the rating table
}

TEST(ArenaCliTest, TwoEnginesPlayEachOther) {
  TENGEN_REQUIRE_GTP_BINARY();
  if (::access(kGnuGo, X_OK) != 0) GTEST_SKIP() << "GNU Go is not installed";
  const std::string dir = testing::FreshTestFolder("arena", "engines");
  const std::string out = dir + "/out";
  const std::string config = WriteConfig(dir, R"(
board_size: 7
komi: 4.5
schedule: HEAD_TO_HEAD
games_per_pairing: 2
player { gnugo { level: 0 } }
player { name: "gg" gtp { command_line: "/usr/games/gnugo --mode gtp --level 0 --chinese-rules --positional-superko" } }
)");
  std::string log;
  ASSERT_EQ(RunArena(config, out, &log), 0) << log;
  absl::StatusOr<arena::ResultsFile> results = arena::ReadResults(out + "/results.tsv");
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->games.size(), 2u) << log;
  for (const arena::GameResult& r : results->games) {
    EXPECT_FALSE(absl::EndsWith(r.result_text, "+F")) << r.game_id << "\n" << log;
    ExpectSgfOf(out, r);
    const std::string sgf = testing::FileContents(absl::StrCat(out, "/sgf/", r.game_id, ".sgf"));
    if (!absl::EndsWith(r.result_text, "+R")) {
      // Both engines are asked for their count.
      EXPECT_TRUE(absl::StrContains(sgf, "final_score of gnugo\\:0\\: ")) << sgf;
      EXPECT_TRUE(absl::StrContains(sgf, "final_score of gg\\: ")) << sgf;
    }
  }
  EXPECT_EQ(results->games[0].black == "gnugo:0" ? results->games[1].black : results->games[0].black, "gg");
}

// A GTP engine around GNU Go that, on its first start only (the marker file
// does not exist yet), dies (kill -9 of GNU Go, exit) or hangs at its third
// genmove.
std::string FlakyEngine(const std::string& dir) {
  const std::string path = dir + "/flaky_gtp.sh";
  std::ofstream(path) << R"(#!/bin/bash
marker="$1"; mode="$2"
gnugo=(/usr/games/gnugo --mode gtp --level 0 --chinese-rules --positional-superko)
if [ -e "$marker" ]; then exec "${gnugo[@]}"; fi
touch "$marker"
coproc G { exec "${gnugo[@]}"; }
genmoves=0
while IFS= read -r line; do
  case "$line" in
    *genmove*)
      genmoves=$((genmoves + 1))
      if [ "$genmoves" -ge 3 ]; then
        if [ "$mode" = die ]; then kill -9 "$G_PID"; exit 3; fi
        sleep 600
      fi;;
  esac
  printf '%s\n' "$line" >&"${G[1]}"
  while IFS= read -r reply <&"${G[0]}"; do
    printf '%s\n' "$reply"
    [ -z "$reply" ] && break
  done
done
)";
  ::chmod(path.c_str(), 0755);
  return path;
}

TEST(ArenaCliTest, AnEngineThatDiesOrHangsLosesThatGameAndIsRestarted) {
  TENGEN_REQUIRE_GTP_BINARY();
  if (::access(kGnuGo, X_OK) != 0) GTEST_SKIP() << "GNU Go is not installed";
  const std::string dir = testing::FreshTestFolder("arena", "flaky");
  const std::string out = dir + "/out";
  const std::string script = FlakyEngine(dir);
  const std::string config = WriteConfig(dir, absl::StrFormat(R"(
board_size: 9
schedule: GAUNTLET
gauntlet_opponent: "random"
games_per_pairing: 2
player { name: "dies" gtp { command: "/bin/bash" command: "%s" command: "%s/dies.marker" command: "die" } }
player { name: "hangs" gtp { command: "/bin/bash" command: "%s" command: "%s/hangs.marker" command: "hang"
                             move_timeout_seconds: 2 } }
player { random {} }
)",
                                                              script, dir, script, dir));
  std::string log;
  ASSERT_EQ(RunArena(config, out, &log), 0) << log;
  absl::StatusOr<arena::ResultsFile> results = arena::ReadResults(out + "/results.tsv");
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->games.size(), 4u) << log;
  std::map<std::string, arena::GameResult> by_id;
  for (const arena::GameResult& r : results->games) by_id[r.game_id] = r;
  // Game 0 of each: the engine (black) fails at its third move and loses.
  for (const char* id : {"dies~random~0000", "hangs~random~0000"}) {
    ASSERT_TRUE(by_id.contains(id)) << id;
    EXPECT_EQ(by_id[id].result_text, "W+F") << id;
    EXPECT_EQ(by_id[id].winner, arena::Winner::kWhite) << id;
    EXPECT_EQ(by_id[id].moves, 4) << id;  // B, W, B, W, then the third genmove fails
    ExpectSgfOf(out, by_id[id]);
  }
  EXPECT_TRUE(absl::StrContains(testing::FileContents(out + "/sgf/dies~random~0000.sgf"), "forfeit")) << log;
  // The restarted engines play game 1 to its end.
  for (const char* id : {"dies~random~0001", "hangs~random~0001"}) {
    ASSERT_TRUE(by_id.contains(id)) << id;
    EXPECT_FALSE(absl::EndsWith(by_id[id].result_text, "+F")) << id << "\n" << log;
    ExpectSgfOf(out, by_id[id]);
  }
  EXPECT_TRUE(absl::StrContains(log, "engine dies (pid")) << log;
  EXPECT_TRUE(absl::StrContains(log, "UNAVAILABLE")) << log;
  EXPECT_TRUE(absl::StrContains(log, "engine hangs (pid")) << log;
  EXPECT_TRUE(absl::StrContains(log, "DEADLINE_EXCEEDED")) << log;
  EXPECT_TRUE(absl::StrContains(log, "restarting engine dies")) << log;
  EXPECT_TRUE(absl::StrContains(log, "restarting engine hangs")) << log;
  EXPECT_TRUE(absl::StrContains(log, "forfeits=2 engine_restarts=2")) << log;
}

TEST(ArenaCliTest, BadConfigsFailBeforeAnyGame) {
  TENGEN_REQUIRE_GTP_BINARY();
  const std::string dir = testing::FreshTestFolder("arena", "bad");
  const std::string out = dir + "/out";
  struct Case {
    std::string config;
    int rc;
    std::string message;
  };
  const std::string tiny = testing::TinyModel();
  const Case cases[] = {
      {"player { random {} }\nplayer { name: \"m\" search { model: \"/nonexistent/model.tgm\" } }\n", 2,
       "arena.pbtxt:2:29: model file '/nonexistent/model.tgm' does not exist"},
      {absl::StrCat(
           "player { random {} }\nplayer {\n  name: \"k\"\n  gtp { command_line: \"/nonexistent/katago gtp\" }\n}\n"),
       2, "arena.pbtxt:4:9: engine binary '/nonexistent/katago' does not exist"},
      {"player { random {} }\nplayer { gnugo { binary: \"/nonexistent/gnugo\" } }\n", 2,
       "arena.pbtxt:2:18: engine binary '/nonexistent/gnugo' does not exist"},
      {"player { random {} }\nplayer { name: \"r\" random {} }\n  games_per_pairng: 4\n", 2,
       "arena.pbtxt:3:3: Message type \"tengen.proto.ArenaConfig\" has no field named \"games_per_pairng\""},
      // Starts, but is no GTP engine: found before the first game.
      {"player { random {} }\nplayer { name: \"false\" gtp { command: \"/bin/false\" } }\n", 1,
       "player 'false': the engine cannot be used"},
      // Loads, but for another board size.
      {absl::StrCat("board_size: 7\nplayer { random {} }\nplayer { search { model: \"", tiny, "\" } }\n"), 1,
       "is for 9x9 boards, the arena plays 7x7"},
  };
  for (const Case& c : cases) {
    std::error_code ec;
    fs::remove_all(out, ec);
    std::string log;
    EXPECT_EQ(RunArena(WriteConfig(dir, c.config), out, &log), c.rc) << c.config << log;
    EXPECT_TRUE(absl::StrContains(log, c.message)) << c.config << "\n" << log;
    EXPECT_FALSE(fs::exists(out + "/results.tsv")) << c.config;
    EXPECT_FALSE(fs::exists(out + "/sgf") && !fs::is_empty(out + "/sgf")) << c.config;
  }
}

}  // namespace
}  // namespace tengen
