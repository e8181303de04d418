#ifndef TENGEN_ENGINE_ARENA_ARENA_CONFIG_H_
#define TENGEN_ENGINE_ARENA_ARENA_CONFIG_H_

// The settings of an arena: proto/arena_config.proto (every field
// documented there) read from a text file, completed with defaults and
// checked, as plain structs (the CLI that creates LibTorch backends may not
// include the generated .pb.h, docs/DESIGN.md). Errors name FILE:LINE:COL:
// unknown fields, bad values, players whose model file or engine binary is
// missing, and schedule mistakes, all before any game is played.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tengen::arena {

struct PlayerSpec {
  enum class Kind { kSearch, kPolicy, kGtp, kRandom };
  Kind kind = Kind::kRandom;
  std::string name;
  // kSearch, kPolicy.
  std::string model_path;
  int visits = 64;  // kSearch
  bool gumbel = false;
  int gumbel_considered_actions = 16;
  float c_puct = 1.25f;
  float temperature = 0;        // 0: the best move
  int temperature_moves = 0;    // 0: every move
  float resign_threshold = -1;  // -1 or lower: never
  // kGtp: argv, commands sent after each start, and the per-command limit.
  std::vector<std::string> gtp_command;
  std::vector<std::string> gtp_setup_commands;
  double move_timeout_seconds = 60;

  bool uses_model() const { return kind == Kind::kSearch || kind == Kind::kPolicy; }
  // The player's settings in one line (SGF comments, logs):
  // "search model=m.tgm visits=64 puct c=1.25 temperature=0".
  std::string Describe() const;
};

enum class ScheduleKind { kRoundRobin, kGauntlet, kHeadToHead };

struct ArenaConfig {
  std::vector<PlayerSpec> players;
  ScheduleKind schedule = ScheduleKind::kRoundRobin;
  std::vector<std::string> gauntlet_opponents;  // names
  int games_per_pairing = 2;
  int board_size = 9;
  float komi = 7.0f;
  bool tromp_taylor = false;  // else Chinese (no suicide)
  int max_moves = 243;
  uint64_t seed = 1;
  // Opening book (empty `opening_sgf`: none).
  std::vector<std::string> opening_sgf;
  int opening_moves = 0;
  int max_openings = 0;
  int parallel_games = 256;
  int engine_parallel_games = 1;
  std::map<std::string, double> rating_anchors;
  // The config file in canonical text format (kept in the output folder).
  std::string canonical_text;

  // The index of the player with this name, or -1.
  int PlayerIndex(const std::string& name) const;
};

// Parses `text` (the contents of `file_name`, for messages), completes the
// defaults and checks everything, including that model files and engine
// binaries exist.
absl::StatusOr<ArenaConfig> ParseArenaConfig(const std::string& text, const std::string& file_name);
absl::StatusOr<ArenaConfig> LoadArenaConfig(const std::string& path);

// Whether argv[0] names an executable file (looked up in PATH when it has no
// '/'); the error says which.
absl::Status CheckExecutable(const std::string& program);

}  // namespace tengen::arena

#endif  // TENGEN_ENGINE_ARENA_ARENA_CONFIG_H_
