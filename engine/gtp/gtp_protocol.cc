#include "engine/gtp/gtp_protocol.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tengen::gtp {
namespace {

bool IsDroppedControl(unsigned char c) { return (c < 32 && c != '\t' && c != '\n') || c == 127; }

// Response text must not end the response early: no empty line inside, no
// trailing line breaks.
std::string FrameText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\r') continue;
    if (c == '\n' && !out.empty() && out.back() == '\n') out += ' ';
    out += c;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string Frame(char status, std::string_view id, std::string_view text) {
  return absl::StrCat(std::string(1, status), absl::string_view(id.data(), id.size()), " ",
                      FrameText(text), "\n\n");
}

}  // namespace

std::optional<std::string> PreprocessLine(std::string_view raw) {
  std::string line;
  line.reserve(raw.size());
  for (char ch : raw) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '#') break;
    if (IsDroppedControl(c) || c == '\n') continue;
    line += c == '\t' ? ' ' : ch;
  }
  const size_t first = line.find_first_not_of(' ');
  if (first == std::string::npos) return std::nullopt;
  const size_t last = line.find_last_not_of(' ');
  return line.substr(first, last - first + 1);
}

Command ParseCommand(std::string_view line) {
  Command command;
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) tokens.emplace_back(line.substr(start, i - start));
  }
  size_t next = 0;
  if (!tokens.empty() &&
      tokens[0].find_first_not_of("0123456789") == std::string::npos) {
    command.id = tokens[0];
    next = 1;
  }
  if (next < tokens.size()) command.name = tokens[next++];
  command.args.assign(tokens.begin() + static_cast<std::ptrdiff_t>(next), tokens.end());
  return command;
}

std::string FormatSuccess(std::string_view id, std::string_view text) { return Frame('=', id, text); }

std::string FormatFailure(std::string_view id, std::string_view message) {
  return Frame('?', id, message);
}

std::string Printable(std::string_view text, size_t max_chars) {
  std::string out;
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 32 && c < 127) {
      out += ch;
    } else {
      out += absl::StrFormat("\\x%02x", c);
    }
    if (out.size() >= max_chars) {
      if (out.size() < text.size()) out += "...";
      break;
    }
  }
  return out;
}

}  // namespace tengen::gtp
