#ifndef TENGEN_SELFPLAY_TRAINING_WINDOW_H_
#define TENGEN_SELFPLAY_TRAINING_WINDOW_H_

// Which self-play games the trainer learns from: KataGo's sliding window
// (python/shuffle.py, with the taper offset at its default, the minimum).
// Of `total` positions in all, the newest
//   min + expand * (total^taper - min^taper) / (taper * min^(taper - 1))
// (every position while total <= min): the window starts growing with
// slope `expand` and then as total^taper, so old games fall out while the
// window still grows.

#include <cstdint>
#include <string>
#include <vector>

namespace tengen::selfplay {

int64_t WindowPositions(int64_t total, int64_t min_positions, double expand, double taper);

struct ShardCount {
  std::string name;
  int64_t games = 0;
  int64_t positions = 0;  // training positions
};

// The newest shards (of `oldest_first`) holding at least `positions`
// positions, or all of them; returned oldest first.
std::vector<ShardCount> NewestShards(const std::vector<ShardCount>& oldest_first, int64_t positions);

}  // namespace tengen::selfplay

#endif  // TENGEN_SELFPLAY_TRAINING_WINDOW_H_
