// libFuzzer target for the GTP engine: any bytes are split into lines,
// preprocessed and executed by one GtpEngine over a fake move generator
// (torch-free, deterministic, instant). Every command must get exactly one
// well-framed response: "=id ..." or "?id ..." with the command's id,
// ending in one empty line and containing no other; the streaming analysis
// commands "=id\n", info lines, and the same empty line. File access
// (loadsgf / printsgf FILE) is disabled. Build and run with
// tests/fuzz/run_fuzzers.sh.
//
// fuzz-sources: engine/rules/*.cc engine/gtp/gtp_protocol.cc engine/gtp/gtp_engine.cc engine/gtp/analysis_format.cc engine/gtp/time_control.cc engine/gtp/endgame.cc engine/gtp/fake_move_generator.cc
// fuzz-seeds: tests/fuzz/gtp_seed.txt
// fuzz-dict: tests/fuzz/gtp.dict

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "engine/gtp/fake_move_generator.h"
#include "engine/gtp/gtp_engine.h"
#include "engine/gtp/gtp_protocol.h"

namespace {

using tengen::gtp::Command;

void Die(std::string_view what, std::string_view line, std::string_view response) {
  std::fprintf(stderr, "gtp_fuzzer: %.*s\ncommand: %s\nresponse: %s\n",
               static_cast<int>(what.size()), what.data(),
               tengen::gtp::Printable(line, 200).c_str(),
               tengen::gtp::Printable(response, 400).c_str());
  std::abort();
}

bool IsStreaming(const std::string& name) {
  return name == "lz-analyze" || name == "kata-analyze" || name == "lz-genmove_analyze" ||
         name == "kata-genmove_analyze";
}

void CheckResponse(const std::string& line, const std::string& response, bool quit) {
  const Command command = tengen::gtp::ParseCommand(line);
  if (response.size() < 3) Die("response too short", line, response);
  if (response[0] != '=' && response[0] != '?') Die("response without = or ?", line, response);
  if (response.compare(1, command.id.size(), command.id) != 0) Die("id not echoed", line, response);
  const size_t end = response.find("\n\n");
  if (end != response.size() - 2) Die("not exactly one terminating empty line", line, response);
  const char after_id = response[1 + command.id.size()];
  const bool streamed = response[0] == '=' && IsStreaming(command.name);
  if (streamed ? after_id != '\n' : after_id != ' ') Die("bad separator after id", line, response);
  if (quit && (command.name != "quit" || response[0] != '=')) Die("unexpected quit", line, response);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tengen::gtp::FakeGeneratorOptions fake;
  fake.winrate = size % 2 == 0 ? 0.5f : 0.01f;  // exercise resignation too
  fake.always_pass = size % 3 == 0;
  tengen::gtp::FakeMoveGenerator generator(fake);
  tengen::gtp::EngineOptions options;
  options.board_size = 9;
  options.visits = 4;
  options.max_analysis_visits = 8;
  options.max_time_managed_visits = 8;
  options.endgame_playouts = 4;
  options.endgame_visits = 2;
  options.resign_min_moves = 2;
  options.allow_file_access = false;
  tengen::gtp::GtpEngine engine(&generator, options);

  const std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t start = 0;
  int polls = 0;
  const std::function<bool()> interrupted = [&polls] { return ++polls % 4 == 0; };
  while (start <= input.size()) {
    size_t newline = input.find('\n', start);
    if (newline == std::string_view::npos) newline = input.size();
    const std::optional<std::string> line =
        tengen::gtp::PreprocessLine(input.substr(start, newline - start));
    start = newline + 1;
    if (!line.has_value()) continue;
    tengen::gtp::StringOutput out;
    const bool go_on = engine.Execute(*line, out, interrupted);
    CheckResponse(*line, out.text(), !go_on);
    if (!go_on) break;
    // The game stays consistent with what the engine claims.
    if (engine.game().size() < 2 || engine.game().size() > 19) Die("bad board size", *line, "");
  }
  return 0;
}
