#include "engine/search/serialized_backend.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "engine/search/fake_backends.h"
#include "engine/search/search_test_util.h"
#include "engine/search/search_driver.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

// AreaCountBackend that records whether two calls ever overlapped. With
// evaluate = false it only detects (AreaCountBackend itself is not
// thread-safe, and the unserialized test must not race on it).
class OverlapDetectingBackend : public BatchBackend {
 public:
  explicit OverlapDetectingBackend(bool evaluate = true) : evaluate_(evaluate) {}
  int board_size() const override { return inner_.board_size(); }
  int max_batch_size() const override { return inner_.max_batch_size(); }
  void EvaluateBatch(std::span<const CompactPosition> inputs, std::span<EvalOutput> outputs) override {
    if (inside_.fetch_add(1) != 0) overlapped_ = true;
    std::this_thread::sleep_for(std::chrono::microseconds(50));  // widen the window
    if (evaluate_) inner_.EvaluateBatch(inputs, outputs);
    ++calls_;
    inside_.fetch_sub(1);
  }
  bool overlapped() const { return overlapped_; }
  int calls() const { return calls_; }

 private:
  const bool evaluate_;
  AreaCountBackend inner_{9, 8};
  std::atomic<int> inside_{0};
  std::atomic<bool> overlapped_{false};
  std::atomic<int> calls_{0};
};

TEST(SerializedBackendTest, ThreadsShareOneBackendWithoutOverlapOrChangedResults) {
  constexpr int kThreads = 4, kGamesPerThread = 3, kVisits = 40;
  OverlapDetectingBackend backend;
  SerializedBackend shared(&backend);
  std::vector<std::unique_ptr<Search>> searches;
  for (int g = 0; g < kThreads * kGamesPerThread; ++g) {
    searches.push_back(std::make_unique<Search>(Game(9), testing::NoisyOptionsWithSeed(g + 1)));
    searches.back()->SetTargetVisits(kVisits);
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<Search*> group;
      for (int g = 0; g < kGamesPerThread; ++g) group.push_back(searches[t * kGamesPerThread + g].get());
      LockstepDriver driver(&shared, 1);
      driver.RunUntilDone(group);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_FALSE(backend.overlapped());
  EXPECT_GT(backend.calls(), kVisits / 2);
  // Each search ends exactly as it does alone.
  for (int g = 0; g < kThreads * kGamesPerThread; ++g) {
    AreaCountBackend alone_backend(9, 1);
    Search alone(Game(9), testing::NoisyOptionsWithSeed(g + 1));
    alone.Run(alone_backend, kVisits);
    EXPECT_EQ(testing::RootVisits(*searches[g]), testing::RootVisits(alone)) << "game " << g;
  }
}

// Without the wrapper the detector does see overlapping calls, so the test
// above can fail.
TEST(SerializedBackendTest, TheDetectorSeesUnserializedOverlap) {
  OverlapDetectingBackend backend(/*evaluate=*/false);
  std::vector<CompactPosition> inputs(2);
  for (CompactPosition& p : inputs) p.board_size = 9;
  std::vector<EvalOutput> out_a(2), out_b(2);
  for (int attempt = 0; attempt < 50 && !backend.overlapped(); ++attempt) {
    std::thread a([&] { backend.EvaluateBatch(inputs, out_a); });
    std::thread b([&] { backend.EvaluateBatch(inputs, out_b); });
    a.join();
    b.join();
  }
  EXPECT_TRUE(backend.overlapped());
}

}  // namespace
}  // namespace tengen
