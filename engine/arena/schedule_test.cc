#include "engine/arena/schedule.h"

#include <map>
#include <set>
#include <utility>

#include "gtest/gtest.h"

namespace tengen::arena {
namespace {

ScheduleSpec Spec(std::vector<std::string> players, ScheduleKind kind, int games, int openings = 0) {
  ScheduleSpec s;
  s.players = std::move(players);
  s.kind = kind;
  s.games_per_pairing = games;
  s.num_openings = openings;
  return s;
}

TEST(ScheduleTest, RoundRobinPlaysEveryPairTheSameNumberOfGames) {
  const ScheduleSpec spec = Spec({"a", "b", "c", "d", "e"}, ScheduleKind::kRoundRobin, 3);
  absl::StatusOr<std::vector<ScheduledGame>> games = MakeSchedule(spec);
  ASSERT_TRUE(games.ok()) << games.status();
  ASSERT_EQ(games->size(), 10u * 3);  // 5 choose 2 pairs
  std::map<std::pair<int, int>, int> per_pair;
  std::set<std::string> ids;
  for (const ScheduledGame& g : *games) {
    ASSERT_NE(g.black, g.white);
    ++per_pair[{std::min(g.black, g.white), std::max(g.black, g.white)}];
    EXPECT_TRUE(ids.insert(g.id).second) << g.id;
    EXPECT_EQ(g.opening, -1);
  }
  EXPECT_EQ(per_pair.size(), 10u);
  for (const auto& [pair, n] : per_pair) EXPECT_EQ(n, 3) << pair.first << "-" << pair.second;
  // Round by round: the first 10 games are every pairing's game 0.
  for (int i = 0; i < 10; ++i) EXPECT_EQ((*games)[i].number, 0);
  EXPECT_EQ((*games)[0].id, "a~b~0000");
  EXPECT_EQ((*games)[10].id, "a~b~0001");
}

TEST(ScheduleTest, ColoursAlternateWithinEachPairing) {
  absl::StatusOr<std::vector<ScheduledGame>> games = MakeSchedule(Spec({"x", "y", "z"}, ScheduleKind::kRoundRobin, 4));
  ASSERT_TRUE(games.ok());
  absl::StatusOr<std::vector<Pairing>> pairings = MakePairings(Spec({"x", "y", "z"}, ScheduleKind::kRoundRobin, 4));
  ASSERT_TRUE(pairings.ok());
  std::map<int, int> first_as_black;
  for (const ScheduledGame& g : *games) {
    const Pairing& p = (*pairings)[g.pairing];
    if (g.number % 2 == 0) {
      EXPECT_EQ(g.black, p.first);
      EXPECT_EQ(g.white, p.second);
    } else {
      EXPECT_EQ(g.black, p.second);
      EXPECT_EQ(g.white, p.first);
    }
    first_as_black[g.pairing] += g.black == p.first;
  }
  for (const auto& [pairing, n] : first_as_black) EXPECT_EQ(n, 2) << pairing;
}

TEST(ScheduleTest, GauntletMeetsOnlyTheOpponents) {
  ScheduleSpec spec = Spec({"c1", "anchor1", "c2", "anchor2", "c3"}, ScheduleKind::kGauntlet, 2);
  spec.gauntlet_opponents = {"anchor1", "anchor2"};
  absl::StatusOr<std::vector<ScheduledGame>> games = MakeSchedule(spec);
  ASSERT_TRUE(games.ok()) << games.status();
  EXPECT_EQ(games->size(), 3u * 2 * 2);
  std::set<std::pair<int, int>> pairs;
  for (const ScheduledGame& g : *games) {
    const bool black_is_anchor = g.black == 1 || g.black == 3;
    const bool white_is_anchor = g.white == 1 || g.white == 3;
    EXPECT_NE(black_is_anchor, white_is_anchor) << g.id;  // exactly one anchor, never two challengers
    pairs.insert({std::min(g.black, g.white), std::max(g.black, g.white)});
    // The challenger is named first in the id.
    EXPECT_EQ(g.id.substr(0, 1), "c") << g.id;
  }
  EXPECT_EQ(pairs.size(), 6u);
  spec.gauntlet_opponents = {"nobody"};
  EXPECT_FALSE(MakeSchedule(spec).ok());
}

TEST(ScheduleTest, HeadToHeadNeedsTwoPlayers) {
  absl::StatusOr<std::vector<ScheduledGame>> games = MakeSchedule(Spec({"p", "q"}, ScheduleKind::kHeadToHead, 5));
  ASSERT_TRUE(games.ok());
  ASSERT_EQ(games->size(), 5u);
  EXPECT_EQ((*games)[4].id, "p~q~0004");
  EXPECT_EQ((*games)[4].black, 0);
  EXPECT_EQ((*games)[3].black, 1);
  EXPECT_FALSE(MakeSchedule(Spec({"p", "q", "r"}, ScheduleKind::kHeadToHead, 2)).ok());
}

TEST(ScheduleTest, EveryOpeningIsPlayedWithBothColours) {
  const int openings = 3;
  absl::StatusOr<std::vector<ScheduledGame>> games =
      MakeSchedule(Spec({"a", "b", "c"}, ScheduleKind::kRoundRobin, 8, openings));
  ASSERT_TRUE(games.ok());
  // (pairing, opening) -> colours the pairing's first player had.
  std::map<std::pair<int, int>, std::multiset<bool>> colours;
  for (const ScheduledGame& g : *games) {
    ASSERT_GE(g.opening, 0);
    ASSERT_LT(g.opening, openings);
    EXPECT_EQ(g.opening, (g.number / 2) % openings);
    const bool first_black = g.number % 2 == 0;
    colours[{g.pairing, g.opening}].insert(first_black);
  }
  for (const auto& [key, c] : colours) {
    // 8 games: openings 0, 0, 1, 1, 2, 2, 0, 0: each with black and white equally often.
    EXPECT_EQ(c.count(true), c.count(false)) << "pairing " << key.first << " opening " << key.second;
    EXPECT_GE(c.count(true), 1u);
  }
  EXPECT_EQ(colours.size(), 3u * openings);
}

TEST(ScheduleTest, AddingPlayersKeepsTheIdsOfGamesAlreadyScheduled) {
  absl::StatusOr<std::vector<ScheduledGame>> before = MakeSchedule(Spec({"a", "b"}, ScheduleKind::kRoundRobin, 2));
  absl::StatusOr<std::vector<ScheduledGame>> after = MakeSchedule(Spec({"a", "b", "c"}, ScheduleKind::kRoundRobin, 4));
  ASSERT_TRUE(before.ok() && after.ok());
  std::map<std::string, std::pair<int, int>> later;
  for (const ScheduledGame& g : *after) later[g.id] = {g.black, g.white};
  for (const ScheduledGame& g : *before) {
    ASSERT_TRUE(later.contains(g.id)) << g.id;
    EXPECT_EQ(later[g.id], std::make_pair(g.black, g.white)) << g.id;
  }
}

}  // namespace
}  // namespace tengen::arena
