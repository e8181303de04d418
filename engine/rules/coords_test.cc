#include "engine/rules/coords.h"

#include "gtest/gtest.h"

namespace tengen {
namespace {

TEST(CoordsTest, GtpSkipsI) {
  EXPECT_EQ(PointToGtp(MakePoint(8, 0), 19), "J19");
  EXPECT_EQ(PointToGtp(MakePoint(0, 18), 19), "A1");
  EXPECT_EQ(*GtpToPoint("j19", 19), MakePoint(8, 0));
  EXPECT_EQ(*GtpToPoint("T1", 19), MakePoint(18, 18));
  EXPECT_EQ(*GtpToPoint("PASS", 19), kPass);
  EXPECT_FALSE(GtpToPoint("I5", 19).ok());
  EXPECT_FALSE(GtpToPoint("K10", 9).ok());
  EXPECT_FALSE(GtpToPoint("A0", 9).ok());
  EXPECT_FALSE(GtpToPoint("A", 9).ok());
  EXPECT_FALSE(GtpToPoint("A1x", 9).ok());
  EXPECT_FALSE(GtpToPoint("", 9).ok());
}

TEST(CoordsTest, SgfPointsAndPasses) {
  EXPECT_EQ(PointToSgf(MakePoint(3, 15), 19), "dp");
  EXPECT_EQ(*SgfToPoint("dp", 19), MakePoint(3, 15));
  EXPECT_EQ(*SgfToPoint("", 19), kPass);
  EXPECT_EQ(*SgfToPoint("tt", 19), kPass);
  EXPECT_FALSE(SgfToPoint("zz", 19).ok());
  EXPECT_FALSE(SgfToPoint("a", 19).ok());
}

TEST(CoordsTest, RoundTripEveryPoint) {
  for (int size : {2, 9, 13, 19}) {
    for (int y = 0; y < size; ++y) {
      for (int x = 0; x < size; ++x) {
        Point p = MakePoint(x, y);
        EXPECT_EQ(*GtpToPoint(PointToGtp(p, size), size), p);
        EXPECT_EQ(*SgfToPoint(PointToSgf(p, size), size), p);
      }
    }
  }
}

}  // namespace
}  // namespace tengen
