#ifndef TENGEN_SELFPLAY_SELFPLAY_CONFIG_H_
#define TENGEN_SELFPLAY_SELFPLAY_CONFIG_H_

// The settings of a self-play run: proto/selfplay_config.proto (every field
// documented there) read from a text file, overridden by flags, completed
// with the defaults for the hardware, and checked. Plain struct: the
// worker and trainer wiring compiles next to LibTorch and may not include
// the generated .pb.h (docs/DESIGN.md).

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "selfplay/run_storage.h"

namespace tengen::selfplay {

struct SelfPlaySettings {
  // The game.
  int board_size = 9;
  float komi = 7.0f;
  int max_game_moves = 243;
  // The network.
  std::string arch = "b2c16";
  std::string init_model;
  uint64_t seed = 1;
  // Search.
  int parallel_games = 32;
  int full_visits = 64;
  int cheap_visits = 16;
  float full_search_fraction = 0.25f;
  float dirichlet_alpha_scale = 10.83f;
  float dirichlet_epsilon = 0.25f;
  float early_temperature = 0.75f;
  float late_temperature = 0.15f;
  float temperature_halflife_moves = 4.26f;
  bool gumbel = false;
  int gumbel_considered_actions = 16;
  float forced_playouts_k = 0;
  bool policy_target_pruning = false;
  float c_puct = 1.25f;
  // Resignation.
  float resign_threshold = -0.9f;
  float no_resign_fraction = 0.1f;
  float target_false_resign_rate = 0;
  int resign_calibration_games = 100;
  // Output.
  int shard_games = 64;
  double shard_seconds = 300;
  int sgf_every_games = 0;
  double model_poll_seconds = 10;
  double stale_temporary_seconds = 3600;
  // Training.
  int64_t samples_per_export = 16384;
  int batch = 128;
  double lr = 1e-3;
  double max_samples_per_position = 4;
  int64_t window_min_positions = 56094;
  double window_expand = 0.4;
  double window_taper = 0.65;
  int64_t min_positions_to_train = 14023;
  int64_t checkpoint_every_steps = 200;
  // Gating.
  bool gating = false;
  double gating_elo0 = 0;
  double gating_elo1 = 35;
  double gating_alpha = 0.05;
  double gating_beta = 0.05;
  int gating_visits = 64;
  int gating_max_games = 400;
  // One machine.
  int workers = 1;
  std::string device = "auto";
  int torch_threads = 0;

  // The config as given (file and overrides, before defaults), in canonical
  // text format: what the run folder keeps and compares on restart.
  std::string given_text;
};

// Parses `text` (the contents of `file_name`, for messages), merges
// `overrides` (text-format fields, e.g. "board_size: 9 full_visits: 32")
// over it, and completes the defaults. device "auto" becomes "cuda" when
// `cuda_available`, else "cpu"; a CUDA device selects the GPU defaults.
// Errors name file:line:column (the overrides as "--set").
absl::StatusOr<SelfPlaySettings> ParseSelfPlayConfig(const std::string& text, const std::string& file_name,
                                                     const std::string& overrides, bool cuda_available);
// The same from a file ("" for no file: only defaults and overrides).
absl::StatusOr<SelfPlaySettings> LoadSelfPlayConfig(const std::string& path, const std::string& overrides,
                                                    bool cuda_available);

// The run folder keeps the config it was started with (config.pbtxt, as
// given: file plus overrides, before defaults). A different one is refused
// with a message naming both, unless `force` (then it replaces the stored
// one); a run folder without one gets this one.
absl::Status CheckOrStoreRunConfig(RunStorage& storage, const SelfPlaySettings& settings, bool force);
inline constexpr char kRunConfigFile[] = "config.pbtxt";

// The search settings as one line (GameRecord.search_settings, logs).
std::string DescribeSearch(const SelfPlaySettings& settings);

}  // namespace tengen::selfplay

#endif  // TENGEN_SELFPLAY_SELFPLAY_CONFIG_H_
