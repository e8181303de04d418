#include "engine/arena/arena_config.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/rules/temp_file_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::arena {
namespace {

using ::testing::HasSubstr;

// An empty file that stands for a model (the config only checks it exists).
std::string FakeModel(const std::string& name) {
  const std::string dir = testing::TempFilePath("arena_config_models");
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/" + name;
  std::ofstream(path) << "x";
  return path;
}

std::string Message(const absl::StatusOr<ArenaConfig>& c) { return std::string(c.status().message()); }

TEST(ArenaConfigTest, DefaultsAndPlayers) {
  const std::string model = FakeModel("net-a.tgm");
  const std::string text = absl::StrCat(R"(
player { search { model: ")",
                                        model, R"(" visits: 32 algorithm: GUMBEL } }
player { policy { model: ")",
                                        model, R"(" temperature: 0.5 } resign_threshold: -0.9 }
player { random {} }
player { gnugo { level: 3 } }
player { name: "gg" gtp { command_line: "/usr/games/gnugo --mode gtp" move_timeout_seconds: 5 } }
)");
  absl::StatusOr<ArenaConfig> c = ParseArenaConfig(text, "a.pbtxt");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->board_size, 9);
  EXPECT_FLOAT_EQ(c->komi, 7.0f);
  EXPECT_EQ(c->max_moves, 243);
  EXPECT_EQ(c->games_per_pairing, 2);
  EXPECT_EQ(c->schedule, ScheduleKind::kRoundRobin);
  ASSERT_EQ(c->players.size(), 5u);
  EXPECT_EQ(c->players[0].name, "net-a");
  EXPECT_EQ(c->players[0].kind, PlayerSpec::Kind::kSearch);
  EXPECT_TRUE(c->players[0].gumbel);
  EXPECT_EQ(c->players[0].visits, 32);
  EXPECT_FLOAT_EQ(c->players[0].resign_threshold, -1.0f);
  EXPECT_EQ(c->players[1].name, "net-a:policy");
  EXPECT_FLOAT_EQ(c->players[1].temperature, 0.5f);
  EXPECT_FLOAT_EQ(c->players[1].resign_threshold, -0.9f);
  EXPECT_EQ(c->players[2].name, "random");
  EXPECT_EQ(c->players[3].name, "gnugo:3");
  EXPECT_THAT(c->players[3].gtp_command, ::testing::ElementsAre("/usr/games/gnugo", "--mode", "gtp", "--level", "3",
                                                                "--chinese-rules", "--positional-superko"));
  EXPECT_THAT(c->players[4].gtp_command, ::testing::ElementsAre("/usr/games/gnugo", "--mode", "gtp"));
  EXPECT_DOUBLE_EQ(c->players[4].move_timeout_seconds, 5);
  EXPECT_THAT(c->players[0].Describe(), HasSubstr("visits=32 gumbel"));
}

TEST(ArenaConfigTest, UnknownFieldNamesFileLineColumn) {
  absl::StatusOr<ArenaConfig> c =
      ParseArenaConfig("board_size: 9\n  player { random {} }\n  boardsize: 9\n", "x.pbtxt");
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(Message(c), HasSubstr("x.pbtxt:3:3:"));
  EXPECT_THAT(Message(c), HasSubstr("boardsize"));
  c = ParseArenaConfig("player { random { depth: 3 } }\n", "y.pbtxt");
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(Message(c), HasSubstr("y.pbtxt:1:19:"));
  c = ParseArenaConfig("schedule: LADDER\n", "z.pbtxt");
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(Message(c), HasSubstr("z.pbtxt:1:11: Unknown enumeration value of \"LADDER\""));
}

TEST(ArenaConfigTest, BadValuesNameWhereTheyWereWritten) {
  const std::string two_random = "player { random {} }\nplayer { name: \"r2\" random {} }\n";
  struct Case {
    std::string text;
    std::string expected;
  };
  const Case cases[] = {
      {two_random + "board_size: 25\n", "c.pbtxt:3:1: board_size must be 2..19"},
      {two_random + "games_per_pairing: -2\n", "c.pbtxt:3:1: games_per_pairing"},
      {"player { random {} }\nplayer { random {} }\n", "c.pbtxt:2:1: two players are named 'random'"},
      {"player { random {} }\n", "an arena needs at least two players"},
      {two_random + "player {\n  name: \"x\"\n  search { visits: -3 model: \"/nonexistent/m.tgm\" }\n}\n",
       "c.pbtxt:5:23: model file '/nonexistent/m.tgm' does not exist"},
      {two_random + "player {\n  name: \"x\"\n  search { visits: 3 }\n}\n", "c.pbtxt:5:3: a model player needs"},
      {two_random + "player { name: \"k\" gtp { command: \"/nonexistent/katago\" command: \"gtp\" } }\n",
       "c.pbtxt:3:26: engine binary '/nonexistent/katago' does not exist"},
      {two_random + "player { name: \"k\" gtp { command_line: \"no-such-engine-here gtp\" } }\n",
       "c.pbtxt:3:26: engine binary 'no-such-engine-here' is not in PATH"},
      {two_random + "player { gnugo { level: 11 } }\n", "c.pbtxt:3:18: GNU Go levels are 0..10"},
      {two_random + "player { gnugo { binary: \"/nonexistent/gnugo\" } }\n",
       "c.pbtxt:3:18: engine binary '/nonexistent/gnugo' does not exist"},
      {two_random + "player { gtp { command: \"/bin/cat\" } }\n", "c.pbtxt:3:1: an external engine needs a name"},
      {two_random + "player { name: \"a b\" random {} }\n", "c.pbtxt:3:10: player name 'a b'"},
      {two_random + "player { name: \"q\" }\n", "c.pbtxt:3:1: a player needs one of"},
      {two_random + "schedule: HEAD_TO_HEAD\nplayer { name: \"r3\" random {} }\n",
       "c.pbtxt:3:1: HEAD_TO_HEAD needs exactly two players, not 3"},
      {two_random + "schedule: GAUNTLET\n", "c.pbtxt:3:1: GAUNTLET needs at least one"},
      {two_random + "schedule: GAUNTLET\ngauntlet_opponent: \"r2\"\ngauntlet_opponent: \"nobody\"\n",
       "c.pbtxt:5:1: no player is named 'nobody'"},
      {two_random + "gauntlet_opponent: \"r2\"\n", "c.pbtxt:3:1: gauntlet_opponent needs `schedule: GAUNTLET`"},
      {two_random + "opening_book { sgf: \"/nonexistent/games\" moves: 4 }\n",
       "c.pbtxt:3:16: '/nonexistent/games' does not exist"},
      {two_random + "opening_book { moves: 4 }\n", "c.pbtxt:3:1: an opening book needs `sgf"},
      {two_random + "opening_book { sgf: \"/\" }\n", "c.pbtxt:3:1: an opening book needs `moves: K`"},
      {two_random + "games_per_pairing: 3\nopening_book { sgf: \"/\" moves: 2 }\n",
       "c.pbtxt:3:1: games_per_pairing must be even"},
      {two_random + "rating_anchor { player: \"gnugo:10\" elo: 431 }\n", "c.pbtxt:3:17: no player is named 'gnugo:10'"},
      {two_random + "player { name: \"m\" random {} resign_threshold: 1.5 }\n",
       "c.pbtxt:3:30: resign_threshold must be below 1"},
  };
  for (const Case& k : cases) {
    absl::StatusOr<ArenaConfig> c = ParseArenaConfig(k.text, "c.pbtxt");
    ASSERT_FALSE(c.ok()) << k.text;
    EXPECT_THAT(Message(c), HasSubstr(k.expected)) << k.text;
  }
}

TEST(ArenaConfigTest, GauntletAndAnchors) {
  absl::StatusOr<ArenaConfig> c = ParseArenaConfig(R"(
player { name: "a" random {} }
player { name: "b" random {} }
player { name: "anchor" random {} }
schedule: GAUNTLET
gauntlet_opponent: "anchor"
rating_anchor { player: "anchor" elo: 100 }
rules: TROMP_TAYLOR
komi: 0
games_per_pairing: 4
)",
                                                   "g.pbtxt");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->schedule, ScheduleKind::kGauntlet);
  EXPECT_EQ(c->gauntlet_opponents, std::vector<std::string>{"anchor"});
  EXPECT_DOUBLE_EQ(c->rating_anchors.at("anchor"), 100);
  EXPECT_TRUE(c->tromp_taylor);
  EXPECT_FLOAT_EQ(c->komi, 0.0f);
  EXPECT_EQ(c->games_per_pairing, 4);
}

TEST(ArenaConfigTest, CheckExecutable) {
  EXPECT_TRUE(CheckExecutable("/bin/sh").ok());
  EXPECT_TRUE(CheckExecutable("sh").ok());
  const std::string plain = testing::TempFilePath("plain_file");
  std::ofstream(plain) << "x";
  std::filesystem::permissions(plain, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_THAT(std::string(CheckExecutable(plain).message()), HasSubstr("not an executable file"));
  EXPECT_EQ(CheckExecutable("/no/such/file").code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace tengen::arena
