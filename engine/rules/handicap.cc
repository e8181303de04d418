#include "engine/rules/handicap.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <limits>
#include <vector>

#include "absl/strings/str_format.h"
#include "engine/rules/coords.h"
#include "engine/rules/game.h"

namespace tengen {

int MaxFixedHandicap(int size) {
  if (size < 7 || size > kMaxBoardSize) return 0;
  if (size == 7 || size % 2 == 0) return 4;
  return 9;
}

absl::StatusOr<std::vector<Point>> FixedHandicapPoints(int size, int stones) {
  if (absl::Status s = ValidateBoardSize(size); !s.ok()) return s;
  if (size < 7) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "fixed handicap is not defined on %dx%d (GTP allows it from 7x7)", size, size));
  }
  const int max = MaxFixedHandicap(size);
  if (stones < 2 || stones > max) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "invalid fixed handicap %d on %dx%d (2 to %d stones)", stones, size, size, max));
  }
  // Corner points on the 4-4 points from 13x13 up, else on the 3-3 points.
  const int low = size >= 13 ? 3 : 2;
  const int high = size - 1 - low;
  const int mid = size / 2;
  // x from the left, y from the top: D4 is (low, high) on every size.
  const Point d4 = MakePoint(low, high), q16 = MakePoint(high, low);
  const Point d16 = MakePoint(low, low), q4 = MakePoint(high, high);
  const Point k10 = MakePoint(mid, mid), d10 = MakePoint(low, mid), q10 = MakePoint(high, mid);
  const Point k4 = MakePoint(mid, high), k16 = MakePoint(mid, low);
  std::vector<Point> points = {d4, q16};
  if (stones >= 3) points.push_back(d16);
  if (stones >= 4) points.push_back(q4);
  if (stones >= 6) {
    points.push_back(d10);
    points.push_back(q10);
  }
  if (stones >= 8) {
    points.push_back(k4);
    points.push_back(k16);
  }
  if (stones % 2 == 1 && stones >= 5) points.push_back(k10);
  return points;
}

absl::StatusOr<std::vector<Point>> FreeHandicapPoints(int size, int stones) {
  if (absl::Status s = ValidateBoardSize(size); !s.ok()) return s;
  const int max_stones = size * size - 1;
  if (stones < 2 || stones > max_stones) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "invalid free handicap %d on %dx%d (2 to %d stones)", stones, size, size, max_stones));
  }
  const int max_fixed = MaxFixedHandicap(size);
  if (stones <= max_fixed) return FixedHandicapPoints(size, stones);

  std::vector<Point> points;
  if (max_fixed >= 2) {
    absl::StatusOr<std::vector<Point>> fixed = FixedHandicapPoints(size, max_fixed);
    if (!fixed.ok()) return fixed.status();
    points = *std::move(fixed);
  }
  // Greedy max-min spreading. The edge counts as a stone one line outside
  // the board, so stones do not drift to the first line; ties go to the
  // preferred line, then to the first point in row-major order.
  const int preferred_line = size >= 13 ? 4 : size >= 7 ? 3 : (size + 1) / 2;
  auto line_of = [size](Point p) {
    const int x = PointX(p), y = PointY(p);
    return std::min({x, y, size - 1 - x, size - 1 - y}) + 1;
  };
  std::array<int, kNumPoints> min_d2;
  std::array<bool, kNumPoints> taken{};
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      const Point p = MakePoint(x, y);
      min_d2[p] = line_of(p) * line_of(p);
    }
  }
  auto add = [&](Point s) {
    taken[s] = true;
    for (int y = 0; y < size; ++y) {
      for (int x = 0; x < size; ++x) {
        const Point p = MakePoint(x, y);
        const int dx = x - PointX(s), dy = y - PointY(s);
        min_d2[p] = std::min(min_d2[p], dx * dx + dy * dy);
      }
    }
  };
  for (Point p : points) add(p);
  while (static_cast<int>(points.size()) < stones) {
    Point best = kNoPoint;
    int best_d2 = -1;
    int best_penalty = std::numeric_limits<int>::max();
    for (int y = 0; y < size; ++y) {
      for (int x = 0; x < size; ++x) {
        const Point p = MakePoint(x, y);
        if (taken[p]) continue;
        const int penalty = std::abs(line_of(p) - preferred_line);
        if (min_d2[p] > best_d2 || (min_d2[p] == best_d2 && penalty < best_penalty)) {
          best = p;
          best_d2 = min_d2[p];
          best_penalty = penalty;
        }
      }
    }
    points.push_back(best);
    add(best);
  }
  return points;
}

absl::Status ValidateFreeHandicap(const Board& board, const std::vector<Point>& points) {
  const int size = board.size();
  const int max_stones = size * size - 1;
  if (board.num_empty() != size * size) {
    return absl::FailedPreconditionError("free handicap needs an empty board");
  }
  if (static_cast<int>(points.size()) < 2 || static_cast<int>(points.size()) > max_stones) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "invalid free handicap of %d stones on %dx%d (2 to %d stones)",
        static_cast<int>(points.size()), size, size, max_stones));
  }
  std::array<bool, kNumPoints> seen{};
  for (Point p : points) {
    if (p == kPass) return absl::InvalidArgumentError("pass is not a handicap vertex");
    if (!board.IsOnBoard(p)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("handicap point %d is off the %dx%d board", p, size, size));
    }
    if (seen[p]) {
      return absl::InvalidArgumentError(
          absl::StrFormat("handicap vertex %s is repeated", PointToGtp(p, size)));
    }
    seen[p] = true;
  }
  return absl::OkStatus();
}

}  // namespace tengen
