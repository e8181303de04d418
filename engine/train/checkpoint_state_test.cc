#include "engine/train/checkpoint_state.h"

#include <filesystem>

#include "engine/data/atomic_file.h"
#include "engine/data/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::train {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

TEST(CheckpointStateTest, RoundTrips) {
  TrainState s;
  s.step = 1200;
  s.epoch = 2;
  s.epoch_position = 77;
  s.positions_seen = 307200;
  s.training_flops = 1.25e15;
  s.fingerprint["arch"] = "b6c64";
  s.fingerprint["batch"] = "256";
  absl::StatusOr<TrainState> read = ParseTrainState(FormatTrainState(s), "state.txt");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->step, 1200);
  EXPECT_EQ(read->epoch, 2);
  EXPECT_EQ(read->epoch_position, 77);
  EXPECT_EQ(read->positions_seen, 307200);
  EXPECT_DOUBLE_EQ(read->training_flops, 1.25e15);
  EXPECT_EQ(read->fingerprint, s.fingerprint);
  EXPECT_FALSE(ParseTrainState("step=1\n", "x").ok());
  EXPECT_FALSE(ParseTrainState("step=a\nepoch=0\n", "x").ok());
}

TEST(CheckpointStateTest, FingerprintDifferencesAreNamed) {
  std::map<std::string, std::string> a = {{"arch", "b6c64"}, {"batch", "256"}};
  EXPECT_TRUE(CheckSameFingerprint(a, a, "ck").ok());
  std::map<std::string, std::string> b = a;
  b["batch"] = "128";
  absl::Status s = CheckSameFingerprint(a, b, "ck");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("--batch: 256 then, 128 now"));
}

TEST(CheckpointStateTest, LatestAndPruning) {
  const std::string out = data::testing::MakeTempDir("out");
  absl::StatusOr<std::optional<std::string>> none = LatestCheckpoint(out);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  for (int step : {100, 200, 300}) {
    fs::create_directories(fs::path(CheckpointsDir(out)) / CheckpointDirName(step));
    ASSERT_TRUE(PublishCheckpoint(out, CheckpointDirName(step), 2).ok());
  }
  absl::StatusOr<std::optional<std::string>> latest = LatestCheckpoint(out);
  ASSERT_TRUE(latest.ok());
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ(fs::path(**latest).filename().string(), "step-000000300");
  EXPECT_FALSE(fs::exists(fs::path(CheckpointsDir(out)) / "step-000000100"));
  EXPECT_TRUE(fs::exists(fs::path(CheckpointsDir(out)) / "step-000000200"));
  // A dangling pointer is an error, not a silent restart.
  ASSERT_TRUE(data::WriteFileAtomically(CheckpointsDir(out) + "/latest", "step-9\n").ok());
  EXPECT_FALSE(LatestCheckpoint(out).ok());
}

}  // namespace
}  // namespace tengen::train
