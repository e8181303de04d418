#include "engine/train/trainer.h"

#include <filesystem>

#include <torch/torch.h>

#include "engine/data/atomic_file.h"
#include "engine/nn/network.h"
#include "engine/train/checkpoint_state.h"
#include "engine/train/train_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen::train {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

class TrainerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = data::testing::MakeTempDir("data");
    data::ManifestData manifest;
    testing::WriteSplit(data_, "train", testing::LineGames(0, 40), 9, &manifest);
    testing::WriteSplit(data_, "validation", testing::LineGames(1000, 4), 9, &manifest);
  }

  TrainOptions Options(const std::string& out) const {
    TrainOptions o;
    o.data_dir = data_;
    o.out_dir = out;
    o.arch = "b1c8";
    o.device = "cpu";
    o.threads = 1;
    o.loader_threads = 2;
    o.batch = 16;
    o.max_steps = 12;
    o.lr = 3e-3;
    o.warmup_steps = 3;
    o.checkpoint_every = 4;
    o.eval_every = 0;
    o.log_every = 5;
    o.shuffle_buffer = 200;
    o.interleave_shards = 2;
    o.validation_positions = 64;
    o.verbose = false;
    o.seed = 7;
    return o;
  }

  static void ExpectSameWeights(const std::string& a_path, const std::string& b_path) {
    absl::StatusOr<nn::Network> a = nn::LoadModel(a_path);
    absl::StatusOr<nn::Network> b = nn::LoadModel(b_path);
    ASSERT_TRUE(a.ok()) << a.status();
    ASSERT_TRUE(b.ok()) << b.status();
    auto pa = (*a)->named_parameters();
    auto pb = (*b)->named_parameters();
    ASSERT_EQ(pa.size(), pb.size());
    for (const auto& item : pa) {
      EXPECT_TRUE(torch::equal(item.value(), pb[item.key()])) << item.key();
    }
    auto ba = (*a)->named_buffers();
    auto bb = (*b)->named_buffers();
    for (const auto& item : ba) {
      EXPECT_TRUE(torch::equal(item.value(), bb[item.key()])) << item.key();
    }
  }

  std::string data_;
};

TEST_F(TrainerTest, TrainsAndRecordsProvenance) {
  const std::string out = data::testing::MakeTempDir("out");
  absl::StatusOr<TrainResult> result = RunTraining(Options(out));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->steps, 12);
  EXPECT_EQ(result->positions_seen, 12 * 16);
  EXPECT_EQ(result->unique_games, 40);
  EXPECT_EQ(result->validation.positions, 64);
  EXPECT_FALSE(result->resumed);
  absl::StatusOr<nn::Network> model = nn::LoadModel(result->model_path);
  ASSERT_TRUE(model.ok()) << model.status();
  const nn::ModelConfig& meta = (*model)->config();
  EXPECT_EQ(meta.arch, "b1c8");
  EXPECT_EQ(meta.training_steps, 12);
  EXPECT_EQ(meta.positions_seen, 12 * 16);
  EXPECT_EQ(meta.unique_games, 40);
  EXPECT_EQ(meta.data_source, nn::ModelDataSource::kHuman);
  EXPECT_NEAR(meta.training_flops, 3.0 * nn::EstimateForwardFlops(meta) * 12 * 16,
              1e-6 * meta.training_flops);
  int64_t positions = 0;
  for (const auto& g : testing::LineGames(0, 40)) positions += g.num_positions();
  EXPECT_NEAR(meta.epochs, 12.0 * 16 / positions, 1e-9);
  std::string metrics;
  ASSERT_TRUE(data::ReadFileToString(out + "/metrics.jsonl", &metrics).ok());
  EXPECT_THAT(metrics, HasSubstr("\"type\":\"train\",\"step\":5,"));
  EXPECT_THAT(metrics, HasSubstr("\"type\":\"validation\",\"step\":12,"));
  EXPECT_THAT(metrics, HasSubstr("\"lr\":"));
  EXPECT_THAT(metrics, HasSubstr("\"positions_per_second\":"));
  // Only the newest checkpoints are kept.
  EXPECT_FALSE(fs::exists(fs::path(CheckpointsDir(out)) / CheckpointDirName(4)));
  EXPECT_TRUE(fs::exists(fs::path(CheckpointsDir(out)) / CheckpointDirName(12) / "optimizer.pt"));
}

TEST_F(TrainerTest, ResumeAfterKillIsBitIdentical) {
  const std::string straight = data::testing::MakeTempDir("straight");
  absl::StatusOr<TrainResult> a = RunTraining(Options(straight));
  ASSERT_TRUE(a.ok()) << a.status();

  const std::string killed = data::testing::MakeTempDir("killed");
  TrainOptions first = Options(killed);
  first.stop_after_steps_for_testing = 6;  // the last checkpoint is at step 4
  absl::StatusOr<TrainResult> partial = RunTraining(first);
  ASSERT_TRUE(partial.ok()) << partial.status();
  EXPECT_EQ(partial->steps, 6);
  EXPECT_TRUE(partial->model_path.empty());
  EXPECT_FALSE(fs::exists(FinalModelPath(killed)));

  absl::StatusOr<TrainResult> resumed = RunTraining(Options(killed));
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_TRUE(resumed->resumed);
  EXPECT_EQ(resumed->resumed_from_step, 4);
  EXPECT_EQ(resumed->steps, 12);
  EXPECT_EQ(resumed->positions_seen, a->positions_seen);
  ExpectSameWeights(a->model_path, resumed->model_path);
  EXPECT_DOUBLE_EQ(resumed->validation.top1, a->validation.top1);
  EXPECT_DOUBLE_EQ(resumed->validation.policy_cross_entropy, a->validation.policy_cross_entropy);
}

// --chunk_seconds: every invocation stops (with a checkpoint) after its time
// is up; invoked again and again, the run ends exactly where one straight
// run ends.
TEST_F(TrainerTest, ChunkedRunEqualsOneRun) {
  const std::string straight = data::testing::MakeTempDir("straight");
  absl::StatusOr<TrainResult> a = RunTraining(Options(straight));
  ASSERT_TRUE(a.ok()) << a.status();

  const std::string chunked = data::testing::MakeTempDir("chunked");
  TrainOptions o = Options(chunked);
  o.chunk_seconds = 1e-9;  // one step per invocation
  int invocations = 0;
  absl::StatusOr<TrainResult> r;
  do {
    r = RunTraining(o);
    ASSERT_TRUE(r.ok()) << r.status();
    ++invocations;
    ASSERT_LE(invocations, 12);
    if (r->stopped_early) {
      EXPECT_EQ(r->steps, invocations);
      EXPECT_TRUE(r->model_path.empty());
      EXPECT_TRUE(fs::exists(fs::path(CheckpointsDir(chunked)) / CheckpointDirName(r->steps)));
    }
  } while (r->stopped_early);
  EXPECT_EQ(invocations, 12);
  EXPECT_EQ(r->steps, 12);
  ExpectSameWeights(a->model_path, r->model_path);
}

TEST_F(TrainerTest, SgdResumeAcrossAnEpochBoundaryIsBitIdentical) {
  TrainOptions o = Options("");
  o.optimizer = "sgd";
  o.lr = 0.02;
  o.unique_games = 3;  // ~90 positions: several epochs in 12 steps of 16
  o.decay = LrDecay::kStep;
  o.decay_every = 5;
  o.out_dir = data::testing::MakeTempDir("straight");
  absl::StatusOr<TrainResult> a = RunTraining(o);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->unique_games, 3);
  EXPECT_GT(a->epochs, 1.5);
  TrainOptions k = o;
  k.out_dir = data::testing::MakeTempDir("killed");
  k.stop_after_steps_for_testing = 10;  // resumes from 8
  ASSERT_TRUE(RunTraining(k).ok());
  k.stop_after_steps_for_testing = -1;
  absl::StatusOr<TrainResult> b = RunTraining(k);
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->resumed_from_step, 8);
  ExpectSameWeights(a->model_path, b->model_path);
}

TEST_F(TrainerTest, EpochsAndUniqueGamesSetTheLength) {
  TrainOptions o = Options(data::testing::MakeTempDir("out"));
  o.max_steps = 0;
  o.unique_games = 4;
  o.epochs = 2;
  o.checkpoint_every = 0;
  o.validation_positions = 0;
  absl::StatusOr<TrainResult> r = RunTraining(o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->unique_games, 4);
  EXPECT_GE(r->epochs, 2.0);
  EXPECT_LT(r->epochs, 2.0 + 16.0 / 80);  // one partial batch at most (4 games >= 80 positions)
  EXPECT_EQ(r->validation.positions, 0);
}

TEST_F(TrainerTest, ResumeWithOtherSettingsIsRefused) {
  const std::string out = data::testing::MakeTempDir("out");
  TrainOptions o = Options(out);
  o.stop_after_steps_for_testing = 5;
  ASSERT_TRUE(RunTraining(o).ok());
  TrainOptions other = Options(out);
  other.batch = 8;
  absl::StatusOr<TrainResult> r = RunTraining(other);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("--batch: 16 then, 8 now"));
}

TEST_F(TrainerTest, BadInputsAreClearErrors) {
  TrainOptions o = Options(data::testing::MakeTempDir("out"));
  o.data_dir = data::testing::MakeTempDir("empty");
  absl::StatusOr<TrainResult> r = RunTraining(o);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("manifest.pbtxt"));
  o = Options(data::testing::MakeTempDir("out2"));
  o.arch = "q9";
  EXPECT_FALSE(RunTraining(o).ok());
  o = Options(data::testing::MakeTempDir("out3"));
  o.optimizer = "adagrad";
  EXPECT_FALSE(RunTraining(o).ok());
}

TEST_F(TrainerTest, SnapshotsEveryKStepsSurviveAResume) {
  const std::string out = data::testing::MakeTempDir("out");
  TrainOptions o = Options(out);
  o.snapshot_every = 4;
  o.stop_after_steps_for_testing = 6;  // killed between the snapshots of steps 4 and 8
  ASSERT_TRUE(RunTraining(o).ok());
  EXPECT_TRUE(fs::exists(SnapshotPath(out, 4)));
  EXPECT_FALSE(fs::exists(SnapshotPath(out, 8)));
  o.stop_after_steps_for_testing = -1;
  absl::StatusOr<TrainResult> result = RunTraining(o);
  ASSERT_TRUE(result.ok()) << result.status();
  for (int step : {4, 8, 12}) {
    absl::StatusOr<nn::Network> snapshot = nn::LoadModel(SnapshotPath(out, step));
    ASSERT_TRUE(snapshot.ok()) << step << ": " << snapshot.status();
    EXPECT_EQ((*snapshot)->config().positions_seen, step * 16);
  }
  ExpectSameWeights(SnapshotPath(out, 12), result->model_path);
}

}  // namespace
}  // namespace tengen::train
