#include "engine/gtp/endgame.h"

#include <random>
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

StoneStatusMap Classify(const Game& game, int playouts = 200) {
  std::mt19937_64 rng(7);
  const OwnershipMap own = EstimateOwnership(game, nullptr, playouts, rng);
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

TEST(Endgame, RecognisesSekiDespiteRandomPlayouts) {
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
  std::mt19937_64 rng(3);
  const OwnershipMap own = EstimateOwnership(game, &network, 200, rng);
  EXPECT_GT(own[V("H3", 9)], -0.5f);
  EXPECT_LT(own[V("H3", 9)], 0.5f);
  const OwnershipMap network_only = EstimateOwnership(game, &network, 0, rng);
  EXPECT_FLOAT_EQ(network_only[V("H3", 9)], 1.0f);
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
