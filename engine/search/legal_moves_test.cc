#include "engine/search/legal_moves.h"

#include <random>
#include <vector>

#include "engine/features/point_features.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

// Random games on every size, with and without suicide: the mask must agree
// with Board::IsLegal (in-tree form, from the board or from PointFeatures)
// and Game::IsLegal (exact form) on every point of every position, ko and
// captures included.
TEST(LegalMoveMaskTest, AgreesWithTheRulesOnRandomGames) {
  int positions = 0, ko_positions = 0, hard_points = 0;
  for (int size = 2; size <= 19; ++size) {
    for (int variant = 0; variant < 2; ++variant) {
      std::mt19937 rng(size * 10 + variant);
      Game game(size, variant % 2 ? Rules::TrompTaylor() : Rules::Chinese());
      for (int move = 0; move < 3 * size * size && !game.IsOver(); ++move) {
        LegalMask tree, exact, from_bytes;
        LegalMoveMask(game, false, &tree);
        LegalMoveMask(game, true, &exact);
        PointFeatures features;
        features.Compute(game.board());
        for (VectorPath path : {VectorPath::kBest, VectorPath::kScalar}) {
          InTreeLegalMoveMask(features.bytes(), size, game.board().ko_point(), game.to_play(),
                              game.rules().allow_suicide, &from_bytes, path);
          ASSERT_EQ(from_bytes, tree) << "size " << size << " move " << move << " path " << static_cast<int>(path);
        }
        ++positions;
        ko_positions += game.board().ko_point() != kNoPoint;
        for (int y = 0; y < size; ++y) {
          for (int x = 0; x < size; ++x) {
            const Point p = MakePoint(x, y);
            const int f = y * size + x;
            ASSERT_EQ(MaskHas(tree, f), game.board().IsLegal(p, game.to_play(), game.rules().allow_suicide))
                << "size " << size << " move " << move << " at " << x << "," << y << "\n"
                << game.board().ToString();
            ASSERT_EQ(MaskHas(exact, f), game.IsLegal(p)) << "size " << size << " move " << move;
            if (game.board().at(p) == Color::kEmpty && game.board().IsSuicide(p, game.to_play())) ++hard_points;
          }
        }
        for (int f = size * size; f < static_cast<int>(tree.size()) * 64; ++f) ASSERT_FALSE(MaskHas(tree, f));
        // Mostly moves (drawn from the exact mask, checked above), sometimes a pass.
        std::vector<Point> legal;
        for (int f = 0; f < size * size; ++f) {
          if (MaskHas(exact, f)) legal.push_back(MakePoint(f % size, f / size));
        }
        ASSERT_EQ(CountMaskBits(exact), static_cast<int>(legal.size()));
        const Point p = legal.empty() || rng() % 30 == 0 ? kPass : legal[rng() % legal.size()];
        ASSERT_TRUE(game.Play(p).ok());
      }
    }
  }
  EXPECT_GT(positions, 3000);
  EXPECT_GT(ko_positions, 10);  // the ko case was exercised
  EXPECT_GT(hard_points, 50);  // and so were points without empty neighbours
}

}  // namespace
}  // namespace tengen
