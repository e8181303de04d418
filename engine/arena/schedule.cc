#include "engine/arena/schedule.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_format.h"

namespace tengen::arena {

absl::StatusOr<std::vector<Pairing>> MakePairings(const ScheduleSpec& spec) {
  const int n = static_cast<int>(spec.players.size());
  std::vector<Pairing> pairings;
  switch (spec.kind) {
    case ScheduleKind::kRoundRobin:
      for (int i = 0; i < n; ++i) {
        for (int j = i + 1; j < n; ++j) pairings.push_back({i, j});
      }
      break;
    case ScheduleKind::kHeadToHead:
      if (n != 2) return absl::InvalidArgumentError(absl::StrFormat("head-to-head needs two players, not %d", n));
      pairings.push_back({0, 1});
      break;
    case ScheduleKind::kGauntlet: {
      std::set<int> opponents;
      for (const std::string& name : spec.gauntlet_opponents) {
        const auto it = std::find(spec.players.begin(), spec.players.end(), name);
        if (it == spec.players.end()) {
          return absl::InvalidArgumentError(absl::StrFormat("gauntlet opponent '%s' is not a player", name));
        }
        opponents.insert(static_cast<int>(it - spec.players.begin()));
      }
      if (opponents.empty()) return absl::InvalidArgumentError("a gauntlet needs opponents");
      for (int i = 0; i < n; ++i) {
        if (opponents.contains(i)) continue;
        for (int o : opponents) pairings.push_back({i, o});
      }
      break;
    }
  }
  if (pairings.empty()) return absl::InvalidArgumentError("the schedule has no pairings");
  return pairings;
}

std::string GameId(const std::string& first, const std::string& second, int number) {
  return absl::StrFormat("%s~%s~%04d", first, second, number);
}

absl::StatusOr<std::vector<ScheduledGame>> MakeSchedule(const ScheduleSpec& spec) {
  absl::StatusOr<std::vector<Pairing>> pairings = MakePairings(spec);
  if (!pairings.ok()) return pairings.status();
  if (spec.games_per_pairing < 1) return absl::InvalidArgumentError("games_per_pairing must be positive");
  std::vector<ScheduledGame> games;
  games.reserve(pairings->size() * spec.games_per_pairing);
  for (int number = 0; number < spec.games_per_pairing; ++number) {
    for (size_t p = 0; p < pairings->size(); ++p) {
      const Pairing& pairing = (*pairings)[p];
      ScheduledGame g;
      g.id = GameId(spec.players[pairing.first], spec.players[pairing.second], number);
      g.pairing = static_cast<int>(p);
      g.number = number;
      g.black = number % 2 == 0 ? pairing.first : pairing.second;
      g.white = number % 2 == 0 ? pairing.second : pairing.first;
      g.opening = spec.num_openings > 0 ? (number / 2) % spec.num_openings : -1;
      games.push_back(std::move(g));
    }
  }
  return games;
}

ScheduleSpec ScheduleSpecOf(const ArenaConfig& config, int num_openings) {
  ScheduleSpec spec;
  for (const PlayerSpec& p : config.players) spec.players.push_back(p.name);
  spec.kind = config.schedule;
  spec.gauntlet_opponents = config.gauntlet_opponents;
  spec.games_per_pairing = config.games_per_pairing;
  spec.num_openings = num_openings;
  return spec;
}

}  // namespace tengen::arena
