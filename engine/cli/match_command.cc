// `tengen match --first SPEC --second SPEC [--games N] [--visits V] [--size S]
// [--komi K]`: a match between two players, colours alternating, scored
// by area (engine/arena/match.h). A SPEC is a model file (searched at
// --visits) or `random` (uniform over legal moves that fill no own eye);
// external engines play in `tengen arena`. Prints the first player's wins
// and win rate with a 95% interval.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/arena/game_results.h"
#include "engine/arena/match.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/nn/torch_backend.h"

ABSL_FLAG(std::string, first, "", "match: the first player: a model file or `random`.");
ABSL_FLAG(std::string, second, "", "match: the second player (as --first).");
ABSL_FLAG(int, opening_moves, 4, "match: each side's first moves sampled from the visits (temperature 1).");
ABSL_FLAG(std::string, append_results, "",
          "match: append every game to this results file (for `tengen elo`), players named by --first/--second.");

namespace tengen::cli {
namespace {

struct Player {
  arena::MatchPlayer spec;
  std::unique_ptr<BatchBackend> backend;
};

// A model's name in results: "RUN.gen-000012" for a run's published model
// (DIR/RUN/models/gen-000012.tgm), else the file name without its extension.
std::string ModelDisplayName(const std::string& path) {
  const std::filesystem::path p(path);
  if (p.parent_path().filename() == "models" && !p.parent_path().parent_path().filename().empty()) {
    return p.parent_path().parent_path().filename().string() + "." + p.stem().string();
  }
  return p.stem().string();
}

absl::Status MakePlayer(const std::string& text, int games, Player* player) {
  arena::MatchPlayer& p = player->spec;
  p.name = text;
  p.visits = absl::GetFlag(FLAGS_visits);
  if (text == "random") {
    p.kind = arena::MatchPlayer::Kind::kRandom;
    return absl::OkStatus();
  }
  if (absl::StartsWith(text, "gnugo:") || absl::StartsWith(text, "gtp:")) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "'%s': external engines play in `tengen arena`, whose cleanup phase captures dead stones before the "
        "count (an engine passes with its opponent's dead stones on the board)",
        text));
  }
  if (text.empty()) return absl::InvalidArgumentError("both --first and --second are needed");
  nn::TorchBackendOptions o;
  o.device = absl::GetFlag(FLAGS_device);
  o.max_batch = games;
  o.threads = absl::GetFlag(FLAGS_torch_threads);
  absl::StatusOr<std::unique_ptr<BatchBackend>> backend = nn::CreateTorchBackend(text, o);
  if (!backend.ok()) return backend.status();
  player->backend = *std::move(backend);
  p.name = ModelDisplayName(text);
  p.kind = arena::MatchPlayer::Kind::kModel;
  p.backend = player->backend.get();
  return absl::OkStatus();
}

int RunMatch(const std::vector<std::string>& positional) {
  if (!positional.empty()) {
    std::fprintf(stderr, "tengen match: unexpected argument '%s'\n", positional[0].c_str());
    return 2;
  }
  arena::MatchOptions options;
  options.board_size = absl::GetFlag(FLAGS_size);
  options.komi = static_cast<float>(absl::GetFlag(FLAGS_komi));
  options.games = absl::GetFlag(FLAGS_games);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.opening_temperature_moves = absl::GetFlag(FLAGS_opening_moves);
  if (options.games < 1 || absl::GetFlag(FLAGS_visits) < 1) {
    std::fprintf(stderr, "tengen match: --games and --visits must be positive\n");
    return 2;
  }
  Player first, second;
  for (auto [text, player] :
       {std::pair{absl::GetFlag(FLAGS_first), &first}, std::pair{absl::GetFlag(FLAGS_second), &second}}) {
    if (absl::Status s = MakePlayer(text, options.games, player); !s.ok()) {
      std::fprintf(stderr, "tengen match: %s\n", std::string(s.message()).c_str());
      return s.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
    }
  }
  absl::StatusOr<arena::MatchResult> r = arena::PlayMatch(first.spec, second.spec, options);
  if (!r.ok()) {
    std::fprintf(stderr, "tengen match: %s\n", std::string(r.status().message()).c_str());
    return 1;
  }
  if (const std::string path = absl::GetFlag(FLAGS_append_results); !path.empty()) {
    const std::string stamp = absl::FormatTime("%Y%m%dT%H%M%S", absl::Now(), absl::UTCTimeZone());
    for (size_t i = 0; i < r->records.size(); ++i) {
      const arena::MatchGameRecord& g = r->records[i];
      arena::GameResult result;
      result.black = g.first_is_black ? first.spec.name : second.spec.name;
      result.white = g.first_is_black ? second.spec.name : first.spec.name;
      result.winner =
          g.winner == 1 ? arena::Winner::kBlack : (g.winner == 2 ? arena::Winner::kWhite : arena::Winner::kDraw);
      result.result_text = g.result_text;
      result.moves = g.moves;
      result.game_id = absl::StrFormat("match-%s-%d", stamp, i);
      if (absl::Status s = arena::AppendResult(path, result); !s.ok()) {
        std::fprintf(stderr, "tengen match: %s\n", std::string(s.message()).c_str());
        return 1;
      }
    }
  }
  std::printf("first=%s second=%s games=%d first_wins=%d second_wins=%d draws=%d first_win_rate=%.3f margin95=%.3f\n",
              first.spec.name.c_str(), second.spec.name.c_str(), r->games, r->first_wins, r->second_wins, r->draws,
              r->first_win_rate(), r->win_rate_margin());
  return 0;
}

TENGEN_REGISTER_COMMAND(match, "match", "plays a match between two players (models, random, GNU Go)", RunMatch, "first",
                        "second", "games", "visits", "size", "komi", "opening_moves", "append_results",
                        "device", "torch_threads", "seed");

}  // namespace
}  // namespace tengen::cli
