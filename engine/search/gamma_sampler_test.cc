#include "engine/search/gamma_sampler.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"

namespace tengen {
namespace {

// Gamma(k, 1) has mean k and variance k; the shapes cover self-play's
// Dirichlet noise on 19x19 (10.83 / 361) and 9x9, both branches of the
// method, and the exact boundary 1.
TEST(GammaSamplerTest, MeanAndVarianceMatchTheShape) {
  for (float shape : {0.03f, 0.13f, 0.5f, 1.0f, 2.5f, 10.0f}) {
    GammaSampler gamma(shape);
    SplitMix64 rng(17);
    constexpr int kSamples = 400000;
    double sum = 0, sum_sq = 0;
    int zeros = 0;
    for (int i = 0; i < kSamples; ++i) {
      const float g = gamma(rng);
      ASSERT_TRUE(std::isfinite(g) && g >= 0) << "shape " << shape << ": " << g;
      zeros += g == 0;
      sum += g;
      sum_sq += static_cast<double>(g) * g;
    }
    const double mean = sum / kSamples;
    const double variance = sum_sq / kSamples - mean * mean;
    // Standard error of the mean is sqrt(k / n); of the variance about
    // k * sqrt((2 + 6 / k) / n). Five of them.
    EXPECT_NEAR(mean, shape, 5 * std::sqrt(shape / kSamples)) << "shape " << shape;
    EXPECT_NEAR(variance, shape, 5 * shape * std::sqrt((2 + 6 / shape) / kSamples)) << "shape " << shape;
    // Only the far tail is cut: P(U^(1/k) < e^-80) = e^(-80 k).
    EXPECT_LE(zeros, kSamples * std::exp(-80.0 * shape) * 1.2 + 10) << "shape " << shape;
  }
}

// Small shapes put most of the mass near 0: the median of Gamma(0.03) is
// about 1e-10 (P(G < x) ~ x^k / Gamma(k + 1) for small x).
TEST(GammaSamplerTest, SmallShapesAreMostlyTiny) {
  GammaSampler gamma(0.03f);
  SplitMix64 rng(5);
  int below = 0;
  constexpr int kSamples = 100000;
  for (int i = 0; i < kSamples; ++i) below += gamma(rng) < 1e-10f;
  const double expected = std::pow(1e-10, 0.03) / std::tgamma(1.03);
  EXPECT_NEAR(static_cast<double>(below) / kSamples, expected, 0.01);
}

TEST(GammaSamplerTest, TheSameSeedGivesTheSameVariates) {
  GammaSampler a(0.2f), b(0.2f);
  SplitMix64 ra(99), rb(99), rc(100);
  std::vector<float> x, y, z;
  for (int i = 0; i < 100; ++i) {
    x.push_back(a(ra));
    y.push_back(b(rb));
  }
  GammaSampler c(0.2f);
  for (int i = 0; i < 100; ++i) z.push_back(c(rc));
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
}

}  // namespace
}  // namespace tengen
