#include "engine/experiment/experiment_config.h"

#include <filesystem>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/arena/arena_config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::experiment {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The presets name the shared corpora (../shared beside the checkout).
bool HaveSharedData() { return std::filesystem::exists("../shared/sgf/tom-9d/2004-03.sgf"); }

TEST(ExperimentConfigTest, EveryPresetParsesAndMatchesTheArms) {
  if (!HaveSharedData()) GTEST_SKIP() << "../shared/sgf is not beside the checkout";
  for (const std::string& name : PresetNames()) {
    absl::StatusOr<ExperimentSettings> s = ParseExperimentConfig(absl::StrCat("preset: \"", name, "\""), "test");
    ASSERT_TRUE(s.ok()) << name << ": " << s.status();
    EXPECT_EQ(s->board_size, 19) << name;
    EXPECT_THAT(s->arms, ElementsAre("imitation", "selfplay_zero", "selfplay_bootstrap")) << name;
    EXPECT_EQ(s->budget_positions % s->checkpoint_every_positions, 0) << name;
    EXPECT_THAT(s->selfplay_text, HasSubstr(absl::StrCat("samples_per_export: ", s->checkpoint_every_positions)));
    EXPECT_THAT(s->selfplay_text, HasSubstr(absl::StrCat("arch: \"", s->arch, "\"")));
    ASSERT_FALSE(s->league_anchors.empty());
    EXPECT_EQ(s->league_anchors[0].name, "random");
    EXPECT_EQ(s->league_anchors[1].name, "imitation-b6c64");
    EXPECT_EQ(s->league_anchors[1].model_path, "models/imitation-b6c64.tgm");
    EXPECT_EQ(s->engine_anchors[0].name, "gnugo:1");
  }
}

TEST(ExperimentConfigTest, AFileOverridesItsPresetAndReplacesLists) {
  if (!HaveSharedData()) GTEST_SKIP() << "../shared/sgf is not beside the checkout";
  absl::StatusOr<ExperimentSettings> s = ParseExperimentConfig(
      "preset: \"smoke\"\nbudget_positions: 12288\nhuman_sgf: \"../shared/sgf/tom-9d/2004-01.sgf\"\n"
      "selfplay_bootstrap: false\nengine_anchor { player { gnugo { level: 3 } } }\n",
      "mine.pbtxt");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->budget_positions, 12288);
  EXPECT_EQ(s->checkpoint_every_positions, 4096);  // from the preset
  EXPECT_THAT(s->human_sgf, ElementsAre("../shared/sgf/tom-9d/2004-01.sgf"));
  EXPECT_THAT(s->arms, ElementsAre("imitation", "selfplay_zero"));
  ASSERT_EQ(s->engine_anchors.size(), 1u);
  EXPECT_EQ(s->engine_anchors[0].name, "gnugo:3");
  EXPECT_THAT(s->resolved_text, HasSubstr("budget_positions: 12288"));
}

TEST(ExperimentConfigTest, ErrorsNameFileLineAndColumn) {
  if (!HaveSharedData()) GTEST_SKIP() << "../shared/sgf is not beside the checkout";
  struct Case {
    std::string text;
    std::string expected;
  };
  const Case cases[] = {
      {"preset: \"smoke\"\n  no_such_field: 3\n", "mine.pbtxt:2:3"},
      {"preset: \"tiny\"\n", "mine.pbtxt:1:1: unknown preset \"tiny\""},
      {"preset: \"smoke\"\ncheckpoint_every_positions: 100\n", "mine.pbtxt:2:1: checkpoint_every_positions"},
      {"preset: \"smoke\"\nbudget_positions: 10000\n", "mine.pbtxt:2:1: budget_positions"},
      {"preset: \"smoke\"\nbootstrap_from_positions: 8192\n", "mine.pbtxt:2:1: bootstrap_from_positions"},
      {"preset: \"smoke\"\nimitation: false\n", "the bootstrap arm starts from the imitation arm"},
      {"preset: \"smoke\"\nhuman_sgf: \"a.sgf\"\nhuman_sgf: \"/no/such.sgf\"\n",
       "mine.pbtxt:2:1: no such file or folder: a.sgf"},
      {"preset: \"smoke\"\nleague_anchor { policy { model: \"/no/such.tgm\" } }\n", "mine.pbtxt:2:1:"},
      {"preset: \"smoke\"\nengine_anchor { player { gnugo { binary: \"/no/gnugo\" } } }\n", "mine.pbtxt:2:"},
      {"preset: \"smoke\"\ncheckpoint_player { random {} }\n", "mine.pbtxt:2:1: checkpoint_player must be"},
      {"preset: \"smoke\"\nleague_anchor { random {} }\nleague_anchor { random {} }\n", "two anchors are named random"},
      {"preset: \"smoke\"\nopening_book { sgf: \"/no/book.sgf\" }\n", "no such file or folder: /no/book.sgf"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<ExperimentSettings> s = ParseExperimentConfig(c.text, "mine.pbtxt");
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_THAT(std::string(s.status().message()), HasSubstr(c.expected)) << c.text;
  }
}

TEST(ExperimentConfigTest, ArenaConfigsParseAsTheArenaReadsThem) {
  if (!HaveSharedData()) GTEST_SKIP() << "../shared/sgf is not beside the checkout";
  absl::StatusOr<ExperimentSettings> s = ParseExperimentConfig("preset: \"smoke\"", "test");
  ASSERT_TRUE(s.ok()) << s.status();
  const std::string model = "models/imitation-b6c64.tgm";
  const std::string league =
      ArenaConfigText(*s, {CheckpointPlayerText(*s, "imitation:4096", model), s->league_anchors[0].player_text}, {}, 2);
  absl::StatusOr<arena::ArenaConfig> parsed = arena::ParseArenaConfig(league, "league");
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << league;
  ASSERT_EQ(parsed->players.size(), 2u);
  EXPECT_EQ(parsed->players[0].name, "imitation:4096");
  EXPECT_EQ(parsed->players[0].kind, arena::PlayerSpec::Kind::kPolicy);
  EXPECT_EQ(parsed->players[0].model_path, model);
  EXPECT_EQ(parsed->board_size, 19);
  EXPECT_EQ(parsed->schedule, arena::ScheduleKind::kRoundRobin);
  EXPECT_FALSE(parsed->opening_sgf.empty());

  const std::string gauntlet = ArenaConfigText(
      *s, {CheckpointPlayerText(*s, "imitation:4096", model), s->engine_anchors[0].player_text}, {"gnugo:1"}, 2);
  parsed = arena::ParseArenaConfig(gauntlet, "gauntlet");
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << gauntlet;
  EXPECT_EQ(parsed->schedule, arena::ScheduleKind::kGauntlet);
  EXPECT_THAT(parsed->gauntlet_opponents, ElementsAre("gnugo:1"));
}

}  // namespace
}  // namespace tengen::experiment
