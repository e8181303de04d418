#ifndef TENGEN_ENGINE_RULES_COORDS_H_
#define TENGEN_ENGINE_RULES_COORDS_H_

// Text forms of moves. GTP vertices are column letter A..T skipping I, then
// the row counted from the bottom ("D4", "pass", case-insensitive on input).
// SGF points are two letters, column then row from the top ("dp"); "" and,
// on boards up to 19x19, "tt" mean pass.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/rules/board.h"

namespace tengen {

std::string PointToGtp(Point p, int size);  // "D4", "pass", "resign"
absl::StatusOr<Point> GtpToPoint(std::string_view vertex, int size);

std::string PointToSgf(Point p, int size);  // "dp", "" for pass
absl::StatusOr<Point> SgfToPoint(std::string_view text, int size);

}  // namespace tengen

#endif  // TENGEN_ENGINE_RULES_COORDS_H_
