// libFuzzer target for the SGF layer: any bytes go through the parser, the
// replay (failing and cutting at illegal moves) and, for every game that
// replays, the writer and a second read, which must give the same game.
// Errors must use the one SGF error format. Build and run with
// tests/fuzz/run_fuzzers.sh.
//
// fuzz-sources: engine/rules/*.cc
// fuzz-seeds: sgf_data/valid sgf_data/malformed
// fuzz-dict: tests/fuzz/sgf.dict

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/rules/sgf_game.h"
#include "engine/rules/sgf_parser.h"
#include "engine/rules/sgf_writer.h"

namespace {

void Die(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "sgf_fuzzer: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

void CheckErrorFormat(const absl::Status& status, int game_number) {
  const std::string prefix = "fuzz.sgf: game " + std::to_string(game_number) + ": ";
  const std::string_view message(status.message().data(), status.message().size());
  if (message.substr(0, prefix.size()) != prefix) Die("error without file and game", message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tengen::SgfReader reader(std::string(reinterpret_cast<const char*>(data), size), "fuzz.sgf");
  int expected_number = 0;
  while (auto game = reader.Next()) {
    ++expected_number;
    if (!game->ok()) {
      CheckErrorFormat(game->status(), expected_number);
      continue;
    }
    const tengen::SgfGameTree& tree = **game;
    if (tree.game_number() != expected_number) Die("game number", std::to_string(tree.game_number()));
    // The text helpers must cope with every value.
    for (int n = 0; n < tree.num_nodes(); ++n) {
      for (const tengen::SgfProperty& p : tree.properties(n)) {
        for (const tengen::SgfValue& v : tree.values(p)) {
          (void)tengen::SgfSimpleText(v.raw);
          (void)tengen::SplitSgfCompose(v.raw);
        }
      }
    }
    for (bool cut : {false, true}) {
      tengen::SgfReplayOptions options;
      options.stop_at_illegal_move = cut;
      absl::StatusOr<tengen::SgfReplay> replay = tengen::ReplaySgfGame(tree, options);
      if (!replay.ok()) {
        CheckErrorFormat(replay.status(), expected_number);
        continue;
      }
      if (!replay->record.cut.ok()) CheckErrorFormat(replay->record.cut, expected_number);
      const absl::Status round_trip = tengen::CheckSgfRoundTrip(*replay, options);
      if (!round_trip.ok()) {
        Die("round trip", std::string(round_trip.message()) + "\n" + tengen::WriteSgf(replay->record));
      }
    }
  }
  return 0;
}
