#include "engine/data/record_convert.h"

#include "absl/strings/str_format.h"
#include "engine/data/game_hash.h"

namespace tengen::data {
namespace {

Color ToColor(int c) { return c == 2 ? Color::kWhite : Color::kBlack; }

absl::StatusOr<Point> CheckedPoint(int flat, int size, std::string_view what, int index) {
  if (flat < 0 || flat > size * size) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s %d: flat point %d outside a %dx%d board", what, index, flat, size, size));
  }
  return FromFlat(flat, size);
}

absl::StatusOr<Game> StartGame(const RecordedGame& record) {
  absl::StatusOr<Game> game = Game::Create(record.board_size, ReplayRulesFor(record));
  if (!game.ok()) return game.status();
  std::vector<Point> black, white;
  for (size_t i = 0; i < record.setup_black.size(); ++i) {
    absl::StatusOr<Point> p = CheckedPoint(record.setup_black[i], record.board_size, "setup", i);
    if (!p.ok() || *p == kPass) return absl::InvalidArgumentError("bad black setup point");
    black.push_back(*p);
  }
  for (size_t i = 0; i < record.setup_white.size(); ++i) {
    absl::StatusOr<Point> p = CheckedPoint(record.setup_white[i], record.board_size, "setup", i);
    if (!p.ok() || *p == kPass) return absl::InvalidArgumentError("bad white setup point");
    white.push_back(*p);
  }
  if (!black.empty() || !white.empty()) {
    if (absl::Status s = game->PlaceSetupStones(black, white, {}); !s.ok()) return s;
  }
  game->set_handicap(record.handicap);
  game->set_to_play(ToColor(record.first_to_move));
  return game;
}

}  // namespace

Rules ReplayRulesFor(const RecordedGame& record) {
  Rules rules;
  rules.ko = KoRule::kSimple;
  rules.allow_suicide = true;
  rules.scoring =
      record.scoring == RecordScoring::kTerritory ? ScoringRule::kTerritory : ScoringRule::kArea;
  rules.komi = record.komi;
  return rules;
}

absl::StatusOr<RecordedGame> RecordFromGame(const Game& game, std::span<const Point> setup_black,
                                            std::span<const Point> setup_white) {
  RecordedGame record;
  const int size = game.size();
  record.board_size = size;
  record.komi = game.rules().komi;
  record.scoring = game.rules().scoring == ScoringRule::kTerritory ? RecordScoring::kTerritory
                                                                    : RecordScoring::kArea;
  record.handicap = game.handicap();
  for (Point p : setup_black) record.setup_black.push_back(ToFlat(p, size));
  for (Point p : setup_white) record.setup_white.push_back(ToFlat(p, size));
  const std::vector<MoveRecord>& moves = game.moves();
  record.first_to_move = moves.empty() || moves[0].color != Color::kWhite ? 1 : 2;
  for (size_t i = 0; i < moves.size(); ++i) {
    const int expected = record.mover(static_cast<int>(i));
    if (static_cast<int>(moves[i].color) != expected) {
      return absl::InvalidArgumentError(
          absl::StrFormat("move %d: colours do not alternate", static_cast<int>(i)));
    }
    if (moves[i].point == kResign || moves[i].point == kNoPoint) {
      return absl::InvalidArgumentError(absl::StrFormat("move %d is not a point or pass", i));
    }
    record.moves.push_back(ToFlat(moves[i].point, size));
  }
  record.game_hash = ComputeGameHash(record);
  return record;
}

absl::StatusOr<Game> ReplayRecord(const RecordedGame& record, int num_moves) {
  absl::StatusOr<Game> game = StartGame(record);
  if (!game.ok()) return game.status();
  const int n = num_moves < 0 ? record.num_positions()
                              : std::min(num_moves, record.num_positions());
  for (int i = 0; i < n; ++i) {
    absl::StatusOr<Point> p = CheckedPoint(record.moves[i], record.board_size, "move", i);
    if (!p.ok()) return p.status();
    if (absl::Status s = game->Play(*p, ToColor(record.mover(i))); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrFormat("move %d: %s", i, s.message()));
    }
  }
  return game;
}

absl::Status ForEachPosition(const RecordedGame& record,
                             const std::function<void(const Game&, int move_index)>& visit) {
  absl::StatusOr<Game> game = StartGame(record);
  if (!game.ok()) return game.status();
  for (int i = 0; i < record.num_positions(); ++i) {
    absl::StatusOr<Point> p = CheckedPoint(record.moves[i], record.board_size, "move", i);
    if (!p.ok()) return p.status();
    visit(*game, i);
    if (absl::Status s = game->Play(*p, ToColor(record.mover(i))); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrFormat("move %d: %s", i, s.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace tengen::data
