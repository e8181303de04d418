#include "engine/search/batching_evaluator.h"

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/search/search_test_util.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

using testing::DecodeRequestId;
using testing::EncodeRequestId;

// Echoes the request id back and records what it saw.
class EchoBackend : public BatchBackend {
 public:
  EchoBackend(int max_batch, uint32_t max_id) : max_batch_(max_batch), seen_(max_id) {}
  int board_size() const override { return 19; }
  int max_batch_size() const override { return max_batch_; }
  void EvaluateBatch(std::span<const CompactPosition> inputs, std::span<EvalOutput> outputs) override {
    // Called from one thread at a time: the contract; a violation shows up
    // as a data race under TSAN and as a count mismatch here.
    if (in_call_.exchange(true)) concurrent_calls_ = true;
    if (static_cast<int>(inputs.size()) > max_batch_ || inputs.size() != outputs.size()) oversized_ = true;
    for (size_t i = 0; i < inputs.size(); ++i) {
      const uint32_t id = DecodeRequestId(inputs[i]);
      if (id < seen_.size()) ++seen_[id];
      outputs[i].value = static_cast<float>(id);
      outputs[i].score_lead = static_cast<float>(id) + 0.5f;
      outputs[i].policy[0] = static_cast<float>(id);
    }
    max_seen_batch_ = std::max<int>(max_seen_batch_, static_cast<int>(inputs.size()));
    in_call_ = false;
  }
  std::vector<int> seen_;
  std::atomic<bool> in_call_{false};
  bool concurrent_calls_ = false;
  bool oversized_ = false;
  int max_seen_batch_ = 0;

 private:
  int max_batch_;
};

TEST(BatchingEvaluatorTest, ManyThreadsGetExactlyTheirOwnResults) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 1000;
  constexpr int kGroup = 5;  // requests in flight per thread at a time
  EchoBackend backend(32, kThreads * kPerThread);
  std::atomic<int> mismatches{0};
  {
    BatchingEvaluator evaluator(&backend, {.max_batch_size = 32, .timeout_us = 200, .num_batches = 3});
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        EvalGroup group;
        std::vector<EvalOutput> outputs(kGroup);
        CompactPosition cp;
        for (int start = 0; start < kPerThread; start += kGroup) {
          group.Start(outputs);
          for (int k = 0; k < kGroup; ++k) {
            EncodeRequestId(static_cast<uint32_t>(t * kPerThread + start + k), &cp);
            evaluator.Submit(cp, group.CallbackFor(k));
          }
          group.Wait();
          for (int k = 0; k < kGroup; ++k) {
            const float id = static_cast<float>(t * kPerThread + start + k);
            if (outputs[k].value != id || outputs[k].policy[0] != id ||
                outputs[k].score_lead != id + 0.5f) {
              ++mismatches;
            }
          }
        }
      });
    }
    for (auto& th : threads) th.join();
    const BatchingEvaluatorStats stats = evaluator.stats();
    EXPECT_EQ(stats.positions, kThreads * kPerThread);
    EXPECT_GT(stats.mean_batch_size(), 1.0);  // 16 threads x 5 requests do share batches
  }
  EXPECT_EQ(mismatches.load(), 0);
  for (size_t id = 0; id < backend.seen_.size(); ++id) {
    ASSERT_EQ(backend.seen_[id], 1) << "request " << id;
  }
  EXPECT_FALSE(backend.concurrent_calls_);
  EXPECT_FALSE(backend.oversized_);
  EXPECT_LE(backend.max_seen_batch_, 32);
}

struct CallbackLog {
  std::mutex mu;
  std::vector<std::pair<uint64_t, float>> calls;
  static void Record(void* context, uint64_t tag, const EvalOutput& output) {
    auto* log = static_cast<CallbackLog*>(context);
    std::lock_guard<std::mutex> lock(log->mu);
    log->calls.emplace_back(tag, output.value);
  }
};

TEST(BatchingEvaluatorTest, FullBatchesRunWithoutWaitingForTheTimeout) {
  EchoBackend backend(4, 100);
  CallbackLog log;
  BatchingEvaluatorStats stats;
  {
    // A timeout of an hour: the test only finishes if full batches close by themselves.
    BatchingEvaluator evaluator(&backend, {.max_batch_size = 4, .timeout_us = 3'600'000'000LL});
    CompactPosition cp;
    EvalGroup group;
    std::vector<EvalOutput> outputs(8);
    group.Start(outputs);
    for (int i = 0; i < 8; ++i) {
      EncodeRequestId(i, &cp);
      evaluator.Submit(cp, group.CallbackFor(i));
    }
    group.Wait();
    for (int i = 0; i < 8; ++i) EXPECT_EQ(outputs[i].value, i);
    stats = evaluator.stats();
    // Callback form: the tag comes back unchanged.
    EncodeRequestId(77, &cp);
    evaluator.Submit(cp, EvalCallback{&CallbackLog::Record, &log, 1234});
    evaluator.Flush();
  }  // the destructor drains the flushed batch
  EXPECT_EQ(stats.batches, 2);
  EXPECT_EQ(stats.full_batches, 2);
  ASSERT_EQ(log.calls.size(), 1u);
  EXPECT_EQ(log.calls[0].first, 1234u);
  EXPECT_EQ(log.calls[0].second, 77.0f);
}

TEST(BatchingEvaluatorTest, PartialBatchRunsAfterTheTimeout) {
  EchoBackend backend(64, 10);
  BatchingEvaluator evaluator(&backend, {.timeout_us = 500});
  EXPECT_EQ(evaluator.max_batch_size(), 64);
  CompactPosition cp;
  EncodeRequestId(3, &cp);
  EvalGroup group;
  std::vector<EvalOutput> out(1);
  group.Start(out);
  evaluator.Submit(cp, group.CallbackFor(0));  // no flush: only the timeout closes it
  group.Wait();
  EXPECT_EQ(out[0].value, 3.0f);
  const BatchingEvaluatorStats stats = evaluator.stats();
  EXPECT_EQ(stats.batches, 1);
  EXPECT_EQ(stats.full_batches, 0);
}

TEST(BatchingEvaluatorTest, BlockingEvaluate) {
  EchoBackend backend(8, 10);
  BatchingEvaluator evaluator(&backend);
  CompactPosition cp;
  EvalOutput out;
  for (uint32_t id : {1u, 5u, 9u}) {
    EncodeRequestId(id, &cp);
    evaluator.Evaluate(cp, &out);
    EXPECT_EQ(out.value, static_cast<float>(id));
  }
}

TEST(BatchingEvaluatorTest, BackpressureWhenTheRingIsFull) {
  // A slow backend and a two-batch ring: submitters must wait for free
  // batches, and nothing is lost.
  class SlowBackend : public EchoBackend {
   public:
    using EchoBackend::EchoBackend;
    void EvaluateBatch(std::span<const CompactPosition> in, std::span<EvalOutput> out) override {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      EchoBackend::EvaluateBatch(in, out);
    }
  };
  SlowBackend backend(2, 400);
  {
    BatchingEvaluator evaluator(&backend, {.max_batch_size = 2, .timeout_us = 50, .num_batches = 2});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        CompactPosition cp;
        EvalOutput out;
        for (int i = 0; i < 100; ++i) {
          const uint32_t id = t * 100 + i;
          EncodeRequestId(id, &cp);
          evaluator.Evaluate(cp, &out);
          EXPECT_EQ(out.value, static_cast<float>(id));
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  for (int c : backend.seen_) EXPECT_EQ(c, 1);
}

}  // namespace
}  // namespace tengen
