#ifndef TENGEN_ENGINE_SEARCH_SEARCH_TEST_UTIL_H_
#define TENGEN_ENGINE_SEARCH_SEARCH_TEST_UTIL_H_

// Test helpers for the search layer: positions from diagrams and scripted
// backends whose outputs the tests control.

#include <algorithm>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "absl/base/internal/raw_logging.h"
#include "engine/rules/game.h"
#include "engine/rules/rules_test_util.h"
#include "engine/search/evaluator.h"
#include "engine/search/mcts.h"

namespace tengen::testing {

inline Game GameFromDiagram(const std::vector<std::string>& rows, Rules rules,
                            Color to_play = Color::kBlack) {
  Game game(static_cast<int>(rows.size()), rules);
  std::vector<Point> black, white;
  DiagramStones(rows, &black, &white);
  const absl::Status s = game.PlaceSetupStones(black, white, {});
  ABSL_RAW_CHECK(s.ok(), "bad diagram");
  game.set_to_play(to_play);
  return game;
}

inline int Flat(Point p, int size) { return ToFlat(p, size); }

// Options whose Dirichlet noise makes every seed's tree different; never
// resigns.
inline SearchOptions NoisyOptionsWithSeed(uint64_t seed) {
  SearchOptions o;
  o.seed = seed;
  o.dirichlet_noise = true;
  o.resign_threshold = -2;
  return o;
}

// The root's (move, visits) pairs in move order: equal for equal searches.
inline std::vector<std::pair<Point, int>> RootVisits(const Search& s) {
  std::vector<std::pair<Point, int>> out;
  for (const ChildStats& c : s.RootChildren()) out.emplace_back(c.move, c.visits);
  std::sort(out.begin(), out.end());
  return out;
}

// Value by marker stones: if the position has a stone of `owner` on one of
// the marked points, the value for `owner` is that marker's value (the
// first marker present wins; a marker's value may be a cycle of values,
// consumed one per evaluation); otherwise `default_value`. Converted to the
// side to move. The policy puts the given weights on the given points and
// `rest` (spread evenly) on everything else.
class MarkerBackend : public BatchBackend {
 public:
  struct Marker {
    Point point;
    std::vector<float> values;  // cycled
    float prior = 0;
    size_t next = 0;
  };
  MarkerBackend(int board_size, Color owner, float default_value, float rest_prior = 0.0f,
                int max_batch = 64)
      : size_(board_size), owner_(owner), default_value_(default_value), rest_prior_(rest_prior),
        max_batch_(max_batch) {}
  void AddMarker(Point p, std::vector<float> values, float prior) {
    markers_.push_back(Marker{p, std::move(values), prior, 0});
  }
  int board_size() const override { return size_; }
  int max_batch_size() const override { return max_batch_; }
  void EvaluateBatch(std::span<const CompactPosition> inputs, std::span<EvalOutput> outputs) override {
    const int points = size_ * size_;
    for (size_t i = 0; i < inputs.size(); ++i) {
      const CompactPosition& cp = inputs[i];
      EvalOutput& out = outputs[i];
      std::fill_n(out.policy.begin(), points + 1, rest_prior_ / (points + 1));
      for (const Marker& m : markers_) out.policy[Flat(m.point, size_)] += m.prior;
      float v = default_value_;
      for (Marker& m : markers_) {
        if ((cp.current[Flat(m.point, size_)] & 3) == static_cast<uint8_t>(owner_)) {
          v = m.values[m.next++ % m.values.size()];
          break;
        }
      }
      out.value = cp.to_play == static_cast<uint8_t>(owner_) ? v : -v;
      ++evaluated_;
    }
  }
  int64_t evaluated() const { return evaluated_; }

 private:
  int size_;
  Color owner_;
  float default_value_;
  float rest_prior_;
  int max_batch_;
  std::vector<Marker> markers_;
  int64_t evaluated_ = 0;
};

// Request ids ride in the first four bytes of `current`; the output carries
// the id back in value, score_lead and policy[0].
inline void EncodeRequestId(uint32_t id, CompactPosition* cp) {
  std::memcpy(cp->current.data(), &id, sizeof(id));
}
inline uint32_t DecodeRequestId(const CompactPosition& cp) {
  uint32_t id;
  std::memcpy(&id, cp.current.data(), sizeof(id));
  return id;
}

}  // namespace tengen::testing

#endif  // TENGEN_ENGINE_SEARCH_SEARCH_TEST_UTIL_H_
