#ifndef TENGEN_ENGINE_ARENA_SPRT_H_
#define TENGEN_ENGINE_ARENA_SPRT_H_

// Sequential probability ratio test between two Elo hypotheses, for gating
// (Leela Zero: elo0 = 0, elo1 = 35, alpha = beta = 0.05). Go games with
// fractional komi have no draws, so the test is the binomial one on the
// candidate's score (a draw counts as half a win and half a loss):
//   p_i = 1 / (1 + 10^(-elo_i / 400)),
//   LLR = W ln(p1 / p0) + L ln((1 - p1) / (1 - p0)),
// accepting H1 (candidate at least elo1 better) once LLR >= ln((1 - beta) /
// alpha) and H0 once LLR <= ln(beta / (1 - alpha)), the bounds cutechess-cli
// prints.

#include <string>

namespace tengen::arena {

struct SprtParameters {
  double elo0 = 0;
  double elo1 = 35;
  double alpha = 0.05;
  double beta = 0.05;
};

enum class SprtDecision { kContinue, kAcceptH1, kAcceptH0 };

struct SprtState {
  double llr = 0;
  double lower = 0;  // ln(beta / (1 - alpha))
  double upper = 0;  // ln((1 - beta) / alpha)
  SprtDecision decision = SprtDecision::kContinue;
  // "LLR 1.23 [-2.94, 2.94] continue"
  std::string ToString() const;
};

SprtState EvaluateSprt(const SprtParameters& p, double wins, double losses, double draws = 0);

}  // namespace tengen::arena

#endif  // TENGEN_ENGINE_ARENA_SPRT_H_
