#ifndef TENGEN_ENGINE_GTP_GTP_PROTOCOL_H_
#define TENGEN_ENGINE_GTP_GTP_PROTOCOL_H_

// The wire format of GTP version 2 (engine side): input preprocessing,
// command parsing and response framing, as pure functions so that the loop,
// the engine and the fuzzer share one implementation.
//
// Preprocessing (GTP 2, section 3.1): control characters other than HT and
// LF are removed (CR included, so CRLF input works), everything from '#' on
// is a comment, HT becomes a space, and a line that is then empty or only
// whitespace is not a command at all (no response).
//
// Responses: "=[id] text\n\n" and "?[id] message\n\n". There is always one
// space after "=id" (GNU Go does the same, and every controller accepts it);
// a multi-line text keeps its line breaks but never contains an empty line,
// which would end the response early.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tengen::gtp {

struct Command {
  std::string id;    // the digits as sent, "" when the command had no id
  std::string name;  // as sent (commands are case-sensitive in GTP)
  std::vector<std::string> args;
};

// Applies the preprocessing rules to one line (without its '\n'). Returns
// the line with leading and trailing spaces trimmed, or nullopt when nothing
// is left (the line must then be ignored).
std::optional<std::string> PreprocessLine(std::string_view raw);

// Splits a preprocessed line into id, name and arguments. A line that holds
// only an id gets an empty name (answered with an error by the engine).
Command ParseCommand(std::string_view line);

// "=id text\n\n" / "?id message\n\n", with the text made safe for framing:
// trailing line breaks dropped and empty lines inside it given one space.
std::string FormatSuccess(std::string_view id, std::string_view text);
std::string FormatFailure(std::string_view id, std::string_view message);

// A short printable rendering of untrusted input for error messages: at most
// `max_chars` bytes, bytes outside printable ASCII shown as \xNN.
std::string Printable(std::string_view text, size_t max_chars = 40);

}  // namespace tengen::gtp

#endif  // TENGEN_ENGINE_GTP_GTP_PROTOCOL_H_
