#ifndef TENGEN_ENGINE_EXPERIMENT_GENERATION_COMPUTE_H_
#define TENGEN_ENGINE_EXPERIMENT_GENERATION_COMPUTE_H_

// What a self-play arm spent generating its games so far, for the compute
// axis of the report: network evaluations estimated as one per visit (the
// full search's visits on moves searched in full, the cheap search's on the
// others), times the network's forward FLOPs. An upper bound: reused
// subtrees and terminal visits cost no evaluation. Each shard of the run's
// games/ folder is read once per process.

#include <cstdint>
#include <map>
#include <string>

namespace tengen::experiment {

struct GenerationCompute {
  int64_t games = 0;
  int64_t evaluations = 0;
  double flops = 0;
};

class GenerationCounter {
 public:
  GenerationCounter(int full_visits, int cheap_visits) : full_visits_(full_visits), cheap_visits_(cheap_visits) {}

  // Over every complete shard in RUN/games now. Damaged shards count as
  // nothing (the trainer names them).
  GenerationCompute Count(const std::string& run_folder, double forward_flops);

 private:
  struct ShardTotals {
    int64_t games = 0;
    int64_t evaluations = 0;
  };
  int full_visits_;
  int cheap_visits_;
  std::map<std::string, ShardTotals> shards_;  // by path
};

}  // namespace tengen::experiment

#endif  // TENGEN_ENGINE_EXPERIMENT_GENERATION_COMPUTE_H_
