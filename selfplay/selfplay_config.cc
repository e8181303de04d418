#include "selfplay/selfplay_config.h"

#include <google/protobuf/text_format.h>

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/data/text_config.h"
#include "proto/selfplay_config.pb.h"

namespace tengen::selfplay {
namespace {

template <typename T>
T Or(T value, T fallback) {
  return value != T{} ? value : fallback;
}

// A value out of range, reported as "field\nmessage" until the caller puts
// the field's position in front.
absl::Status Bad(const std::string& field, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(field, "\n", what));
}

absl::Status Validate(const SelfPlaySettings& s) {
  if (s.board_size < 2 || s.board_size > 19) return Bad("board_size", "board_size must be 2..19");
  if (s.device != "cpu" && s.device != "cuda" && s.device.rfind("cuda:", 0) != 0) {
    return Bad("device", absl::StrFormat("device '%s' is not cpu, cuda or auto", s.device));
  }
  if (s.max_game_moves < 2) return Bad("max_game_moves", "max_game_moves must be at least 2");
  if (s.parallel_games < 1) return Bad("parallel_games", "parallel_games must be positive");
  if (s.full_visits < 1 || s.cheap_visits < 1)
    return Bad("full_visits", "full_visits and cheap_visits must be positive");
  if (s.cheap_visits > s.full_visits) return Bad("cheap_visits", "cheap_visits must not exceed full_visits");
  if (!(s.full_search_fraction > 0 && s.full_search_fraction <= 1)) {
    return Bad("full_search_fraction", "full_search_fraction must be in (0, 1]");
  }
  if (!(s.dirichlet_epsilon >= 0 && s.dirichlet_epsilon <= 1))
    return Bad("dirichlet_epsilon", "dirichlet_epsilon must be in [0, 1]");
  if (s.dirichlet_alpha_scale < 0) return Bad("dirichlet_alpha_scale", "dirichlet_alpha_scale must not be negative");
  if (s.early_temperature < 0 || s.late_temperature < 0 || s.temperature_halflife_moves < 0) {
    return Bad("early_temperature",
               "early_temperature, late_temperature and temperature_halflife_moves must not be negative");
  }
  if (s.gumbel_considered_actions < 2)
    return Bad("gumbel_considered_actions", "gumbel_considered_actions must be at least 2");
  if (s.forced_playouts_k < 0) return Bad("forced_playouts_k", "forced_playouts_k must not be negative");
  if (s.c_puct <= 0) return Bad("c_puct", "c_puct must be positive");
  if (!(s.no_resign_fraction >= 0 && s.no_resign_fraction <= 1))
    return Bad("no_resign_fraction", "no_resign_fraction must be in [0, 1]");
  if (!(s.target_false_resign_rate >= 0 && s.target_false_resign_rate < 1)) {
    return Bad("target_false_resign_rate", "target_false_resign_rate must be in [0, 1)");
  }
  if (s.target_false_resign_rate > 0 && s.no_resign_fraction == 0) {
    return Bad("target_false_resign_rate",
               "target_false_resign_rate needs no_resign_fraction > 0 (the games it measures)");
  }
  if (s.resign_calibration_games < 1)
    return Bad("resign_calibration_games", "resign_calibration_games must be positive");
  if (s.shard_games < 1 || s.shard_seconds <= 0)
    return Bad("shard_games", "shard_games and shard_seconds must be positive");
  if (s.sgf_every_games < 0) return Bad("sgf_every_games", "sgf_every_games must not be negative");
  if (s.model_poll_seconds <= 0 || s.stale_temporary_seconds <= 0) {
    return Bad("model_poll_seconds", "model_poll_seconds and stale_temporary_seconds must be positive");
  }
  if (s.samples_per_export < 1 || s.batch < 1)
    return Bad("samples_per_export", "samples_per_export and batch must be positive");
  if (!(s.lr > 0)) return Bad("lr", "lr must be positive");
  if (!(s.max_samples_per_position > 0))
    return Bad("max_samples_per_position", "max_samples_per_position must be positive");
  if (s.window_min_positions < 1 || !(s.window_expand >= 0) || !(s.window_taper > 0 && s.window_taper <= 1)) {
    return Bad("window_min_positions",
               "window_min_positions must be positive, window_expand >= 0, window_taper in (0, 1]");
  }
  if (s.min_positions_to_train < 1 || s.checkpoint_every_steps < 1) {
    return Bad("min_positions_to_train", "min_positions_to_train and checkpoint_every_steps must be positive");
  }
  if (s.gating && (s.gating_elo1 <= s.gating_elo0 || !(s.gating_alpha > 0 && s.gating_alpha < 0.5) ||
                   !(s.gating_beta > 0 && s.gating_beta < 0.5) || s.gating_visits < 1 || s.gating_max_games < 2)) {
    return Bad("gating", "gating needs elo1 > elo0, alpha and beta in (0, 0.5), positive visits and max_games >= 2");
  }
  if (s.workers < 0 || s.torch_threads < 0) return Bad("workers", "workers and torch_threads must not be negative");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SelfPlaySettings> ParseSelfPlayConfig(const std::string& text, const std::string& file_name,
                                                     const std::string& overrides, bool cuda_available) {
  proto::SelfPlayConfig c;
  data::ParseInfoTree file_locations, override_locations;
  if (absl::Status s = data::MergeTextConfig(text, file_name, &c, &file_locations); !s.ok()) return s;
  if (absl::Status s = data::MergeTextConfig(overrides, "--set", &c, &override_locations); !s.ok()) return s;

  SelfPlaySettings s;
  google::protobuf::TextFormat::PrintToString(c, &s.given_text);
  const std::string device = Or<std::string>(c.device(), "auto");
  s.device = device == "auto" ? (cuda_available ? "cuda" : "cpu") : device;
  const bool cuda = s.device != "cpu";
  s.board_size = Or(c.board_size(), 9);
  const double area = static_cast<double>(s.board_size) * s.board_size;
  s.komi = c.has_komi() ? c.komi() : (s.board_size <= 9 ? 7.0f : 7.5f);
  s.max_game_moves = Or(c.max_game_moves(), static_cast<int>(3 * area));
  s.arch = Or<std::string>(c.arch(), cuda ? "b6c64" : "b2c16");
  s.init_model = c.init_model();
  s.seed = Or<uint64_t>(c.seed(), 1);

  s.parallel_games = Or(c.parallel_games(), cuda ? 512 : 32);
  s.full_visits = Or(c.full_visits(), cuda ? 200 : 64);
  s.cheap_visits = Or(c.cheap_visits(), std::max(1, s.full_visits / 4));
  s.full_search_fraction = Or(c.full_search_fraction(), 0.25f);
  s.dirichlet_alpha_scale = Or(c.dirichlet_alpha_scale(), 10.83f);
  s.dirichlet_epsilon = c.has_dirichlet_epsilon() ? c.dirichlet_epsilon() : 0.25f;
  s.early_temperature = Or(c.early_temperature(), 0.75f);
  s.late_temperature = c.has_late_temperature() ? c.late_temperature() : 0.15f;
  s.temperature_halflife_moves = Or(c.temperature_halflife_moves(), static_cast<float>(19.0 * area / 361.0));
  s.gumbel = c.gumbel();
  s.gumbel_considered_actions = Or(c.gumbel_considered_actions(), 16);
  s.forced_playouts_k = c.forced_playouts_k();
  s.policy_target_pruning = c.policy_target_pruning();
  s.c_puct = Or(c.c_puct(), 1.25f);

  s.resign_threshold = c.has_resign_threshold() ? c.resign_threshold() : -0.9f;
  s.no_resign_fraction = c.has_no_resign_fraction() ? c.no_resign_fraction() : 0.1f;
  s.target_false_resign_rate = c.target_false_resign_rate();
  s.resign_calibration_games = Or(c.resign_calibration_games(), 100);

  s.shard_games = Or(c.shard_games(), 64);
  s.shard_seconds = Or(c.shard_seconds(), 300.0f);
  s.sgf_every_games = c.sgf_every_games();
  s.model_poll_seconds = Or(c.model_poll_seconds(), 10.0f);
  s.stale_temporary_seconds = Or(c.stale_temporary_seconds(), 3600.0f);

  s.samples_per_export = Or<int64_t>(c.samples_per_export(), cuda ? 262144 : 16384);
  s.batch = Or(c.batch(), cuda ? 256 : 128);
  s.lr = Or(c.lr(), 1e-3);
  s.max_samples_per_position = Or(c.max_samples_per_position(), 4.0f);
  s.window_min_positions =
      Or<int64_t>(c.window_min_positions(), static_cast<int64_t>(std::llround(250000.0 * area / 361.0)));
  s.window_expand = Or(c.window_expand(), 0.4f);
  s.window_taper = Or(c.window_taper(), 0.65f);
  s.min_positions_to_train = Or<int64_t>(c.min_positions_to_train(), std::max<int64_t>(1, s.window_min_positions / 4));
  s.checkpoint_every_steps = Or<int64_t>(c.checkpoint_every_steps(), 200);

  s.gating = c.gating();
  s.gating_elo0 = c.gating_elo0();
  s.gating_elo1 = Or(c.gating_elo1(), 35.0f);
  s.gating_alpha = Or(c.gating_alpha(), 0.05f);
  s.gating_beta = Or(c.gating_beta(), 0.05f);
  s.gating_visits = Or(c.gating_visits(), s.full_visits);
  s.gating_max_games = Or(c.gating_max_games(), 400);

  s.workers = Or(c.workers(), 1);
  s.torch_threads = c.torch_threads();
  if (absl::Status st = Validate(s); !st.ok()) {
    // Name where the offending field was written: the overrides win over the file.
    const std::string message(st.message());
    const size_t split = message.find('\n');
    const std::string field = message.substr(0, split), what = message.substr(split + 1);
    for (const auto& [tree, name] : {std::pair{&override_locations, std::string("--set")},
                                     std::pair{&file_locations, file_name}}) {
      const std::string at = data::FieldPosition(proto::SelfPlayConfig::descriptor(), *tree, {{field}}, name);
      if (at != name) return absl::InvalidArgumentError(absl::StrFormat("%s: %s", at, what));
    }
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s (with the defaults)", file_name, what));
  }
  return s;
}

absl::StatusOr<SelfPlaySettings> LoadSelfPlayConfig(const std::string& path, const std::string& overrides,
                                                    bool cuda_available) {
  std::string text;
  if (!path.empty()) {
    absl::StatusOr<std::string> file = data::ReadConfigFile(path);
    if (!file.ok()) return file.status();
    text = *std::move(file);
  }
  return ParseSelfPlayConfig(text, path.empty() ? "(defaults)" : path, overrides, cuda_available);
}

absl::Status CheckOrStoreRunConfig(RunStorage& storage, const SelfPlaySettings& settings, bool force) {
  const std::string header =
      "# The config this self-play run was started with (tengen selfplay; proto/selfplay_config.proto).\n";
  if (storage.Exists(kRunConfigFile) && !force) {
    absl::StatusOr<std::string> stored = storage.Read(kRunConfigFile);
    if (!stored.ok()) return stored.status();
    proto::SelfPlayConfig c;
    const std::string path = storage.LocalPath(kRunConfigFile);
    if (absl::Status s = data::MergeTextConfig(*stored, path, &c); !s.ok()) return s;
    std::string canonical;
    google::protobuf::TextFormat::PrintToString(c, &canonical);
    if (canonical == settings.given_text) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrFormat(
        "%s was started with another config (%s):\n%s\nnow:\n%s\nrestart with the same config, or pass --force "
        "to replace it",
        storage.Describe(), path, canonical.empty() ? "(all defaults)\n" : canonical,
        settings.given_text.empty() ? "(all defaults)\n" : settings.given_text));
  }
  if (absl::Status s = storage.MakeFolder(""); !s.ok()) return s;
  return storage.WriteAtomically(kRunConfigFile, header + settings.given_text);
}

std::string DescribeSearch(const SelfPlaySettings& s) {
  std::string root = s.gumbel ? absl::StrFormat("gumbel m=%d", s.gumbel_considered_actions)
                              : absl::StrFormat("puct c=%g noise=%g/legal eps=%g", s.c_puct, s.dirichlet_alpha_scale,
                                                s.dirichlet_epsilon);
  std::string extras;
  if (s.forced_playouts_k > 0) absl::StrAppendFormat(&extras, " forced=%g", s.forced_playouts_k);
  if (s.policy_target_pruning) extras += " pruning";
  return absl::StrFormat("%s visits=%d/%d full=%g temp=%g>%g/%g%s", root, s.full_visits, s.cheap_visits,
                         s.full_search_fraction, s.early_temperature, s.late_temperature, s.temperature_halflife_moves,
                         extras);
}

}  // namespace tengen::selfplay
