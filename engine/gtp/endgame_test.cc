#include "engine/gtp/endgame.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "engine/rules/coords.h"
#include "engine/rules/rules_test_util.h"

namespace tengen::gtp {
namespace {

using ::tengen::testing::DiagramStones;
using ::tengen::testing::V;
using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

Game GameFromDiagram(const std::vector<std::string>& rows, Rules rules = Rules::Chinese(),
                     Color to_play = Color::kBlack) {
  std::vector<Point> black, white;
  DiagramStones(rows, &black, &white);
  Game game(static_cast<int>(rows.size()), rules);
  EXPECT_TRUE(game.PlaceSetupStones(black, white, {}).ok());
  game.set_to_play(to_play);
  return game;
}

StoneStatusMap Classify(const Game& game, int playouts = 1024) {
  const OwnershipMap own = EstimateOwnership(game.board(), nullptr, playouts);
  return ClassifyStones(game.board(), own);
}

// Black owns the left four columns, White the rest; one white stone (B7)
// lies dead in Black's area and one black stone (H3) in White's.
const std::vector<std::string> kSplitBoard = {
    ". . . X O . . . .",  //
    ". . . X O . . . .",  //
    ". O . X O . . . .",  //
    ". . . X O . . . .",  //
    ". . . X O . . . .",  //
    ". . . X O . . . .",  //
    ". . . X O . . X .",  //
    ". . . X O . . . .",  //
    ". . . X O . . . .",  //
};

TEST(Endgame, PlayoutsFindDeadStonesInsideTerritory) {
  const Game game = GameFromDiagram(kSplitBoard);
  const StoneStatusMap status = Classify(game);
  EXPECT_THAT(status.dead, UnorderedElementsAre(V("B7", 9), V("H3", 9)));
  EXPECT_THAT(status.seki, IsEmpty());
  EXPECT_EQ(status.status[V("D5", 9)], StoneStatus::kAlive);
  EXPECT_EQ(status.status[V("E5", 9)], StoneStatus::kAlive);
}

TEST(Endgame, FinalScoreFollowsTheRules) {
  const Game game = GameFromDiagram(kSplitBoard);
  const StoneStatusMap status = Classify(game);
  // Chinese: dead stones removed, 36 points to 45 + 7.5.
  EXPECT_EQ(ResultString(FinalScore(game, status, ScoringMode::kAreaRemovingDead).margin()),
            "W+16.5");
  // Tromp-Taylor counts the board as it stands: the dead stones make their
  // surroundings neutral... except that every region still reaches one
  // colour only through the stones: B7's region touches black and white.
  const Score raw = FinalScore(game, status, ScoringMode::kAreaAsIs);
  EXPECT_EQ(raw.margin(), AreaScore(game.board(), 7.5f).margin());
  // Japanese: territory plus prisoners (the dead stones).
  const Score territory = FinalScore(game, status, ScoringMode::kTerritory);
  // Black: 27 points (B7's included) + 1 prisoner; White: 36 + 1.
  EXPECT_EQ(territory.black, 27 + 1);
  EXPECT_EQ(territory.white, 36 + 1 + 7.5f);
}

// A seki in the upper-left corner: the black string A9-A8-A7-B7 and the
// white string C9-C8-C7 share the liberties B9 and B8, and neither can fill
// one without atari. White's outer group has two eyes (A4, B2).
const std::vector<std::string> kSekiBoard = {
    "X . O X . . . . .",  //
    "X . O X . . . . .",  //
    "X X O X . . . . .",  //
    "O O X X . . . . .",  //
    "O O O X . . . . .",  //
    ". O O X . . . . .",  //
    "O O O X . . . . .",  //
    "O . O X . . . . .",  //
    "O O O X . . . . .",  //
};

TEST(Endgame, ScoringPlayoutsKeepTheSeki) {
  const Game game = GameFromDiagram(kSekiBoard);
  const StoneStatusMap status = Classify(game);
  EXPECT_THAT(status.dead, IsEmpty());
  EXPECT_THAT(status.seki, UnorderedElementsAre(V("A9", 9), V("A8", 9), V("A7", 9), V("B7", 9),
                                                V("C9", 9), V("C8", 9), V("C7", 9)));
  const auto seki_strings = status.StringsWith(game.board(), StoneStatus::kSeki);
  EXPECT_EQ(seki_strings.size(), 2u);
  // Chinese count: Black 10 wall + 45 + 4 seki stones = 59; White 15 + 2
  // eyes + 3 seki stones = 20; B9 and B8 are neutral.
  EXPECT_EQ(ResultString(FinalScore(game, status, ScoringMode::kAreaRemovingDead).margin()),
            "B+31.5");
  // Japanese: the seki stones' liberties score for nobody.
  const Score territory = FinalScore(game, status, ScoringMode::kTerritory);
  EXPECT_EQ(territory.black, 45);
  EXPECT_EQ(territory.white, 2 + 7.5f);
  EXPECT_EQ(NeutralPoints(game.board(), status), 2);
}

TEST(Endgame, BensonOverridesTheEstimate) {
  // White's two-eyed group is pass-alive; an estimate claiming the whole
  // board for Black must not kill it.
  const Game game = GameFromDiagram(kSekiBoard);
  OwnershipMap all_black{};
  all_black.fill(1.0f);
  const StoneStatusMap status = ClassifyStones(game.board(), all_black);
  EXPECT_EQ(status.status[V("A5", 9)], StoneStatus::kAlive);
  EXPECT_THAT(status.dead, Not(Contains(V("A5", 9))));
}

TEST(Endgame, NetworkOwnershipIsAveragedWithPlayouts) {
  const Game game = GameFromDiagram(kSplitBoard);
  // The network (side to move = Black) claims H3 for Black with certainty;
  // playouts say it is White's. The average is near zero but the playouts'
  // certainty wins over a network that is only half sure elsewhere.
  std::vector<float> flat(81, 0.0f);
  flat[6 * 9 + 7] = 1.0f;
  const OwnershipMap network = FromSideToMoveOwnership(flat, 9, Color::kBlack);
  EXPECT_FLOAT_EQ(network[V("H3", 9)], 1.0f);
  const OwnershipMap as_white = FromSideToMoveOwnership(flat, 9, Color::kWhite);
  EXPECT_FLOAT_EQ(as_white[V("H3", 9)], -1.0f);
  const OwnershipMap own = EstimateOwnership(game.board(), &network, 200);
  EXPECT_GT(own[V("H3", 9)], -0.5f);
  EXPECT_LT(own[V("H3", 9)], 0.5f);
  const OwnershipMap network_only = EstimateOwnership(game.board(), &network, 0);
  EXPECT_FLOAT_EQ(network_only[V("H3", 9)], 1.0f);
}

// 19x19: Black owns columns A-J, White K-T, each side's area walled into
// boxes of 3x4 and 4x4 points. Dead inside Black's boxes: white C3, D17
// and F11-G11; inside White's: black Q3, M17 and L12-M12. No box is small
// enough for Benson, so the playouts decide.
const std::vector<std::string> kBoxes19 = {
    ". . . . X . . . X O . . . . O . . . .",  // 19
    ". . . . X . . . X O . . . . O . . . .",  // 18
    ". . . O X . . . X O . X . . O . . . .",  // 17
    ". . . . X . . . X O . . . . O . . . .",  // 16
    "X X X X X X X X X O O O O O O O O O O",  // 15
    ". . . . X . . . X O . . . . O . . . .",  // 14
    ". . . . X . . . X O . . . . O . . . .",  // 13
    ". . . . X . . . X O X X . . O . . . .",  // 12
    ". . . . X O O . X O . . . . O . . . .",  // 11
    "X X X X X X X X X O O O O O O O O O O",  // 10
    ". . . . X . . . X O . . . . O . . . .",  // 9
    ". . . . X . . . X O . . . . O . . . .",  // 8
    ". . . . X . . . X O . . . . O . . . .",  // 7
    ". . . . X . . . X O . . . . O . . . .",  // 6
    "X X X X X X X X X O O O O O O O O O O",  // 5
    ". . . . X . . . X O . . . . O . . . .",  // 4
    ". . O . X . . . X O . . . . O X . . .",  // 3
    ". . . . X . . . X O . . . . O . . . .",  // 2
    ". . . . X . . . X O . . . . O . . . .",  // 1
};

TEST(Endgame, DeadStonesInsideTerritoryAreRemovedAndTheAnswerRepeats) {
  const Game game = GameFromDiagram(kBoxes19);
  const StoneStatusMap status = Classify(game);
  EXPECT_THAT(status.dead, UnorderedElementsAre(V("C3", 19), V("D17", 19), V("F11", 19), V("G11", 19),
                                                V("Q3", 19), V("M17", 19), V("L12", 19), V("M12", 19)));
  EXPECT_THAT(status.seki, IsEmpty());
  // Black 9 columns (171 points), White 10 (190) + 7.5.
  const std::string score =
      ResultString(FinalScore(game, status, ScoringMode::kAreaRemovingDead).margin());
  EXPECT_EQ(score, "W+26.5");
  // The playouts are seeded from the position: the same answer every time,
  // whoever is to move.
  for (Color to_play : {Color::kBlack, Color::kWhite}) {
    const Game again = GameFromDiagram(kBoxes19, Rules::Chinese(), to_play);
    const StoneStatusMap repeated = Classify(again);
    EXPECT_EQ(repeated.status, status.status);
    EXPECT_EQ(ResultString(FinalScore(again, repeated, ScoringMode::kAreaRemovingDead).margin()),
              score);
  }
}

TEST(Endgame, PlayoutOwnershipIsAFunctionOfThePositionAndSeed) {
  const Game game = GameFromDiagram(kSplitBoard);
  EXPECT_EQ(PositionSeed(game.board()), PositionSeed(GameFromDiagram(kSplitBoard).board()));
  EXPECT_NE(PositionSeed(game.board()), PositionSeed(GameFromDiagram(kSekiBoard).board()));
  EXPECT_EQ(PlayoutOwnership(game.board(), 64, 5), PlayoutOwnership(game.board(), 64, 5));
  EXPECT_NE(PlayoutOwnership(game.board(), 64, 5), PlayoutOwnership(game.board(), 64, 6));
  // Stones vote by string: every stone of a string carries the same value.
  const OwnershipMap own = PlayoutOwnership(game.board(), 64, 5);
  EXPECT_EQ(own[V("D1", 9)], own[V("D9", 9)]);
  EXPECT_EQ(own[V("E1", 9)], own[V("E9", 9)]);
}

// A shape that looks like seki but is not (from the top-left corner of a
// finished Tom game, where the old shape rule called it seki): the white
// string A8-B8-B7-C7 and Black's corner group A6-C6-A5-C5-D5-A4-B4 share
// the liberty A7, which neither can fill without atari, but Black takes
// A9 from outside (the B9-C9-C8 string keeps D9 and D8) and then captures.
// The players and GNU Go count White dead.
const std::vector<std::string> kFalseSeki = {
    ". X X . X . . . .",  // 9
    "O O X . X . . . .",  // 8
    ". O O X X . . . .",  // 7
    "X X X O O X X X X",  // 6
    "X . X X O O O O O",  // 5
    "X X O O O . . . .",  // 4
    "O O O . . . . . .",  // 3
    ". . . . . . . . .",  // 2
    ". . . . . . . . .",  // 1
};

TEST(Endgame, ASharedLibertyAloneIsNoSeki) {
  const Game game = GameFromDiagram(kFalseSeki);
  const StoneStatusMap status = Classify(game);
  EXPECT_THAT(status.seki, IsEmpty());
  EXPECT_EQ(status.status[V("A8", 9)], StoneStatus::kDead);
  EXPECT_EQ(status.status[V("C7", 9)], StoneStatus::kDead);
  EXPECT_EQ(status.status[V("A6", 9)], StoneStatus::kAlive);
}

TEST(Endgame, CleanupMoveCapturesDeadStones) {
  Game game = GameFromDiagram(kSplitBoard, Rules::TrompTaylor(), Color::kBlack);
  const StoneStatusMap status = Classify(game);
  // Black removes B7 in four moves (White passes meanwhile); each cleanup
  // move is a liberty of B7 and the last one captures.
  for (int i = 0; i < 4; ++i) {
    const Point move = CleanupMove(game, Color::kBlack, status);
    ASSERT_NE(move, kPass) << "step " << i;
    const Point b7 = V("B7", 9);
    EXPECT_TRUE(move == b7 - 1 || move == b7 + 1 || move == b7 - kStride || move == b7 + kStride)
        << PointToGtp(move, 9);
    ASSERT_TRUE(game.Play(move, Color::kBlack).ok());
    ASSERT_TRUE(game.Play(kPass, Color::kWhite).ok());
  }
  EXPECT_EQ(game.board().at(V("B7", 9)), Color::kEmpty);
  // The dead black stone in White's area is not Black's to clean up.
  const StoneStatusMap after = Classify(game);
  EXPECT_EQ(CleanupMove(game, Color::kBlack, after), kPass);
  EXPECT_NE(CleanupMove(game, Color::kWhite, after), kPass);
}

TEST(Endgame, CleanupMoveLeavesThePlayedStonesWithLiberties) {
  const Game game = GameFromDiagram({
      ". O . X .",  //
      "X X X X .",  //
      ". . . X .",  //
      ". . . X .",  //
      ". . . X .",  //
  });
  const StoneStatusMap status = Classify(game);
  ASSERT_THAT(status.dead, UnorderedElementsAre(V("B5", 5)));
  const Point move = CleanupMove(game, Color::kBlack, status);
  ASSERT_TRUE(move == V("A5", 5) || move == V("C5", 5)) << PointToGtp(move, 5);
  Board after = game.board();
  after.Play(move, Color::kBlack);
  EXPECT_GE(after.Liberties(move), 2);
}

}  // namespace
}  // namespace tengen::gtp
