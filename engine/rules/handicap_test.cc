#include "engine/rules/handicap.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "engine/rules/coords.h"
#include "engine/rules/game.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

std::string Vertices(const std::vector<Point>& points, int size) {
  std::vector<std::string> out;
  for (Point p : points) out.push_back(PointToGtp(p, size));
  return absl::StrJoin(out, " ");
}

std::string Fixed(int size, int stones) {
  absl::StatusOr<std::vector<Point>> points = FixedHandicapPoints(size, stones);
  if (!points.ok()) return "error: " + std::string(points.status().message());
  return Vertices(*points, size);
}

// The table of GTP 2 section 4.1.1 for 19x19, in its order.
TEST(FixedHandicapTest, Matches19x19Table) {
  EXPECT_EQ(Fixed(19, 2), "D4 Q16");
  EXPECT_EQ(Fixed(19, 3), "D4 Q16 D16");
  EXPECT_EQ(Fixed(19, 4), "D4 Q16 D16 Q4");
  EXPECT_EQ(Fixed(19, 5), "D4 Q16 D16 Q4 K10");
  EXPECT_EQ(Fixed(19, 6), "D4 Q16 D16 Q4 D10 Q10");
  EXPECT_EQ(Fixed(19, 7), "D4 Q16 D16 Q4 D10 Q10 K10");
  EXPECT_EQ(Fixed(19, 8), "D4 Q16 D16 Q4 D10 Q10 K4 K16");
  EXPECT_EQ(Fixed(19, 9), "D4 Q16 D16 Q4 D10 Q10 K4 K16 K10");
}

TEST(FixedHandicapTest, SmallerBoardsUseThirdLineCornersBelow13) {
  EXPECT_EQ(Fixed(13, 9), "D4 K10 D10 K4 D7 K7 G4 G10 G7");
  EXPECT_EQ(Fixed(9, 5), "C3 G7 C7 G3 E5");
  EXPECT_EQ(Fixed(9, 9), "C3 G7 C7 G3 C5 G5 E3 E7 E5");
  EXPECT_EQ(Fixed(11, 2), "C3 J9");
  EXPECT_EQ(Fixed(12, 4), "C3 K10 C10 K3");
  EXPECT_EQ(Fixed(7, 4), "C3 E5 C5 E3");
  EXPECT_EQ(Fixed(14, 3), "D4 L11 D11");
}

TEST(FixedHandicapTest, EvenSizesAnd7x7AllowAtMostFour) {
  for (int size : {7, 8, 10, 12, 14, 16, 18}) {
    EXPECT_EQ(MaxFixedHandicap(size), 4) << size;
    EXPECT_TRUE(FixedHandicapPoints(size, 4).ok()) << size;
    for (int stones : {5, 6, 7, 8, 9}) {
      EXPECT_FALSE(FixedHandicapPoints(size, stones).ok()) << size << " " << stones;
    }
  }
  for (int size : {9, 11, 13, 15, 17, 19}) EXPECT_EQ(MaxFixedHandicap(size), 9) << size;
}

TEST(FixedHandicapTest, RejectsInvalidCountsAndSizes) {
  for (int stones : {-1, 0, 1, 10, 361}) {
    absl::StatusOr<std::vector<Point>> points = FixedHandicapPoints(19, stones);
    EXPECT_EQ(points.status().code(), absl::StatusCode::kInvalidArgument) << stones;
  }
  EXPECT_EQ(Fixed(19, 10), "error: invalid fixed handicap 10 on 19x19 (2 to 9 stones)");
  for (int size : {2, 5, 6}) {
    EXPECT_EQ(MaxFixedHandicap(size), 0);
    EXPECT_FALSE(FixedHandicapPoints(size, 2).ok()) << size;
  }
  EXPECT_EQ(Fixed(6, 2), "error: fixed handicap is not defined on 6x6 (GTP allows it from 7x7)");
  EXPECT_FALSE(FixedHandicapPoints(0, 2).ok());
  EXPECT_FALSE(FixedHandicapPoints(20, 2).ok());
  EXPECT_FALSE(FixedHandicapPoints(25, 2).ok());  // GTP allows 25x25; tengen stops at 19
}

TEST(FixedHandicapTest, PointsAreDistinctAndSymmetric) {
  for (int size = 7; size <= 19; ++size) {
    for (int stones = 2; stones <= MaxFixedHandicap(size); ++stones) {
      absl::StatusOr<std::vector<Point>> points = FixedHandicapPoints(size, stones);
      ASSERT_TRUE(points.ok()) << size << " " << stones;
      ASSERT_EQ(points->size(), static_cast<size_t>(stones));
      std::set<Point> distinct(points->begin(), points->end());
      EXPECT_EQ(distinct.size(), points->size());
      // All placements but three stones are symmetric under the 180-degree
      // rotation (odd counts add the centre, which maps to itself).
      if (stones == 3) continue;
      for (Point p : *points) {
        const Point rotated = MakePoint(size - 1 - PointX(p), size - 1 - PointY(p));
        EXPECT_TRUE(distinct.count(rotated)) << size << " " << stones << " "
                                             << PointToGtp(p, size);
      }
    }
  }
}

TEST(FreeHandicapTest, UsesFixedPointsWhenTheyExist) {
  for (int stones = 2; stones <= 9; ++stones) {
    EXPECT_EQ(*FreeHandicapPoints(19, stones), *FixedHandicapPoints(19, stones));
  }
  EXPECT_EQ(*FreeHandicapPoints(10, 4), *FixedHandicapPoints(10, 4));
}

TEST(FreeHandicapTest, ExtendsBeyondNineDeterministically) {
  absl::StatusOr<std::vector<Point>> thirteen = FreeHandicapPoints(19, 13);
  ASSERT_TRUE(thirteen.ok());
  const std::vector<Point> nine = *FixedHandicapPoints(19, 9);
  // The nine star points come first, then four more spread between them on
  // good lines (not the first two lines).
  EXPECT_TRUE(std::equal(nine.begin(), nine.end(), thirteen->begin()));
  for (size_t i = 9; i < thirteen->size(); ++i) {
    const Point p = (*thirteen)[i];
    const int line = std::min({PointX(p), PointY(p), 18 - PointX(p), 18 - PointY(p)}) + 1;
    EXPECT_GE(line, 3) << PointToGtp(p, 19);
  }
  EXPECT_EQ(*FreeHandicapPoints(19, 13), *thirteen);  // deterministic
  EXPECT_EQ(Vertices(*FreeHandicapPoints(19, 13), 19),
            "D4 Q16 D16 Q4 D10 Q10 K4 K16 K10 G13 N13 G7 N7");
}

TEST(FreeHandicapTest, WorksOnEverySizeUpToAFullBoardMinusOne) {
  for (int size = 2; size <= 19; ++size) {
    const int max = size * size - 1;
    for (int stones : {2, 3, 5, 10, max}) {
      if (stones > max) continue;
      absl::StatusOr<std::vector<Point>> points = FreeHandicapPoints(size, stones);
      ASSERT_TRUE(points.ok()) << size << " " << stones << " " << points.status();
      ASSERT_EQ(points->size(), static_cast<size_t>(stones));
      const Board empty(size);
      EXPECT_TRUE(ValidateFreeHandicap(empty, *points).ok()) << size << " " << stones;
    }
    EXPECT_FALSE(FreeHandicapPoints(size, 1).ok());
    EXPECT_FALSE(FreeHandicapPoints(size, max + 1).ok());
  }
}

TEST(FreeHandicapTest, ValidationNamesTheProblem) {
  const Board empty(9);
  const Point c3 = *GtpToPoint("C3", 9), g7 = *GtpToPoint("G7", 9);
  EXPECT_TRUE(ValidateFreeHandicap(empty, {c3, g7}).ok());

  absl::Status s = ValidateFreeHandicap(empty, {c3});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("2 to 80"), absl::string_view::npos) << s;

  s = ValidateFreeHandicap(empty, {c3, g7, c3});
  EXPECT_NE(s.message().find("C3 is repeated"), absl::string_view::npos) << s;

  s = ValidateFreeHandicap(empty, {c3, kPass});
  EXPECT_NE(s.message().find("pass"), absl::string_view::npos) << s;

  EXPECT_FALSE(ValidateFreeHandicap(empty, {c3, MakePoint(9, 0)}).ok());  // off a 9x9 board
  EXPECT_FALSE(ValidateFreeHandicap(empty, {c3, kNoPoint}).ok());

  Board occupied(9);
  occupied.Play(*GtpToPoint("E5", 9), Color::kWhite);
  s = ValidateFreeHandicap(occupied, {c3, g7});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;

  std::vector<Point> all;
  for (int i = 0; i < 81; ++i) all.push_back(FromFlat(i, 9));
  EXPECT_FALSE(ValidateFreeHandicap(empty, all).ok());
  all.pop_back();
  EXPECT_TRUE(ValidateFreeHandicap(empty, all).ok());
}

TEST(FixedHandicapTest, GameWithHandicapStonesHasWhiteToMove) {
  // How the GTP engine sets up a handicap game: setup stones, then white.
  Game game(19);
  const std::vector<Point> points = *FixedHandicapPoints(19, 4);
  ASSERT_TRUE(game.PlaceSetupStones(points, {}, {}).ok());
  game.set_handicap(4);
  game.set_to_play(Color::kWhite);
  EXPECT_EQ(game.board().stone_count(Color::kBlack), 4);
  EXPECT_EQ(game.handicap(), 4);
  EXPECT_FALSE(game.IsLegal(*GtpToPoint("D4", 19)));
  EXPECT_TRUE(game.Play(*GtpToPoint("K10", 19)).ok());
  EXPECT_EQ(game.to_play(), Color::kBlack);
}

}  // namespace
}  // namespace tengen
