#ifndef TENGEN_ENGINE_ARENA_ELO_H_
#define TENGEN_ENGINE_ARENA_ELO_H_

// Ratings from game results: maximum-likelihood Bradley-Terry on the Elo
// scale with a first-move (colour) term, as BayesElo and KataGo's elo.py:
//   P(black wins) = 1 / (1 + 10^(-(r_black + h - r_white) / 400)),
// draws counting as half a win for each side. Each pair of players that met
// also gets `prior_draws` virtual draws (colourless), which keeps a player
// with a perfect score finite without pulling unrelated players together;
// the colour term gets as many (a player against itself with colours), so
// that it stays finite when one colour won every game.
// Ratings are fixed by anchors: by default GNU Go level 10 ("gnugo:10") at
// 431, as in AlphaGo's 2016 paper (Extended Data Table 6), else the uniform
// random player ("random") at 0, else the mean at 0. 95% intervals come from
// the inverse Hessian of the log-likelihood, or optionally from a parametric
// bootstrap (as Ordo): the same schedule replayed from the fitted ratings.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/arena/game_results.h"

namespace tengen::arena {

inline constexpr double kGnuGoLevel10Elo = 431;

struct EloOptions {
  std::map<std::string, double> anchors;  // empty: the defaults above
  double prior_draws = 1.0;
  int bootstrap_samples = 0;  // > 0: intervals from a parametric bootstrap
  uint64_t seed = 1;
};

struct PlayerRating {
  std::string name;
  double elo = 0;
  double low = 0, high = 0;  // 95% interval (0 width for anchors)
  bool anchored = false;
  int games = 0;
  double score = 0;  // points (a draw is half)
};

struct RatingTable {
  std::vector<PlayerRating> players;  // strongest first
  double first_move_elo = 0;          // h
  double first_move_low = 0, first_move_high = 0;
  std::string anchor_description;  // "gnugo:10 = 431"
  // In `players` order: covariance of the ratings (Elo^2), and the
  // head-to-head points of i against j.
  std::vector<std::vector<double>> covariance;
  std::vector<std::vector<double>> points;
  std::vector<std::vector<int>> games;
  // Likelihood of superiority: P(player i is stronger than player j).
  double Los(int i, int j) const;
};

absl::StatusOr<RatingTable> FitRatings(const std::vector<GameResult>& results, const EloOptions& options);

// The rating table, the head-to-head matrix and the LOS matrix as text.
std::string FormatRatingTable(const RatingTable& table);

}  // namespace tengen::arena

#endif  // TENGEN_ENGINE_ARENA_ELO_H_
