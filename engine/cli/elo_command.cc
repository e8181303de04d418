// `tengen elo --results FILE [--anchor NAME=ELO,...] [--bootstrap N]
// [--sprt PLAYER,OPPONENT --elo0 0 --elo1 35 --alpha 0.05 --beta 0.05]`:
// ratings from a results file (engine/arena/elo.h): the table with 95%
// intervals, the head-to-head matrix and the likelihood of superiority; or
// an SPRT of one player against another (engine/arena/sprt.h). Broken or
// foreign lines are named, skipped and counted.

#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "engine/arena/elo.h"
#include "engine/arena/game_results.h"
#include "engine/arena/sprt.h"
#include "engine/cli/command.h"

ABSL_FLAG(std::string, results, "", "elo: the results file (one game per line, as the arena writes it).");
ABSL_FLAG(std::vector<std::string>, anchor, {},
          "elo: fixed ratings NAME=ELO,... (default gnugo:10=431, else random=0, else mean 0).");
ABSL_FLAG(int, bootstrap, 0, "elo: > 0: 95% intervals from this many parametric bootstrap samples.");
ABSL_FLAG(double, prior_draws, 1.0, "elo: virtual draws added to every pair of players that met.");
ABSL_FLAG(std::string, sprt, "", "elo: PLAYER,OPPONENT: an SPRT of PLAYER against OPPONENT instead of ratings.");
ABSL_FLAG(double, elo0, 0, "elo --sprt: the null hypothesis' Elo difference.");
ABSL_FLAG(double, elo1, 35, "elo --sprt: the alternative's Elo difference.");
ABSL_FLAG(double, alpha, 0.05, "elo --sprt: false positive rate.");
ABSL_FLAG(double, beta, 0.05, "elo --sprt: false negative rate.");

namespace tengen::cli {
namespace {

int Sprt(const std::vector<arena::GameResult>& games, const std::string& spec) {
  const std::vector<std::string> names = absl::StrSplit(spec, ',');
  if (names.size() != 2) {
    std::fprintf(stderr, "tengen elo: --sprt takes PLAYER,OPPONENT\n");
    return 2;
  }
  double wins = 0, losses = 0, draws = 0;
  for (const arena::GameResult& g : games) {
    const bool as_black = g.black == names[0] && g.white == names[1];
    const bool as_white = g.white == names[0] && g.black == names[1];
    if (!as_black && !as_white) continue;
    if (g.winner == arena::Winner::kDraw) {
      ++draws;
    } else if ((g.winner == arena::Winner::kBlack) == as_black) {
      ++wins;
    } else {
      ++losses;
    }
  }
  const arena::SprtParameters p{absl::GetFlag(FLAGS_elo0), absl::GetFlag(FLAGS_elo1), absl::GetFlag(FLAGS_alpha),
                                absl::GetFlag(FLAGS_beta)};
  const arena::SprtState s = arena::EvaluateSprt(p, wins, losses, draws);
  std::printf("sprt %s vs %s: elo0=%g elo1=%g alpha=%g beta=%g | %g-%g-%g | %s\n", names[0].c_str(), names[1].c_str(),
              p.elo0, p.elo1, p.alpha, p.beta, wins, losses, draws, s.ToString().c_str());
  return 0;
}

int RunElo(const std::vector<std::string>& positional) {
  if (!positional.empty() || absl::GetFlag(FLAGS_results).empty()) {
    std::fprintf(stderr, "usage: tengen elo --results FILE [--anchor NAME=ELO,...] [--bootstrap N]\n");
    return 2;
  }
  absl::StatusOr<arena::ResultsFile> file = arena::ReadResults(absl::GetFlag(FLAGS_results));
  if (!file.ok()) {
    std::fprintf(stderr, "tengen elo: %s\n", std::string(file.status().message()).c_str());
    return 1;
  }
  for (const std::string& problem : file->problems) std::fprintf(stderr, "tengen elo: skipped %s\n", problem.c_str());
  if (file->skipped_lines > 0) std::fprintf(stderr, "tengen elo: %d lines skipped\n", file->skipped_lines);
  if (!absl::GetFlag(FLAGS_sprt).empty()) return Sprt(file->games, absl::GetFlag(FLAGS_sprt));
  arena::EloOptions options;
  for (const std::string& anchor : absl::GetFlag(FLAGS_anchor)) {
    const size_t eq = anchor.rfind('=');
    double elo = 0;
    if (eq == std::string::npos || !absl::SimpleAtod(anchor.substr(eq + 1), &elo)) {
      std::fprintf(stderr, "tengen elo: --anchor '%s' is not NAME=ELO\n", anchor.c_str());
      return 2;
    }
    options.anchors[anchor.substr(0, eq)] = elo;
  }
  options.bootstrap_samples = absl::GetFlag(FLAGS_bootstrap);
  options.prior_draws = absl::GetFlag(FLAGS_prior_draws);
  absl::StatusOr<arena::RatingTable> table = arena::FitRatings(file->games, options);
  if (!table.ok()) {
    std::fprintf(stderr, "tengen elo: %s: %s\n", absl::GetFlag(FLAGS_results).c_str(),
                 std::string(table.status().message()).c_str());
    return 1;
  }
  std::printf("%s", arena::FormatRatingTable(*table).c_str());
  std::printf("games=%zu players=%zu skipped_lines=%d\n", file->games.size(), table->players.size(),
              file->skipped_lines);
  return 0;
}

TENGEN_REGISTER_COMMAND(elo, "elo", "Elo ratings (Bradley-Terry, colour term, intervals) or an SPRT from results",
                        RunElo, "results", "anchor", "bootstrap", "prior_draws", "sprt", "elo0", "elo1", "alpha",
                        "beta");

}  // namespace
}  // namespace tengen::cli
