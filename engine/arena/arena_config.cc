#include "engine/arena/arena_config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/data/text_config.h"
#include "proto/arena_config.pb.h"

namespace tengen::arena {
namespace {

using data::FieldError;
using data::FieldStep;
using data::MergeTextConfig;
using data::ParseInfoTree;
using data::ReadConfigFile;

constexpr char kDefaultGnuGo[] = "/usr/games/gnugo";

bool NameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == ':' || c == '+' || c == '=' || c == '-';
}

// A default name from a model path: the file name without its extension,
// with characters names may not hold replaced by '_'.
std::string NameFromModel(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  for (char& c : stem) {
    if (!NameCharacter(c)) c = '_';
  }
  return stem.empty() ? "model" : stem;
}

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Parses and checks one config; `error` builds located errors.
class ConfigReader {
 public:
  ConfigReader(const proto::ArenaConfig& c, const ParseInfoTree& locations, std::string file_name)
      : c_(c), locations_(locations), file_name_(std::move(file_name)) {}

  absl::StatusOr<ArenaConfig> Read();

 private:
  absl::Status Error(const std::vector<FieldStep>& path, const std::string& what) const {
    return FieldError(proto::ArenaConfig::descriptor(), locations_, path, file_name_, what);
  }
  absl::Status ReadPlayer(int i, const proto::ArenaPlayer& p, float default_resign, PlayerSpec* out) const;
  absl::Status CheckModel(const std::vector<FieldStep>& path, const std::string& model) const;

  const proto::ArenaConfig& c_;
  const ParseInfoTree& locations_;
  std::string file_name_;
};

absl::Status ConfigReader::CheckModel(const std::vector<FieldStep>& path, const std::string& model) const {
  if (model.empty()) return Error(path, "a model player needs `model: \"FILE\"`");
  if (!IsRegularFile(model)) return Error(path, absl::StrFormat("model file '%s' does not exist", model));
  return absl::OkStatus();
}

absl::Status ConfigReader::ReadPlayer(int i, const proto::ArenaPlayer& p, float default_resign, PlayerSpec* out) const {
  const FieldStep at{"player", i};
  out->resign_threshold = p.has_resign_threshold() ? p.resign_threshold() : default_resign;
  if (!(out->resign_threshold < 1)) return Error({at, {"resign_threshold"}}, "resign_threshold must be below 1");
  std::string default_name;
  switch (p.kind_case()) {
    case proto::ArenaPlayer::kSearch: {
      const proto::SearchPlayer& s = p.search();
      out->kind = PlayerSpec::Kind::kSearch;
      out->model_path = s.model();
      if (absl::Status st = CheckModel({at, {"search"}, {"model"}}, s.model()); !st.ok()) return st;
      if (s.visits() < 0) return Error({at, {"search"}, {"visits"}}, "visits must be positive");
      out->visits = s.visits() > 0 ? s.visits() : 64;
      out->gumbel = s.algorithm() == proto::SearchPlayer::GUMBEL;
      if (s.c_puct() < 0) return Error({at, {"search"}, {"c_puct"}}, "c_puct must be positive");
      out->c_puct = s.c_puct() > 0 ? s.c_puct() : 1.25f;
      if (s.gumbel_considered_actions() < 0 || s.gumbel_considered_actions() == 1) {
        return Error({at, {"search"}, {"gumbel_considered_actions"}}, "gumbel_considered_actions must be at least 2");
      }
      out->gumbel_considered_actions = s.gumbel_considered_actions() > 0 ? s.gumbel_considered_actions() : 16;
      if (!(s.temperature() >= 0)) return Error({at, {"search"}, {"temperature"}}, "temperature must not be negative");
      out->temperature = s.temperature();
      if (s.temperature_moves() < 0) {
        return Error({at, {"search"}, {"temperature_moves"}}, "temperature_moves must not be negative");
      }
      out->temperature_moves = s.temperature_moves();
      default_name = NameFromModel(s.model());
      break;
    }
    case proto::ArenaPlayer::kPolicy: {
      const proto::PolicyPlayer& s = p.policy();
      out->kind = PlayerSpec::Kind::kPolicy;
      out->model_path = s.model();
      if (absl::Status st = CheckModel({at, {"policy"}, {"model"}}, s.model()); !st.ok()) return st;
      if (!(s.temperature() >= 0)) return Error({at, {"policy"}, {"temperature"}}, "temperature must not be negative");
      out->temperature = s.temperature();
      if (s.temperature_moves() < 0) {
        return Error({at, {"policy"}, {"temperature_moves"}}, "temperature_moves must not be negative");
      }
      out->temperature_moves = s.temperature_moves();
      default_name = NameFromModel(s.model()) + ":policy";
      break;
    }
    case proto::ArenaPlayer::kGtp: {
      const proto::GtpPlayer& g = p.gtp();
      out->kind = PlayerSpec::Kind::kGtp;
      if (g.command_size() > 0 && !g.command_line().empty()) {
        return Error({at, {"gtp"}, {"command_line"}}, "give either command or command_line, not both");
      }
      out->gtp_command.assign(g.command().begin(), g.command().end());
      if (!g.command_line().empty()) out->gtp_command = absl::StrSplit(g.command_line(), ' ', absl::SkipEmpty());
      if (out->gtp_command.empty() || out->gtp_command[0].empty()) {
        return Error({at, {"gtp"}}, "an engine needs `command: \"PROGRAM\" command: \"ARG\"...` or `command_line`");
      }
      const std::vector<FieldStep> command_at = {at, {"gtp"}, {g.command_size() > 0 ? "command" : "command_line", 0}};
      if (absl::Status st = CheckExecutable(out->gtp_command[0]); !st.ok()) {
        return Error(command_at, std::string(st.message()));
      }
      out->gtp_setup_commands.assign(g.setup_command().begin(), g.setup_command().end());
      if (g.move_timeout_seconds() < 0) {
        return Error({at, {"gtp"}, {"move_timeout_seconds"}}, "move_timeout_seconds must be positive");
      }
      out->move_timeout_seconds = g.move_timeout_seconds() > 0 ? g.move_timeout_seconds() : 60.0;
      if (p.name().empty()) return Error({at}, "an external engine needs a name (`name: \"...\"`)");
      break;
    }
    case proto::ArenaPlayer::kGnugo: {
      const proto::GnuGoPlayer& g = p.gnugo();
      out->kind = PlayerSpec::Kind::kGtp;
      const int level = g.has_level() ? g.level() : 10;
      if (level < 0 || level > 10) return Error({at, {"gnugo"}, {"level"}}, "GNU Go levels are 0..10");
      const std::string binary = g.binary().empty() ? kDefaultGnuGo : g.binary();
      if (absl::Status st = CheckExecutable(binary); !st.ok()) {
        return Error({at, {"gnugo"}, {g.binary().empty() ? "level" : "binary"}},
                     absl::StrCat(st.message(), g.binary().empty() ? " (set gnugo { binary: ... })" : ""));
      }
      out->gtp_command = {
          binary, "--mode", "gtp", "--level", std::to_string(level), "--chinese-rules", "--positional-superko"};
      if (c_.rules() == proto::ArenaConfig::TROMP_TAYLOR) out->gtp_command.push_back("--allow-all-suicide");
      if (g.move_timeout_seconds() < 0) {
        return Error({at, {"gnugo"}, {"move_timeout_seconds"}}, "move_timeout_seconds must be positive");
      }
      out->move_timeout_seconds = g.move_timeout_seconds() > 0 ? g.move_timeout_seconds() : 60.0;
      default_name = absl::StrCat("gnugo:", level);
      break;
    }
    case proto::ArenaPlayer::kRandom:
      out->kind = PlayerSpec::Kind::kRandom;
      default_name = "random";
      break;
    default:
      return Error({at}, "a player needs one of search, policy, gtp, gnugo or random");
  }
  out->name = p.name().empty() ? default_name : p.name();
  for (char ch : out->name) {
    if (!NameCharacter(ch)) {
      return Error({at, {"name"}},
                   absl::StrFormat("player name '%s' may hold only letters, digits and . _ : + = -", out->name));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ArenaConfig> ConfigReader::Read() {
  ArenaConfig a;
  google::protobuf::TextFormat::PrintToString(c_, &a.canonical_text);
  if (c_.board_size() != 0 && (c_.board_size() < 2 || c_.board_size() > 19)) {
    return Error({{"board_size"}}, "board_size must be 2..19");
  }
  a.board_size = c_.board_size() != 0 ? c_.board_size() : 9;
  const int area = a.board_size * a.board_size;
  a.komi = c_.has_komi() ? c_.komi() : (a.board_size <= 9 ? 7.0f : 7.5f);
  if (!std::isfinite(a.komi) || std::fabs(a.komi) > area)
    return Error({{"komi"}}, "komi must be within the board area");
  a.tromp_taylor = c_.rules() == proto::ArenaConfig::TROMP_TAYLOR;
  if (c_.max_moves() < 0 || c_.max_moves() == 1) return Error({{"max_moves"}}, "max_moves must be at least 2");
  a.max_moves = c_.max_moves() > 0 ? c_.max_moves() : 3 * area;
  const float resign = c_.has_resign_threshold() ? c_.resign_threshold() : -1.0f;
  if (!(resign < 1)) return Error({{"resign_threshold"}}, "resign_threshold must be below 1");
  a.seed = c_.seed() != 0 ? c_.seed() : 1;
  if (c_.parallel_games() < 0) return Error({{"parallel_games"}}, "parallel_games must be positive");
  a.parallel_games = c_.parallel_games() > 0 ? c_.parallel_games() : 256;
  if (c_.engine_parallel_games() < 0) {
    return Error({{"engine_parallel_games"}}, "engine_parallel_games must be positive");
  }
  a.engine_parallel_games = c_.engine_parallel_games() > 0 ? c_.engine_parallel_games() : 1;

  if (c_.player_size() < 2) return Error({{"player"}}, "an arena needs at least two players");
  std::set<std::string> names;
  for (int i = 0; i < c_.player_size(); ++i) {
    PlayerSpec p;
    if (absl::Status s = ReadPlayer(i, c_.player(i), resign, &p); !s.ok()) return s;
    if (!names.insert(p.name).second) {
      return Error({{"player", i}, {"name"}},
                   absl::StrFormat("two players are named '%s' (set `name` to tell them apart)", p.name));
    }
    a.players.push_back(std::move(p));
  }

  switch (c_.schedule()) {
    case proto::ArenaConfig::GAUNTLET:
      a.schedule = ScheduleKind::kGauntlet;
      break;
    case proto::ArenaConfig::HEAD_TO_HEAD:
      a.schedule = ScheduleKind::kHeadToHead;
      break;
    default:
      a.schedule = ScheduleKind::kRoundRobin;
  }
  if (a.schedule == ScheduleKind::kHeadToHead && a.players.size() != 2) {
    return Error({{"schedule"}}, absl::StrFormat("HEAD_TO_HEAD needs exactly two players, not %d", a.players.size()));
  }
  if (a.schedule != ScheduleKind::kGauntlet && c_.gauntlet_opponent_size() > 0) {
    return Error({{"gauntlet_opponent"}}, "gauntlet_opponent needs `schedule: GAUNTLET`");
  }
  if (a.schedule == ScheduleKind::kGauntlet) {
    if (c_.gauntlet_opponent_size() == 0) {
      return Error({{"schedule"}}, "GAUNTLET needs at least one `gauntlet_opponent: \"NAME\"`");
    }
    std::set<std::string> opponents;
    for (int i = 0; i < c_.gauntlet_opponent_size(); ++i) {
      const std::string& name = c_.gauntlet_opponent(i);
      if (a.PlayerIndex(name) < 0) {
        return Error({{"gauntlet_opponent", i}}, absl::StrFormat("no player is named '%s'", name));
      }
      if (!opponents.insert(name).second) {
        return Error({{"gauntlet_opponent", i}}, absl::StrFormat("'%s' is listed twice", name));
      }
      a.gauntlet_opponents.push_back(name);
    }
    if (opponents.size() == a.players.size()) {
      return Error({{"gauntlet_opponent"}}, "every player is a gauntlet opponent: nobody runs the gauntlet");
    }
  }

  if (c_.games_per_pairing() < 0) return Error({{"games_per_pairing"}}, "games_per_pairing must be positive");
  a.games_per_pairing = c_.games_per_pairing() > 0 ? c_.games_per_pairing() : 2;

  const proto::OpeningBook& book = c_.opening_book();
  if (c_.has_opening_book()) {
    if (book.sgf_size() == 0) return Error({{"opening_book"}}, "an opening book needs `sgf: \"FILE_OR_FOLDER\"`");
    for (int i = 0; i < book.sgf_size(); ++i) {
      std::error_code ec;
      if (!std::filesystem::exists(book.sgf(i), ec)) {
        return Error({{"opening_book"}, {"sgf", i}}, absl::StrFormat("'%s' does not exist", book.sgf(i)));
      }
      a.opening_sgf.push_back(book.sgf(i));
    }
    if (book.moves() < 1 || book.moves() >= area) {
      return Error({{"opening_book"}, {"moves"}},
                   absl::StrFormat("an opening book needs `moves: K` with 1 <= K < %d", area));
    }
    a.opening_moves = book.moves();
    if (book.max_openings() < 0) {
      return Error({{"opening_book"}, {"max_openings"}}, "max_openings must not be negative");
    }
    a.max_openings = book.max_openings();
    if (a.games_per_pairing % 2 != 0) {
      return Error({{"games_per_pairing"}},
                   "games_per_pairing must be even with an opening book (each opening is played with both colours)");
    }
    if (a.opening_moves >= a.max_moves) {
      return Error({{"opening_book"}, {"moves"}}, "the openings are as long as max_moves");
    }
  }

  for (int i = 0; i < c_.rating_anchor_size(); ++i) {
    const proto::RatingAnchor& r = c_.rating_anchor(i);
    if (a.PlayerIndex(r.player()) < 0) {
      return Error({{"rating_anchor", i}, {"player"}}, absl::StrFormat("no player is named '%s'", r.player()));
    }
    if (!a.rating_anchors.emplace(r.player(), r.elo()).second) {
      return Error({{"rating_anchor", i}, {"player"}}, absl::StrFormat("'%s' is anchored twice", r.player()));
    }
  }
  return a;
}

}  // namespace

int ArenaConfig::PlayerIndex(const std::string& name) const {
  for (size_t i = 0; i < players.size(); ++i) {
    if (players[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string PlayerSpec::Describe() const {
  switch (kind) {
    case Kind::kSearch:
      return absl::StrFormat(
          "search model=%s visits=%d %s temperature=%g%s resign=%g", model_path, visits,
          gumbel ? absl::StrFormat("gumbel m=%d", gumbel_considered_actions) : absl::StrFormat("puct c=%g", c_puct),
          temperature, temperature > 0 && temperature_moves > 0 ? absl::StrFormat("/%d", temperature_moves) : "",
          resign_threshold);
    case Kind::kPolicy:
      return absl::StrFormat("policy model=%s temperature=%g%s resign=%g", model_path, temperature,
                             temperature > 0 && temperature_moves > 0 ? absl::StrFormat("/%d", temperature_moves) : "",
                             resign_threshold);
    case Kind::kGtp:
      return absl::StrFormat("gtp command='%s' timeout=%gs", absl::StrJoin(gtp_command, " "), move_timeout_seconds);
    case Kind::kRandom:
      return "random";
  }
  return "";
}

absl::Status CheckExecutable(const std::string& program) {
  auto executable = [](const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
  };
  if (program.find('/') != std::string::npos) {
    if (executable(program)) return absl::OkStatus();
    struct stat st;
    if (::stat(program.c_str(), &st) != 0) {
      return absl::NotFoundError(absl::StrFormat("engine binary '%s' does not exist", program));
    }
    return absl::PermissionDeniedError(absl::StrFormat("engine binary '%s' is not an executable file", program));
  }
  const char* path = std::getenv("PATH");
  for (absl::string_view dir : absl::StrSplit(path != nullptr ? path : "/usr/bin:/bin", ':', absl::SkipEmpty())) {
    if (executable(absl::StrCat(dir, "/", program))) return absl::OkStatus();
  }
  return absl::NotFoundError(absl::StrFormat("engine binary '%s' is not in PATH", program));
}

absl::StatusOr<ArenaConfig> ParseArenaConfig(const std::string& text, const std::string& file_name) {
  proto::ArenaConfig c;
  ParseInfoTree locations;
  if (absl::Status s = MergeTextConfig(text, file_name, &c, &locations); !s.ok()) return s;
  return ConfigReader(c, locations, file_name).Read();
}

absl::StatusOr<ArenaConfig> LoadArenaConfig(const std::string& path) {
  absl::StatusOr<std::string> text = ReadConfigFile(path);
  if (!text.ok()) return text.status();
  return ParseArenaConfig(*text, path);
}

}  // namespace tengen::arena
