#ifndef TENGEN_ENGINE_GTP_MOVE_GENERATOR_H_
#define TENGEN_ENGINE_GTP_MOVE_GENERATOR_H_

// What the GTP engine needs from a search: one call that searches a position
// under a visit budget and a stop callback, reports root statistics
// periodically while it runs (for lz-analyze / kata-analyze) and once at the
// end (for genmove). The protocol layer is written and tested against this
// interface; MctsMoveGenerator adapts the MCTS of engine/search to it.

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/rules/board.h"
#include "engine/rules/game.h"

namespace tengen::gtp {

// Root statistics of one candidate move. Win rates and score are from the
// point of view of the side to move at the root.
struct CandidateMove {
  Point move = kPass;
  int64_t visits = 0;
  float winrate = 0.5f;    // [0, 1]
  float score_lead = 0;    // points
  float prior = 0;         // policy prior, [0, 1]
  float lcb = 0;           // lower confidence bound of winrate (may be < 0)
  std::vector<Point> pv;   // principal variation, starting with `move`
};

struct SearchReport {
  int64_t root_visits = 0;
  float root_winrate = 0.5f;  // side to move
  float root_score_lead = 0;  // side to move
  // Best first: candidates[0] is the move the search recommends. Moves
  // without visits come last (visits 0), if at all: the final report may
  // add a few by prior as fallbacks; analysis output skips them.
  std::vector<CandidateMove> candidates;
  // Side-to-move ownership per flat point (y * size + x, y from the top), in
  // [-1, 1]; empty unless requested.
  std::vector<float> ownership;
};

struct SearchRequest {
  // Stop once the root has this many visits (a reused subtree counts).
  int64_t max_visits = 100;
  // Stop once this search itself has added this many visits.
  int64_t max_playouts = INT64_MAX;
  // Polled between visits; true stops the search (clock, new GTP input).
  std::function<bool()> should_stop;
  // Called with the current statistics every `report_interval` while the
  // search runs, on the thread that called Search.
  absl::Duration report_interval = absl::InfiniteDuration();
  std::function<void(const SearchReport&)> on_report;
  bool want_ownership = false;
};

class MoveGenerator {
 public:
  virtual ~MoveGenerator() = default;
  // OK if positions of this size can be searched (a network may be trained
  // for one size only); the message is shown to the GTP controller.
  virtual absl::Status SupportsBoardSize(int size) const = 0;
  // Searches the game's current position for the side to move and returns
  // the final statistics. The position may have no legal move but pass.
  virtual SearchReport Search(const Game& game, const SearchRequest& request) = 0;
  // A new game or an unrelated position: forget reusable trees and caches.
  virtual void Reset() {}
};

}  // namespace tengen::gtp

#endif  // TENGEN_ENGINE_GTP_MOVE_GENERATOR_H_
