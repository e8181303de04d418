#include "engine/arena/match.h"

#include <cmath>
#include <memory>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/rules/coords.h"
#include "engine/rules/game.h"
#include "engine/rules/scoring.h"
#include "engine/search/mcts.h"
#include "engine/search/search_driver.h"

namespace tengen::arena {
namespace {

using Kind = MatchPlayer::Kind;

struct MatchGame {
  Game game;
  bool first_is_black = true;
  std::unique_ptr<Search> searches[2];
  bool searching = false;
  bool over = false;
};

SearchOptions MatchSearchOptions(uint64_t seed) {
  SearchOptions o;
  o.reuse_tree = false;
  o.resign_threshold = -2.0f;  // games are played out and counted
  o.final_move = FinalMoveChoice::kMaxVisits;
  o.seed = seed;
  return o;
}

// 0 when the first player is to move, 1 for the second.
int PlayerToMove(const MatchGame& g) { return (g.game.to_play() == Color::kBlack) == g.first_is_black ? 0 : 1; }

Point ModelMove(Search& search, int move_number, const MatchOptions& options) {
  const MoveDecision d = search.ChooseMove(move_number < 2 * options.opening_temperature_moves ? 1.0f : 0.0f);
  return d.move == kResign ? kPass : d.move;
}

void Score(const MatchGame& g, float komi, MatchResult* result) {
  const float margin = AreaScore(g.game.board(), komi).margin();
  ++result->games;
  result->records.push_back(
      {g.first_is_black, margin > 0 ? 1 : (margin < 0 ? 2 : 0), ResultString(margin), g.game.move_number()});
  if (margin == 0) {
    ++result->draws;
  } else if ((margin > 0) == g.first_is_black) {
    ++result->first_wins;
    result->first_wins_as_black += g.first_is_black ? 1 : 0;
  } else {
    ++result->second_wins;
  }
}

bool Ended(const Game& game, int max_moves) { return game.IsOver() || game.move_number() >= max_moves; }

// Area scoring with positional superko and no suicide: common ground with
// external engines (GNU Go refuses suicides).
Rules MatchRules(const MatchOptions& options) {
  Rules rules = Rules::Chinese();
  rules.komi = options.komi;
  return rules;
}

// Model and random players: every game at once, batched per model.
MatchResult PlayBatched(const MatchPlayer* players[2], const MatchOptions& options, int max_moves) {
  std::mt19937_64 rng(options.seed);
  std::vector<MatchGame> games(options.games);
  for (int i = 0; i < options.games; ++i) {
    games[i].game = Game(options.board_size, MatchRules(options));
    games[i].first_is_black = i % 2 == 0;
    for (int p = 0; p < 2; ++p) {
      if (players[p]->kind == Kind::kModel) {
        games[i].searches[p] =
            std::make_unique<Search>(games[i].game, MatchSearchOptions(options.seed * 7919 + 2 * i + p));
      }
    }
  }
  std::unique_ptr<LockstepDriver> drivers[2];
  for (int p = 0; p < 2; ++p) {
    if (players[p]->kind == Kind::kModel) drivers[p] = std::make_unique<LockstepDriver>(players[p]->backend);
  }
  MatchResult result;
  std::vector<Search*> group;
  int remaining = options.games;
  while (remaining > 0) {
    for (MatchGame& g : games) {
      while (!g.over && !g.searching) {
        const int p = PlayerToMove(g);
        if (players[p]->kind == Kind::kRandom) {
          (void)g.game.Play(RandomNonEyeMove(g.game, rng));
        } else {
          g.searches[p]->SetRoot(g.game);
          g.searches[p]->SetTargetVisits(players[p]->visits);
          g.searching = true;
          break;
        }
        if (Ended(g.game, max_moves)) {
          g.over = true;
          Score(g, options.komi, &result);
          --remaining;
        }
      }
    }
    for (int p = 0; p < 2; ++p) {
      if (drivers[p] == nullptr) continue;
      group.clear();
      for (MatchGame& g : games) {
        if (!g.over && g.searching && PlayerToMove(g) == p) group.push_back(g.searches[p].get());
      }
      if (!group.empty()) drivers[p]->Step(group);
    }
    for (MatchGame& g : games) {
      if (g.over || !g.searching) continue;
      Search& search = *g.searches[PlayerToMove(g)];
      if (!search.Done()) continue;
      const Point move = ModelMove(search, g.game.move_number(), options);
      if (!g.game.Play(move).ok()) (void)g.game.Play(kPass);
      g.searching = false;
      if (Ended(g.game, max_moves)) {
        g.over = true;
        Score(g, options.komi, &result);
        --remaining;
      }
    }
  }
  return result;
}

}  // namespace

Point RandomNonEyeMove(const Game& game, std::mt19937_64& rng) {
  std::vector<Point> moves;
  for (Point p : game.LegalMoves()) {
    if (!game.board().IsSimpleEye(p, game.to_play())) moves.push_back(p);
  }
  if (moves.empty()) return kPass;
  return moves[std::uniform_int_distribution<size_t>(0, moves.size() - 1)(rng)];
}

double MatchResult::win_rate_margin() const {
  if (games == 0) return 1.0;
  const double p = first_win_rate();
  return 1.96 * std::sqrt(std::max(p * (1 - p), 0.25 / games) / games);
}

absl::StatusOr<MatchResult> PlayMatch(const MatchPlayer& first, const MatchPlayer& second,
                                      const MatchOptions& options) {
  const MatchPlayer* players[2] = {&first, &second};
  for (const MatchPlayer* p : players) {
    if (p->kind == Kind::kModel && (p->backend == nullptr || p->backend->board_size() != options.board_size)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("player %s has no %dx%d model", p->name, options.board_size, options.board_size));
    }
  }
  const int max_moves = options.max_moves > 0 ? options.max_moves : 3 * options.board_size * options.board_size;
  return PlayBatched(players, options, max_moves);
}

}  // namespace tengen::arena
