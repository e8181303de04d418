#ifndef TENGEN_IMITATION_PREPARE_H_
#define TENGEN_IMITATION_PREPARE_H_

// `tengen imitate prepare`: human SGF collections -> filtered, deduplicated,
// split GameRecord shards plus a manifest. Workers parse, filter and replay
// batches of documents in parallel; one thread merges their results in input
// order (so the output never depends on the thread count), drops duplicates
// by game hash and writes the shards. The split depends only on the game
// hash. On failure every file this run wrote is removed again; the manifest,
// written last, marks a complete directory.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/data/game_hash.h"
#include "engine/data/manifest.h"
#include "imitation/game_filter.h"

namespace tengen::imitation {

struct PrepareOptions {
  std::vector<std::string> inputs;  // files, folders, archives
  std::string out_dir;
  GameFilterOptions filter;
  data::SplitSpec split;
  int games_per_shard = 4096;
  int threads = 1;  // 0: every core
  // Replace an existing shard directory (its manifest and shards).
  bool overwrite = false;
  // Print progress lines (games/s, ETA) to stderr.
  bool progress = true;
  // Test hook: the writer fails after this many kept games (< 0: never).
  int64_t fail_after_games_for_testing = -1;
};

struct PrepareSummary {
  data::ManifestData manifest;
  int64_t games_kept = 0;
  int64_t games_cut = 0;  // kept, but cut before an illegal move
  double seconds = 0;
  // A few example reasons per rejection, for the report.
  std::map<std::string, std::vector<std::string>> examples;
};

absl::StatusOr<PrepareSummary> PrepareShards(const PrepareOptions& options);

// Every game of `inputs` that passes `filter`, converted, in input order
// (duplicates kept): evaluation on SGF files. Rejections are counted by
// reason into `rejections` when given.
absl::StatusOr<std::vector<data::RecordedGame>> ReadSgfGames(
    const std::vector<std::string>& inputs, const GameFilterOptions& filter,
    std::map<std::string, int64_t>* rejections = nullptr);

// Multi-line human summary: counts per split, rejections by reason, rate.
std::string FormatPrepareSummary(const PrepareSummary& summary);

}  // namespace tengen::imitation

#endif  // TENGEN_IMITATION_PREPARE_H_
