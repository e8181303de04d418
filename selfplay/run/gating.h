#ifndef TENGEN_SELFPLAY_RUN_GATING_H_
#define TENGEN_SELFPLAY_RUN_GATING_H_

// Gating a trained candidate against the published model (Leela Zero):
// matches at gating_visits per move, colours alternating, in rounds of up
// to 32 games batched in lockstep, until the SPRT (engine/arena/sprt.h,
// gating_elo0/elo1/alpha/beta) decides or gating_max_games are played. An
// open test at the limit promotes a candidate that scored at least 55%.

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "selfplay/selfplay_config.h"

namespace tengen::selfplay {

inline constexpr double kInconclusivePromotionScore = 0.55;

struct GatingResult {
  bool promoted = false;
  std::string summary;  // "vs gen-000003: 30-12-0 (score 0.714), LLR 2.95 [-2.94, 2.94] H1 accepted"
};

// Cancelled when `stop` is set between rounds.
absl::StatusOr<GatingResult> GateCandidate(const std::string& candidate_path, const std::string& candidate_name,
                                           const std::string& incumbent_path, const std::string& incumbent_name,
                                           const SelfPlaySettings& settings, uint64_t seed,
                                           const std::atomic<bool>* stop);

}  // namespace tengen::selfplay

#endif  // TENGEN_SELFPLAY_RUN_GATING_H_
