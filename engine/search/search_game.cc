#include "engine/search/search_game.h"

#include <algorithm>
#include <vector>

#include "absl/base/internal/raw_logging.h"

namespace tengen {

uint64_t StonesHash(const std::array<uint8_t, kNumPoints>& colours, int size) {
  uint64_t h = 0;
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      const Point p = MakePoint(x, y);
      const Color c = static_cast<Color>(colours[p]);
      if (c == Color::kBlack || c == Color::kWhite) h ^= ZobristStone(p, c);
    }
  }
  return h;
}

bool SameSearchView(const Game& a, const Game& b) {
  if (a.size() != b.size() || a.to_play() != b.to_play() ||
      a.consecutive_passes() != b.consecutive_passes() || a.history_size() != b.history_size() ||
      a.board().hash() != b.board().hash() || a.board().ko_point() != b.board().ko_point() ||
      a.rules().komi != b.rules().komi || a.rules().ko != b.rules().ko ||
      a.rules().allow_suicide != b.rules().allow_suicide ||
      a.rules().scoring != b.rules().scoring) {
    return false;
  }
  for (int k = 0; k < a.history_size(); ++k) {
    if (a.history(k) != b.history(k)) return false;
  }
  return true;
}

Game MakeSearchBaseGame(const Game& game) {
  constexpr int kKeep = Game::kHistoryLength;
  // Short games are cheap to copy as they are.
  if (game.history_size() < kKeep || game.move_number() < 3 * kKeep) return game;
  const int replay = kKeep - 1;  // moves after the set-up position
  const std::vector<MoveRecord>& moves = game.moves();
  const std::array<uint8_t, kNumPoints>& oldest = game.history(replay);
  std::vector<Point> black, white;
  for (int y = 0; y < game.size(); ++y) {
    for (int x = 0; x < game.size(); ++x) {
      const Point p = MakePoint(x, y);
      const Color c = static_cast<Color>(oldest[p]);
      if (c == Color::kBlack) black.push_back(p);
      if (c == Color::kWhite) white.push_back(p);
    }
  }
  Game base(game.size(), game.rules());
  if (!base.PlaceSetupStones(black, white, {}).ok()) return game;
  // history() counts setup steps as positions and moves() does not: with a
  // setup step among the last `replay` steps, `oldest` already holds the
  // first replayed moves' stones. Board::Play must never meet an occupied
  // point, so each move is checked before it is played.
  for (size_t i = moves.size() - replay; i < moves.size(); ++i) {
    const Point p = moves[i].point;
    if (p != kPass && (!base.board().IsOnBoard(p) || base.board().at(p) != Color::kEmpty)) return game;
    base.PlayUnchecked(p, moves[i].color);
  }
  base.set_to_play(game.to_play());
  // Setup steps among the last moves (or anything else unusual) show up as
  // a mismatch: then the plain copy is the safe answer.
  if (!SameSearchView(base, game)) return game;
  return base;
}

void PathPosition::SetBase(const Game& base) {
  base_ = &base;
  const int known = std::min(kRingSize, base.history_size() - 1);
  for (int k = 0; k < known; ++k) FlattenColours(base.history(k + 1), base.size(), base_history_[k].data());
  board_ = base.board();
  board_undo_.Clear();
  features_.Compute(board_);
  features_undo_.Clear();
  to_play_ = base.to_play();
  moves_played_ = 0;
  Reserve(kRingSize + 2);
  FlattenColours(board_.colors(), board_.size(), planes_[0].data());
  consecutive_passes_[0] = static_cast<uint8_t>(std::min(base.consecutive_passes(), 2));
}

void PathPosition::Prefetch(int turns_ahead) const {
  if (turns_ahead >= 3) {
    __builtin_prefetch(&board_undo_);
    __builtin_prefetch(&features_undo_);
    __builtin_prefetch(&moves_played_);
    __builtin_prefetch(&planes_);
    __builtin_prefetch(&board_);
  } else if (turns_ahead == 2) {
    board_undo_.PrefetchLast(2);
    features_undo_.PrefetchLast(2);
    // The history planes the next leaf, at about this depth, copies.
    const int d = moves_played_;
    for (int k = std::max(1, d - 6); k <= d && k < static_cast<int>(planes_.size()); ++k) {
      const char* plane = reinterpret_cast<const char*>(planes_[k].data());
      for (size_t byte = 0; byte < sizeof(FlatPlane); byte += 64) __builtin_prefetch(plane + byte);
    }
  }
}

void PathPosition::Reserve(int moves) {
  if (static_cast<int>(planes_.size()) > moves) return;
  planes_.resize(moves + 1);
  consecutive_passes_.resize(moves + 1);
}

void PathPosition::RewindTo(int moves) {
  ABSL_RAW_CHECK(moves >= 0 && moves <= moves_played_, "PathPosition::RewindTo: not a prefix");
  if ((moves_played_ - moves) % 2 != 0) to_play_ = Opponent(to_play_);
  while (moves_played_ > moves) {
    board_.Undo(&board_undo_);
    features_.Undo(&features_undo_);
    --moves_played_;
  }
}

void PathPosition::Play(Point p) {
  const int d = moves_played_;
  Reserve(d + 1);
  // planes_[0] is the base's, flattened once at SetBase.
  if (d > 0) FlattenColours(board_.colors(), board_.size(), planes_[d].data());
  features_.Update(board_, p, board_.Play(p, to_play_, &board_undo_), &features_undo_);
  consecutive_passes_[d + 1] =
      p == kPass ? static_cast<uint8_t>(std::min(consecutive_passes_[d] + 1, 2)) : uint8_t{0};
  to_play_ = Opponent(to_play_);
  moves_played_ = d + 1;
}

int PathPosition::history_size() const {
  return std::min(Game::kHistoryLength, base_->history_size() + moves_played_);
}

const uint8_t* PathPosition::PreviousPlane(int back) const {
  if (back <= moves_played_) return planes_[moves_played_ - back].data();
  return base_history_[back - moves_played_ - 1].data();
}

void PathPosition::LegalMoves(bool exact, LegalMask* mask) const {
  if (moves_played_ == 0) {
    LegalMoveMask(*base_, exact, mask);
    return;
  }
  ABSL_RAW_CHECK(!exact, "PathPosition: the exact legal mask is only known at the base");
  InTreeLegalMoveMask(features_.bytes(), board_.size(), board_.ko_point(), to_play_, base_->rules().allow_suicide,
                      mask);
}

void PathPosition::Fill(CompactPosition* position) const {
  if (moves_played_ == 0) {
    FillCompactPosition(*base_, position);
    return;
  }
  FeatureSource source;
  source.board = &board_;
  source.to_play = to_play_;
  source.komi = base_->rules().komi;
  // After a move the ko point (if any) belongs to the side now to move, for
  // whom Game::IsLegal rejects it before any superko test.
  const Point ko = board_.ko_point();
  source.ko_illegal = ko != kNoPoint && board_.IsOnBoard(ko) && board_.at(ko) == Color::kEmpty;
  source.point_bytes = features_.bytes().data();
  source.num_previous = std::min<int>(history_size() - 1, source.previous.size());
  for (int k = 0; k < source.num_previous; ++k) source.previous[k] = PreviousPlane(k + 1);
  source.previous_flat = true;
  FillCompactPosition(source, position);
}

}  // namespace tengen
