#include "engine/experiment/experiment_config.h"

#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/arena/arena_config.h"
#include "engine/data/text_config.h"
#include "google/protobuf/text_format.h"
#include "proto/experiment_config.pb.h"

namespace tengen::experiment {
namespace {

#include "engine/experiment/presets.inc"

using data::FieldError;
using data::FieldStep;
using data::ParseInfoTree;
using google::protobuf::TextFormat;

std::string PrintText(const google::protobuf::Message& message, bool single_line) {
  TextFormat::Printer printer;
  printer.SetSingleLineMode(single_line);
  std::string out;
  printer.PrintToString(message, &out);
  return out;
}

// The preset under `file`, with every repeated field that `file` sets
// replacing the preset's list rather than extending it.
void MergeOverPreset(const proto::ExperimentConfig& file, proto::ExperimentConfig* merged) {
  const google::protobuf::Reflection* reflection = merged->GetReflection();
  const google::protobuf::Descriptor* descriptor = merged->GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated() && reflection->FieldSize(file, field) > 0) reflection->ClearField(merged, field);
  }
  merged->MergeFrom(file);
}

class SettingsReader {
 public:
  SettingsReader(const proto::ExperimentConfig& c, const ParseInfoTree& locations, std::string file_name)
      : c_(c), locations_(locations), file_name_(std::move(file_name)) {}

  absl::StatusOr<ExperimentSettings> Read() {
    ExperimentSettings s;
    s.preset = c_.preset();
    s.board_size = c_.board_size() > 0 ? c_.board_size() : 19;
    if (s.board_size < 5 || s.board_size > 19) return Error({{"board_size"}}, "board_size must be 5..19");
    if (c_.arch().empty()) return Error({{"arch"}}, "arch is required (e.g. \"b6c64\")");
    s.arch = c_.arch();
    s.device = c_.device().empty() ? "auto" : c_.device();
    if (s.device != "cpu" && s.device != "cuda" && s.device != "auto") {
      return Error({{"device"}}, "device must be cpu, cuda or auto");
    }
    s.batch = c_.batch() > 0 ? c_.batch() : 64;
    if (c_.batch() < 0) return Error({{"batch"}}, "batch must be positive");
    s.lr = c_.lr() > 0 ? c_.lr() : 2e-3;

    if (c_.imitation()) s.arms.push_back(kImitationArm);
    if (c_.selfplay_zero()) s.arms.push_back(kSelfPlayZeroArm);
    if (c_.selfplay_bootstrap()) s.arms.push_back(kSelfPlayBootstrapArm);
    if (s.arms.empty()) return Error({}, "no arm to run: set imitation, selfplay_zero and/or selfplay_bootstrap");

    s.checkpoint_every_positions = c_.checkpoint_every_positions();
    if (s.checkpoint_every_positions <= 0 || s.checkpoint_every_positions % s.batch != 0) {
      return Error({{"checkpoint_every_positions"}},
                   absl::StrFormat("checkpoint_every_positions must be a positive multiple of batch (%d)", s.batch));
    }
    s.budget_positions = c_.budget_positions();
    s.budget_device_seconds = c_.budget_device_seconds();
    if (s.budget_device_seconds < 0) return Error({{"budget_device_seconds"}}, "must not be negative");
    if (s.budget_device_seconds == 0 &&
        (s.budget_positions <= 0 || s.budget_positions % s.checkpoint_every_positions != 0)) {
      return Error({{"budget_positions"}},
                   "budget_positions must be a positive multiple of checkpoint_every_positions (or set "
                   "budget_device_seconds)");
    }
    if (c_.selfplay_bootstrap()) {
      if (!c_.imitation()) {
        return Error({{"selfplay_bootstrap"}}, "the bootstrap arm starts from the imitation arm: set imitation: true");
      }
      s.bootstrap_from_positions = c_.bootstrap_from_positions();
      if (s.bootstrap_from_positions <= 0 || s.bootstrap_from_positions % s.checkpoint_every_positions != 0 ||
          (!s.compute_matched() && s.bootstrap_from_positions >= s.budget_positions)) {
        return Error({{"bootstrap_from_positions"}},
                     "bootstrap_from_positions must be a positive multiple of checkpoint_every_positions, below "
                     "budget_positions");
      }
    }

    s.human_sgf.assign(c_.human_sgf().begin(), c_.human_sgf().end());
    if (s.human_sgf.empty()) return Error({{"human_sgf"}}, "human_sgf is required (held-out evaluation and imitation)");
    for (int i = 0; i < c_.human_sgf_size(); ++i) {
      if (!std::filesystem::exists(c_.human_sgf(i))) {
        return Error({{"human_sgf", i}}, absl::StrCat("no such file or folder: ", c_.human_sgf(i)));
      }
    }
    if (!c_.human_split().empty()) s.human_split = c_.human_split();
    s.human_eval_positions = c_.human_eval_positions();
    s.alphago_sgf.assign(c_.alphago_sgf().begin(), c_.alphago_sgf().end());
    for (int i = 0; i < c_.alphago_sgf_size(); ++i) {
      if (!std::filesystem::exists(c_.alphago_sgf(i))) {
        return Error({{"alphago_sgf", i}}, absl::StrCat("no such file or folder: ", c_.alphago_sgf(i)));
      }
    }
    s.alphago_eval_positions = c_.alphago_eval_positions();

    s.komi = c_.komi() != 0 ? c_.komi() : 7.5f;
    s.seed = c_.seed() != 0 ? c_.seed() : 1;
    proto::SelfPlayConfig selfplay = c_.selfplay();
    selfplay.set_board_size(s.board_size);
    selfplay.set_komi(s.komi);
    selfplay.set_arch(s.arch);
    selfplay.set_batch(s.batch);
    selfplay.set_lr(s.lr);
    selfplay.set_samples_per_export(s.checkpoint_every_positions);
    selfplay.set_device(s.device);
    selfplay.set_seed(s.seed);
    s.selfplay_text = PrintText(selfplay, /*single_line=*/false);

    if (c_.checkpoint_player().kind_case() != proto::ArenaPlayer::kPolicy &&
        c_.checkpoint_player().kind_case() != proto::ArenaPlayer::kSearch) {
      return Error({{"checkpoint_player"}}, "checkpoint_player must be `policy { ... }` or `search { ... }`");
    }
    s.checkpoint_player_text = PrintText(c_.checkpoint_player(), /*single_line=*/true);
    s.league_games_per_pairing = c_.league_games_per_pairing() > 0 ? c_.league_games_per_pairing() : 2;
    s.arena_max_moves = c_.arena_max_moves() > 0 ? c_.arena_max_moves() : 2 * s.board_size * s.board_size;
    s.arena_parallel_games = c_.arena_parallel_games() > 0 ? c_.arena_parallel_games() : 64;
    for (int i = 0; i < c_.opening_book().sgf_size(); ++i) {
      if (!std::filesystem::exists(c_.opening_book().sgf(i))) {
        return Error({{"opening_book"}, {"sgf", i}},
                     absl::StrCat("no such file or folder: ", c_.opening_book().sgf(i)));
      }
    }
    if (c_.has_opening_book()) s.opening_book_text = PrintText(c_.opening_book(), /*single_line=*/true);
    if (absl::Status st = ReadAnchors(&s); !st.ok()) return st;
    return s;
  }

 private:
  absl::Status Error(const std::vector<FieldStep>& path, const std::string& what) const {
    return FieldError(proto::ExperimentConfig::descriptor(), locations_, path, file_name_, what);
  }

  // Each anchor is checked as the arena will check it (its model or engine
  // binary exists), and named as the arena names it.
  absl::StatusOr<std::string> AnchorName(const proto::ArenaPlayer& player, const std::vector<FieldStep>& at,
                                         const ExperimentSettings& s) const {
    // An arena needs two players: the anchor and a stand-in.
    ExperimentSettings probe = s;
    probe.opening_book_text.clear();
    const std::string text =
        ArenaConfigText(probe, {PrintText(player, true), "name: \"experiment-probe\" random {}"}, {}, 1);
    absl::StatusOr<arena::ArenaConfig> parsed = arena::ParseArenaConfig(text, "anchor");
    if (!parsed.ok()) {
      std::string message(parsed.status().message());
      // Drop the position inside the generated text; name the anchor's own.
      const size_t colon = message.find(": ");
      if (colon != std::string::npos) message = message.substr(colon + 2);
      return Error(at, message);
    }
    return parsed->players[0].name;
  }

  absl::Status ReadAnchors(ExperimentSettings* s) const {
    std::vector<std::string> names;
    for (int i = 0; i < c_.league_anchor_size(); ++i) {
      const proto::ArenaPlayer& p = c_.league_anchor(i);
      absl::StatusOr<std::string> name = AnchorName(p, {{"league_anchor", i}}, *s);
      if (!name.ok()) return name.status();
      LeagueAnchorSpec anchor;
      anchor.name = *name;
      anchor.player_text = PrintText(p, true);
      if (p.has_policy()) anchor.model_path = p.policy().model();
      if (p.has_search()) anchor.model_path = p.search().model();
      s->league_anchors.push_back(anchor);
      names.push_back(*name);
    }
    for (int i = 0; i < c_.engine_anchor_size(); ++i) {
      const proto::EngineAnchor& e = c_.engine_anchor(i);
      absl::StatusOr<std::string> name = AnchorName(e.player(), {{"engine_anchor", i}, {"player"}}, *s);
      if (!name.ok()) return name.status();
      EngineAnchorSpec anchor;
      anchor.name = *name;
      anchor.player_text = PrintText(e.player(), true);
      anchor.games_per_pairing = e.games_per_pairing() > 0 ? e.games_per_pairing() : 2;
      anchor.last_checkpoints_only = e.last_checkpoints_only();
      s->engine_anchors.push_back(anchor);
      names.push_back(*name);
    }
    for (size_t i = 0; i < names.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (names[i] == names[j]) return Error({}, absl::StrCat("two anchors are named ", names[i]));
      }
      for (const std::string& arm : s->arms) {
        if (names[i].rfind(arm + ":", 0) == 0) {
          return Error({}, absl::StrCat("anchor name ", names[i], " looks like a checkpoint's"));
        }
      }
    }
    return absl::OkStatus();
  }

  const proto::ExperimentConfig& c_;
  const ParseInfoTree& locations_;
  std::string file_name_;
};

}  // namespace

std::vector<std::string> PresetNames() { return {"smoke", "cpu", "gpu"}; }

absl::StatusOr<std::string> PresetText(const std::string& name) {
  if (name == "smoke") return std::string(kSmokePreset);
  if (name == "cpu") return std::string(kCpuPreset);
  if (name == "gpu") return std::string(kGpuPreset);
  return absl::NotFoundError(
      absl::StrFormat("unknown preset \"%s\" (presets: %s)", name, absl::StrJoin(PresetNames(), ", ")));
}

absl::StatusOr<ExperimentSettings> ParseExperimentConfig(const std::string& text, const std::string& file_name) {
  proto::ExperimentConfig file;
  ParseInfoTree locations;
  if (absl::Status s = data::MergeTextConfig(text, file_name, &file, &locations); !s.ok()) return s;
  proto::ExperimentConfig merged;
  if (!file.preset().empty()) {
    absl::StatusOr<std::string> preset = PresetText(file.preset());
    if (!preset.ok()) {
      return FieldError(proto::ExperimentConfig::descriptor(), locations, {{"preset"}}, file_name,
                        std::string(preset.status().message()));
    }
    if (absl::Status s = data::MergeTextConfig(*preset, "preset " + file.preset(), &merged); !s.ok()) return s;
  }
  MergeOverPreset(file, &merged);
  absl::StatusOr<ExperimentSettings> settings = SettingsReader(merged, locations, file_name).Read();
  if (!settings.ok()) return settings.status();
  settings->resolved_text = PrintText(merged, /*single_line=*/false);
  return settings;
}

absl::StatusOr<ExperimentSettings> LoadExperimentConfig(const std::string& path) {
  absl::StatusOr<std::string> text = data::ReadConfigFile(path);
  if (!text.ok()) return text.status();
  return ParseExperimentConfig(*text, path);
}

std::string CheckpointPlayerText(const ExperimentSettings& settings, const std::string& name,
                                 const std::string& model_path) {
  proto::ArenaPlayer player;
  TextFormat::ParseFromString(settings.checkpoint_player_text, &player);
  player.set_name(name);
  if (player.has_search()) {
    player.mutable_search()->set_model(model_path);
  } else {
    player.mutable_policy()->set_model(model_path);
  }
  return PrintText(player, /*single_line=*/true);
}

std::string ArenaConfigText(const ExperimentSettings& settings, const std::vector<std::string>& player_texts,
                            const std::vector<std::string>& gauntlet_opponents, int games_per_pairing) {
  std::string text = absl::StrFormat(
      "# Written by tengen experiment.\nboard_size: %d\nkomi: %g\nmax_moves: %d\nparallel_games: %d\n"
      "engine_parallel_games: 2\nseed: %d\ngames_per_pairing: %d\nschedule: %s\n",
      settings.board_size, settings.komi, settings.arena_max_moves, settings.arena_parallel_games, settings.seed,
      games_per_pairing, gauntlet_opponents.empty() ? "ROUND_ROBIN" : "GAUNTLET");
  for (const std::string& opponent : gauntlet_opponents)
    absl::StrAppend(&text, "gauntlet_opponent: \"", opponent, "\"\n");
  if (!settings.opening_book_text.empty())
    absl::StrAppend(&text, "opening_book { ", settings.opening_book_text, " }\n");
  for (const std::string& player : player_texts) absl::StrAppend(&text, "player { ", player, " }\n");
  return text;
}

}  // namespace tengen::experiment
