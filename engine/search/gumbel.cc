#include "engine/search/gumbel.h"

#include <algorithm>
#include <cmath>

namespace tengen {

std::vector<int> ConsideredVisitSequence(int max_considered, int num_simulations) {
  std::vector<int> sequence;
  if (num_simulations <= 0) return sequence;
  sequence.reserve(num_simulations);
  if (max_considered <= 1) {
    for (int i = 0; i < num_simulations; ++i) sequence.push_back(i);
    return sequence;
  }
  const int log2max = static_cast<int>(std::ceil(std::log2(static_cast<double>(max_considered))));
  std::vector<int> visits(max_considered, 0);
  int num_considered = max_considered;
  while (static_cast<int>(sequence.size()) < num_simulations) {
    const int extra = std::max(1, num_simulations / (log2max * num_considered));
    for (int r = 0; r < extra; ++r) {
      sequence.insert(sequence.end(), visits.begin(), visits.begin() + num_considered);
      for (int i = 0; i < num_considered; ++i) ++visits[i];
    }
    num_considered = std::max(2, num_considered / 2);
  }
  sequence.resize(num_simulations);
  return sequence;
}

CompletedQ CompletedQBuilder::Finish(float raw_value, bool any_unvisited, float c_visit,
                                     float c_scale) const {
  CompletedQ out;
  float weighted_q = 0;
  if (sum_prior_ > 0) {
    weighted_q = sum_prior_q_ / sum_prior_;
  } else if (num_visited_ > 0) {
    weighted_q = (q_min_ + q_max_) / 2;  // all visited priors were zero
  }
  out.v_mix = num_visited_ > 0 ? (raw_value + sum_visits_ * weighted_q) / (1 + sum_visits_) : raw_value;
  out.q_min = q_min_;
  out.q_max = q_max_;
  if (any_unvisited || num_visited_ == 0) {
    out.q_min = std::min(out.q_min, out.v_mix);
    out.q_max = std::max(out.q_max, out.v_mix);
  }
  out.scale = (c_visit + max_visits_) * c_scale;
  return out;
}

std::vector<float> CompletedQSigma(std::span<const float> prior, std::span<const float> q,
                                   std::span<const float> visits, float raw_value, float c_visit,
                                   float c_scale) {
  CompletedQBuilder builder;
  bool any_unvisited = false;
  for (size_t i = 0; i < prior.size(); ++i) {
    if (visits[i] > 0) {
      builder.AddVisited(prior[i], q[i], visits[i]);
    } else {
      any_unvisited = true;
    }
  }
  const CompletedQ cq = builder.Finish(raw_value, any_unvisited, c_visit, c_scale);
  std::vector<float> sigma(prior.size());
  for (size_t i = 0; i < prior.size(); ++i) {
    sigma[i] = visits[i] > 0 ? cq.Sigma(q[i]) : cq.SigmaUnvisited();
  }
  return sigma;
}

std::vector<float> ImprovedPolicy(std::span<const float> prior, std::span<const float> sigma) {
  std::vector<float> out(prior.size(), 0.0f);
  float max_logit = -1e30f;
  for (size_t i = 0; i < prior.size(); ++i) {
    if (prior[i] > 0) max_logit = std::max(max_logit, std::log(prior[i]) + sigma[i]);
  }
  double sum = 0;
  for (size_t i = 0; i < prior.size(); ++i) {
    if (prior[i] > 0) {
      out[i] = std::exp(std::log(prior[i]) + sigma[i] - max_logit);
      sum += out[i];
    }
  }
  if (sum > 0) {
    for (float& v : out) v = static_cast<float>(v / sum);
  }
  return out;
}

}  // namespace tengen
