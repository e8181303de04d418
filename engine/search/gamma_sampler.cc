#include "engine/search/gamma_sampler.h"

#include <cmath>

namespace tengen {
namespace {

// Uniform on (0, 1]: never 0, so its logarithm is finite.
inline float UnitInterval(uint64_t bits) { return static_cast<float>((bits >> 40) + 1) * (1.0f / 16777216.0f); }

}  // namespace

GammaSampler::GammaSampler(float shape) : boost_(shape < 1), inverse_shape_(1.0f / shape) {
  const float s = boost_ ? shape + 1 : shape;
  d_ = s - 1.0f / 3;
  c_ = 1.0f / std::sqrt(9 * d_);
}

// Marsaglia's polar method; each accepted pair gives two variates.
float GammaSampler::Normal(SplitMix64& rng) {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  for (;;) {
    const uint64_t bits = rng();
    const float a = static_cast<float>(static_cast<int32_t>(bits >> 32)) * (1.0f / 2147483648.0f);
    const float b = static_cast<float>(static_cast<int32_t>(bits & 0xFFFFFFFFu)) * (1.0f / 2147483648.0f);
    const float s = a * a + b * b;
    if (s >= 1 || s == 0) continue;
    const float f = std::sqrt(-2 * std::log(s) / s);
    spare_normal_ = b * f;
    has_spare_normal_ = true;
    return a * f;
  }
}

float GammaSampler::operator()(SplitMix64& rng) {
  float v;
  for (;;) {
    float x;
    do {
      x = Normal(rng);
      v = 1 + c_ * x;
    } while (v <= 0);
    v = v * v * v;
    const float u = UnitInterval(rng());
    const float x2 = x * x;
    if (u < 1 - 0.0331f * x2 * x2) break;
    if (std::log(u) < 0.5f * x2 + d_ * (1 - v + std::log(v))) break;
  }
  const float g = d_ * v;
  if (!boost_) return g;
  const float exponent = std::log(UnitInterval(rng())) * inverse_shape_;
  return exponent < -80.0f ? 0.0f : g * std::exp(exponent);
}

}  // namespace tengen
