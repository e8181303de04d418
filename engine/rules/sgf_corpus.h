#ifndef TENGEN_ENGINE_RULES_SGF_CORPUS_H_
#define TENGEN_ENGINE_RULES_SGF_CORPUS_H_

// Walking SGF files and folders: parse and replay every game, count, and
// collect one line per problem. Shared by `tengen sgf check` and the corpus
// integration test.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/rules/sgf_game.h"
#include "engine/rules/sgf_parser.h"

namespace tengen {

// The files named and every *.sgf (any case) under the folders named,
// recursively, each folder's files sorted by path. A path that does not
// exist or cannot be listed becomes a problem line instead.
struct SgfFileList {
  std::vector<std::string> files;
  std::vector<std::string> problems;
};
SgfFileList CollectSgfFiles(const std::vector<std::string>& paths);

struct SgfCheckOptions {
  SgfReplayOptions replay;
  // Also write every replayed game and read it back (CheckSgfRoundTrip).
  bool round_trip = false;
  // Called for every game that replayed (before the round trip check).
  std::function<void(const SgfGameTree&, const SgfReplay&)> on_game;
};

struct SgfCheckResult {
  int64_t files = 0;
  int64_t games = 0;   // game trees seen, broken ones included
  int64_t ok = 0;
  int64_t errors = 0;  // games that failed, plus paths/files that could not be read
  int64_t moves = 0;   // moves replayed in the games that are ok
  double seconds = 0;
  std::vector<std::string> problems;  // one line each: "FILE: game N: LINE:COL: message"

  // "games=N ok=N errors=N moves=N seconds=S"
  std::string Summary() const;
};

// Parses and replays every game of every path (files or folders).
SgfCheckResult CheckSgfPaths(const std::vector<std::string>& paths,
                             const SgfCheckOptions& options = {});

}  // namespace tengen

#endif  // TENGEN_ENGINE_RULES_SGF_CORPUS_H_
