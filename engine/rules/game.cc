#include "engine/rules/game.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_format.h"
#include "engine/rules/coords.h"

namespace tengen {

Game::Game(int size, Rules rules) : board_(size), rules_(rules) {
  RecordPosition();
  PushHistory();
}

absl::StatusOr<Game> Game::Create(int size, Rules rules) {
  if (absl::Status s = ValidateBoardSize(size); !s.ok()) return s;
  return Game(size, rules);
}

void Game::PushHistory() {
  history_head_ = (history_head_ + kHistoryLength - 1) % kHistoryLength;
  history_ring_[history_head_] = board_.colors();
  history_count_ = std::min(history_count_ + 1, kHistoryLength);
}

const std::array<uint8_t, kNumPoints>& Game::history(int back) const {
  return history_ring_[(history_head_ + back) % kHistoryLength];
}

void Game::RecordPosition() {
  if (rules_.ko == KoRule::kSimple) return;
  seen_positions_.insert(SuperkoKey(board_.hash(), to_play_));
  most_stones_seen_ = std::max(most_stones_seen_, board_.num_stones());
}

// Any move can repeat a position once stones have left the board earlier
// ("send two, return one"), so every move is checked. A move that removes
// nothing changes the hash by its own stone alone, which spares the board
// copy on the common path; it also leaves one stone more on the board, so
// unless an earlier position held that many (true until the first capture,
// and again once the board has filled up past it) the lookup is spared too.
bool Game::RepeatsPosition(Point p, Color mover, bool changes_more_than_p) const {
  if (rules_.ko == KoRule::kSimple) return false;
  if (changes_more_than_p) {
    Board after = board_;
    after.Play(p, mover);
    return IsRepetition(after.hash(), after.num_stones(), Opponent(mover));
  }
  return IsRepetition(board_.hash() ^ ZobristStone(p, mover), board_.num_stones() + 1, Opponent(mover));
}

absl::Status Game::CheckLegal(Point p, Color c) const {
  if (p == kPass) return absl::OkStatus();
  if (!board_.IsOnBoard(p)) {
    return absl::InvalidArgumentError(absl::StrFormat("point %d is off the %dx%d board", p,
                                                      size(), size()));
  }
  if (board_.at(p) != Color::kEmpty) {
    return absl::FailedPreconditionError(
        absl::StrFormat("%s is occupied", PointToGtp(p, size())));
  }
  if (p == board_.ko_point() && c == to_play_) {
    return absl::FailedPreconditionError(
        absl::StrFormat("%s retakes a ko", PointToGtp(p, size())));
  }
  const bool captures = board_.WouldCapture(p, c);
  if (!captures && board_.IsSuicide(p, c) && !rules_.allow_suicide) {
    return absl::FailedPreconditionError(
        absl::StrFormat("%s is suicide", PointToGtp(p, size())));
  }
  if (RepeatsPosition(p, c, captures || board_.IsSuicide(p, c))) {
    return absl::FailedPreconditionError(
        absl::StrFormat("%s repeats an earlier position (superko)", PointToGtp(p, size())));
  }
  return absl::OkStatus();
}

bool Game::IsLegal(Point p, Color c) const {
  if (p == kPass) return true;
  if (!board_.IsOnBoard(p) || board_.at(p) != Color::kEmpty) return false;
  if (p == board_.ko_point() && c == to_play_) return false;
  const bool captures = board_.WouldCapture(p, c);
  const bool suicide = !captures && board_.IsSuicide(p, c);
  if (suicide && !rules_.allow_suicide) return false;
  return !RepeatsPosition(p, c, captures || suicide);
}

std::vector<Point> Game::LegalMoves() const {
  std::vector<Point> moves;
  moves.reserve(board_.num_empty());
  for (int y = 0; y < size(); ++y) {
    for (int x = 0; x < size(); ++x) {
      const Point p = MakePoint(x, y);
      if (IsLegal(p)) moves.push_back(p);
    }
  }
  return moves;
}

absl::Status Game::Play(Point p, Color c) {
  if (absl::Status s = CheckLegal(p, c); !s.ok()) return s;
  PlayUnchecked(p, c);
  return absl::OkStatus();
}

void Game::PlayUnchecked(Point p, Color c) {
  // The ko point belongs to the side that was to move; a move by the same
  // colour twice (SGF input) must not be blocked by it, and Board::Play
  // clears it anyway.
  const Color before = to_play_;
  board_.Play(p, c);
  moves_.push_back(MoveRecord{c, p});
  consecutive_passes_ = p == kPass ? consecutive_passes_ + 1 : 0;
  to_play_ = Opponent(c);
  steps_.push_back(Step{false, MoveRecord{c, p}, {}, {}, {}, before, to_play_});
  RecordPosition();
  PushHistory();
}

absl::Status Game::PlaceSetupStones(const std::vector<Point>& black,
                                    const std::vector<Point>& white,
                                    const std::vector<Point>& clear) {
  for (const std::vector<Point>* points : {&clear, &black, &white}) {
    for (Point p : *points) {
      if (!board_.IsOnBoard(p)) {
        return absl::InvalidArgumentError(absl::StrFormat("setup point %d is off the board", p));
      }
    }
  }
  // Setup may overwrite a stone (AB on a white stone); SGF allows it.
  board_.ApplySetup(black, white, clear);
  steps_.push_back(
      Step{true, MoveRecord{Color::kEmpty, kNoPoint}, black, white, clear, to_play_, to_play_});
  RecordPosition();
  PushHistory();
  return absl::OkStatus();
}

bool Game::Undo() {
  if (steps_.empty()) return false;
  std::vector<Step> steps = std::move(steps_);
  const Color to_play_before = steps.back().to_play_before;
  steps.pop_back();
  Game replay(size(), rules_);
  replay.handicap_ = handicap_;
  for (const Step& step : steps) {
    if (step.is_setup) {
      // Setup steps were validated when first applied.
      (void)replay.PlaceSetupStones(step.black, step.white, step.clear);
    } else {
      replay.PlayUnchecked(step.move.point, step.move.color);
    }
    replay.to_play_ = step.to_play_after;
  }
  replay.to_play_ = to_play_before;
  *this = std::move(replay);
  return true;
}



}  // namespace tengen
