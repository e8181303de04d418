#ifndef TENGEN_ENGINE_ARENA_SCHEDULE_H_
#define TENGEN_ENGINE_ARENA_SCHEDULE_H_

// Who plays whom, with which colour and from which opening: the games of an
// arena as a list, in the order they are started. A pure function of the
// settings, so that a rerun finds the same game ids and skips those already
// played (DIR/results.tsv).
//
// Pairings: round-robin (every pair, in player order), gauntlet (every
// player that is not an opponent against every opponent, the challenger
// first), head-to-head (the two players). Game n of a pairing (from 0) has
// the pairing's first player as black when n is even; with an opening book
// of N openings, games 2k and 2k+1 start from opening k mod N, one with
// each colour, so deterministic players do not repeat a game. Games are
// ordered round by round (game 0 of every pairing, then game 1, ...), so
// partial results cover every pairing.

#include <string>
#include <vector>

#include "engine/arena/arena_config.h"

namespace tengen::arena {

struct Pairing {
  int first = 0;  // player indices
  int second = 0;
};

struct ScheduledGame {
  std::string id;  // "<first>~<second>~<n>", n with at least 4 digits
  int pairing = 0;
  int number = 0;  // n, within the pairing
  int black = 0;   // player indices
  int white = 0;
  int opening = -1;  // index into the opening book; -1: the empty board
};

struct ScheduleSpec {
  std::vector<std::string> players;
  ScheduleKind kind = ScheduleKind::kRoundRobin;
  std::vector<std::string> gauntlet_opponents;
  int games_per_pairing = 2;
  int num_openings = 0;
};

// The pairings, or InvalidArgument for an impossible spec (a gauntlet
// opponent that is not a player, head-to-head with other than two players).
absl::StatusOr<std::vector<Pairing>> MakePairings(const ScheduleSpec& spec);
absl::StatusOr<std::vector<ScheduledGame>> MakeSchedule(const ScheduleSpec& spec);

std::string GameId(const std::string& first, const std::string& second, int number);

// The spec of an arena config (num_openings: the book's size).
ScheduleSpec ScheduleSpecOf(const ArenaConfig& config, int num_openings);

}  // namespace tengen::arena

#endif  // TENGEN_ENGINE_ARENA_SCHEDULE_H_
