#ifndef TENGEN_ENGINE_GTP_FAKE_MOVE_GENERATOR_H_
#define TENGEN_ENGINE_GTP_FAKE_MOVE_GENERATOR_H_

// A deterministic stand-in for the MCTS, for protocol tests and the fuzzer:
// it "searches" by counting visits one at a time (honouring max_visits,
// should_stop and the report interval exactly like a real search), ranks
// the legal non-eye-filling moves by a fixed hash of the position, and
// reports a configurable win rate. Its ownership carries no information (one
// configurable value everywhere), so that the engine's own playouts decide.

#include <cstdint>

#include "absl/time/time.h"
#include "engine/gtp/move_generator.h"

namespace tengen::gtp {

struct FakeGeneratorOptions {
  float winrate = 0.5f;  // of the best move, side to move
  // Pretend each visit takes this long (analysis tests need time to pass).
  absl::Duration visit_time = absl::ZeroDuration();
  // Sizes the fake "network" supports; 0 means all.
  int only_size = 0;
  float ownership_value = 0.0f;
  // Rank pass first (tests of the pass and cleanup logic).
  bool always_pass = false;
};

class FakeMoveGenerator : public MoveGenerator {
 public:
  explicit FakeMoveGenerator(FakeGeneratorOptions options = {}) : options_(options) {}

  absl::Status SupportsBoardSize(int size) const override;
  SearchReport Search(const Game& game, const SearchRequest& request) override;
  void Reset() override { ++resets_; }

  FakeGeneratorOptions& options() { return options_; }
  int searches() const { return searches_; }
  int resets() const { return resets_; }
  const SearchRequest& last_request() const { return last_request_; }

 private:
  FakeGeneratorOptions options_;
  int searches_ = 0;
  int resets_ = 0;
  SearchRequest last_request_;
};

}  // namespace tengen::gtp

#endif  // TENGEN_ENGINE_GTP_FAKE_MOVE_GENERATOR_H_
