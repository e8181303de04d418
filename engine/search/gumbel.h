#ifndef TENGEN_ENGINE_SEARCH_GUMBEL_H_
#define TENGEN_ENGINE_SEARCH_GUMBEL_H_

// The pieces of Gumbel AlphaZero ("Policy improvement by planning with
// Gumbel", Danihelka et al. 2022) that do not depend on the tree, following
// the reference implementation (DeepMind's mctx): the sequential-halving
// visit schedule and the completed-Q sigma transform.

#include <span>
#include <vector>

namespace tengen {

// mctx's get_sequence_of_considered_visits: for simulation i, the visit
// count an action must have (at this point of the root search) to be
// considered. Sequential halving over `max_considered` actions with
// `num_simulations` simulations: each phase gives every remaining action the
// same number of visits, then halves the number of actions (never below 2).
std::vector<int> ConsideredVisitSequence(int max_considered, int num_simulations);

// Completed Q values and the sigma transform of one node's actions:
//   v_mix = (raw_value + sum_b N(b) * sum_{visited} p(a) q(a) / sum_{visited} p(a)) / (1 + sum_b N(b))
//   completed q(a) = q(a) if N(a) > 0 else v_mix, min-max rescaled to [0, 1]
//   sigma(a) = (c_visit + max_b N(b)) * c_scale * rescaled q(a)
// Values are from the point of view of the side choosing the action.
struct CompletedQ {
  float v_mix = 0;
  float q_min = 0;
  float q_max = 0;
  float scale = 0;  // (c_visit + max N) * c_scale
  float Sigma(float q) const {
    const float range = q_max - q_min;
    return range > 1e-8f ? scale * (q - q_min) / range : 0.0f;
  }
  float SigmaUnvisited() const { return Sigma(v_mix); }
};

// Accumulates the visited actions one by one (the unvisited ones need not
// be listed: they only matter through `any_unvisited`).
class CompletedQBuilder {
 public:
  void AddVisited(float prior, float q, float visits) {
    sum_visits_ += visits;
    if (visits > max_visits_) max_visits_ = visits;
    sum_prior_ += prior;
    sum_prior_q_ += prior * q;
    if (q < q_min_) q_min_ = q;
    if (q > q_max_) q_max_ = q;
    ++num_visited_;
  }
  float sum_visits() const { return sum_visits_; }
  float sum_visited_prior() const { return sum_prior_; }
  CompletedQ Finish(float raw_value, bool any_unvisited, float c_visit, float c_scale) const;

 private:
  float sum_visits_ = 0;
  float max_visits_ = 0;
  float sum_prior_ = 0;
  float sum_prior_q_ = 0;
  float q_min_ = 1e30f;
  float q_max_ = -1e30f;
  int num_visited_ = 0;
};

// Reference form over all actions of a node (tests, policy targets):
// sigma per action; `q` is ignored where visits is 0.
std::vector<float> CompletedQSigma(std::span<const float> prior, std::span<const float> q,
                                   std::span<const float> visits, float raw_value, float c_visit,
                                   float c_scale);

// softmax(log prior + sigma), the improved policy of the paper.
std::vector<float> ImprovedPolicy(std::span<const float> prior, std::span<const float> sigma);

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_GUMBEL_H_
