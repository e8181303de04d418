#include "engine/train/sample_builder.h"

#include <memory>

#include "engine/data/record_convert.h"
#include "engine/data/test_util.h"
#include "engine/features/input_planes.h"
#include "engine/features/symmetry.h"
#include "gtest/gtest.h"

namespace tengen::train {
namespace {

std::shared_ptr<const data::RecordedGame> Shared(data::RecordedGame g) {
  return std::make_shared<const data::RecordedGame>(std::move(g));
}

TEST(SampleBuilderTest, PlanesAndPolicyFollowTheSymmetry) {
  auto game = Shared(data::testing::MakeLineGame(3, 30));
  const int move = 11;
  BatchArrays plain, turned;
  plain.Resize(1, 19);
  turned.Resize(1, 19);
  ASSERT_TRUE(BuildSample(PositionRef{game, move, 0}, 0, &plain).ok());
  for (int s = 1; s < 8; ++s) {
    ASSERT_TRUE(BuildSample(PositionRef{game, move, static_cast<uint8_t>(s)}, 0, &turned).ok());
    std::vector<float> expected(plain.planes.size());
    TransformPlanes(plain.planes.data(), expected.data(), kNumInputPlanes, 19, s);
    EXPECT_EQ(turned.planes, expected) << "symmetry " << s;
    const int played = TransformFlatMove(game->moves[move], 19, s);
    EXPECT_EQ(turned.played_move[0], played);
    EXPECT_EQ(turned.policy[played], 1.0f);
    EXPECT_EQ(turned.globals, plain.globals);
  }
}

TEST(SampleBuilderTest, PlanesShowThePositionBeforeTheMove) {
  auto game = Shared(data::testing::MakeLineGame(4, 30));
  BatchArrays a;
  a.Resize(1, 19);
  ASSERT_TRUE(BuildSample(PositionRef{game, 10, 0}, 0, &a).ok());
  absl::StatusOr<Game> position = data::ReplayRecord(*game, 10);
  ASSERT_TRUE(position.ok());
  std::vector<float> planes(InputPlanesSize(19));
  std::vector<float> globals(kNumGlobalInputs);
  EncodeInputPlanes(MakeCompactPosition(*position), planes.data(), globals.data());
  EXPECT_EQ(a.planes, planes);
  // The point about to be played is empty in the "own" and "opponent" planes.
  const int p = game->moves[10];
  EXPECT_EQ(a.planes[kPlaneOwnStones * 361 + p], 0.0f);
  EXPECT_EQ(a.planes[kPlaneOpponentStones * 361 + p], 0.0f);
}

TEST(SampleBuilderTest, TargetsAreFromTheMoversPointOfView) {
  data::RecordedGame g = data::testing::MakeLineGame(6, 30);  // black wins
  g.has_score_lead = true;
  g.score_lead = 3.5f;
  g.final_ownership.assign(361, 1);
  g.final_ownership[0] = -1;
  auto game = Shared(g);
  BatchArrays a;
  ASSERT_TRUE(BuildBatch(std::vector<PositionRef>{{game, 0, 0}, {game, 1, 0}}, 19, 1, &a).ok());
  EXPECT_EQ(a.value[0], 1.0f);
  EXPECT_EQ(a.value_class[0], kValueWin);
  EXPECT_EQ(a.value[1], -1.0f);
  EXPECT_EQ(a.value_class[1], kValueLoss);
  EXPECT_EQ(a.score[0], 3.5f);
  EXPECT_EQ(a.score[1], -3.5f);
  EXPECT_EQ(a.score_mask[1], 1.0f);
  EXPECT_EQ(a.ownership[0], -1.0f);
  EXPECT_EQ(a.ownership[1], 1.0f);
  EXPECT_EQ(a.ownership[361 + 0], 1.0f);
  EXPECT_EQ(a.ownership[361 + 1], -1.0f);
  EXPECT_EQ(a.ownership_mask[0], 1.0f);

  data::RecordedGame draw = data::testing::MakeLineGame(8, 30);
  draw.winner = 0;
  BatchArrays d;
  ASSERT_TRUE(BuildBatch(std::vector<PositionRef>{{Shared(draw), 5, 0}}, 19, 1, &d).ok());
  EXPECT_EQ(d.value_class[0], kValueDraw);
  EXPECT_EQ(d.score_mask[0], 0.0f);
  EXPECT_EQ(d.ownership_mask[0], 0.0f);
}

TEST(SampleBuilderTest, SoftPolicyTargetsAreNormalisedAndTransformed) {
  data::RecordedGame g = data::testing::MakeLineGame(9, 30);
  g.policy_targets.resize(g.moves.size());
  g.policy_targets[4].moves = {0, 361, 20};
  g.policy_targets[4].probabilities = {2, 1, 1};
  auto game = Shared(g);
  BatchArrays a;
  ASSERT_TRUE(BuildBatch(std::vector<PositionRef>{{game, 4, 1}}, 19, 1, &a).ok());
  EXPECT_FLOAT_EQ(a.policy[TransformFlatMove(0, 19, 1)], 0.5f);
  EXPECT_FLOAT_EQ(a.policy[361], 0.25f);
  EXPECT_FLOAT_EQ(a.policy[TransformFlatMove(20, 19, 1)], 0.25f);
}

TEST(SampleBuilderTest, ThreadCountDoesNotChangeTheBatch) {
  std::vector<PositionRef> refs;
  for (int i = 0; i < 17; ++i) {
    refs.push_back({Shared(data::testing::MakeLineGame(i, 25)), i % 25, static_cast<uint8_t>(i % 8)});
  }
  BatchArrays one, three;
  ASSERT_TRUE(BuildBatch(refs, 19, 1, &one).ok());
  ASSERT_TRUE(BuildBatch(refs, 19, 3, &three).ok());
  EXPECT_EQ(one.planes, three.planes);
  EXPECT_EQ(one.policy, three.policy);
  EXPECT_EQ(one.value, three.value);
}

TEST(SampleBuilderTest, BadGamesAreErrorsNamingTheGame) {
  data::RecordedGame g = data::testing::MakeLineGame(1, 30);
  g.source_path = "some.sgf";
  g.moves[3] = g.moves[2];  // plays on an occupied point
  BatchArrays a;
  a.Resize(1, 19);
  absl::Status s = BuildSample(PositionRef{Shared(g), 5, 0}, 0, &a);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(std::string(s.message()).find("some.sgf"), std::string::npos);
  data::RecordedGame small = data::testing::MakeLineGame(1, 30);
  small.board_size = 9;
  EXPECT_FALSE(BuildSample(PositionRef{Shared(small), 0, 0}, 0, &a).ok());
}

}  // namespace
}  // namespace tengen::train
