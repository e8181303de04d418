#include "engine/arena/elo.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

#include "absl/strings/str_format.h"

namespace tengen::arena {
namespace {

constexpr double kScale = 2.302585092994046 / 400.0;  // ln(10) / 400: Elo to logits

double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// A game in index form; `black_score` is 1, 0.5 or 0. Virtual (prior)
// draws have no colour.
struct IndexedGame {
  int black;
  int white;
  double black_score;
  double weight;
  bool colour;
};

struct Problem {
  int n = 0;                  // players
  std::vector<bool> fixed;    // anchored (or the gauge player)
  std::vector<double> start;  // anchors' values, 0 elsewhere
  std::vector<int> param;     // player -> parameter index (-1 fixed)
  int params = 0;             // free players + the colour term
  std::vector<IndexedGame> games;
};

struct Fit {
  std::vector<double> ratings;
  double h = 0;
  Eigen::MatrixXd covariance;  // over parameters
  bool ok = false;
};

double LogLikelihood(const Problem& p, const std::vector<double>& r, double h) {
  double ll = 0;
  for (const IndexedGame& g : p.games) {
    const double x = kScale * (r[g.black] - r[g.white] + (g.colour ? h : 0));
    ll += g.weight * (g.black_score * std::log(Sigmoid(x)) + (1 - g.black_score) * std::log(Sigmoid(-x)));
  }
  return ll;
}

Fit Solve(const Problem& p) {
  Fit fit;
  fit.ratings = p.start;
  double h = 0;
  double ll = LogLikelihood(p, fit.ratings, h);
  Eigen::VectorXd grad(p.params);
  Eigen::MatrixXd hess(p.params, p.params);
  for (int iteration = 0; iteration < 200; ++iteration) {
    grad.setZero();
    hess.setZero();
    const int hi = p.params - 1;
    for (const IndexedGame& g : p.games) {
      const double x = kScale * (fit.ratings[g.black] - fit.ratings[g.white] + (g.colour ? h : 0));
      const double s = Sigmoid(x);
      const double d1 = g.weight * kScale * (g.black_score - s);
      const double d2 = g.weight * kScale * kScale * s * (1 - s);
      const int idx[3] = {p.param[g.black], p.param[g.white], g.colour ? hi : -1};
      const double sign[3] = {1, -1, 1};
      for (int a = 0; a < 3; ++a) {
        if (idx[a] < 0) continue;
        grad[idx[a]] += sign[a] * d1;
        for (int b = 0; b < 3; ++b) {
          if (idx[b] >= 0) hess(idx[a], idx[b]) -= sign[a] * sign[b] * d2;
        }
      }
    }
    // A colour term no game can inform (only virtual draws) stays at 0.
    if (hess(hi, hi) == 0) hess(hi, hi) = -1;
    Eigen::LDLT<Eigen::MatrixXd> ldlt(-hess);
    if (ldlt.info() != Eigen::Success) return fit;
    const Eigen::VectorXd step = ldlt.solve(grad);
    // Damped Newton: halve the step until the likelihood does not fall.
    double scale = 1;
    std::vector<double> r = fit.ratings;
    double new_h = h, new_ll = ll;
    for (int tries = 0; tries < 30; ++tries, scale *= 0.5) {
      r = fit.ratings;
      for (int i = 0; i < p.n; ++i) {
        if (p.param[i] >= 0) r[i] += scale * step[p.param[i]];
      }
      new_h = h + scale * step[hi];
      new_ll = LogLikelihood(p, r, new_h);
      if (new_ll >= ll - 1e-12) break;
    }
    fit.ratings = r;
    h = new_h;
    ll = new_ll;
    if ((scale * step).cwiseAbs().maxCoeff() < 1e-7) {
      fit.covariance = ldlt.solve(Eigen::MatrixXd::Identity(p.params, p.params));
      fit.h = h;
      fit.ok = true;
      return fit;
    }
  }
  return fit;
}

}  // namespace

double RatingTable::Los(int i, int j) const {
  const double var = covariance[i][i] + covariance[j][j] - 2 * covariance[i][j];
  const double diff = players[i].elo - players[j].elo;
  if (var <= 0) return diff > 0 ? 1.0 : (diff < 0 ? 0.0 : 0.5);
  return 0.5 * std::erfc(-diff / std::sqrt(2 * var));
}

absl::StatusOr<RatingTable> FitRatings(const std::vector<GameResult>& results, const EloOptions& options) {
  if (results.empty()) return absl::InvalidArgumentError("no games to rate");
  std::map<std::string, int> index;
  for (const GameResult& r : results) {
    index.emplace(r.black, 0);
    index.emplace(r.white, 0);
  }
  std::vector<std::string> names;
  for (auto& [name, i] : index) {
    i = static_cast<int>(names.size());
    names.push_back(name);
  }
  Problem p;
  p.n = static_cast<int>(names.size());
  p.fixed.assign(p.n, false);
  p.start.assign(p.n, 0);
  RatingTable table;
  std::map<std::string, double> anchors = options.anchors;
  if (anchors.empty()) {
    if (index.contains("gnugo:10")) {
      anchors["gnugo:10"] = kGnuGoLevel10Elo;
    } else if (index.contains("random")) {
      anchors["random"] = 0;
    }
  }
  for (const auto& [name, elo] : anchors) {
    auto it = index.find(name);
    if (it == index.end()) {
      return absl::InvalidArgumentError(absl::StrFormat("anchor '%s' played no game in the results", name));
    }
    p.fixed[it->second] = true;
    p.start[it->second] = elo;
    absl::StrAppendFormat(&table.anchor_description, "%s%s = %g", table.anchor_description.empty() ? "" : ", ", name,
                          elo);
  }
  const bool mean_gauge = anchors.empty();
  if (mean_gauge) {
    p.fixed[0] = true;  // solved with player 0 at 0, then shifted to mean 0
    table.anchor_description = "mean = 0";
  }
  p.param.assign(p.n, -1);
  for (int i = 0; i < p.n; ++i) {
    if (!p.fixed[i]) p.param[i] = p.params++;
  }
  ++p.params;  // the colour term, last
  table.points.assign(p.n, std::vector<double>(p.n, 0));
  table.games.assign(p.n, std::vector<int>(p.n, 0));
  for (const GameResult& r : results) {
    const int b = index[r.black], w = index[r.white];
    const double s = r.winner == Winner::kBlack ? 1.0 : (r.winner == Winner::kWhite ? 0.0 : 0.5);
    p.games.push_back({b, w, s, 1.0, true});
    table.points[b][w] += s;
    table.points[w][b] += 1 - s;
    ++table.games[b][w];
    ++table.games[w][b];
  }
  if (options.prior_draws > 0) {
    for (int i = 0; i < p.n; ++i) {
      for (int j = i + 1; j < p.n; ++j) {
        if (table.games[i][j] > 0) p.games.push_back({i, j, 0.5, options.prior_draws, false});
      }
    }
    // And the colour term as many virtual draws of a player against itself,
    // which keeps it finite when one colour won every game.
    p.games.push_back({0, 0, 0.5, options.prior_draws, true});
  }
  const Fit fit = Solve(p);
  if (!fit.ok) {
    return absl::FailedPreconditionError(
        "the ratings have no unique maximum: some players are not connected to the anchors by games");
  }
  // Covariance over players (anchors have none), shifted to the mean gauge.
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(p.n, p.n);
  for (int i = 0; i < p.n; ++i) {
    for (int j = 0; j < p.n; ++j) {
      if (p.param[i] >= 0 && p.param[j] >= 0) cov(i, j) = fit.covariance(p.param[i], p.param[j]);
    }
  }
  std::vector<double> ratings = fit.ratings;
  if (mean_gauge) {
    const double mean = std::accumulate(ratings.begin(), ratings.end(), 0.0) / p.n;
    for (double& r : ratings) r -= mean;
    const Eigen::MatrixXd center = Eigen::MatrixXd::Identity(p.n, p.n) - Eigen::MatrixXd::Constant(p.n, p.n, 1.0 / p.n);
    cov = center * cov * center.transpose();
  }
  const double h_sd = std::sqrt(std::max(0.0, fit.covariance(p.params - 1, p.params - 1)));
  table.first_move_elo = fit.h;
  table.first_move_low = fit.h - 1.96 * h_sd;
  table.first_move_high = fit.h + 1.96 * h_sd;
  std::vector<PlayerRating> players(p.n);
  for (int i = 0; i < p.n; ++i) {
    PlayerRating& r = players[i];
    r.name = names[i];
    r.elo = ratings[i];
    r.anchored = !mean_gauge && p.fixed[i];
    const double sd = std::sqrt(std::max(0.0, cov(i, i)));
    r.low = r.elo - 1.96 * sd;
    r.high = r.elo + 1.96 * sd;
    for (int j = 0; j < p.n; ++j) {
      r.games += table.games[i][j];
      r.score += table.points[i][j];
    }
  }
  if (options.bootstrap_samples > 0) {
    // Parametric bootstrap: the same schedule, outcomes drawn from the fit.
    std::mt19937_64 rng(options.seed);
    std::vector<std::vector<double>> samples(p.n);
    Problem resampled = p;
    for (int b = 0; b < options.bootstrap_samples; ++b) {
      for (IndexedGame& g : resampled.games) {
        if (!g.colour) continue;
        const double x = kScale * (fit.ratings[g.black] - fit.ratings[g.white] + fit.h);
        g.black_score = std::bernoulli_distribution(Sigmoid(x))(rng) ? 1.0 : 0.0;
      }
      const Fit f = Solve(resampled);
      if (!f.ok) continue;
      const double mean = mean_gauge ? std::accumulate(f.ratings.begin(), f.ratings.end(), 0.0) / p.n : 0.0;
      for (int i = 0; i < p.n; ++i) samples[i].push_back(f.ratings[i] - mean);
    }
    for (int i = 0; i < p.n; ++i) {
      std::vector<double>& s = samples[i];
      if (s.size() < 10 || players[i].anchored) continue;
      std::sort(s.begin(), s.end());
      players[i].low = s[static_cast<size_t>(0.025 * (s.size() - 1))];
      players[i].high = s[static_cast<size_t>(0.975 * (s.size() - 1))];
    }
  }
  // Strongest first, every matrix reordered alike.
  std::vector<int> order(p.n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return players[a].elo > players[b].elo; });
  RatingTable sorted = table;
  sorted.players.clear();
  sorted.covariance.assign(p.n, std::vector<double>(p.n, 0));
  for (int a = 0; a < p.n; ++a) {
    sorted.players.push_back(players[order[a]]);
    for (int b = 0; b < p.n; ++b) {
      sorted.covariance[a][b] = cov(order[a], order[b]);
      sorted.points[a][b] = table.points[order[a]][order[b]];
      sorted.games[a][b] = table.games[order[a]][order[b]];
    }
  }
  return sorted;
}

std::string FormatRatingTable(const RatingTable& t) {
  std::string out = absl::StrFormat("# Bradley-Terry (Elo scale), anchors: %s; first move: %+.1f [%+.1f, %+.1f]\n",
                                    t.anchor_description, t.first_move_elo, t.first_move_low, t.first_move_high);
  absl::StrAppendFormat(&out, "%-4s %-32s %8s %19s %6s %7s\n", "rank", "player", "elo", "95% interval", "games",
                        "score");
  for (size_t i = 0; i < t.players.size(); ++i) {
    const PlayerRating& p = t.players[i];
    absl::StrAppendFormat(&out, "%-4d %-32s %8.1f %19s %6d %6.1f%%\n", i + 1, p.name, p.elo,
                          p.anchored ? std::string("(anchor)") : absl::StrFormat("[%.1f, %.1f]", p.low, p.high),
                          p.games, p.games > 0 ? 100.0 * p.score / p.games : 0.0);
  }
  out += "\n# head to head: points of the row player against the column player / games\n";
  absl::StrAppendFormat(&out, "%-32s", "");
  for (size_t j = 0; j < t.players.size(); ++j) absl::StrAppendFormat(&out, " %9d", j + 1);
  out += "\n";
  for (size_t i = 0; i < t.players.size(); ++i) {
    absl::StrAppendFormat(&out, "%-32s", absl::StrFormat("%d %s", i + 1, t.players[i].name));
    for (size_t j = 0; j < t.players.size(); ++j) {
      absl::StrAppendFormat(
          &out, " %9s",
          i == j || t.games[i][j] == 0 ? std::string("-") : absl::StrFormat("%g/%d", t.points[i][j], t.games[i][j]));
    }
    out += "\n";
  }
  out += "\n# likelihood of superiority (row stronger than column)\n";
  for (size_t i = 0; i < t.players.size(); ++i) {
    absl::StrAppendFormat(&out, "%-32s", absl::StrFormat("%d %s", i + 1, t.players[i].name));
    for (size_t j = 0; j < t.players.size(); ++j) {
      absl::StrAppendFormat(
          &out, " %9s",
          i == j ? std::string("-") : absl::StrFormat("%.3f", t.Los(static_cast<int>(i), static_cast<int>(j))));
    }
    out += "\n";
  }
  return out;
}

}  // namespace tengen::arena
