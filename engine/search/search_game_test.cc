#include "engine/search/search_game.h"

#include <random>
#include <string>
#include <vector>

#include "engine/features/compact_position.h"
#include "engine/search/legal_moves.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

bool SameCompact(const CompactPosition& a, const CompactPosition& b) {
  return a.board_size == b.board_size && a.to_play == b.to_play && a.komi == b.komi &&
         a.current == b.current && a.previous == b.previous && a.previous_count == b.previous_count;
}

// Plays `moves` random legal moves (passes now and then).
void PlayRandom(Game& game, int moves, std::mt19937& rng) {
  for (int i = 0; i < moves && !game.IsOver(); ++i) {
    std::vector<Point> legal = game.LegalMoves();
    if (legal.empty() || rng() % 40 == 0) {
      ASSERT_TRUE(game.Play(kPass).ok());
      continue;
    }
    ASSERT_TRUE(game.Play(legal[rng() % legal.size()]).ok());
  }
}

TEST(SearchGameTest, StonesHashMatchesTheBoardHash) {
  // history(k) is the position k moves ago; its StonesHash must equal the
  // board hash seen at that time.
  std::mt19937 rng(3);
  Game game(9);
  std::vector<uint64_t> hashes = {game.board().hash()};
  for (int i = 0; i < 50; ++i) {
    std::vector<Point> legal = game.LegalMoves();
    ASSERT_TRUE(game.Play(legal[rng() % legal.size()]).ok());
    hashes.push_back(game.board().hash());
  }
  ASSERT_EQ(game.history_size(), Game::kHistoryLength);
  for (int k = 0; k < game.history_size(); ++k) {
    EXPECT_EQ(StonesHash(game.history(k), 9), hashes[hashes.size() - 1 - k]) << k;
  }
  EXPECT_EQ(StonesHash(Game(19).history(0), 19), 0u);
}

TEST(SearchGameTest, ShortBaseLooksTheSameToSearchAndFeatures) {
  for (uint32_t seed = 1; seed <= 30; ++seed) {
    std::mt19937 rng(seed);
    const int size = 5 + seed % 3 * 2;  // 5, 7, 9: captures and ko are common
    Game game(size, seed % 2 ? Rules::Chinese() : Rules::TrompTaylor());
    PlayRandom(game, 30 + seed * 3, rng);
    if (game.IsOver()) continue;
    Game base = MakeSearchBaseGame(game);
    ASSERT_TRUE(SameSearchView(base, game)) << "seed " << seed;
    ASSERT_TRUE(SameCompact(MakeCompactPosition(base), MakeCompactPosition(game))) << "seed " << seed;
    if (game.move_number() >= 3 * Game::kHistoryLength) {
      EXPECT_LE(base.move_number(), Game::kHistoryLength) << "seed " << seed;  // really short
    }
    // And they stay the same along any continuation.
    std::mt19937 rng2(seed + 1000);
    for (int i = 0; i < 6 && !game.IsOver(); ++i) {
      std::vector<Point> legal = game.LegalMoves();
      const Point p = legal.empty() ? kPass : legal[rng2() % legal.size()];
      game.PlayUnchecked(p, game.to_play());
      base.PlayUnchecked(p, base.to_play());
      ASSERT_TRUE(SameCompact(MakeCompactPosition(base), MakeCompactPosition(game)))
          << "seed " << seed << " step " << i;
    }
  }
}

TEST(SearchGameTest, SetupStonesInTheRecentHistoryFallBackToACopy) {
  std::mt19937 rng(7);
  Game game(9);
  PlayRandom(game, 40, rng);
  // Set-up stones three steps ago: replaying the move list cannot reproduce them.
  std::vector<Point> legal = game.LegalMoves();
  ASSERT_TRUE(game.PlaceSetupStones({legal[0]}, {}, {}).ok());
  PlayRandom(game, 2, rng);
  const Game base = MakeSearchBaseGame(game);
  EXPECT_TRUE(SameSearchView(base, game));
  EXPECT_TRUE(SameCompact(MakeCompactPosition(base), MakeCompactPosition(game)));
}

// The board's empty-point list holds exactly its empty points.
void ExpectConsistentEmptyList(const Board& board) {
  int empty = 0;
  for (int y = 0; y < board.size(); ++y) {
    for (int x = 0; x < board.size(); ++x) empty += board.at(MakePoint(x, y)) == Color::kEmpty;
  }
  ASSERT_EQ(board.num_empty(), empty);
  std::vector<bool> listed(kNumPoints);
  for (int i = 0; i < board.num_empty(); ++i) {
    const Point p = board.empty_point(i);
    ASSERT_TRUE(board.IsOnBoard(p) && board.at(p) == Color::kEmpty) << p;
    ASSERT_FALSE(listed[p]) << p;
    listed[p] = true;
  }
}

// history() counts a setup step as a position and moves() does not, so with
// a setup step among the last kHistoryLength - 1 steps the short base's
// oldest position already holds the first replayed move's stone. Replaying
// it wrote a stone over a stone (UBSan: index -1 into the board's empty
// list); the replay must see the occupied point first and fall back to a
// copy, and use the short base again once the setup step is old enough.
TEST(SearchGameTest, ReplayOntoAnOccupiedPointFallsBackToACopy) {
  std::mt19937 rng(11);
  Game game(9);
  for (int i = 0; i < 30; ++i) {
    const std::vector<Point> legal = game.LegalMoves();
    ASSERT_TRUE(game.Play(legal[rng() % legal.size()]).ok());
  }
  const std::vector<Point> legal = game.LegalMoves();
  ASSERT_TRUE(game.PlaceSetupStones({legal[0]}, {}, {}).ok());
  for (int after = 0; after <= Game::kHistoryLength; ++after) {
    if (after > 0) {
      const std::vector<Point> now_legal = game.LegalMoves();
      ASSERT_TRUE(game.Play(now_legal[rng() % now_legal.size()]).ok());
    }
    const Game base = MakeSearchBaseGame(game);
    ExpectConsistentEmptyList(base.board());
    EXPECT_TRUE(SameSearchView(base, game)) << after;
    EXPECT_TRUE(SameCompact(MakeCompactPosition(base), MakeCompactPosition(game))) << after;
    if (after < Game::kHistoryLength - 1) {
      EXPECT_EQ(base.move_number(), game.move_number()) << after;  // the copy
    } else {
      EXPECT_EQ(base.move_number(), Game::kHistoryLength - 1) << after;  // the short base
    }
  }
}

TEST(PathPositionTest, MatchesACopyOfTheBaseAlongPathsThatShareAPrefix) {
  for (uint32_t seed = 1; seed <= 24; ++seed) {
    std::mt19937 rng(seed);
    const int size = 5 + seed % 3 * 2;  // 5, 7, 9: captures and ko are common
    const Rules rules = seed % 3 == 0 ? Rules::Japanese() : (seed % 3 == 1 ? Rules::Chinese() : Rules::TrompTaylor());
    Game game(size, rules);
    PlayRandom(game, 10 + seed * 4, rng);
    if (game.IsOver()) continue;
    const Game base = MakeSearchBaseGame(game);
    // One object for every path, as search uses it: each path shares a
    // prefix with the previous one (the whole previous path, some of it or
    // none of it), and sometimes runs deeper than the history planes.
    PathPosition path;
    path.SetBase(base);
    std::vector<Game> line = {base};  // line[d]: the base after d path moves
    for (int sim = 0; sim < 60; ++sim) {
      const int keep = static_cast<int>(rng() % line.size());
      path.RewindTo(keep);
      line.resize(keep + 1);
      ASSERT_EQ(path.moves_played(), keep);
      ASSERT_EQ(path.board().hash(), line.back().board().hash());
      const int depth = 1 + static_cast<int>(rng() % 12);
      for (int i = 0; i < depth && !line.back().IsOver(); ++i) {
        Game copy = line.back();
        std::vector<Point> legal = copy.LegalMoves();
        const Point p = legal.empty() || rng() % 15 == 0 ? kPass : legal[rng() % legal.size()];
        copy.PlayUnchecked(p, copy.to_play());
        path.Play(p);
        line.push_back(copy);
        const std::string where = "seed " + std::to_string(seed) + " sim " + std::to_string(sim);
        ASSERT_EQ(path.moves_played(), static_cast<int>(line.size()) - 1) << where;
        ASSERT_EQ(path.board().hash(), copy.board().hash()) << where;
        ASSERT_EQ(path.board().ko_point(), copy.board().ko_point()) << where;
        ASSERT_EQ(path.to_play(), copy.to_play()) << where;
        ASSERT_EQ(path.IsOver(), copy.IsOver()) << where;
        ASSERT_EQ(path.situation_hash(), copy.situation_hash()) << where;
        ASSERT_EQ(path.history_size(), copy.history_size()) << where;
        CompactPosition from_path;
        path.Fill(&from_path);
        ASSERT_TRUE(SameCompact(from_path, MakeCompactPosition(copy))) << where;
        LegalMask path_mask, copy_mask;
        path.LegalMoves(/*exact=*/false, &path_mask);
        LegalMoveMask(copy, /*exact=*/false, &copy_mask);
        ASSERT_EQ(path_mask, copy_mask) << where;
      }
    }
    // At the base itself it answers exactly, superko included.
    path.Rewind();
    LegalMask path_mask, base_mask;
    path.LegalMoves(/*exact=*/true, &path_mask);
    LegalMoveMask(base, /*exact=*/true, &base_mask);
    EXPECT_EQ(path_mask, base_mask);
    CompactPosition at_base;
    path.Fill(&at_base);
    EXPECT_TRUE(SameCompact(at_base, MakeCompactPosition(base)));
  }
}

}  // namespace
}  // namespace tengen
