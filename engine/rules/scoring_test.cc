#include "engine/rules/scoring.h"

#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "engine/rules/board.h"
#include "engine/rules/game.h"
#include "engine/rules/rules_test_util.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

using ::tengen::testing::BoardFromDiagram;
using ::tengen::testing::V;

// Ownership as a diagram: 'X' black, 'O' white, '.' neutral / unproven.
std::vector<std::string> OwnershipDiagram(const Board& board, const Ownership& own) {
  std::vector<std::string> rows;
  for (int y = 0; y < board.size(); ++y) {
    std::string row;
    for (int x = 0; x < board.size(); ++x) {
      const Color c = own[MakePoint(x, y)];
      row += c == Color::kBlack ? 'X' : c == Color::kWhite ? 'O' : '.';
    }
    rows.push_back(row);
  }
  return rows;
}

std::vector<std::string> SwapColours(std::vector<std::string> rows) {
  for (std::string& row : rows) {
    for (char& ch : row) ch = ch == 'X' ? 'O' : ch == 'O' ? 'X' : ch;
  }
  return rows;
}

TEST(AreaScoreTest, EmptyBoardIsNeutralAndKomiGoesToWhite) {
  const Board board(9);
  const Score score = AreaScore(board, 7.5f);
  EXPECT_EQ(score.black, 0);
  EXPECT_EQ(score.white, 7.5f);
  EXPECT_EQ(score.margin(), -7.5f);
  for (const std::string& row : OwnershipDiagram(board, score.ownership)) {
    EXPECT_EQ(row, ".........");
  }
  EXPECT_EQ(score.ownership[0], Color::kOffboard);
}

TEST(AreaScoreTest, CountsStonesAndSingleColourRegions) {
  const Board board = BoardFromDiagram({
      "..XO.",
      "..XO.",
      "..XO.",
      "..XO.",
      "..XO.",
  });
  const Score score = AreaScore(board, 0.5f);
  EXPECT_EQ(score.black, 15);
  EXPECT_EQ(score.white, 10.5f);
  EXPECT_EQ(ResultString(score.margin()), "B+4.5");
  EXPECT_EQ(OwnershipDiagram(board, score.ownership),
            (std::vector<std::string>{"XXXOO", "XXXOO", "XXXOO", "XXXOO", "XXXOO"}));
}

TEST(AreaScoreTest, RegionTouchingBothColoursIsDame) {
  const Board board = BoardFromDiagram({
      ".X.O.",
      ".X.O.",
      ".X.O.",
      ".X.O.",
      ".X.O.",
  });
  const Score score = AreaScore(board, 7.5f);
  EXPECT_EQ(score.black, 10);
  EXPECT_EQ(score.white, 17.5f);
  EXPECT_EQ(OwnershipDiagram(board, score.ownership)[2], "XX.OO");
}

TEST(AreaScoreTest, TrompTaylorKeepsStonesInsideEnemyArea) {
  // No dead-stone removal: the white stone counts for white and spoils the
  // region around it, which then belongs to nobody.
  const Board board = BoardFromDiagram({
      ".....",
      ".....",
      "..O..",
      "XXXXX",
      ".....",
  });
  const Score score = AreaScore(board, 0);
  EXPECT_EQ(score.black, 10);  // five stones, five points of the bottom row
  EXPECT_EQ(score.white, 1);
  EXPECT_EQ(score.ownership[V("C3", 5)], Color::kWhite);
  EXPECT_EQ(score.ownership[V("A5", 5)], Color::kEmpty);
  EXPECT_EQ(score.ownership[V("E1", 5)], Color::kBlack);
}

TEST(TerritoryScoreTest, DeadStonesBecomePrisonersAndTheirPointsTerritory) {
  const Board board = BoardFromDiagram({
      "..XO.",
      "..XO.",
      ".OXO.",
      "..XO.",
      "..XO.",
  });
  const Score alive = TerritoryScore(board, {}, 6.5f);
  // B3 alive spoils black's region; white still has column E.
  EXPECT_EQ(alive.black, 0);
  EXPECT_EQ(alive.white, 5 + 6.5f);

  const Score dead = TerritoryScore(board, {V("B3", 5)}, 6.5f);
  EXPECT_EQ(dead.black, 10 + 1);  // ten points of territory, one prisoner
  EXPECT_EQ(dead.white, 5 + 6.5f);
  EXPECT_EQ(dead.ownership[V("B3", 5)], Color::kBlack);
  EXPECT_EQ(dead.ownership[V("C3", 5)], Color::kBlack);  // alive stone
  EXPECT_EQ(ResultString(dead.margin()), "W+0.5");
  // Listing the same string twice (two of its stones) removes it once.
  const Score twice = TerritoryScore(board, {V("B3", 5), V("B3", 5)}, 6.5f);
  EXPECT_EQ(twice.black, 11);
}

TEST(TerritoryScoreTest, CountsCapturesFromPlay) {
  Board board(5);
  board.Play(V("B5", 5), Color::kWhite);
  board.Play(V("A5", 5), Color::kBlack);
  board.Play(V("C5", 5), Color::kBlack);
  ASSERT_EQ(board.Play(V("B4", 5), Color::kBlack), 1);
  ASSERT_EQ(board.captures(Color::kBlack), 1);
  const Score score = TerritoryScore(board, {}, 0.5f);
  EXPECT_EQ(score.black, 22 + 1);
  EXPECT_EQ(score.white, 0.5f);
}

// Each side has one eye and they share the liberty C5: neither can approach.
const std::vector<std::string> kSekiDiagram = {
    ".X.O.",
    "XXXOO",
    "XXXOO",
    "XXXOO",
    "XXXOO",
};

TEST(TerritoryScoreTest, SekiEyesAreNeutralWhenTheSekiIsNamed) {
  const Board board = BoardFromDiagram(kSekiDiagram);
  const Score unnamed = TerritoryScore(board, {}, 0);
  EXPECT_EQ(unnamed.black, 1);  // A5 looks like an eye
  EXPECT_EQ(unnamed.white, 1);
  EXPECT_EQ(unnamed.ownership[V("C5", 5)], Color::kEmpty);  // shared liberty

  const Score seki = TerritoryScore(board, {}, 0, {V("A1", 5), V("E1", 5)});
  EXPECT_EQ(seki.black, 0);
  EXPECT_EQ(seki.white, 0);
  EXPECT_EQ(seki.ownership[V("A5", 5)], Color::kEmpty);
  EXPECT_EQ(seki.ownership[V("E5", 5)], Color::kEmpty);
  EXPECT_EQ(seki.ownership[V("B5", 5)], Color::kBlack);  // the stones stay
}

TEST(TerritoryScoreTest, SekiIsNotPassAliveButAreaCountsIt) {
  const Board board = BoardFromDiagram(kSekiDiagram);
  const Ownership own = PassAliveOwnership(board);
  for (const std::string& row : OwnershipDiagram(board, own)) EXPECT_EQ(row, ".....");
  const Score area = AreaScore(board, 0);
  EXPECT_EQ(area.black, 14);
  EXPECT_EQ(area.white, 10);
}

TEST(PassAliveTest, TwoEyedGroupIsAliveAndItsEyesAreTerritory) {
  const std::vector<std::string> diagram = {
      ".X.XO.",
      "XXXXO.",
      "OOOOO.",
      "......",
      "......",
      "......",
  };
  const Board board = BoardFromDiagram(diagram);
  const std::vector<std::string> expected = {
      "XXXX..",
      "XXXX..",
      "......",
      "......",
      "......",
      "......",
  };
  EXPECT_EQ(OwnershipDiagram(board, PassAliveOwnership(board)), expected);
  // The same with colours swapped proves white.
  const Board swapped = BoardFromDiagram(SwapColours(diagram));
  EXPECT_EQ(OwnershipDiagram(swapped, PassAliveOwnership(swapped)), SwapColours(expected));
}

TEST(PassAliveTest, OneEyeIsNotEnough) {
  const Board board = BoardFromDiagram({
      ".X....",
      "XX....",
      "......",
      "......",
      "......",
      "......",
  });
  for (const std::string& row : OwnershipDiagram(board, PassAliveOwnership(board))) {
    EXPECT_EQ(row, "......");
  }
}

TEST(PassAliveTest, EnemyStoneInSmallEnclosedRegionIsDead) {
  // The region E2-F1 holds a white stone and only F1 is away from black
  // stones: white can never make two eyes there.
  const Board board = BoardFromDiagram({
      ".X.XXX",
      "XXXXXX",
      "XXXXXX",
      "XXXXXX",
      "XXXXO.",
      "XXXX..",
  });
  for (const std::string& row : OwnershipDiagram(board, PassAliveOwnership(board))) {
    EXPECT_EQ(row, "XXXXXX");
  }
}

TEST(PassAliveTest, RegionWithTwoInteriorPointsIsNotClaimed) {
  const Board board = BoardFromDiagram({
      ".X.XXX",
      "XXXXXX",
      "XXXXXX",
      "XXXXXX",
      "XXX...",
      "XXX...",
  });
  const std::vector<std::string> expected = {
      "XXXXXX", "XXXXXX", "XXXXXX", "XXXXXX", "XXX...", "XXX...",
  };
  EXPECT_EQ(OwnershipDiagram(board, PassAliveOwnership(board)), expected);
}

TEST(PassAliveTest, CheckerboardOfSingleStonesIsAlive) {
  // Every empty point is a one-point eye shared by its neighbours: each
  // stone has at least two vital regions although no two stones connect.
  const Board board = BoardFromDiagram({
      "X.X.X",
      ".X.X.",
      "X.X.X",
      ".X.X.",
      "X.X.X",
  });
  for (const std::string& row : OwnershipDiagram(board, PassAliveOwnership(board))) {
    EXPECT_EQ(row, "XXXXX");
  }
}

TEST(PassAliveTest, DeadBlocksSpoilTheEyesTheyShareInAChain) {
  // E4 has one eye (E5) and falls; then E5 is no longer healthy, so D5 is
  // left with C5 alone and falls; then C5 is unhealthy and the big block
  // keeps only A5. Benson has to iterate three times to prove nothing.
  const Board board = BoardFromDiagram({
      ".X.X.",
      "XXXOX",
      ".....",
      ".....",
      ".....",
  });
  for (const std::string& row : OwnershipDiagram(board, PassAliveOwnership(board))) {
    EXPECT_EQ(row, ".....");
  }
  // Without the white cut the stones form one block with three eyes.
  const Board alive = BoardFromDiagram({
      ".X.X.",
      "XXXXX",
      "XXXX.",
      ".....",
      ".....",
  });
  EXPECT_EQ(OwnershipDiagram(alive, PassAliveOwnership(alive))[0], "XXXXX");
}

TEST(ResultStringTest, Formats) {
  EXPECT_EQ(ResultString(3.5f), "B+3.5");
  EXPECT_EQ(ResultString(-0.5f), "W+0.5");
  EXPECT_EQ(ResultString(12.0f), "B+12");
  EXPECT_EQ(ResultString(-361.0f), "W+361");
  EXPECT_EQ(ResultString(0.0f), "0");
}

// Plays a random game (random legal moves that do not fill the mover's own
// simple eye) until both sides pass or `max_moves`.
Game RandomGame(int size, std::mt19937& rng, int max_moves) {
  Game game(size, Rules{KoRule::kSimple, ScoringRule::kArea, false, 7.5f});
  while (!game.IsOver() && game.move_number() < max_moves) {
    std::vector<Point> moves;
    for (Point p : game.LegalMoves()) {
      if (!game.board().IsSimpleEye(p, game.to_play())) moves.push_back(p);
    }
    const Point p = moves.empty()
                        ? kPass
                        : moves[std::uniform_int_distribution<size_t>(0, moves.size() - 1)(rng)];
    game.PlayUnchecked(p, game.to_play());
  }
  return game;
}

// Soundness of Benson's verdicts: from positions taken along random games,
// let the opponent of each proven colour play random legal moves in a row
// while the owner passes. Proven stones must never be captured, must stay
// proven, and no proven point may ever become the opponent's.
TEST(PassAliveTest, VerdictsSurviveAnyNumberOfOpponentMoves) {
  std::mt19937 rng(20240611);
  int proven_stones = 0;
  int attacker_moves = 0;
  int attacker_moves_inside = 0;  // played on a point proven for the owner
  for (int game_index = 0; game_index < 40; ++game_index) {
    const int size = game_index % 3 == 0 ? 9 : 7;
    Game game = RandomGame(size, rng, 4 * size * size);
    std::vector<Board> snapshots;
    while (game.move_number() > 20) {
      if (game.move_number() % 6 == 0) snapshots.push_back(game.board());
      game.Undo();
    }
    for (const Board& start : snapshots) {
      const Ownership proven = PassAliveOwnership(start);
      for (Color owner : {Color::kBlack, Color::kWhite}) {
        const Color attacker = Opponent(owner);
        std::vector<Point> owned;
        for (int y = 0; y < size; ++y) {
          for (int x = 0; x < size; ++x) {
            const Point p = MakePoint(x, y);
            if (proven[p] != owner) continue;
            owned.push_back(p);
            proven_stones += start.at(p) == owner;
          }
        }
        if (owned.empty()) continue;
        Board board = start;
        for (int step = 0; step < size * size; ++step) {
          std::vector<Point> moves;
          for (int i = 0; i < board.num_empty(); ++i) {
            const Point p = board.empty_point(i);
            if (!board.IsSuicide(p, attacker)) moves.push_back(p);
          }
          if (moves.empty()) break;
          const Point move =
              moves[std::uniform_int_distribution<size_t>(0, moves.size() - 1)(rng)];
          attacker_moves_inside += proven[move] == owner;
          ++attacker_moves;
          board.Play(move, attacker);
          const Ownership now = PassAliveOwnership(board);
          for (Point p : owned) {
            if (start.at(p) == owner) {
              ASSERT_EQ(board.at(p), owner) << "proven stone captured\n"
                                            << start.ToString() << "after\n"
                                            << board.ToString();
              ASSERT_EQ(now[p], owner) << "proof lost\n" << board.ToString();
            }
            ASSERT_NE(now[p], attacker) << "attacker proved alive in owner's area\n"
                                        << start.ToString() << "after\n"
                                        << board.ToString();
          }
        }
      }
    }
  }
  // The test must have had something to check.
  EXPECT_GT(proven_stones, 500);
  EXPECT_GT(attacker_moves, 2000);
  EXPECT_GT(attacker_moves_inside, 50);
  std::cout << "proven stones " << proven_stones << ", attacker moves " << attacker_moves
            << " (" << attacker_moves_inside << " inside proven areas)\n";
}

// At the end of a random game every empty point is a one-colour eye, so the
// Tromp-Taylor count and the pass-alive proof should mostly agree.
TEST(PassAliveTest, FinishedRandomGamesAreMostlyProven) {
  std::mt19937 rng(7);
  int fully_proven = 0;
  for (int i = 0; i < 20; ++i) {
    const Game game = RandomGame(9, rng, 1000);
    ASSERT_TRUE(game.IsOver());
    const Ownership proven = PassAliveOwnership(game.board());
    const Score area = AreaScore(game.board(), 7.5f);
    bool all = true;
    for (int y = 0; y < 9; ++y) {
      for (int x = 0; x < 9; ++x) {
        const Point p = MakePoint(x, y);
        // Whatever Benson proves, area scoring gives the same owner.
        if (proven[p] != Color::kEmpty) {
          EXPECT_EQ(proven[p], area.ownership[p]) << game.board().ToString();
        }
        all &= proven[p] != Color::kEmpty;
      }
    }
    fully_proven += all;
  }
  EXPECT_GE(fully_proven, 10);
}

}  // namespace
}  // namespace tengen
