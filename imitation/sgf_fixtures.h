#ifndef TENGEN_IMITATION_SGF_FIXTURES_H_
#define TENGEN_IMITATION_SGF_FIXTURES_H_

// SGF game texts for imitation tests (tests only): legal games of any
// length whose stones never touch (every move on a point with x + y even),
// so they contain no captures, suicides or ko.

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"

namespace tengen::imitation::testing {

struct SgfFixture {
  int variant = 0;
  int moves = 40;
  int size = 19;
  std::string date = "2005-03-01";  // "" for no DT
  std::string result = "B+R";        // "" for no RE
  std::string black_rank = "9d";
  std::string white_rank = "9d";
  std::string black = "alice";
  std::string extra_root;            // e.g. "HA[2]AB[dd][pp]"
  int illegal_at = -1;               // this move repeats the previous point
};

inline std::string SgfPoint(int x, int y) {
  return absl::StrFormat("%c%c", static_cast<char>('a' + x), static_cast<char>('a' + y));
}

// The non-touching points of the board in the fixture's order.
inline std::vector<std::pair<int, int>> FixturePoints(int variant, int size) {
  std::vector<std::pair<int, int>> points;
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      if ((x + y) % 2 == 0) points.emplace_back(x, y);
    }
  }
  std::mt19937 rng(variant);
  std::shuffle(points.begin(), points.end(), rng);
  return points;
}

inline std::string MakeSgf(const SgfFixture& f) {
  std::string sgf = absl::StrFormat("(;GM[1]FF[4]CA[UTF-8]SZ[%d]KM[6.5]", f.size);
  if (!f.date.empty()) absl::StrAppendFormat(&sgf, "DT[%s]", f.date);
  absl::StrAppendFormat(&sgf, "PB[%s]BR[%s]PW[bob]WR[%s]", f.black, f.black_rank, f.white_rank);
  if (!f.result.empty()) absl::StrAppendFormat(&sgf, "RE[%s]", f.result);
  sgf += f.extra_root;
  const std::vector<std::pair<int, int>> points = FixturePoints(f.variant, f.size);
  for (int i = 0; i < f.moves; ++i) {
    const auto& p = points[i == f.illegal_at ? i - 1 : i];
    absl::StrAppendFormat(&sgf, ";%c[%s]", i % 2 == 0 ? 'B' : 'W', SgfPoint(p.first, p.second));
  }
  return sgf + ")\n";
}

}  // namespace tengen::imitation::testing

#endif  // TENGEN_IMITATION_SGF_FIXTURES_H_
