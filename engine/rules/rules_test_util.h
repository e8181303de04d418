#ifndef TENGEN_ENGINE_RULES_RULES_TEST_UTIL_H_
#define TENGEN_ENGINE_RULES_RULES_TEST_UTIL_H_

// Helpers for the rules tests: boards from text diagrams and GTP vertices.

#include <string>
#include <string_view>
#include <vector>

#include "absl/base/internal/raw_logging.h"
#include "engine/rules/board.h"
#include "engine/rules/coords.h"

namespace tengen::testing {

// Rows from the top; 'X' black, 'O' white, '.' or '+' empty; spaces are
// ignored. The board is square with the number of rows as its size.
inline Board BoardFromDiagram(const std::vector<std::string>& rows) {
  const int size = static_cast<int>(rows.size());
  Board board(size);
  for (int y = 0; y < size; ++y) {
    int x = 0;
    for (char ch : rows[y]) {
      if (ch == ' ') continue;
      ABSL_RAW_CHECK(x < size, "diagram row too long");
      if (ch == 'X') board.Place(MakePoint(x, y), Color::kBlack);
      if (ch == 'O') board.Place(MakePoint(x, y), Color::kWhite);
      ++x;
    }
    ABSL_RAW_CHECK(x == size, "diagram row has the wrong length");
  }
  return board;
}

// The stones of a diagram as setup lists, for Game::PlaceSetupStones.
inline void DiagramStones(const std::vector<std::string>& rows, std::vector<Point>* black,
                          std::vector<Point>* white) {
  const Board board = BoardFromDiagram(rows);
  for (int y = 0; y < board.size(); ++y) {
    for (int x = 0; x < board.size(); ++x) {
      const Point p = MakePoint(x, y);
      if (board.at(p) == Color::kBlack) black->push_back(p);
      if (board.at(p) == Color::kWhite) white->push_back(p);
    }
  }
}

// A GTP vertex ("D4", "pass") that the test knows to be valid.
inline Point V(std::string_view vertex, int size) {
  absl::StatusOr<Point> p = GtpToPoint(vertex, size);
  ABSL_RAW_CHECK(p.ok(), "bad vertex in test");
  return *p;
}

// Rows of 'X', 'O', '.' from the top, the inverse of BoardFromDiagram.
inline std::vector<std::string> DiagramOf(const Board& board) {
  std::vector<std::string> rows;
  for (int y = 0; y < board.size(); ++y) {
    std::string row;
    for (int x = 0; x < board.size(); ++x) {
      const Color c = board.at(MakePoint(x, y));
      row += c == Color::kBlack ? 'X' : c == Color::kWhite ? 'O' : '.';
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace tengen::testing

#endif  // TENGEN_ENGINE_RULES_RULES_TEST_UTIL_H_
