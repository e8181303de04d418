#include "engine/gtp/endgame.h"

#include <algorithm>
#include <vector>

#include "engine/rules/playout.h"
#include "engine/rules/splitmix64.h"

namespace tengen::gtp {
namespace {

float Sign(Color c) { return c == Color::kBlack ? 1.0f : -1.0f; }

// Calls fn(head) once per string on the board.
template <typename Fn>
void ForEachString(const Board& board, Fn fn) {
  std::array<bool, kNumPoints> seen{};
  for (int y = 0; y < board.size(); ++y) {
    for (int x = 0; x < board.size(); ++x) {
      const Point p = MakePoint(x, y);
      const Color c = board.at(p);
      if (c != Color::kBlack && c != Color::kWhite) continue;
      const Point head = board.StringHead(p);
      if (seen[head]) continue;
      seen[head] = true;
      fn(head);
    }
  }
}

template <typename Fn>
void ForEachStone(const Board& board, Point head, Fn fn) {
  Point q = head;
  do {
    fn(q);
    q = board.NextInString(q);
  } while (q != head);
}

Board WithoutDead(const Board& board, const StoneStatusMap& status) {
  Board after = board;
  for (Point p : status.dead) {
    if (after.at(p) == Color::kBlack || after.at(p) == Color::kWhite) after.RemoveString(p);
  }
  return after;
}

// True when `c` cannot play the empty point p without suicide or leaving the
// new string in atari (and capturing nothing).
bool SelfAtariOrWorse(const Board& board, Point p, Color c) {
  if (board.WouldCapture(p, c)) return false;
  if (board.IsSuicide(p, c)) return true;
  Board after = board;
  after.Play(p, c);
  return after.Liberties(p) <= 1;
}

}  // namespace

std::vector<std::vector<Point>> StoneStatusMap::StringsWith(const Board& board,
                                                            StoneStatus wanted) const {
  std::vector<std::vector<Point>> strings;
  ForEachString(board, [&](Point head) {
    if (status[head] != wanted) return;
    std::vector<Point> stones;
    ForEachStone(board, head, [&](Point q) { stones.push_back(q); });
    std::sort(stones.begin(), stones.end());
    strings.push_back(std::move(stones));
  });
  std::sort(strings.begin(), strings.end());
  return strings;
}

uint64_t PositionSeed(const Board& board) {
  // SplitMix64's finaliser over the stones' hash, the ko point and the
  // size: the same position always gets the same playouts.
  uint64_t z = board.hash() ^ (static_cast<uint64_t>(board.ko_point() + 1) * 0x9E3779B97F4A7C15ull) ^
               static_cast<uint64_t>(board.size());
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

OwnershipMap PlayoutOwnership(const Board& board, int playouts, uint64_t seed) {
  OwnershipMap sum{};
  if (playouts <= 0) return sum;
  // The strings of the position, each stone by the index of its string.
  std::array<int, kNumPoints> string_of;
  string_of.fill(-1);
  int num_strings = 0;
  ForEachString(board, [&](Point head) {
    ForEachStone(board, head, [&](Point q) { string_of[q] = num_strings; });
    ++num_strings;
  });
  // Per string: its points owned by Black minus those owned by White.
  std::vector<int> balance(num_strings);
  SplitMix64 seeds(seed);
  for (int i = 0; i < playouts; ++i) {
    Board b = board;
    // Half the playouts start with each side: the judgement must not
    // depend on who happens to be to move after the last pass.
    ScoringPlayout(b, i % 2 == 0 ? Color::kBlack : Color::kWhite, seeds());
    const Score score = AreaScore(b, 0);
    std::fill(balance.begin(), balance.end(), 0);
    for (int y = 0; y < board.size(); ++y) {
      for (int x = 0; x < board.size(); ++x) {
        const Point p = MakePoint(x, y);
        int owner = 0;
        if (score.ownership[p] == Color::kBlack) owner = 1;
        if (score.ownership[p] == Color::kWhite) owner = -1;
        if (string_of[p] >= 0) {
          balance[string_of[p]] += owner;
        } else {
          sum[p] += static_cast<float>(owner);
        }
      }
    }
    // A string lives or dies whole: its stones take the majority owner of
    // its points in this playout.
    for (int y = 0; y < board.size(); ++y) {
      for (int x = 0; x < board.size(); ++x) {
        const Point p = MakePoint(x, y);
        if (string_of[p] < 0) continue;
        const int majority = balance[string_of[p]];
        if (majority > 0) sum[p] += 1.0f;
        if (majority < 0) sum[p] -= 1.0f;
      }
    }
  }
  for (float& v : sum) v /= static_cast<float>(playouts);
  return sum;
}

OwnershipMap FromSideToMoveOwnership(const std::vector<float>& flat, int size, Color to_play) {
  OwnershipMap map{};
  if (flat.size() != static_cast<size_t>(size * size)) return map;
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      map[MakePoint(x, y)] = std::clamp(flat[y * size + x], -1.0f, 1.0f) * Sign(to_play);
    }
  }
  return map;
}

OwnershipMap EstimateOwnership(const Board& board, const OwnershipMap* network, int playouts) {
  OwnershipMap own = PlayoutOwnership(board, playouts, PositionSeed(board));
  if (network != nullptr) {
    if (playouts <= 0) return *network;
    for (int i = 0; i < kNumPoints; ++i) own[i] = 0.5f * (own[i] + (*network)[i]);
  }
  return own;
}

// Strings next to a shared liberty that neither side can fill without
// putting itself in atari: the mark of a seki.
std::array<bool, kNumPoints> SekiStones(const Board& board) {
  std::array<bool, kNumPoints> seki{};
  for (int y = 0; y < board.size(); ++y) {
    for (int x = 0; x < board.size(); ++x) {
      const Point p = MakePoint(x, y);
      if (board.at(p) != Color::kEmpty) continue;
      bool touches_black = false;
      bool touches_white = false;
      for (int d : Board::kNeighbourOffsets) {
        touches_black |= board.at(static_cast<Point>(p + d)) == Color::kBlack;
        touches_white |= board.at(static_cast<Point>(p + d)) == Color::kWhite;
      }
      if (!touches_black || !touches_white) continue;
      if (!SelfAtariOrWorse(board, p, Color::kBlack) || !SelfAtariOrWorse(board, p, Color::kWhite)) {
        continue;
      }
      for (int d : Board::kNeighbourOffsets) {
        const Point n = static_cast<Point>(p + d);
        const Color c = board.at(n);
        if (c != Color::kBlack && c != Color::kWhite) continue;
        ForEachStone(board, board.StringHead(n), [&](Point q) { seki[q] = true; });
      }
    }
  }
  return seki;
}

StoneStatusMap ClassifyStones(const Board& board, const OwnershipMap& black_ownership) {
  StoneStatusMap result;
  const Ownership proven = PassAliveOwnership(board);
  ForEachString(board, [&](Point head) {
    const Color c = board.at(head);
    StoneStatus s;
    if (proven[head] == c) {
      s = StoneStatus::kAlive;
    } else if (proven[head] == Opponent(c)) {
      s = StoneStatus::kDead;
    } else {
      float sum = 0;
      int n = 0;
      ForEachStone(board, head, [&](Point q) {
        sum += black_ownership[q] * Sign(c);
        ++n;
      });
      s = sum / n < 0 ? StoneStatus::kDead : StoneStatus::kAlive;
    }
    ForEachStone(board, head, [&](Point q) { result.status[q] = s; });
  });

  // Seki that only shows once the dead stones are gone.
  const std::array<bool, kNumPoints> seki_after =
      SekiStones(WithoutDead(board, [&] {
        StoneStatusMap dead_only;
        for (int i = 0; i < kNumPoints; ++i) {
          if (result.status[i] == StoneStatus::kDead) dead_only.dead.push_back(static_cast<Point>(i));
        }
        return dead_only;
      }()));
  for (int i = 0; i < kNumPoints; ++i) {
    if (seki_after[i] && result.status[i] == StoneStatus::kAlive) result.status[i] = StoneStatus::kSeki;
    if (result.status[i] == StoneStatus::kDead) result.dead.push_back(static_cast<Point>(i));
    if (result.status[i] == StoneStatus::kSeki) result.seki.push_back(static_cast<Point>(i));
  }
  return result;
}

Score FinalScore(const Game& game, const StoneStatusMap& status, ScoringMode mode) {
  const float komi = game.rules().komi;
  switch (mode) {
    case ScoringMode::kAreaAsIs:
      return AreaScore(game.board(), komi);
    case ScoringMode::kAreaRemovingDead:
      return AreaScore(WithoutDead(game.board(), status), komi);
    case ScoringMode::kTerritory:
      return TerritoryScore(game.board(), status.dead, komi, status.seki);
  }
  return AreaScore(game.board(), komi);
}

Point CleanupMove(const Game& game, Color color, const StoneStatusMap& status) {
  const Board& board = game.board();
  const Color enemy = Opponent(color);
  Point best = kPass;
  int best_rank = 0;
  std::array<bool, kNumPoints> considered{};
  for (Point stone : status.dead) {
    if (board.at(stone) != enemy) continue;
    for (int d : Board::kNeighbourOffsets) {
      const Point p = static_cast<Point>(stone + d);
      if (!board.IsOnBoard(p) || board.at(p) != Color::kEmpty || considered[p]) continue;
      considered[p] = true;
      if (!game.IsLegal(p, color) || board.IsSimpleEye(p, color)) continue;
      // Rank: captures first, then fewest liberties left to the dead string
      // (the fastest capture), never a self-atari.
      int rank;
      if (board.WouldCapture(p, color)) {
        rank = 1000;
      } else {
        if (SelfAtariOrWorse(board, p, color)) continue;
        rank = 100 - board.Liberties(stone);
      }
      if (rank > best_rank) {
        best_rank = rank;
        best = p;
      }
    }
  }
  return best;
}

int NeutralPoints(const Board& board, const StoneStatusMap& status) {
  const Score score = AreaScore(WithoutDead(board, status), 0);
  int neutral = 0;
  for (int y = 0; y < board.size(); ++y) {
    for (int x = 0; x < board.size(); ++x) {
      if (score.ownership[MakePoint(x, y)] == Color::kEmpty) ++neutral;
    }
  }
  return neutral;
}

}  // namespace tengen::gtp
