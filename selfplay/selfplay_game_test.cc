#include "selfplay/selfplay_game.h"

#include <vector>

#include "engine/data/record_convert.h"
#include "engine/rules/scoring.h"
#include "engine/search/fake_backends.h"
#include "engine/search/search_driver.h"
#include "gtest/gtest.h"

namespace tengen::selfplay {
namespace {

SelfPlaySettings SmallSettings() {
  absl::StatusOr<SelfPlaySettings> s =
      ParseSelfPlayConfig("board_size: 7 full_visits: 24 cheap_visits: 6 parallel_games: 8", "t", "", false);
  EXPECT_TRUE(s.ok()) << s.status();
  return *s;
}

// Plays every game to its end in lockstep, as the worker does.
std::vector<data::RecordedGame> PlayGames(const SelfPlaySettings& settings, int games, bool resign_disabled,
                                          BatchBackend& backend) {
  std::vector<std::unique_ptr<SelfPlayGame>> pool;
  for (int g = 0; g < games; ++g) {
    pool.push_back(std::make_unique<SelfPlayGame>(settings));
    pool.back()->Start(GameStart{"gen-000007", static_cast<uint64_t>(100 + g), resign_disabled, -0.9f});
  }
  LockstepDriver driver(&backend);
  std::vector<data::RecordedGame> records;
  std::vector<Search*> searches;
  while (static_cast<int>(records.size()) < games) {
    searches.clear();
    for (auto& game : pool) {
      if (!game->finished()) searches.push_back(&game->search());
    }
    driver.Step(searches);
    for (auto& game : pool) {
      if (!game->finished() && game->search().Done() && game->FinishMove()) records.push_back(game->Record());
    }
  }
  return records;
}

TEST(SelfPlayGameTest, RecordsReplayAndCarryTargetsOnlyForFullSearches) {
  const SelfPlaySettings settings = SmallSettings();
  ZeroCostBackend backend(settings.board_size, settings.parallel_games, 3);
  const std::vector<data::RecordedGame> records = PlayGames(settings, 6, /*resign_disabled=*/true, backend);
  int full = 0, moves = 0;
  for (const data::RecordedGame& r : records) {
    ASSERT_GT(r.num_positions(), 0);
    EXPECT_EQ(r.source, data::DataSource::kSelfPlay);
    EXPECT_EQ(r.model_name, "gen-000007");
    EXPECT_FALSE(r.search_settings.empty());
    ASSERT_EQ(r.full_search.size(), r.moves.size());
    ASSERT_EQ(r.policy_targets.size(), r.moves.size());
    ASSERT_EQ(r.root_values.size(), r.moves.size());
    for (int i = 0; i < r.num_positions(); ++i) {
      EXPECT_EQ(r.policy_targets[i].empty(), r.full_search[i] == 0) << "move " << i;
      if (r.full_search[i] == 0) continue;
      double sum = 0;
      for (float p : r.policy_targets[i].probabilities) sum += p;
      EXPECT_NEAR(sum, 1.0, 1e-4);
    }
    full += r.num_training_positions();
    moves += r.num_positions();
    // The record is a legal game that replays to its end.
    absl::StatusOr<Game> replayed = data::ReplayRecord(r);
    ASSERT_TRUE(replayed.ok()) << replayed.status();
    if (!r.result_text.ends_with("+R")) {
      ASSERT_TRUE(r.has_score_lead);
      const Score score = AreaScore(replayed->board(), r.komi);
      EXPECT_FLOAT_EQ(r.score_lead, score.margin());
      EXPECT_EQ(r.winner, score.margin() > 0 ? 1.0f : -1.0f);
      EXPECT_EQ(r.final_ownership.size(), 49u);
    }
  }
  // About a quarter of the moves were searched fully.
  EXPECT_GT(full, moves / 8);
  EXPECT_LT(full, moves / 2);
}

TEST(SelfPlayGameTest, AResignationEndsTheGameForTheOpponent) {
  SelfPlaySettings settings = SmallSettings();
  settings.komi = 0;  // the first stone owns the whole empty board, and the other side gives up
  settings.full_search_fraction = 1.0f;
  settings.cheap_visits = settings.full_visits;
  // Values follow the area count: the side behind on the board sees a loss.
  AreaCountBackend backend(settings.board_size, settings.parallel_games, 0.5f);
  const std::vector<data::RecordedGame> records = PlayGames(settings, 4, false, backend);
  int resigned = 0;
  for (const data::RecordedGame& r : records) {
    if (!r.result_text.ends_with("+R")) continue;
    ++resigned;
    EXPECT_EQ(r.winner, r.result_text == "B+R" ? 1.0f : -1.0f);
    EXPECT_FALSE(r.has_score_lead);
    EXPECT_TRUE(data::ReplayRecord(r).ok());
  }
  EXPECT_GT(resigned, 0);
}

TEST(SelfPlayGameTest, NoResignGamesPlayOnAndRecordWhoWouldHaveResigned) {
  SelfPlaySettings settings = SmallSettings();
  settings.komi = 0;
  AreaCountBackend backend(settings.board_size, settings.parallel_games, 0.5f);
  const std::vector<data::RecordedGame> records = PlayGames(settings, 4, true, backend);
  int would_resign = 0;
  for (const data::RecordedGame& r : records) {
    EXPECT_TRUE(r.resign_disabled);
    EXPECT_FALSE(r.result_text.ends_with("+R"));
    if (r.would_resign_move > 0) {
      ++would_resign;
      EXPECT_TRUE(r.would_resign_player == 1 || r.would_resign_player == 2);
      EXPECT_LE(r.would_resign_move, r.num_positions());
    }
    EXPECT_GE(r.winner_min_value, -1.0f);
    EXPECT_LE(r.winner_min_value, 1.0f);
  }
  EXPECT_GT(would_resign, 0);
}

TEST(SelfPlayGameTest, GumbelTargetsAreTheImprovedPolicyOverEveryLegalMove) {
  SelfPlaySettings settings = SmallSettings();
  settings.gumbel = true;
  settings.gumbel_considered_actions = 4;
  settings.full_search_fraction = 1.0f;
  settings.cheap_visits = settings.full_visits;
  ZeroCostBackend backend(settings.board_size, settings.parallel_games, 5);
  const std::vector<data::RecordedGame> records = PlayGames(settings, 2, true, backend);
  for (const data::RecordedGame& r : records) {
    ASSERT_FALSE(r.policy_targets.empty());
    // Completed Q gives every legal move (49 points and pass on the empty
    // board) a share, though only 4 were searched.
    EXPECT_GE(r.policy_targets[0].moves.size(), 45u);
    EXPECT_NE(r.search_settings.find("gumbel"), std::string::npos);
  }
}

}  // namespace
}  // namespace tengen::selfplay
