#include "selfplay/selfplay_config.h"

#include "engine/data/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::selfplay {
namespace {

using ::testing::HasSubstr;

TEST(SelfPlayConfigTest, EmptyConfigGivesTheCpuDefaultsFor9x9) {
  absl::StatusOr<SelfPlaySettings> s = ParseSelfPlayConfig("", "c.pbtxt", "", false);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->device, "cpu");
  EXPECT_EQ(s->board_size, 9);
  EXPECT_FLOAT_EQ(s->komi, 7.0f);
  EXPECT_EQ(s->arch, "b2c16");
  EXPECT_EQ(s->cheap_visits, s->full_visits / 4);
  EXPECT_FLOAT_EQ(s->full_search_fraction, 0.25f);
  EXPECT_FLOAT_EQ(s->no_resign_fraction, 0.1f);
  // 250k positions scaled from 361 to 81 points.
  EXPECT_EQ(s->window_min_positions, 56094);
  EXPECT_NEAR(s->temperature_halflife_moves, 19.0 * 81 / 361, 1e-4);
}

TEST(SelfPlayConfigTest, CudaDefaultsAre19x19SizedSearchAndB6c64) {
  absl::StatusOr<SelfPlaySettings> s = ParseSelfPlayConfig("board_size: 19", "c.pbtxt", "", true);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->device, "cuda");
  EXPECT_EQ(s->arch, "b6c64");
  EXPECT_EQ(s->full_visits, 200);
  EXPECT_FLOAT_EQ(s->komi, 7.5f);
  EXPECT_EQ(s->window_min_positions, 250000);
}

TEST(SelfPlayConfigTest, OverridesWinOverTheFileAndOptionalZerosAreValues) {
  absl::StatusOr<SelfPlaySettings> s = ParseSelfPlayConfig("full_visits: 40\nkomi: 5.5\n", "c.pbtxt",
                                                           "full_visits: 24 komi: 0 no_resign_fraction: 0", false);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->full_visits, 24);
  EXPECT_FLOAT_EQ(s->komi, 0.0f);
  EXPECT_FLOAT_EQ(s->no_resign_fraction, 0.0f);
}

TEST(SelfPlayConfigTest, UnknownFieldNamesFileLineAndColumn) {
  absl::StatusOr<SelfPlaySettings> s =
      ParseSelfPlayConfig("board_size: 9\n  full_visitz: 3\n", "runs/a.pbtxt", "", false);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("runs/a.pbtxt:2:"));
  EXPECT_THAT(s.status().message(), HasSubstr("full_visitz"));
}

TEST(SelfPlayConfigTest, BadValuesAreRefusedWithTheFileName) {
  absl::StatusOr<SelfPlaySettings> type = ParseSelfPlayConfig("board_size: \"nine\"\n", "a.pbtxt", "", false);
  ASSERT_FALSE(type.ok());
  EXPECT_THAT(type.status().message(), HasSubstr("a.pbtxt:1:"));
  absl::StatusOr<SelfPlaySettings> range =
      ParseSelfPlayConfig("# size\nfull_visits: 10\n  board_size: 25\n", "a.pbtxt", "", false);
  ASSERT_FALSE(range.ok());
  EXPECT_THAT(range.status().message(), HasSubstr("a.pbtxt:3:3: board_size must be 2..19"));
  absl::StatusOr<SelfPlaySettings> overridden = ParseSelfPlayConfig("board_size: 25", "a.pbtxt", "c_puct: -1", false);
  ASSERT_FALSE(overridden.ok());
  EXPECT_THAT(overridden.status().message(), HasSubstr("a.pbtxt:1:1: board_size"));
  absl::StatusOr<SelfPlaySettings> cheap =
      ParseSelfPlayConfig("full_visits: 8 cheap_visits: 9\n", "a.pbtxt", "", false);
  EXPECT_FALSE(cheap.ok());
  absl::StatusOr<SelfPlaySettings> bad_override =
      ParseSelfPlayConfig("", "a.pbtxt", "gating: true gating_elo1: -5", false);
  ASSERT_FALSE(bad_override.ok());
  EXPECT_THAT(bad_override.status().message(), HasSubstr("--set:1:"));
  absl::StatusOr<SelfPlaySettings> override_error = ParseSelfPlayConfig("", "a.pbtxt", "full_visits: -", false);
  ASSERT_FALSE(override_error.ok());
  EXPECT_THAT(override_error.status().message(), HasSubstr("--set:1:"));
}

TEST(SelfPlayConfigTest, RunFolderKeepsItsConfigAndRefusesAnotherUnlessForced) {
  const std::string dir = data::testing::MakeTempDir("selfplay_config_run");
  std::unique_ptr<RunStorage> storage = OpenPosixRunStorage(dir);
  absl::StatusOr<SelfPlaySettings> first = ParseSelfPlayConfig("full_visits: 40", "a", "", false);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(CheckOrStoreRunConfig(*storage, *first, false).ok());
  // The same config again, written differently, is the same config.
  absl::StatusOr<SelfPlaySettings> same = ParseSelfPlayConfig("", "b", "full_visits:40", false);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(CheckOrStoreRunConfig(*storage, *same, false).ok());
  absl::StatusOr<SelfPlaySettings> other = ParseSelfPlayConfig("full_visits: 41", "c", "", false);
  ASSERT_TRUE(other.ok());
  absl::Status refused = CheckOrStoreRunConfig(*storage, *other, false);
  EXPECT_THAT(refused.message(), HasSubstr("another config"));
  EXPECT_THAT(refused.message(), HasSubstr("--force"));
  EXPECT_TRUE(CheckOrStoreRunConfig(*storage, *other, true).ok());
  EXPECT_TRUE(CheckOrStoreRunConfig(*storage, *other, false).ok());
  EXPECT_FALSE(CheckOrStoreRunConfig(*storage, *first, false).ok());
}

}  // namespace
}  // namespace tengen::selfplay
