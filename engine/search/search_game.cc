#include "engine/search/search_game.h"

#include <vector>

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
  for (size_t i = moves.size() - replay; i < moves.size(); ++i) {
    base.PlayUnchecked(moves[i].point, moves[i].color);
  }
  base.set_to_play(game.to_play());
  // Setup steps among the last moves (or anything else unusual) show up as
  // a mismatch: then the plain copy is the safe answer.
  if (!SameSearchView(base, game)) return game;
  return base;
}

}  // namespace tengen
