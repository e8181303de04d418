#include "engine/arena/sprt.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace tengen::arena {
namespace {

double ExpectedScore(double elo) { return 1.0 / (1.0 + std::pow(10.0, -elo / 400.0)); }

}  // namespace

SprtState EvaluateSprt(const SprtParameters& p, double wins, double losses, double draws) {
  SprtState s;
  s.lower = std::log(p.beta / (1 - p.alpha));
  s.upper = std::log((1 - p.beta) / p.alpha);
  const double w = wins + 0.5 * draws;
  const double l = losses + 0.5 * draws;
  const double p0 = ExpectedScore(p.elo0);
  const double p1 = ExpectedScore(p.elo1);
  s.llr = w * std::log(p1 / p0) + l * std::log((1 - p1) / (1 - p0));
  if (s.llr >= s.upper) {
    s.decision = SprtDecision::kAcceptH1;
  } else if (s.llr <= s.lower) {
    s.decision = SprtDecision::kAcceptH0;
  }
  return s;
}

std::string SprtState::ToString() const {
  const char* what = decision == SprtDecision::kAcceptH1   ? "H1 accepted"
                     : decision == SprtDecision::kAcceptH0 ? "H0 accepted"
                                                           : "continue";
  return absl::StrFormat("LLR %.3f [%.3f, %.3f] %s", llr, lower, upper, what);
}

}  // namespace tengen::arena
