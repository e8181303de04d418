#include "engine/rules/coords.h"

#include <cctype>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"

namespace tengen {
namespace {

constexpr char kGtpColumns[] = "ABCDEFGHJKLMNOPQRST";

}  // namespace

std::string PointToGtp(Point p, int size) {
  if (p == kPass) return "pass";
  if (p == kResign) return "resign";
  const int x = PointX(p);
  const int y = PointY(p);
  if (x < 0 || x >= size || y < 0 || y >= size) return "??";
  return absl::StrFormat("%c%d", kGtpColumns[x], size - y);
}

absl::StatusOr<Point> GtpToPoint(std::string_view vertex, int size) {
  const std::string lower = absl::AsciiStrToLower(std::string(vertex));
  if (lower == "pass") return kPass;
  if (lower == "resign") return kResign;
  if (lower.size() < 2 || lower.size() > 3 || !std::isalpha(static_cast<unsigned char>(lower[0]))) {
    return absl::InvalidArgumentError(absl::StrFormat("invalid vertex '%s'", vertex));
  }
  const char letter = static_cast<char>(std::toupper(static_cast<unsigned char>(lower[0])));
  if (letter == 'I') {
    return absl::InvalidArgumentError(
        absl::StrFormat("invalid vertex '%s': GTP skips the letter I", vertex));
  }
  int x = letter - 'A';
  if (letter > 'I') --x;
  int row = 0;
  if (!absl::SimpleAtoi(lower.substr(1), &row) || !std::isdigit(static_cast<unsigned char>(lower[1]))) {
    return absl::InvalidArgumentError(absl::StrFormat("invalid vertex '%s'", vertex));
  }
  if (x < 0 || x >= size || row < 1 || row > size) {
    return absl::InvalidArgumentError(
        absl::StrFormat("vertex '%s' is off the %dx%d board", vertex, size, size));
  }
  return MakePoint(x, size - row);
}

std::string PointToSgf(Point p, int size) {
  if (p == kPass) return "";
  const int x = PointX(p);
  const int y = PointY(p);
  if (x < 0 || x >= size || y < 0 || y >= size) return "";
  return std::string{static_cast<char>('a' + x), static_cast<char>('a' + y)};
}

absl::StatusOr<Point> SgfToPoint(std::string_view text, int size) {
  if (text.empty()) return kPass;
  if (text == "tt" && size <= 19) return kPass;
  if (text.size() != 2) {
    return absl::InvalidArgumentError(absl::StrFormat("invalid SGF point '%s'", text));
  }
  auto decode = [](char c) -> int {
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= 'A' && c <= 'Z') return c - 'A' + 26;
    return -1;
  };
  const int x = decode(text[0]);
  const int y = decode(text[1]);
  if (x < 0 || y < 0 || x >= size || y >= size) {
    return absl::InvalidArgumentError(
        absl::StrFormat("SGF point '%s' is off the %dx%d board", text, size, size));
  }
  return MakePoint(x, y);
}

}  // namespace tengen
