// Rules of play through the public Board/Game API: captures, suicide, ko,
// superko, undo, game end, hashing, board sizes, handicap setup.

#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "engine/rules/board.h"
#include "engine/rules/coords.h"
#include "engine/rules/game.h"
#include "engine/rules/handicap.h"
#include "engine/rules/rules_test_util.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

using ::tengen::testing::BoardFromDiagram;
using ::tengen::testing::DiagramOf;
using ::tengen::testing::DiagramStones;

constexpr Color B = Color::kBlack;
constexpr Color W = Color::kWhite;

Rules SimpleKo(bool allow_suicide = false) {
  return Rules{KoRule::kSimple, ScoringRule::kArea, allow_suicide, 7.5f};
}
Rules Positional(bool allow_suicide = false) {
  return Rules{KoRule::kPositionalSuperko, ScoringRule::kArea, allow_suicide, 7.5f};
}
Rules Situational() {
  return Rules{KoRule::kSituationalSuperko, ScoringRule::kArea, false, 7.5f};
}

Game GameFromDiagram(const std::vector<std::string>& rows, Rules rules) {
  Game game(static_cast<int>(rows.size()), rules);
  std::vector<Point> black, white;
  DiagramStones(rows, &black, &white);
  const absl::Status s = game.PlaceSetupStones(black, white, {});
  EXPECT_TRUE(s.ok()) << s;
  return game;
}

// Plays a move given as a GTP vertex, failing the test if it is refused.
void Must(Game& game, std::string_view vertex, Color c) {
  const absl::Status s = game.Play(testing::V(vertex, game.size()), c);
  ASSERT_TRUE(s.ok()) << vertex << ": " << s << "\n" << game.board().ToString();
}

Point At(const Game& game, std::string_view vertex) { return testing::V(vertex, game.size()); }

// Hash of the stones alone, computed from scratch by placing them.
uint64_t FreshHash(const Board& board) { return BoardFromDiagram(DiagramOf(board)).hash(); }

// ---------------------------------------------------------------- sizes

TEST(BoardSizeTest, CreatesEverySizeFromTwoToNineteen) {
  for (int size = 2; size <= 19; ++size) {
    absl::StatusOr<Game> game = Game::Create(size);
    ASSERT_TRUE(game.ok()) << size << ": " << game.status();
    EXPECT_EQ(game->size(), size);
    EXPECT_EQ(game->board().num_empty(), size * size);
    EXPECT_EQ(game->LegalMoves().size(), static_cast<size_t>(size * size));
    EXPECT_TRUE(game->board().IsOnBoard(MakePoint(size - 1, size - 1)));
    EXPECT_FALSE(game->board().IsOnBoard(MakePoint(size, 0)));
    EXPECT_FALSE(game->board().IsOnBoard(MakePoint(0, size)));
  }
}

TEST(BoardSizeTest, RejectsZeroOneAndTwentyWithAClearError) {
  for (int size : {0, 1, 20, -1, 25}) {
    absl::StatusOr<Game> game = Game::Create(size);
    ASSERT_FALSE(game.ok()) << size;
    EXPECT_EQ(game.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StrContains(game.status().message(), absl::StrCat("board size ", size)))
        << game.status();
    EXPECT_TRUE(absl::StrContains(game.status().message(), "2x2 to 19x19")) << game.status();
  }
}

TEST(BoardSizeTest, TwoByTwoBoardCaptures) {
  Game game(2, SimpleKo());
  Must(game, "A1", B);
  Must(game, "B2", W);
  Must(game, "B1", B);  // black A1-B1 has one liberty left (A2)
  EXPECT_EQ(game.board().Liberties(At(game, "A1")), 1);
  // White A2 captures both black stones; on 2x2 that is every black stone.
  Must(game, "A2", W);
  EXPECT_EQ(game.board().stone_count(B), 0);
  EXPECT_EQ(game.board().captures(W), 2);
  EXPECT_EQ(game.board().Liberties(At(game, "A2")), 2);
}

// Random games on every size keep the board consistent: liberties match a
// recount, strings are connected, nothing sits without a liberty.
TEST(BoardSizeTest, RandomGamesKeepInvariantsOnEverySize) {
  std::mt19937 rng(123);
  for (int size = 2; size <= 19; ++size) {
    Game game(size, Positional());
    const int max_moves = 3 * size * size;
    while (!game.IsOver() && game.move_number() < max_moves) {
      std::vector<Point> moves;
      for (Point p : game.LegalMoves()) {
        if (!game.board().IsSimpleEye(p, game.to_play())) moves.push_back(p);
      }
      const Point p = moves.empty() ? kPass
                                    : moves[std::uniform_int_distribution<size_t>(
                                          0, moves.size() - 1)(rng)];
      ASSERT_TRUE(game.Play(p).ok());
    }
    const Board& board = game.board();
    int stones = 0;
    for (int y = 0; y < size; ++y) {
      for (int x = 0; x < size; ++x) {
        const Point p = MakePoint(x, y);
        if (board.at(p) == Color::kEmpty) continue;
        ++stones;
        // Recount the string's liberties by walking its stone list.
        std::set<Point> libs;
        int count = 0;
        Point q = p;
        do {
          ++count;
          ASSERT_EQ(board.at(q), board.at(p));
          for (int d : Board::kNeighbourOffsets) {
            if (board.at(static_cast<Point>(q + d)) == Color::kEmpty) libs.insert(q + d);
          }
          q = board.NextInString(q);
        } while (q != p && count <= size * size);
        EXPECT_EQ(count, board.StringSize(p));
        EXPECT_EQ(static_cast<int>(libs.size()), board.Liberties(p));
        EXPECT_GT(board.Liberties(p), 0);
      }
    }
    EXPECT_EQ(stones + board.num_empty(), size * size);
    EXPECT_EQ(board.hash(), FreshHash(board)) << size;
  }
}

// ------------------------------------------------------------- captures

TEST(CaptureTest, SingleStoneInTheCentre) {
  Game game(5, SimpleKo());
  Must(game, "C3", W);
  Must(game, "B3", B);
  Must(game, "C4", B);
  Must(game, "D3", B);
  EXPECT_EQ(game.board().Liberties(At(game, "C3")), 1);
  Must(game, "C2", B);
  EXPECT_EQ(game.board().at(At(game, "C3")), Color::kEmpty);
  EXPECT_EQ(game.board().captures(B), 1);
  EXPECT_EQ(game.board().captures(W), 0);
  EXPECT_EQ(game.board().stone_count(B), 4);
  EXPECT_EQ(game.board().hash(), FreshHash(game.board()));
  // The captured point is a liberty again for all four black stones.
  for (std::string_view v : {"B3", "C4", "D3", "C2"}) {
    EXPECT_EQ(game.board().Liberties(At(game, v)), 4) << v;
  }
}

TEST(CaptureTest, MultiStoneString) {
  Game game = GameFromDiagram({".....",
                               ".XXX.",
                               "XOOOX",
                               ".XX..",
                               "....."},
                              SimpleKo());
  EXPECT_EQ(game.board().Liberties(At(game, "B3")), 1);
  EXPECT_EQ(game.board().StringSize(At(game, "C3")), 3);
  Must(game, "D2", B);
  EXPECT_EQ(DiagramOf(game.board()), (std::vector<std::string>{".....",
                                                               ".XXX.",
                                                               "X...X",
                                                               ".XXX.",
                                                               "....."}));
  EXPECT_EQ(game.board().captures(B), 3);
  EXPECT_EQ(game.board().hash(), FreshHash(game.board()));
}

TEST(CaptureTest, CornerStoneNeedsTwoAndEdgeStoneThree) {
  Game game(5, SimpleKo());
  Must(game, "A1", W);
  Must(game, "A2", B);
  EXPECT_EQ(game.board().Liberties(At(game, "A1")), 1);
  Must(game, "B1", B);
  EXPECT_EQ(game.board().at(At(game, "A1")), Color::kEmpty);
  Must(game, "C5", W);
  Must(game, "B5", B);
  Must(game, "D5", B);
  EXPECT_EQ(game.board().at(At(game, "C5")), W);
  Must(game, "C4", B);
  EXPECT_EQ(game.board().at(At(game, "C5")), Color::kEmpty);
  EXPECT_EQ(game.board().captures(B), 2);
}

TEST(CaptureTest, OneMoveCapturesFourStrings) {
  Game game = GameFromDiagram({".XOX.",
                               "XO.OX",
                               ".XOX.",
                               "..X..",
                               "....."},
                              SimpleKo());
  // C4 is the last liberty of B4, D4, C5 and C3 (four single stones).
  ASSERT_FALSE(game.board().IsSuicide(At(game, "C4"), B));
  Must(game, "C4", B);
  EXPECT_EQ(game.board().captures(B), 4);
  EXPECT_EQ(game.board().stone_count(W), 0);
  EXPECT_EQ(game.board().Liberties(At(game, "C4")), 4);
  EXPECT_EQ(game.board().ko_point(), kNoPoint);  // four stones: no ko
}

TEST(CaptureTest, MoveWithoutLibertiesThatCapturesIsLegal) {
  Game game = GameFromDiagram({".OX..",
                               "OX...",
                               "X....",
                               ".....",
                               "....."},
                              SimpleKo());
  // Black A5 has no liberty of its own but takes B5's and A4's last one.
  EXPECT_FALSE(game.board().IsSuicide(At(game, "A5"), B));
  EXPECT_TRUE(game.IsLegal(At(game, "A5"), B));
  Must(game, "A5", B);
  EXPECT_EQ(game.board().captures(B), 2);
  EXPECT_EQ(game.board().Liberties(At(game, "A5")), 2);
}

// -------------------------------------------------------------- suicide

const std::vector<std::string> kSuicideDiagram = {
    ".XO..",
    "XXO..",
    "OOO..",
    ".....",
    "....O",
};

TEST(SuicideTest, MultiStoneSuicideIsForbiddenByDefault) {
  Game game = GameFromDiagram(kSuicideDiagram, SimpleKo());
  const Point a5 = At(game, "A5");
  EXPECT_TRUE(game.board().IsSuicide(a5, B));
  EXPECT_FALSE(game.IsLegal(a5, B));
  const absl::Status s = game.CheckLegal(a5, B);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(s.message(), "suicide")) << s;
  EXPECT_FALSE(game.Play(a5, B).ok());
  EXPECT_EQ(game.board().at(a5), Color::kEmpty);  // nothing changed
  EXPECT_EQ(game.board().stone_count(B), 3);
  // White may play there: it captures.
  EXPECT_TRUE(game.IsLegal(a5, W));
}

TEST(SuicideTest, SingleStoneSuicide) {
  for (bool allow : {false, true}) {
    Game game(5, SimpleKo(allow));
    Must(game, "A2", W);
    Must(game, "B1", W);
    const Point a1 = At(game, "A1");
    EXPECT_TRUE(game.board().IsSuicide(a1, B));
    EXPECT_EQ(game.IsLegal(a1, B), allow);
    if (!allow) {
      EXPECT_TRUE(absl::StrContains(game.CheckLegal(a1, B).message(), "suicide"));
      continue;
    }
    // Allowed: the stone disappears at once, white gets a prisoner, and
    // the stones are as before (only the side to move changed).
    const uint64_t before = game.board().hash();
    Must(game, "A1", B);
    EXPECT_EQ(game.board().at(a1), Color::kEmpty);
    EXPECT_EQ(game.board().captures(W), 1);
    EXPECT_EQ(game.board().hash(), before);
    EXPECT_EQ(game.to_play(), W);
  }
}

TEST(SuicideTest, AllowedSuicideRemovesOwnStones) {
  Game game = GameFromDiagram(kSuicideDiagram, SimpleKo(/*allow_suicide=*/true));
  const Point a5 = At(game, "A5");
  EXPECT_TRUE(game.IsLegal(a5, B));
  const uint64_t hash_before = game.board().hash();
  Must(game, "A5", B);
  EXPECT_EQ(DiagramOf(game.board()), (std::vector<std::string>{"..O..",
                                                               "..O..",
                                                               "OOO..",
                                                               ".....",
                                                               "....O"}));
  EXPECT_EQ(game.board().captures(W), 4);  // the suicided stones go to white
  EXPECT_EQ(game.board().captures(B), 0);
  EXPECT_NE(game.board().hash(), hash_before);
  EXPECT_EQ(game.board().hash(), FreshHash(game.board()));
  // White's C5-A3 string gains the four freed points: nine liberties.
  EXPECT_EQ(game.board().Liberties(At(game, "C5")), 9);
  EXPECT_EQ(game.to_play(), W);
}

TEST(SuicideTest, SingleStoneSuicideRepeatsThePositionUnderSuperko) {
  // Tromp-Taylor allows suicide, but a lone stone's suicide recreates the
  // position, which positional superko forbids; a multi-stone one does not.
  Game game = GameFromDiagram(kSuicideDiagram, Rules::TrompTaylor());
  Must(game, "A1", W);  // white surrounds B1
  Must(game, "B2", W);
  Must(game, "C1", W);
  const Point b1 = At(game, "B1");
  ASSERT_TRUE(game.board().IsSuicide(b1, B));
  ASSERT_FALSE(game.board().WouldCapture(b1, B));
  EXPECT_FALSE(game.IsLegal(b1, B));
  EXPECT_TRUE(absl::StrContains(game.CheckLegal(b1, B).message(), "superko"))
      << game.CheckLegal(b1, B);
  EXPECT_TRUE(game.IsLegal(At(game, "A5"), B));  // multi-stone suicide changes the board
  Must(game, "A5", B);
  EXPECT_EQ(game.board().at(At(game, "B5")), Color::kEmpty);
}

// ------------------------------------------------------------- snapback

TEST(SnapbackTest, ThrowInIsCapturedAndRecapturesFive) {
  Game game = GameFromDiagram({".....",
                               ".....",
                               ".XXX.",
                               "XOOOX",
                               "XO..X"},
                              SimpleKo());
  Must(game, "C1", B);  // throw-in: one liberty (D1)
  EXPECT_EQ(game.board().Liberties(At(game, "C1")), 1);
  Must(game, "D1", W);  // captures it
  EXPECT_EQ(game.board().captures(W), 1);
  EXPECT_EQ(game.board().ko_point(), kNoPoint);  // the capturing string is big
  EXPECT_EQ(game.board().Liberties(At(game, "B1")), 1);
  EXPECT_TRUE(game.IsLegal(At(game, "C1"), B));
  Must(game, "C1", B);  // snapback
  EXPECT_EQ(game.board().captures(B), 5);
  EXPECT_EQ(game.board().stone_count(W), 0);
}

// ------------------------------------------------------------------- ko

// B4 is a white stone that black can take at C4 (a ko).
const std::vector<std::string> kKoDiagram = {
    ".XO..",
    "XO.O.",
    ".XO..",
    ".....",
    ".....",
};

TEST(KoTest, ImmediateRecaptureIsForbidden) {
  Game game = GameFromDiagram(kKoDiagram, SimpleKo());
  Must(game, "C4", B);
  EXPECT_EQ(game.board().captures(B), 1);
  EXPECT_EQ(game.board().ko_point(), At(game, "B4"));
  EXPECT_EQ(game.to_play(), W);
  EXPECT_FALSE(game.IsLegal(At(game, "B4")));
  const absl::Status s = game.CheckLegal(At(game, "B4"), W);
  EXPECT_TRUE(absl::StrContains(s.message(), "ko")) << s;
  EXPECT_FALSE(game.Play(At(game, "B4")).ok());
  const std::vector<Point> legal = game.LegalMoves();
  EXPECT_EQ(std::count(legal.begin(), legal.end(), At(game, "B4")), 0);
  // The capturer may fill the ko itself (GTP lets a colour move twice).
  EXPECT_TRUE(game.IsLegal(At(game, "B4"), B));
}

TEST(KoTest, RecaptureIsAllowedAfterAKoThreat) {
  Game game = GameFromDiagram(kKoDiagram, SimpleKo());
  Must(game, "C4", B);
  Must(game, "E1", W);  // threat
  Must(game, "E2", B);  // answer
  EXPECT_EQ(game.board().ko_point(), kNoPoint);
  EXPECT_TRUE(game.IsLegal(At(game, "B4")));
  Must(game, "B4", W);  // retakes: now black may not retake at once
  EXPECT_EQ(game.board().ko_point(), At(game, "C4"));
  EXPECT_FALSE(game.IsLegal(At(game, "C4")));
}

TEST(KoTest, PassesClearTheKoUnderSimpleKoButNotUnderSuperko) {
  for (const Rules& rules : {SimpleKo(), Positional(), Situational()}) {
    Game game = GameFromDiagram(kKoDiagram, rules);
    Must(game, "C4", B);
    Must(game, "pass", W);
    Must(game, "pass", B);
    // Retaking recreates the position (and situation) before black's capture.
    EXPECT_EQ(game.IsLegal(At(game, "B4")), rules.ko == KoRule::kSimple)
        << static_cast<int>(rules.ko);
  }
}

// ------------------------------------------------------------- superko

TEST(SuperkoTest, PositionalForbidsWhatSituationalAllows) {
  // C4 is a black stone in a ko; white takes it at B4 out of turn, black
  // passes, then black retakes with white to move: the stones repeat the
  // setup position, but with the other side to move.
  const std::vector<std::string> diagram = {
      ".XO..",
      "X.XO.",
      ".XO..",
      ".....",
      ".....",
  };
  for (const Rules& rules : {SimpleKo(), Positional(), Situational()}) {
    Game game = GameFromDiagram(diagram, rules);
    ASSERT_EQ(game.to_play(), B);
    ASSERT_EQ(game.board().Liberties(At(game, "C4")), 1) << game.board().ToString();
    Must(game, "B4", W);  // captures C4, black to move
    ASSERT_EQ(game.board().at(At(game, "C4")), Color::kEmpty);
    Must(game, "pass", B);  // white to move
    const bool legal = game.IsLegal(At(game, "C4"), B);
    switch (rules.ko) {
      case KoRule::kSimple:
        EXPECT_TRUE(legal);
        break;
      case KoRule::kPositionalSuperko:
        EXPECT_FALSE(legal);
        EXPECT_TRUE(absl::StrContains(game.CheckLegal(At(game, "C4"), B).message(), "superko"));
        break;
      case KoRule::kSituationalSuperko:
        EXPECT_TRUE(legal);  // (setup position, white to move) never occurred
        break;
    }
  }
}

TEST(SuperkoTest, AMoveThatCapturesNothingRepeatsAnEarlierFullerPosition) {
  // Setup stones, then one of them cleared: putting it back captures
  // nothing and recreates the first position, which held more stones than
  // the board holds now.
  Game game(5, Positional());
  const Point c3 = At(game, "C3");
  ASSERT_TRUE(game.PlaceSetupStones({c3, At(game, "D4")}, {At(game, "B2")}, {}).ok());
  EXPECT_EQ(game.most_stones_seen(), 3);
  ASSERT_TRUE(game.PlaceSetupStones({}, {}, {c3}).ok());
  ASSERT_EQ(game.board().num_stones(), 2);
  EXPECT_FALSE(game.IsLegal(c3, B));
  EXPECT_TRUE(absl::StrContains(game.CheckLegal(c3, B).message(), "superko"));
  EXPECT_TRUE(game.IsLegal(At(game, "C2"), B));
  // A white stone there is another position.
  EXPECT_TRUE(game.IsLegal(c3, W));
  Must(game, "C2", B);
  EXPECT_EQ(game.most_stones_seen(), 3);
  Must(game, "E5", W);
  EXPECT_EQ(game.most_stones_seen(), 4);
  EXPECT_EQ(Game(5, SimpleKo()).most_stones_seen(), 0);
}

// Three kos on a 9x9 board. Each shape: black stones left of two ko points,
// white stones right of them.
Game TripleKoGame(Rules rules) {
  // Ko shapes at (0,0), (5,0) and (0,5): states W (white stone on the left
  // ko point, black can take), B (black stone on the right point), W.
  std::vector<std::string> rows(9, std::string(9, '.'));
  auto shape = [&](int ox, int oy, char state) {
    rows[oy][ox + 1] = 'X';
    rows[oy + 1][ox] = 'X';
    rows[oy + 2][ox + 1] = 'X';
    rows[oy][ox + 2] = 'O';
    rows[oy + 1][ox + 3] = 'O';
    rows[oy + 2][ox + 2] = 'O';
    if (state == 'W') rows[oy + 1][ox + 1] = 'O';
    if (state == 'B') rows[oy + 1][ox + 2] = 'X';
  };
  shape(0, 0, 'W');
  shape(5, 0, 'B');
  shape(0, 5, 'W');
  return GameFromDiagram(rows, rules);
}

TEST(SuperkoTest, TripleKoCycleIsForbiddenBySuperkoOnly) {
  // Black takes ko 1, white ko 2, black ko 3, white ko 1, black ko 2,
  // white ko 3: each capture is legal under simple ko, and the sixth move
  // recreates the starting position (and situation).
  const std::vector<std::pair<std::string, Color>> cycle = {
      {"C8", B}, {"G8", W}, {"C3", B}, {"B8", W}, {"H8", B}, {"B3", W}};
  for (const Rules& rules : {SimpleKo(), Positional(), Situational()}) {
    Game game = TripleKoGame(rules);
    const uint64_t start = game.board().hash();
    const uint64_t start_situation = game.situation_hash();
    for (size_t i = 0; i < cycle.size(); ++i) {
      const Point p = At(game, cycle[i].first);
      ASSERT_EQ(game.to_play(), cycle[i].second);
      ASSERT_TRUE(game.board().WouldCapture(p, cycle[i].second))
          << cycle[i].first << "\n" << game.board().ToString();
      if (i + 1 < cycle.size()) {
        Must(game, cycle[i].first, cycle[i].second);
        ASSERT_EQ(game.board().captures(B) + game.board().captures(W), static_cast<int>(i + 1));
        continue;
      }
      if (rules.ko == KoRule::kSimple) {
        Must(game, cycle[i].first, cycle[i].second);
        EXPECT_EQ(game.board().hash(), start);
        EXPECT_EQ(game.situation_hash(), start_situation);
      } else {
        EXPECT_FALSE(game.IsLegal(p)) << static_cast<int>(rules.ko);
        EXPECT_TRUE(absl::StrContains(game.CheckLegal(p, game.to_play()).message(), "superko"));
        EXPECT_FALSE(game.Play(p).ok());
      }
    }
  }
}

// "Sending two, returning one" reaches a position again with a move that
// captures nothing: superko must look at every move, not only captures.
TEST(SuperkoTest, NonCapturingMoveThatRepeatsAPositionIsForbidden) {
  // The setup has black A1-B1 in atari at C1. White takes two at C1, black
  // takes one back at B1, white passes; black A1 now recreates the setup
  // position without capturing anything.
  const std::vector<std::string> diagram = {
      ".....",
      ".....",
      "OOX..",
      "OOXX.",
      "XX.X.",
  };
  for (const Rules& rules : {SimpleKo(), Positional(), Situational()}) {
    Game game = GameFromDiagram(diagram, rules);
    const uint64_t setup_hash = game.board().hash();
    game.set_to_play(W);
    Must(game, "C1", W);
    ASSERT_EQ(game.board().captures(W), 2);
    Must(game, "B1", B);
    ASSERT_EQ(game.board().captures(B), 1);
    Must(game, "pass", W);
    const Point a1 = At(game, "A1");
    ASSERT_FALSE(game.board().WouldCapture(a1, B));
    const bool legal = game.IsLegal(a1, B);
    if (rules.ko == KoRule::kSimple) {
      EXPECT_TRUE(legal);
      Must(game, "A1", B);
      EXPECT_EQ(game.board().hash(), setup_hash);
    } else if (rules.ko == KoRule::kPositionalSuperko) {
      EXPECT_FALSE(legal) << "positional superko missed a repetition by a non-capturing move";
      EXPECT_FALSE(game.CheckLegal(a1, B).ok());
    } else {
      // The setup position had black to move; after A1 white is to move: a
      // new situation, so situational superko allows it.
      EXPECT_TRUE(legal);
    }
  }
}

TEST(SuperkoTest, SituationalForbidsANonCapturingRepeatWithTheSameSideToMove) {
  // As above, but the position first arises by black's move E5 (white to
  // move), so black's A1 later repeats the situation exactly.
  const std::vector<std::string> diagram = {
      ".....",
      ".....",
      "OOX..",
      "OOXX.",
      "XX.X.",
  };
  Game game = GameFromDiagram(diagram, Situational());
  Must(game, "E5", B);  // (setup + E5, white to move)
  Must(game, "C1", W);
  Must(game, "B1", B);
  Must(game, "pass", W);
  EXPECT_FALSE(game.IsLegal(At(game, "A1"), B))
      << "situational superko missed a repetition by a non-capturing move";
}

// ----------------------------------------------------------------- undo

struct Snapshot {
  std::vector<std::string> stones;
  uint64_t hash;
  uint64_t situation;
  int black_captures, white_captures;
  Point ko;
  Color to_play;
  int passes;
  int move_number;
  bool over;
  std::vector<Point> legal_black, legal_white;
  std::array<uint8_t, kNumPoints> history0;
  int history_size;

  static Snapshot Of(const Game& game) {
    Snapshot s;
    s.stones = DiagramOf(game.board());
    s.hash = game.board().hash();
    s.situation = game.situation_hash();
    s.black_captures = game.board().captures(B);
    s.white_captures = game.board().captures(W);
    s.ko = game.board().ko_point();
    s.to_play = game.to_play();
    s.passes = game.consecutive_passes();
    s.move_number = game.move_number();
    s.over = game.IsOver();
    for (int y = 0; y < game.size(); ++y) {
      for (int x = 0; x < game.size(); ++x) {
        const Point p = MakePoint(x, y);
        if (game.IsLegal(p, B)) s.legal_black.push_back(p);
        if (game.IsLegal(p, W)) s.legal_white.push_back(p);
      }
    }
    s.history0 = game.history(0);
    s.history_size = game.history_size();
    return s;
  }
};

void ExpectSame(const Snapshot& a, const Snapshot& b, const std::string& where) {
  EXPECT_EQ(a.stones, b.stones) << where;
  EXPECT_EQ(a.hash, b.hash) << where;
  EXPECT_EQ(a.situation, b.situation) << where;
  EXPECT_EQ(a.black_captures, b.black_captures) << where;
  EXPECT_EQ(a.white_captures, b.white_captures) << where;
  EXPECT_EQ(a.ko, b.ko) << where;
  EXPECT_EQ(a.to_play, b.to_play) << where;
  EXPECT_EQ(a.passes, b.passes) << where;
  EXPECT_EQ(a.move_number, b.move_number) << where;
  EXPECT_EQ(a.over, b.over) << where;
  EXPECT_EQ(a.legal_black, b.legal_black) << where;
  EXPECT_EQ(a.legal_white, b.legal_white) << where;
  EXPECT_EQ(a.history0, b.history0) << where;
  EXPECT_EQ(a.history_size, b.history_size) << where;
}

TEST(UndoTest, RestoresEverythingStepByStep) {
  for (const Rules& rules : {SimpleKo(), Positional()}) {
    Game game(5, rules);
    std::vector<Snapshot> snapshots = {Snapshot::Of(game)};
    // Setup, a ko capture, passes, a multi-stone capture, a same-colour move.
    std::vector<Point> black, white;
    DiagramStones(kKoDiagram, &black, &white);
    ASSERT_TRUE(game.PlaceSetupStones(black, white, {}).ok());
    snapshots.push_back(Snapshot::Of(game));
    const std::vector<std::pair<std::string, Color>> moves = {
        {"C4", B}, {"pass", W}, {"E1", B}, {"pass", W}, {"pass", B},
        {"D1", W}, {"E2", W},   {"B4", W}, {"D2", B},   {"C1", B}};
    for (const auto& [vertex, colour] : moves) {
      Must(game, vertex, colour);
      snapshots.push_back(Snapshot::Of(game));
    }
    ASSERT_GT(game.board().captures(W), 0);
    for (int i = static_cast<int>(snapshots.size()) - 1; i > 0; --i) {
      ExpectSame(Snapshot::Of(game), snapshots[i], absl::StrCat("before undo to step ", i - 1));
      ASSERT_TRUE(game.Undo());
      ExpectSame(Snapshot::Of(game), snapshots[i - 1], absl::StrCat("after undo to step ", i - 1));
    }
    EXPECT_FALSE(game.Undo());
    ExpectSame(Snapshot::Of(game), snapshots[0], "after a refused undo");
  }
}

// Random games with random undos agree with a fresh replay of the moves
// that remain, including which moves superko forbids.
TEST(UndoTest, RandomUndosMatchAFreshReplay) {
  std::mt19937 rng(99);
  for (int round = 0; round < 6; ++round) {
    const Rules rules = round % 2 == 0 ? Positional() : Situational();
    Game game(5, rules);
    std::vector<MoveRecord> kept;
    for (int step = 0; step < 120; ++step) {
      if (!kept.empty() && std::uniform_int_distribution<int>(0, 5)(rng) == 0) {
        ASSERT_TRUE(game.Undo());
        kept.pop_back();
      } else {
        std::vector<Point> moves = game.LegalMoves();
        moves.push_back(kPass);
        const Point p = moves[std::uniform_int_distribution<size_t>(0, moves.size() - 1)(rng)];
        ASSERT_TRUE(game.Play(p).ok());
        kept.push_back(MoveRecord{Opponent(game.to_play()), p});
      }
      Game fresh(5, rules);
      for (const MoveRecord& m : kept) fresh.PlayUnchecked(m.point, m.color);
      ExpectSame(Snapshot::Of(game), Snapshot::Of(fresh), absl::StrCat("round ", round,
                                                                        " step ", step));
      if (::testing::Test::HasFailure()) return;
    }
  }
}

// ------------------------------------------------------------ game end

TEST(GameEndTest, TwoConsecutivePassesEndTheGame) {
  Game game(9);
  EXPECT_FALSE(game.IsOver());
  Must(game, "pass", B);
  EXPECT_EQ(game.consecutive_passes(), 1);
  EXPECT_FALSE(game.IsOver());
  Must(game, "E5", W);
  EXPECT_EQ(game.consecutive_passes(), 0);
  Must(game, "pass", B);
  Must(game, "pass", W);
  EXPECT_TRUE(game.IsOver());
  EXPECT_EQ(game.move_number(), 4);
  ASSERT_TRUE(game.Undo());
  EXPECT_FALSE(game.IsOver());
  EXPECT_EQ(game.consecutive_passes(), 1);
}

// ------------------------------------------------------------- hashing

TEST(ZobristTest, SamePositionByDifferentMoveOrdersHasTheSameHash) {
  Game a(9), b(9);
  for (std::string_view v : {"C3", "G7", "E5", "D4"}) {
    Must(a, v, a.to_play());
  }
  for (std::string_view v : {"E5", "D4", "C3", "G7"}) {
    Must(b, v, b.to_play());
  }
  EXPECT_EQ(DiagramOf(a.board()), DiagramOf(b.board()));
  EXPECT_EQ(a.board().hash(), b.board().hash());
  EXPECT_EQ(a.situation_hash(), b.situation_hash());
  EXPECT_EQ(a.board().hash(), FreshHash(a.board()));

  // Different side to move: same stones, different situation.
  Must(a, "pass", a.to_play());
  EXPECT_EQ(a.board().hash(), b.board().hash());
  EXPECT_NE(a.situation_hash(), b.situation_hash());
  // Swapping colours changes the hash.
  Game c(9);
  for (std::string_view v : {"G7", "C3", "D4", "E5"}) Must(c, v, c.to_play());
  EXPECT_NE(c.board().hash(), a.board().hash());
}

TEST(ZobristTest, CaptureLeavesTheHashOfTheRemainingStones) {
  Game game(5, SimpleKo());
  const uint64_t empty = game.board().hash();
  Must(game, "A1", W);
  Must(game, "A2", B);
  Must(game, "B1", B);
  Board expected(5);
  expected.Place(At(game, "A2"), B);
  expected.Place(At(game, "B1"), B);
  EXPECT_EQ(game.board().hash(), expected.hash());
  EXPECT_NE(game.board().hash(), empty);
}

// ------------------------------------------------------------ handicap

TEST(HandicapSetupTest, FixedHandicapStonesCanBeUndone) {
  Game game(9);
  const std::vector<Point> stones = *FixedHandicapPoints(9, 5);
  ASSERT_TRUE(game.PlaceSetupStones(stones, {}, {}).ok());
  game.set_handicap(5);
  game.set_to_play(W);
  EXPECT_EQ(game.board().stone_count(B), 5);
  EXPECT_EQ(game.board().at(At(game, "E5")), B);
  EXPECT_EQ(game.board().at(At(game, "C3")), B);
  for (Point p : stones) EXPECT_FALSE(game.IsLegal(p, W));
  Must(game, "D5", W);
  ASSERT_TRUE(game.Undo());
  ASSERT_TRUE(game.Undo());
  EXPECT_EQ(game.board().stone_count(B), 0);
  EXPECT_EQ(game.board().hash(), Board(9).hash());
}

TEST(HandicapSetupTest, SetupRejectsOffBoardPoints) {
  Game game(9);
  const absl::Status s = game.PlaceSetupStones({MakePoint(9, 9)}, {}, {});
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(game.board().stone_count(B), 0);
}

}  // namespace
}  // namespace tengen
