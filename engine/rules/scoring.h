#ifndef TENGEN_ENGINE_RULES_SCORING_H_
#define TENGEN_ENGINE_RULES_SCORING_H_

// Counting a finished position: area (Tromp-Taylor) and territory
// (Japanese-style, given the dead stones), and Benson's pass-alive analysis,
// which proves stones unconditionally alive and regions unconditionally
// owned so that scoring and cleanup never misjudge them.

#include <array>
#include <string>
#include <vector>

#include "engine/rules/board.h"

namespace tengen {

// Owner of each point: kBlack / kWhite / kEmpty (neutral, dame or seki).
// Off-board entries are kOffboard.
using Ownership = std::array<Color, kNumPoints>;

struct Score {
  float black = 0;  // points counted for black (komi not included)
  float white = 0;  // points counted for white, komi included
  float margin() const { return black - white; }  // > 0: black wins
  Ownership ownership;
};

// Tromp-Taylor: a player's stones plus empty regions that reach only that
// player's stones. Komi goes to white. An empty region that reaches no stone
// at all (the empty board) is neutral.
Score AreaScore(const Board& board, float komi);

// Japanese-style territory count. The `dead` strings are removed first: each
// removed stone is a prisoner for the other side and its point becomes part
// of the surrounding region. Each side then scores the empty regions bordered
// only by its own stones, plus all prisoners (board.captures() and the dead
// stones). Regions bordered by both colours are neutral (dame, shared
// liberties of a seki). `seki` lists stones (any stone of a string stands for
// the string) that are alive in seki: an otherwise single-coloured region
// that touches one of them is an eye in seki and is neutral too, as the
// Japanese rules (1989, article 8) require. Stones themselves never score.
Score TerritoryScore(const Board& board, const std::vector<Point>& dead, float komi,
                     const std::vector<Point>& seki = {});

// Benson's algorithm (unconditional life), run for each colour. A string is
// pass-alive when the opponent cannot capture it even with any number of
// moves in a row while its owner passes. A region (connected empty or enemy
// points) enclosed only by pass-alive strings is pass-alive territory when at
// most one of its empty points is not adjacent to the enclosing stones (then
// the opponent cannot make two eyes there: suicide must be forbidden); enemy
// stones inside it are dead. For each point: the colour whose pass-alive
// stone or territory it is, kEmpty where nothing is proven.
Ownership PassAliveOwnership(const Board& board);

// "SGF result" text: "B+3.5", "W+0.5", "0" (draw), from a margin.
std::string ResultString(float margin);

}  // namespace tengen

#endif  // TENGEN_ENGINE_RULES_SCORING_H_
