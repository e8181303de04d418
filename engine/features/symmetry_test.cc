#include "engine/features/symmetry.h"

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "engine/features/input_planes.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

TEST(SymmetryTest, EachSymmetryIsAPermutationAndAllEightDiffer) {
  for (int n : {2, 9, 19}) {
    std::set<std::vector<int>> images;
    for (int s = 0; s < kNumSymmetries; ++s) {
      std::vector<int> image(n * n);
      std::set<int> seen;
      for (int i = 0; i < n * n; ++i) {
        image[i] = SymmetryTransformFlat(i, n, s);
        ASSERT_GE(image[i], 0);
        ASSERT_LT(image[i], n * n);
        seen.insert(image[i]);
      }
      EXPECT_EQ(seen.size(), static_cast<size_t>(n * n)) << "s=" << s << " n=" << n;
      images.insert(image);
    }
    EXPECT_EQ(images.size(), 8u) << n;
  }
  for (int i = 0; i < 361; ++i) EXPECT_EQ(SymmetryTransformFlat(i, 19, 0), i);
}

TEST(SymmetryTest, InverseUndoesEverySymmetry) {
  for (int s = 0; s < kNumSymmetries; ++s) {
    const int inv = SymmetryInverse(s);
    EXPECT_EQ(ComposeSymmetries(s, inv), 0) << s;
    EXPECT_EQ(ComposeSymmetries(inv, s), 0) << s;
    for (int i = 0; i < 19 * 19; ++i) {
      ASSERT_EQ(SymmetryTransformFlat(SymmetryTransformFlat(i, 19, s), 19, inv), i) << "s=" << s;
    }
  }
}

TEST(SymmetryTest, CompositionMatchesApplyingInTurn) {
  for (int a = 0; a < kNumSymmetries; ++a) {
    for (int b = 0; b < kNumSymmetries; ++b) {
      const int c = ComposeSymmetries(a, b);
      ASSERT_GE(c, 0);
      for (int i = 0; i < 9 * 9; ++i) {
        ASSERT_EQ(SymmetryTransformFlat(SymmetryTransformFlat(i, 9, a), 9, b), SymmetryTransformFlat(i, 9, c))
            << a << " then " << b;
      }
    }
  }
  // The group is not abelian: a transpose and a mirror do not commute.
  EXPECT_NE(ComposeSymmetries(4, 1), ComposeSymmetries(1, 4));
}

TEST(SymmetryTest, PolicyKeepsPassAndMassAndRoundTrips) {
  const int n = 5;
  std::vector<float> policy(PolicySize(n)), transformed(PolicySize(n)), back(PolicySize(n));
  for (int i = 0; i < PolicySize(n); ++i) policy[i] = static_cast<float>(i + 1);
  for (int s = 0; s < kNumSymmetries; ++s) {
    TransformPolicy(policy.data(), transformed.data(), n, s);
    EXPECT_EQ(transformed[n * n], policy[n * n]);
    EXPECT_EQ(transformed[SymmetryTransformFlat(7, n, s)], policy[7]);
    EXPECT_EQ(TransformFlatMove(n * n, n, s), n * n);
    TransformPolicy(transformed.data(), back.data(), n, SymmetryInverse(s));
    EXPECT_EQ(back, policy) << s;
  }
}

// A deterministic game with captures and a ko, played as given and under a
// symmetry; the encodings must correspond.
std::vector<Point> SomeLegalMoves(int n, int count) {
  Game game(n);
  std::vector<Point> moves;
  // The ko shape first, then pseudo-random legal moves.
  for (const auto& [x, y] :
       std::vector<std::pair<int, int>>{{1, 0}, {2, 0}, {0, 1}, {1, 1}, {1, 2}, {3, 1}, {8, 8}, {2, 2}, {2, 1}}) {
    moves.push_back(MakePoint(x, y));
    EXPECT_TRUE(game.Play(moves.back()).ok());
  }
  uint64_t state = 12345;
  while (static_cast<int>(moves.size()) < count) {
    const std::vector<Point> legal = game.LegalMoves();
    if (legal.empty()) break;
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    moves.push_back(legal[(state >> 33) % legal.size()]);
    EXPECT_TRUE(game.Play(moves.back()).ok());
  }
  return moves;
}

void ExpectSamePosition(const CompactPosition& a, const CompactPosition& b) {
  ASSERT_EQ(a.board_size, b.board_size);
  EXPECT_EQ(a.to_play, b.to_play);
  EXPECT_EQ(a.komi, b.komi);
  EXPECT_EQ(a.previous_count, b.previous_count);
  const int area = a.board_size * a.board_size;
  for (int i = 0; i < area; ++i) {
    ASSERT_EQ(a.current[i], b.current[i]) << i;
    for (int k = 0; k < a.previous_count; ++k) ASSERT_EQ(a.previous[k][i], b.previous[k][i]) << k << " " << i;
  }
}

TEST(SymmetryTest, EncodingATransformedGameEqualsTransformingTheEncoding) {
  const int n = 9;
  for (int length : {9, 40}) {  // 9: the ko is on the board
    const std::vector<Point> moves = SomeLegalMoves(n, length);
    Game original(n);
    for (Point p : moves) ASSERT_TRUE(original.Play(p).ok());
    const CompactPosition cp = MakeCompactPosition(original);
    std::vector<float> planes(InputPlanesSize(n)), global(kNumGlobalInputs);
    EncodeInputPlanes(cp, planes.data(), global.data());
    for (int s = 0; s < kNumSymmetries; ++s) {
      Game transformed(n);
      for (Point p : moves) {
        const Point q = p == kPass ? kPass : FromFlat(SymmetryTransformFlat(ToFlat(p, n), n, s), n);
        ASSERT_TRUE(transformed.Play(q).ok());
      }
      const CompactPosition cp_s = MakeCompactPosition(transformed);
      ExpectSamePosition(cp_s, TransformCompactPosition(cp, s));

      std::vector<float> planes_s(planes.size()), expected(planes.size()), global_s(kNumGlobalInputs);
      EncodeInputPlanes(cp_s, planes_s.data(), global_s.data());
      TransformPlanes(planes.data(), expected.data(), kNumInputPlanes, n, s);
      EXPECT_EQ(planes_s, expected) << "s=" << s << " length=" << length;
      EXPECT_EQ(global_s, global);
    }
  }
}

}  // namespace
}  // namespace tengen
