#ifndef TENGEN_ENGINE_SEARCH_GAMMA_SAMPLER_H_
#define TENGEN_ENGINE_SEARCH_GAMMA_SAMPLER_H_

// Gamma variates for the root's Dirichlet noise (one per legal move per
// move searched). std::gamma_distribution<float> on the search's
// mt19937_64 took about 100 ns a variate here (the generator's refills, a
// pow per variate below shape 1, denormal products at self-play's shape of
// about 0.03), several percent of a 200-visit search; this one takes about
// half that (docs/BENCHMARKS.md, session 6), on a SplitMix64 seeded from
// the search's generator for each batch of noise.

#include <cstdint>

#include "engine/rules/splitmix64.h"

namespace tengen {

// Gamma(shape, 1): Marsaglia and Tsang's method (2000), with shape + 1 and
// a power of a uniform below shape 1. Variates below e^-80 times the
// Gamma(shape + 1) one come back as 0: they would be denormal floats, slow
// to form and nothing beside any other move's noise.
class GammaSampler {
 public:
  explicit GammaSampler(float shape);  // shape > 0
  float operator()(SplitMix64& rng);

 private:
  float Normal(SplitMix64& rng);

  bool boost_;  // shape < 1
  float inverse_shape_;
  float d_;
  float c_;
  bool has_spare_normal_ = false;
  float spare_normal_ = 0;
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_GAMMA_SAMPLER_H_
