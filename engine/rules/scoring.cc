#include "engine/rules/scoring.h"

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tengen {
namespace {

constexpr int kNoRegion = -1;

Ownership OffboardOwnership(const Board& board) {
  Ownership own;
  own.fill(Color::kOffboard);
  for (int y = 0; y < board.size(); ++y) {
    for (int x = 0; x < board.size(); ++x) own[MakePoint(x, y)] = Color::kEmpty;
  }
  return own;
}

// Connected components of the points for which `member(p)` holds. Fills
// `region_of` with a component index per member point (kNoRegion elsewhere)
// and returns the points of each component.
template <typename Member>
std::vector<std::vector<Point>> Regions(const Board& board, Member member,
                                        std::array<int, kNumPoints>& region_of) {
  region_of.fill(kNoRegion);
  std::vector<std::vector<Point>> regions;
  std::vector<Point> stack;
  for (int y = 0; y < board.size(); ++y) {
    for (int x = 0; x < board.size(); ++x) {
      const Point start = MakePoint(x, y);
      if (region_of[start] != kNoRegion || !member(start)) continue;
      const int id = static_cast<int>(regions.size());
      regions.emplace_back();
      region_of[start] = id;
      stack.push_back(start);
      while (!stack.empty()) {
        const Point p = stack.back();
        stack.pop_back();
        regions[id].push_back(p);
        for (int d : Board::kNeighbourOffsets) {
          const Point n = static_cast<Point>(p + d);
          if (board.IsOnBoard(n) && region_of[n] == kNoRegion && member(n)) {
            region_of[n] = id;
            stack.push_back(n);
          }
        }
      }
    }
  }
  return regions;
}

// Which colours' stones border a set of empty points: bit 1 black, bit 2 white.
int BorderColours(const Board& board, const std::vector<Point>& points) {
  int mask = 0;
  for (Point p : points) {
    for (int d : Board::kNeighbourOffsets) {
      const Color c = board.at(static_cast<Point>(p + d));
      if (c == Color::kBlack) mask |= 1;
      if (c == Color::kWhite) mask |= 2;
    }
  }
  return mask;
}

// Benson's algorithm for one colour; marks proven stones and territory in
// `own` (only where it is still kEmpty).
void MarkPassAlive(const Board& board, Color colour, Ownership& own) {
  // Blocks: strings of `colour`, numbered by their head.
  std::array<int, kNumPoints> block_of;
  block_of.fill(-1);
  std::vector<Point> block_heads;
  for (int y = 0; y < board.size(); ++y) {
    for (int x = 0; x < board.size(); ++x) {
      const Point p = MakePoint(x, y);
      if (board.at(p) != colour) continue;
      const Point head = board.StringHead(p);
      if (block_of[head] == -1) {
        block_of[head] = static_cast<int>(block_heads.size());
        block_heads.push_back(head);
      }
      block_of[p] = block_of[head];
    }
  }
  const int num_blocks = static_cast<int>(block_heads.size());
  if (num_blocks == 0) return;

  // Regions: maximal connected sets of points not holding `colour`.
  std::array<int, kNumPoints> region_of;
  const std::vector<std::vector<Point>> regions =
      Regions(board, [&](Point p) { return board.at(p) != colour; }, region_of);
  const int num_regions = static_cast<int>(regions.size());

  // For each region: its bordering blocks, the blocks it is vital to (every
  // empty point of the region is a liberty of the block), and how many of its
  // empty points touch no `colour` stone at all.
  std::vector<std::vector<int>> bordering(num_regions);
  std::vector<std::vector<int>> vital_to(num_regions);
  std::vector<int> interior_empty(num_regions, 0);
  std::vector<int> empty_count(num_regions, 0);
  std::vector<int> mark(num_blocks, -1);
  std::vector<int> adjacent_empties(num_blocks, 0);
  for (int r = 0; r < num_regions; ++r) {
    std::vector<int>& blocks = bordering[r];
    for (Point p : regions[r]) {
      const bool empty = board.at(p) == Color::kEmpty;
      empty_count[r] += empty;
      bool touches_colour = false;
      // Blocks adjacent to this point, each counted once per point.
      std::array<int, 4> here{};
      int num_here = 0;
      for (int d : Board::kNeighbourOffsets) {
        const Point n = static_cast<Point>(p + d);
        const int b = block_of[n];
        if (b < 0) continue;
        touches_colour = true;
        bool dup = false;
        for (int i = 0; i < num_here; ++i) dup |= here[i] == b;
        if (dup) continue;
        here[num_here++] = b;
        if (mark[b] != r) {
          mark[b] = r;
          adjacent_empties[b] = 0;
          blocks.push_back(b);
        }
        if (empty) ++adjacent_empties[b];
      }
      if (empty && !touches_colour) ++interior_empty[r];
    }
    // A region without empty points cannot occur in a legal position (its
    // enemy stones would have no liberty); never let it count as an eye.
    if (empty_count[r] == 0) continue;
    for (int b : blocks) {
      if (adjacent_empties[b] == empty_count[r]) vital_to[r].push_back(b);
    }
  }

  // Iterate: drop blocks with fewer than two healthy vital regions, then
  // regions bordered by a dropped block, until nothing changes.
  std::vector<bool> block_alive(num_blocks, true);
  std::vector<bool> region_healthy(num_regions, true);
  for (bool changed = true; changed;) {
    changed = false;
    std::vector<int> vital_count(num_blocks, 0);
    for (int r = 0; r < num_regions; ++r) {
      if (!region_healthy[r]) continue;
      for (int b : vital_to[r]) ++vital_count[b];
    }
    for (int b = 0; b < num_blocks; ++b) {
      if (block_alive[b] && vital_count[b] < 2) {
        block_alive[b] = false;
        changed = true;
      }
    }
    for (int r = 0; r < num_regions; ++r) {
      if (!region_healthy[r]) continue;
      for (int b : bordering[r]) {
        if (!block_alive[b]) {
          region_healthy[r] = false;
          changed = true;
          break;
        }
      }
    }
  }

  for (int y = 0; y < board.size(); ++y) {
    for (int x = 0; x < board.size(); ++x) {
      const Point p = MakePoint(x, y);
      if (block_of[p] >= 0 && block_alive[block_of[p]] && own[p] == Color::kEmpty) {
        own[p] = colour;
      }
    }
  }
  for (int r = 0; r < num_regions; ++r) {
    // Healthy regions border only alive blocks; a region bordering no block
    // at all (no such colour stone around it) proves nothing.
    if (!region_healthy[r] || bordering[r].empty() || interior_empty[r] > 1) continue;
    for (Point p : regions[r]) {
      if (own[p] == Color::kEmpty) own[p] = colour;
    }
  }
}

}  // namespace

Score AreaScore(const Board& board, float komi) {
  Score score;
  score.ownership = OffboardOwnership(board);
  std::array<int, kNumPoints> region_of;
  const std::vector<std::vector<Point>> regions =
      Regions(board, [&](Point p) { return board.at(p) == Color::kEmpty; }, region_of);
  int black = 0;
  int white = 0;
  for (const std::vector<Point>& region : regions) {
    const int mask = BorderColours(board, region);
    if (mask != 1 && mask != 2) continue;
    const Color owner = mask == 1 ? Color::kBlack : Color::kWhite;
    for (Point p : region) score.ownership[p] = owner;
    (owner == Color::kBlack ? black : white) += static_cast<int>(region.size());
  }
  for (int y = 0; y < board.size(); ++y) {
    for (int x = 0; x < board.size(); ++x) {
      const Point p = MakePoint(x, y);
      const Color c = board.at(p);
      if (c == Color::kBlack || c == Color::kWhite) {
        score.ownership[p] = c;
        (c == Color::kBlack ? black : white) += 1;
      }
    }
  }
  score.black = static_cast<float>(black);
  score.white = static_cast<float>(white) + komi;
  return score;
}

Score TerritoryScore(const Board& board, const std::vector<Point>& dead, float komi,
                     const std::vector<Point>& seki) {
  Board after = board;
  int black_prisoners = board.captures(Color::kBlack);
  int white_prisoners = board.captures(Color::kWhite);
  for (Point p : dead) {
    if (!after.IsOnBoard(p)) continue;
    const Color c = after.at(p);
    if (c != Color::kBlack && c != Color::kWhite) continue;  // listed twice
    const int stones = after.StringSize(p);
    after.RemoveString(p);
    (c == Color::kBlack ? white_prisoners : black_prisoners) += stones;
  }

  std::array<bool, kNumPoints> in_seki{};
  for (Point p : seki) {
    if (!after.IsOnBoard(p) || after.at(p) == Color::kEmpty) continue;
    const Point head = after.StringHead(p);
    Point q = head;
    do {
      in_seki[q] = true;
      q = after.NextInString(q);
    } while (q != head);
  }

  Score score;
  score.ownership = OffboardOwnership(after);
  std::array<int, kNumPoints> region_of;
  const std::vector<std::vector<Point>> regions =
      Regions(after, [&](Point p) { return after.at(p) == Color::kEmpty; }, region_of);
  int black = black_prisoners;
  int white = white_prisoners;
  for (const std::vector<Point>& region : regions) {
    const int mask = BorderColours(after, region);
    if (mask != 1 && mask != 2) continue;
    bool touches_seki = false;
    for (Point p : region) {
      for (int d : Board::kNeighbourOffsets) touches_seki |= in_seki[p + d];
    }
    if (touches_seki) continue;
    const Color owner = mask == 1 ? Color::kBlack : Color::kWhite;
    for (Point p : region) score.ownership[p] = owner;
    (owner == Color::kBlack ? black : white) += static_cast<int>(region.size());
  }
  for (int y = 0; y < after.size(); ++y) {
    for (int x = 0; x < after.size(); ++x) {
      const Point p = MakePoint(x, y);
      const Color c = after.at(p);
      if (c == Color::kBlack || c == Color::kWhite) score.ownership[p] = c;
    }
  }
  score.black = static_cast<float>(black);
  score.white = static_cast<float>(white) + komi;
  return score;
}

Ownership PassAliveOwnership(const Board& board) {
  Ownership own = OffboardOwnership(board);
  MarkPassAlive(board, Color::kBlack, own);
  MarkPassAlive(board, Color::kWhite, own);
  return own;
}

std::string ResultString(float margin) {
  // Margins are whole or half points; anything closer to zero is a draw.
  if (std::fabs(margin) < 0.25f) return "0";
  return absl::StrCat(margin > 0 ? "B+" : "W+", std::fabs(margin));
}

}  // namespace tengen
