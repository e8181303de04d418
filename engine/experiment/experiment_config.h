#ifndef TENGEN_ENGINE_EXPERIMENT_EXPERIMENT_CONFIG_H_
#define TENGEN_ENGINE_EXPERIMENT_EXPERIMENT_CONFIG_H_

// The settings of `tengen experiment`: proto/experiment_config.proto (every
// field documented there) read from a text file or an embedded preset,
// checked, as plain structs (the CLI may not include a .pb.h, DESIGN.md).
// A file that names a preset starts from it; a repeated field the file sets
// replaces the preset's list. Errors name FILE:LINE:COL, and anchors that
// name a missing model or engine binary fail here, before any stage runs.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tengen::experiment {

inline constexpr char kImitationArm[] = "imitation";
inline constexpr char kSelfPlayZeroArm[] = "selfplay_zero";
inline constexpr char kSelfPlayBootstrapArm[] = "selfplay_bootstrap";

struct EngineAnchorSpec {
  std::string name;         // the arena player name, e.g. "gnugo:10"
  std::string player_text;  // an ArenaPlayer in text format
  int games_per_pairing = 2;
  bool last_checkpoints_only = false;
};

struct LeagueAnchorSpec {
  std::string name;
  std::string player_text;
  std::string model_path;  // "" unless a policy or search player
};

struct ExperimentSettings {
  std::string preset;
  int board_size = 19;
  std::string arch;
  std::string device = "cpu";
  int batch = 64;
  double lr = 2e-3;

  std::vector<std::string> arms;  // in the order they run
  int64_t bootstrap_from_positions = 0;
  int64_t budget_positions = 0;
  double budget_device_seconds = 0;  // > 0: compute-matched budgets
  int64_t checkpoint_every_positions = 0;

  std::vector<std::string> human_sgf;
  std::string human_split = "98/1/1";
  int64_t human_eval_positions = 0;
  std::vector<std::string> alphago_sgf;
  int64_t alphago_eval_positions = 0;

  std::string selfplay_text;           // a SelfPlayConfig, complete for the arms except init_model
  std::string checkpoint_player_text;  // an ArenaPlayer without name and model
  std::vector<LeagueAnchorSpec> league_anchors;
  int league_games_per_pairing = 2;
  std::vector<EngineAnchorSpec> engine_anchors;
  int arena_max_moves = 400;
  int arena_parallel_games = 64;
  float komi = 7.5f;
  uint64_t seed = 1;
  std::string opening_book_text;  // an OpeningBook in text format, or ""

  std::string resolved_text;  // the whole config after the preset merge (experiment.pbtxt)

  bool compute_matched() const { return budget_device_seconds > 0; }
};

// The names of the embedded presets, and one preset's text.
std::vector<std::string> PresetNames();
absl::StatusOr<std::string> PresetText(const std::string& name);

// `text` is the contents of `file_name` (for messages).
absl::StatusOr<ExperimentSettings> ParseExperimentConfig(const std::string& text, const std::string& file_name);
absl::StatusOr<ExperimentSettings> LoadExperimentConfig(const std::string& path);

// An ArenaPlayer text for a checkpoint: the checkpoint player with its name
// and model filled in.
std::string CheckpointPlayerText(const ExperimentSettings& settings, const std::string& name,
                                 const std::string& model_path);

// An arena config (text format) with these players (ArenaPlayer texts):
// round-robin, or a gauntlet against `gauntlet_opponents` when non-empty.
std::string ArenaConfigText(const ExperimentSettings& settings, const std::vector<std::string>& player_texts,
                            const std::vector<std::string>& gauntlet_opponents, int games_per_pairing);

}  // namespace tengen::experiment

#endif  // TENGEN_ENGINE_EXPERIMENT_EXPERIMENT_CONFIG_H_
