#include "engine/data/progress.h"

#include "gtest/gtest.h"

namespace tengen::data {
namespace {

TEST(ProgressTest, FormatsDurations) {
  EXPECT_EQ(FormatDuration(0), "0:00");
  EXPECT_EQ(FormatDuration(7.4), "0:07");
  EXPECT_EQ(FormatDuration(245), "4:05");
  EXPECT_EQ(FormatDuration(3723), "1:02:03");
  EXPECT_EQ(FormatDuration(-1), "?");
}

TEST(ProgressTest, EtaNeedsProgress) {
  ProgressMeter meter(1000);
  EXPECT_EQ(meter.Eta(0), "?");
  EXPECT_EQ(meter.Eta(1), "0:00");
  EXPECT_FALSE(meter.Due());
}

}  // namespace
}  // namespace tengen::data
