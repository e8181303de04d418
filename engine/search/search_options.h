#ifndef TENGEN_ENGINE_SEARCH_SEARCH_OPTIONS_H_
#define TENGEN_ENGINE_SEARCH_SEARCH_OPTIONS_H_

// Every knob of the MCTS. Values are in the [-1, 1] scale (win = 1) unless
// a field says otherwise.

#include <cstdint>

namespace tengen {

enum class FinalMoveChoice : uint8_t {
  kMaxVisits,  // the most visited root child
  kLcb,        // the highest lower confidence bound among well-visited children
};

struct SearchOptions {
  // --- PUCT: Q + c(N) * P * sqrt(N) / (1 + n), c(N) = c_puct + c_puct_log * ln((N + base) / base).
  float c_puct = 1.25f;
  float c_puct_log = 0.0f;
  float c_puct_base = 19652.0f;
  // First-play urgency: an unvisited child is valued at the parent's Q minus
  // fpu_reduction * sqrt(sum of the priors of the visited children).
  float fpu_reduction = 0.2f;
  float root_fpu_reduction = 0.1f;
  // Each leaf in flight counts as this many lost visits on its path, so that
  // one search can have several distinct leaves in flight.
  float virtual_loss = 1.0f;

  // --- Root noise and move choice for self-play.
  bool dirichlet_noise = false;
  // Total concentration, spread evenly over the legal moves (KataGo's 10.83
  // is alpha 0.03 per move on an empty 19x19 board).
  float dirichlet_alpha_total = 10.83f;
  float dirichlet_epsilon = 0.25f;

  FinalMoveChoice final_move = FinalMoveChoice::kLcb;
  // LCB = Q - lcb_stddevs * stddev(Q) / sqrt(n); only children with at
  // least lcb_min_visit_fraction of the most visited child's visits qualify.
  float lcb_stddevs = 3.0f;
  float lcb_min_visit_fraction = 0.1f;

  // Resign when the chosen move's Q is below this (-1 or lower: never), once
  // the root has at least resign_min_visits visits.
  float resign_threshold = -0.95f;
  int resign_min_visits = 50;

  // --- Passing. The final move is not a pass before this move number
  // (-1: half the board area) unless pass is the only legal move.
  int no_pass_before_move = -1;
  // Area scoring: never choose a pass while the plain area count of the
  // board (Tromp-Taylor, dead stones counted as alive) says the side to move
  // loses; prefer the best other move.
  bool avoid_losing_pass = true;
  // Area scoring: after the opponent passed, pass (ending the game) when the
  // area count says the side to move wins.
  bool pass_to_win_after_opponent_pass = false;

  // --- Forced playouts at the root (KataGo; forced_playouts.h): a visited
  // root child with fewer than sqrt(k * prior * root visits) visits is
  // selected before PUCT. 0: off. Self-play full searches only.
  float forced_playouts_k = 0.0f;

  // --- Tree reuse: Advance() keeps the subtree of the played move.
  bool reuse_tree = true;

  // --- Gumbel AlphaZero root (Danihelka et al. 2022): Gumbel-top-k
  // sampling without replacement and sequential halving at the root,
  // deterministic improved-policy selection below it. Replaces PUCT,
  // Dirichlet noise and temperature.
  bool gumbel = false;
  int gumbel_considered_actions = 16;
  float gumbel_c_visit = 50.0f;
  float gumbel_c_scale = 1.0f;

  // --- Run(): leaves selected per backend call (virtual loss keeps them apart).
  int leaves_per_batch = 1;

  uint64_t seed = 1;
};

}  // namespace tengen

#endif  // TENGEN_ENGINE_SEARCH_SEARCH_OPTIONS_H_
