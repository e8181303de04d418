#include "engine/train/batch_pipeline.h"

#include <memory>
#include <vector>

#include "engine/data/test_util.h"
#include "gtest/gtest.h"

namespace tengen::train {
namespace {

// Draw k gives a batch of move k of one game, with the cursor k.
class CountingDraw {
 public:
  absl::StatusOr<DrawnBatch> operator()() {
    if (draws_ == fail_at_) return absl::DataLossError("shard 3 is damaged");
    DrawnBatch batch;
    batch.refs = {PositionRef{game_, static_cast<int32_t>(draws_), 0}};
    batch.epoch_position = draws_++;
    return batch;
  }
  int draws() const { return draws_; }
  void FailAt(int draw) { fail_at_ = draw; }

 private:
  std::shared_ptr<const data::RecordedGame> game_ =
      std::make_shared<const data::RecordedGame>(data::testing::MakeLineGame(1, 30));
  int draws_ = 0;
  int fail_at_ = -1;
};

TEST(BatchPipelineTest, BatchesComeOutInDrawOrderAndStopAtTheLimit) {
  CountingDraw draw;
  BatchPipeline pipeline([&] { return draw(); }, 19, 2, InputEncoding::kCpuPlanes);
  std::vector<int64_t> order;
  for (int step = 0; step < 5; ++step) {
    ASSERT_TRUE(pipeline.TopUp(/*draw_limit=*/5).ok());
    EXPECT_LE(pipeline.in_flight(), 2);
    BuiltBatch built = pipeline.Next();
    ASSERT_TRUE(built.status.ok()) << built.status;
    EXPECT_EQ(built.arrays.batch, 1);
    EXPECT_EQ(built.arrays.played_move[0], data::testing::MakeLineGame(1, 30).moves[step]);
    order.push_back(built.drawn.epoch_position);
  }
  EXPECT_EQ(order, (std::vector<int64_t>{0, 1, 2, 3, 4}));
  ASSERT_TRUE(pipeline.TopUp(5).ok());
  EXPECT_EQ(pipeline.in_flight(), 0);
  EXPECT_EQ(draw.draws(), 5);
}

TEST(BatchPipelineTest, DrawAndBuildErrorsReachTheCaller) {
  CountingDraw draw;
  draw.FailAt(1);
  BatchPipeline pipeline([&] { return draw(); }, 19, 1, InputEncoding::kCpuPlanes);
  EXPECT_EQ(pipeline.TopUp().code(), absl::StatusCode::kDataLoss);
  ASSERT_EQ(pipeline.in_flight(), 1);
  EXPECT_TRUE(pipeline.Next().status.ok());
  // A 19x19 game on a 9x9 network fails when its batch is built.
  BatchPipeline wrong_size([&] { return draw(); }, 9, 1, InputEncoding::kCpuPlanes);
  draw.FailAt(-1);
  ASSERT_TRUE(wrong_size.TopUp(1).ok());
  EXPECT_FALSE(wrong_size.Next().status.ok());
}

}  // namespace
}  // namespace tengen::train
