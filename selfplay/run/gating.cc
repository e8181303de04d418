#include "selfplay/run/gating.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_format.h"
#include "engine/arena/match.h"
#include "engine/arena/sprt.h"
#include "engine/nn/torch_backend.h"

namespace tengen::selfplay {

absl::StatusOr<GatingResult> GateCandidate(const std::string& candidate_path, const std::string& candidate_name,
                                           const std::string& incumbent_path, const std::string& incumbent_name,
                                           const SelfPlaySettings& settings, uint64_t seed,
                                           const std::atomic<bool>* stop) {
  const int round = std::min(settings.gating_max_games, 2 * std::max(1, std::min(settings.parallel_games, 32) / 2));
  nn::TorchBackendOptions o;
  o.device = settings.device;
  o.max_batch = round;
  o.threads = settings.torch_threads;
  absl::StatusOr<std::unique_ptr<BatchBackend>> candidate = nn::CreateTorchBackend(candidate_path, o);
  if (!candidate.ok()) return candidate.status();
  absl::StatusOr<std::unique_ptr<BatchBackend>> incumbent = nn::CreateTorchBackend(incumbent_path, o);
  if (!incumbent.ok()) return incumbent.status();
  const arena::MatchPlayer first{
      arena::MatchPlayer::Kind::kModel, candidate_name, candidate->get(), settings.gating_visits};
  const arena::MatchPlayer second{
      arena::MatchPlayer::Kind::kModel, incumbent_name, incumbent->get(), settings.gating_visits};
  const arena::SprtParameters sprt{settings.gating_elo0, settings.gating_elo1, settings.gating_alpha,
                                   settings.gating_beta};
  int wins = 0, losses = 0, draws = 0;
  arena::SprtState state = arena::EvaluateSprt(sprt, 0, 0);
  for (int played = 0; played < settings.gating_max_games && state.decision == arena::SprtDecision::kContinue;) {
    arena::MatchOptions match;
    match.board_size = settings.board_size;
    match.komi = settings.komi;
    match.games = std::min(round, settings.gating_max_games - played);
    match.seed = seed + played;
    absl::StatusOr<arena::MatchResult> result = arena::PlayMatch(first, second, match);
    if (!result.ok()) return result.status();
    wins += result->first_wins;
    losses += result->second_wins;
    draws += result->draws;
    played += result->games;
    state = arena::EvaluateSprt(sprt, wins, losses, draws);
    if (stop != nullptr && stop->load()) {
      return absl::CancelledError("stopped during gating; the same command gates again");
    }
  }
  const double score = (wins + 0.5 * draws) / std::max(1, wins + losses + draws);
  GatingResult out;
  out.summary =
      absl::StrFormat("vs %s: %d-%d-%d (score %.3f), %s", incumbent_name, wins, losses, draws, score, state.ToString());
  out.promoted = state.decision == arena::SprtDecision::kAcceptH1 ||
                 (state.decision == arena::SprtDecision::kContinue && score >= kInconclusivePromotionScore);
  return out;
}

}  // namespace tengen::selfplay
