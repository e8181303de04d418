#include "engine/arena/arena.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/arena/game_results.h"
#include "engine/arena/match.h"
#include "engine/arena/opening_book.h"
#include "engine/data/progress.h"
#include "engine/arena/schedule.h"
#include "engine/data/atomic_file.h"
#include "engine/features/compact_position.h"
#include "engine/gtp/gtp_client.h"
#include "engine/rules/coords.h"
#include "engine/rules/scoring.h"
#include "engine/rules/sgf_game.h"
#include "engine/rules/sgf_parser.h"
#include "engine/rules/sgf_writer.h"
#include "engine/rules/splitmix64.h"
#include "engine/search/mcts.h"
#include "engine/search/search_driver.h"
#include "engine/search/serialized_backend.h"

namespace tengen::arena {
namespace {

using Kind = PlayerSpec::Kind;

// Searches resign only on this many root visits (fewer when the player
// searches fewer).
constexpr int kResignMinVisits = 50;

uint64_t HashText(std::string_view text) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (char c : text) h = (h ^ static_cast<uint8_t>(c)) * 1099511628211ull;
  return h;
}

int ColourIndex(Color c) { return c == Color::kBlack ? 0 : 1; }
const char* GtpColour(int ci) { return ci == 0 ? "b" : "w"; }
const char* ColourLetter(int ci) { return ci == 0 ? "B" : "W"; }

std::string DescribeStatus(const absl::Status& s) {
  if (IsGtpFailure(s)) return absl::StrCat("the engine answered '? ", GtpFailureMessage(s), "'");
  return absl::StrCat(absl::StatusCodeToString(s.code()), ": ", s.message());
}

struct Model {
  std::string path;
  std::unique_ptr<BatchBackend> owned;
  std::unique_ptr<SerializedBackend> shared;  // what every caller uses (engine threads call too)
  std::unique_ptr<LockstepDriver> driver;     // the lockstep thread's
};

struct Outcome {
  Winner winner = Winner::kDraw;
  std::string result_text;
  std::string end;                 // how the game ended
  bool counted = false;            // by the area count (not resignation or forfeit)
  std::vector<std::string> notes;  // further SGF comment lines
};

struct ArenaGame {
  const ScheduledGame* scheduled = nullptr;
  Game game;
  int opening_length = 0;
  uint64_t seed = 0;
  std::mt19937_64 rng;
  std::unique_ptr<Search> searches[2];  // by colour, for searching players
  bool has_engine = false;
  bool cleanup = false;
  int cleanup_start = 0;
  int cleanup_passes = 0;
  bool over = false;
  Outcome outcome;
  enum class Wait { kNone, kSearch, kPolicy } wait = Wait::kNone;
};

// One external player's engine process as seen by one thread.
struct EngineSession {
  int player = -1;
  std::unique_ptr<GtpClient> client;
  bool has_cleanup = false;
  bool has_final_score = false;
  bool failed = false;  // the last client died: the next start is a restart
};

// The position a search starts from: in a cleanup phase, the game without
// the two passes that ended its main phase (a search rooted after two
// passes would see a finished game). Passes come in pairs there, so the
// side to move is the same.
Game SearchRoot(const Game& game) {
  Game root = game;
  while (root.consecutive_passes() >= 2 && root.moves().size() >= 2 && root.moves().back().point == kPass) {
    if (!root.Undo() || !root.Undo()) break;
  }
  return root;
}

class Arena {
 public:
  Arena(const ArenaConfig& config, const ArenaRunOptions& options) : config_(config), options_(options) {}
  absl::StatusOr<ArenaRunSummary> Run(const ArenaBackendLoader& loader);

 private:
  // --- Setup.
  absl::Status LoadModels(const ArenaBackendLoader& loader, const std::vector<const ScheduledGame*>& pending,
                          int max_batch);
  absl::Status PreflightEngines(const std::vector<const ScheduledGame*>& engine_games);

  // --- The game.
  int PlayerOf(const ArenaGame& g, int ci) const { return ci == 0 ? g.scheduled->black : g.scheduled->white; }
  const PlayerSpec& Spec(const ArenaGame& g, int ci) const { return config_.players[PlayerOf(g, ci)]; }
  bool IsEngine(int player) const { return config_.players[player].kind == Kind::kGtp; }
  std::unique_ptr<ArenaGame> NewGame(const ScheduledGame& scheduled) const;
  float Temperature(const PlayerSpec& p, const ArenaGame& g) const;
  bool MayResign(const ArenaGame& g) const;
  void PrepareSearch(ArenaGame& g, int ci);
  Point SearchMove(ArenaGame& g, int ci);  // kResign to resign
  Point PolicyMove(ArenaGame& g, int ci, const EvalOutput& out);
  void Play(ArenaGame& g, Point move);
  void PlayOrResign(ArenaGame& g, int ci, Point move);
  void Resign(ArenaGame& g, int ci);
  void Forfeit(ArenaGame& g, int ci, const std::string& why);
  void Count(ArenaGame& g, const std::string& how);

  // --- Games without engines: all at once, batched per model.
  absl::Status RunBatched(const std::vector<const ScheduledGame*>& games);
  void Advance(ArenaGame& g);

  // --- Games with engines.
  void EngineWorker(int thread);
  // Abandoned (false) when stopped.
  bool PlayEngineGame(ArenaGame& g, std::map<int, EngineSession>& sessions);
  absl::Status EnsureStarted(EngineSession& s);
  // Sends with the player's move timeout (or `timeout_seconds`); a dead or
  // hung engine is dropped, to be restarted for its next game.
  absl::StatusOr<std::string> Ask(EngineSession& s, const std::string& command, double timeout_seconds = 0);
  void CompareFinalScore(ArenaGame& g, EngineSession& s, int ci);

  // --- Output.
  absl::Status Record(ArenaGame& g);
  void Log(const std::string& line);
  bool Stopping() const { return (options_.stop != nullptr && options_.stop->load()) || failed_.load(); }
  void Fail(const absl::Status& s);

  const ArenaConfig& config_;
  const ArenaRunOptions& options_;
  std::vector<Opening> openings_;
  std::vector<ScheduledGame> schedule_;
  std::map<std::string, Model> models_;  // by path
  std::vector<Model*> player_model_;     // by player; null for non-model players
  std::string results_path_, sgf_dir_, logs_dir_;

  std::mutex mu_;  // everything below
  ArenaRunSummary summary_;
  int total_ = 0;
  absl::Time started_;
  absl::Time last_progress_ = absl::InfinitePast();
  std::deque<const ScheduledGame*> engine_queue_;
  std::map<int, EngineSession> preflight_;  // by player: sessions started before the games
  std::map<int, int> engine_starts_;        // by player
  absl::Status error_;
  std::atomic<bool> failed_{false};
};

// ---------------------------------------------------------------- setup

absl::Status Arena::LoadModels(const ArenaBackendLoader& loader, const std::vector<const ScheduledGame*>& pending,
                               int max_batch) {
  std::set<int> players;
  for (const ScheduledGame* g : pending) players.insert({g->black, g->white});
  player_model_.assign(config_.players.size(), nullptr);
  for (int i : players) {
    const PlayerSpec& p = config_.players[i];
    if (!p.uses_model()) continue;
    auto [it, fresh] = models_.try_emplace(p.model_path);
    Model& m = it->second;
    if (fresh) {
      m.path = p.model_path;
      if (!loader) return absl::FailedPreconditionError("no model loader");
      absl::StatusOr<std::unique_ptr<BatchBackend>> backend = loader(p.model_path, max_batch);
      if (!backend.ok()) {
        return absl::Status(backend.status().code(), absl::StrFormat("player '%s': cannot load model %s: %s", p.name,
                                                                     p.model_path, backend.status().message()));
      }
      m.owned = *std::move(backend);
      if (m.owned->board_size() != config_.board_size) {
        return absl::InvalidArgumentError(
            absl::StrFormat("player '%s': model %s is for %dx%d boards, the arena plays %dx%d", p.name, p.model_path,
                            m.owned->board_size(), m.owned->board_size(), config_.board_size, config_.board_size));
      }
      m.shared = std::make_unique<SerializedBackend>(m.owned.get());
      m.driver = std::make_unique<LockstepDriver>(m.shared.get());
    }
    player_model_[i] = &m;
  }
  return absl::OkStatus();
}

absl::Status Arena::PreflightEngines(const std::vector<const ScheduledGame*>& engine_games) {
  std::set<int> players;
  for (const ScheduledGame* g : engine_games) {
    for (int p : {g->black, g->white}) {
      if (IsEngine(p)) players.insert(p);
    }
  }
  for (int p : players) {
    EngineSession& s = preflight_[p];
    s.player = p;
    if (absl::Status st = EnsureStarted(s); !st.ok()) {
      return absl::FailedPreconditionError(
          absl::StrFormat("player '%s': the engine cannot be used (%s): %s", config_.players[p].name,
                          absl::StrJoin(config_.players[p].gtp_command, " "), st.message()));
    }
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------- the game

std::unique_ptr<ArenaGame> Arena::NewGame(const ScheduledGame& scheduled) const {
  auto g = std::make_unique<ArenaGame>();
  g->scheduled = &scheduled;
  Rules rules = config_.tromp_taylor ? Rules::TrompTaylor() : Rules::Chinese();
  rules.komi = config_.komi;
  g->game = Game(config_.board_size, rules);
  if (scheduled.opening >= 0) {
    for (Point p : openings_[scheduled.opening].moves) (void)g->game.Play(p);  // legal: checked by the book
    g->opening_length = g->game.move_number();
  }
  g->seed = SplitMix64(config_.seed ^ HashText(scheduled.id))();
  g->rng.seed(g->seed);
  g->has_engine = IsEngine(scheduled.black) || IsEngine(scheduled.white);
  return g;
}

float Arena::Temperature(const PlayerSpec& p, const ArenaGame& g) const {
  if (p.temperature <= 0) return 0;
  if (p.temperature_moves > 0 && g.game.move_number() - g.opening_length >= p.temperature_moves) return 0;
  return p.temperature;
}

bool Arena::MayResign(const ArenaGame& g) const {
  return !g.cleanup && g.game.move_number() >= config_.board_size * config_.board_size / 4;
}

void Arena::PrepareSearch(ArenaGame& g, int ci) {
  const PlayerSpec& p = Spec(g, ci);
  if (g.searches[ci] == nullptr) {
    SearchOptions o;
    o.reuse_tree = false;
    o.c_puct = p.c_puct;
    o.gumbel = p.gumbel;
    o.gumbel_considered_actions = p.gumbel_considered_actions;
    o.resign_threshold = -2.0f;  // the arena decides (MayResign)
    o.seed = g.seed + 1 + ci;
    g.searches[ci] = std::make_unique<Search>(g.game, o);
  }
  Search& search = *g.searches[ci];
  if (g.cleanup) {
    search.SetRoot(SearchRoot(g.game));
  } else {
    search.SetRoot(g.game);
  }
  search.SetTargetVisits(p.visits);
}

Point Arena::SearchMove(ArenaGame& g, int ci) {
  const PlayerSpec& p = Spec(g, ci);
  Search& search = *g.searches[ci];
  const MoveDecision d = search.ChooseMove(Temperature(p, g));
  if (MayResign(g) && p.resign_threshold > -1.0f && search.root_visits() >= std::min(p.visits, kResignMinVisits) &&
      d.value < p.resign_threshold) {
    return kResign;
  }
  if (d.move == kResign || (d.move != kPass && !g.game.IsLegal(d.move))) return kPass;
  return d.move;
}

Point Arena::PolicyMove(ArenaGame& g, int ci, const EvalOutput& out) {
  const PlayerSpec& p = Spec(g, ci);
  if (MayResign(g) && p.resign_threshold > -1.0f && out.value < p.resign_threshold) return kResign;
  const int size = config_.board_size;
  const float temperature = Temperature(p, g);
  std::vector<std::pair<Point, float>> legal;
  float best = -1;
  Point best_move = kPass;
  for (int flat = 0; flat <= size * size; ++flat) {
    const Point move = FromFlat(flat, size);
    if (move != kPass && !g.game.IsLegal(move)) continue;
    const float prior = std::max(out.policy[flat], 0.0f);
    legal.emplace_back(move, prior);
    if (prior > best) {
      best = prior;
      best_move = move;
    }
  }
  if (temperature <= 0 || best <= 0) return best_move;
  std::vector<double> weights;
  for (const auto& [move, prior] : legal) {
    weights.push_back(prior > 0 ? std::exp((std::log(prior) - std::log(best)) / temperature) : 0.0);
  }
  std::discrete_distribution<size_t> pick(weights.begin(), weights.end());
  return legal[pick(g.rng)].first;
}

void Arena::Play(ArenaGame& g, Point move) {
  if (absl::Status s = g.game.Play(move); !s.ok()) {
    // Every caller checked legality; a failure here is a bug, not a game event.
    Log(absl::StrFormat("game %s: move %s refused (%s); passing instead", g.scheduled->id,
                        PointToGtp(move, config_.board_size), s.message()));
    (void)g.game.Play(kPass);
    move = kPass;
  }
  const int area = config_.board_size * config_.board_size;
  if (g.cleanup) {
    g.cleanup_passes = move == kPass ? g.cleanup_passes + 1 : 0;
    if (g.cleanup_passes >= 2) {
      Count(g, absl::StrFormat("two passes, a cleanup phase of %d moves, two passes",
                               g.game.move_number() - g.cleanup_start - 2));
    } else if (g.game.move_number() >= g.cleanup_start + 2 * area) {
      Count(g, "two passes, then the cleanup phase's move limit");
    }
    return;
  }
  if (g.game.IsOver()) {
    if (g.has_engine) {
      g.cleanup = true;
      g.cleanup_start = g.game.move_number();
      g.cleanup_passes = 0;
      return;
    }
    Count(g, "two passes");
    return;
  }
  if (g.game.move_number() >= config_.max_moves) Count(g, absl::StrFormat("move limit (%d)", config_.max_moves));
}

void Arena::PlayOrResign(ArenaGame& g, int ci, Point move) {
  if (move == kResign) {
    Resign(g, ci);
  } else {
    Play(g, move);
  }
}

void Arena::Resign(ArenaGame& g, int ci) {
  g.over = true;
  g.outcome.winner = ci == 0 ? Winner::kWhite : Winner::kBlack;
  g.outcome.result_text = absl::StrCat(ColourLetter(1 - ci), "+R");
  g.outcome.end = absl::StrFormat("%s (%s) resigned", Spec(g, ci).name, ColourLetter(ci));
}

void Arena::Forfeit(ArenaGame& g, int ci, const std::string& why) {
  g.over = true;
  g.outcome.winner = ci == 0 ? Winner::kWhite : Winner::kBlack;
  g.outcome.result_text = absl::StrCat(ColourLetter(1 - ci), "+F");
  g.outcome.end = absl::StrFormat("%s (%s) loses by forfeit: %s", Spec(g, ci).name, ColourLetter(ci), why);
  g.outcome.counted = false;
  Log(absl::StrFormat("game %s: %s", g.scheduled->id, g.outcome.end));
  std::lock_guard<std::mutex> lock(mu_);
  ++summary_.forfeits;
}

void Arena::Count(ArenaGame& g, const std::string& how) {
  const float margin = AreaScore(g.game.board(), config_.komi).margin();
  g.over = true;
  g.outcome.winner = margin > 0 ? Winner::kBlack : (margin < 0 ? Winner::kWhite : Winner::kDraw);
  g.outcome.result_text = ResultString(margin);
  g.outcome.end = absl::StrFormat("%s; area count %s", how, g.outcome.result_text);
  g.outcome.counted = true;
}

// ---------------------------------------------------------------- batched games

void Arena::Advance(ArenaGame& g) {
  while (!g.over && g.wait == ArenaGame::Wait::kNone) {
    const int ci = ColourIndex(g.game.to_play());
    switch (Spec(g, ci).kind) {
      case Kind::kRandom:
        Play(g, RandomNonEyeMove(g.game, g.rng));
        break;
      case Kind::kSearch:
        PrepareSearch(g, ci);
        g.wait = ArenaGame::Wait::kSearch;
        break;
      case Kind::kPolicy:
        g.wait = ArenaGame::Wait::kPolicy;
        break;
      case Kind::kGtp:  // never here: engine games run elsewhere
        Forfeit(g, ci, "internal error: an engine game in the batched loop");
        break;
    }
  }
}

absl::Status Arena::RunBatched(const std::vector<const ScheduledGame*>& games) {
  std::deque<const ScheduledGame*> queue(games.begin(), games.end());
  std::vector<std::unique_ptr<ArenaGame>> active;
  std::vector<Search*> group;
  std::vector<ArenaGame*> waiting;
  std::vector<CompactPosition> positions;
  std::vector<EvalOutput> outputs;
  while (!queue.empty() || !active.empty()) {
    if (Stopping()) return absl::OkStatus();
    while (static_cast<int>(active.size()) < config_.parallel_games && !queue.empty()) {
      active.push_back(NewGame(*queue.front()));
      queue.pop_front();
    }
    for (auto& g : active) Advance(*g);
    for (auto& [path, model] : models_) {
      group.clear();
      waiting.clear();
      for (auto& g : active) {
        if (g->over) continue;
        const int ci = ColourIndex(g->game.to_play());
        if (player_model_[PlayerOf(*g, ci)] != &model) continue;
        if (g->wait == ArenaGame::Wait::kSearch) group.push_back(g->searches[ci].get());
        if (g->wait == ArenaGame::Wait::kPolicy) waiting.push_back(g.get());
      }
      if (!group.empty()) model.driver->Step(group);
      const size_t batch = static_cast<size_t>(std::max(1, model.shared->max_batch_size()));
      for (size_t begin = 0; begin < waiting.size(); begin += batch) {
        const size_t n = std::min(batch, waiting.size() - begin);
        positions.resize(n);
        outputs.resize(n);
        for (size_t i = 0; i < n; ++i) FillCompactPosition(waiting[begin + i]->game, &positions[i]);
        model.shared->EvaluateBatch(positions, outputs);
        for (size_t i = 0; i < n; ++i) {
          ArenaGame& g = *waiting[begin + i];
          const int ci = ColourIndex(g.game.to_play());
          g.wait = ArenaGame::Wait::kNone;
          PlayOrResign(g, ci, PolicyMove(g, ci, outputs[i]));
        }
      }
    }
    for (auto& g : active) {
      if (g->over || g->wait != ArenaGame::Wait::kSearch) continue;
      const int ci = ColourIndex(g->game.to_play());
      if (!g->searches[ci]->Done()) continue;
      g->wait = ArenaGame::Wait::kNone;
      PlayOrResign(*g, ci, SearchMove(*g, ci));
    }
    for (auto& g : active) {
      if (!g->over) continue;
      if (absl::Status s = Record(*g); !s.ok()) return s;
    }
    std::erase_if(active, [](const std::unique_ptr<ArenaGame>& g) { return g->over; });
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------- engine games

absl::Status Arena::EnsureStarted(EngineSession& s) {
  if (s.client != nullptr && s.client->running()) return absl::OkStatus();
  s.client.reset();
  const PlayerSpec& p = config_.players[s.player];
  int start = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    start = ++engine_starts_[s.player];
    if (s.failed) ++summary_.engine_restarts;
  }
  if (s.failed) Log(absl::StrFormat("restarting engine %s (start %d)", p.name, start));
  GtpClientOptions o;
  o.stderr_path = absl::StrFormat("%s/%s.%d.stderr", logs_dir_, p.name, start);
  absl::StatusOr<std::unique_ptr<GtpClient>> client = GtpClient::Start(p.gtp_command, o);
  if (!client.ok()) {
    s.failed = true;
    return client.status();
  }
  s.client = *std::move(client);
  s.failed = false;
  // An engine may load its network before it answers anything: a longer limit.
  absl::StatusOr<std::string> commands = Ask(s, "list_commands", std::max(p.move_timeout_seconds, 120.0));
  if (!commands.ok()) return commands.status();
  s.has_cleanup = s.has_final_score = false;
  for (absl::string_view line : absl::StrSplit(*commands, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line == "kgs-genmove_cleanup") s.has_cleanup = true;
    if (line == "final_score") s.has_final_score = true;
  }
  for (const std::string& command : p.gtp_setup_commands) {
    if (absl::StatusOr<std::string> r = Ask(s, command); !r.ok()) {
      return absl::Status(r.status().code(),
                          absl::StrFormat("setup command '%s': %s", command, DescribeStatus(r.status())));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Arena::Ask(EngineSession& s, const std::string& command, double timeout_seconds) {
  if (s.client == nullptr) return absl::UnavailableError("the engine is not running");
  const PlayerSpec& p = config_.players[s.player];
  absl::StatusOr<std::string> reply =
      s.client->Send(command, absl::Seconds(timeout_seconds > 0 ? timeout_seconds : p.move_timeout_seconds));
  if (!reply.ok() && !IsGtpFailure(reply.status()) && reply.status().code() != absl::StatusCode::kInvalidArgument) {
    // Dead, hung (killed by the client) or unreadable: restarted for its next game.
    Log(absl::StrFormat("engine %s (pid %d) failed on '%s': %s", p.name, s.client->pid(), command,
                        DescribeStatus(reply.status())));
    s.client.reset();
    s.failed = true;
  }
  return reply;
}

void Arena::CompareFinalScore(ArenaGame& g, EngineSession& s, int ci) {
  const std::string name = Spec(g, ci).name;
  absl::StatusOr<std::string> reply = Ask(s, "final_score");
  if (!reply.ok()) {
    g.outcome.notes.push_back(absl::StrFormat("final_score of %s: %s", name, DescribeStatus(reply.status())));
    return;
  }
  const std::string theirs(absl::StripAsciiWhitespace(*reply));
  const SgfResult a = SgfResult::FromText(theirs), b = SgfResult::FromText(g.outcome.result_text);
  const bool agree = a.draw == b.draw && a.winner == b.winner &&
                     (!a.margin.has_value() || !b.margin.has_value() || std::fabs(*a.margin - *b.margin) < 0.01f);
  if (agree) {
    g.outcome.notes.push_back(absl::StrFormat("final_score of %s: %s (agrees with the count)", name, theirs));
    return;
  }
  g.outcome.notes.push_back(
      absl::StrFormat("final_score of %s: %s DISAGREES with the count %s", name, theirs, g.outcome.result_text));
  Log(absl::StrFormat("game %s: %s says %s, the area count says %s", g.scheduled->id, name, theirs,
                      g.outcome.result_text));
  std::lock_guard<std::mutex> lock(mu_);
  ++summary_.score_disagreements;
}

bool Arena::PlayEngineGame(ArenaGame& g, std::map<int, EngineSession>& sessions) {
  EngineSession* side[2] = {nullptr, nullptr};
  for (int ci = 0; ci < 2; ++ci) {
    const int p = PlayerOf(g, ci);
    if (!IsEngine(p)) continue;
    auto [it, fresh] = sessions.try_emplace(p);
    if (fresh) {
      std::lock_guard<std::mutex> lock(mu_);
      if (auto pre = preflight_.find(p); pre != preflight_.end()) {
        it->second = std::move(pre->second);
        preflight_.erase(pre);
      }
    }
    it->second.player = p;
    side[ci] = &it->second;
  }
  // Each engine: a fresh board with the opening.
  for (int ci = 0; ci < 2 && !g.over; ++ci) {
    if (side[ci] == nullptr) continue;
    if (absl::Status s = EnsureStarted(*side[ci]); !s.ok()) {
      Forfeit(g, ci, absl::StrCat("the engine did not start: ", DescribeStatus(s)));
      break;
    }
    std::vector<std::string> commands = {absl::StrFormat("boardsize %d", config_.board_size), "clear_board",
                                         absl::StrFormat("komi %g", config_.komi)};
    for (int i = 0; i < g.opening_length; ++i) {
      const MoveRecord& m = g.game.moves()[i];
      commands.push_back(
          absl::StrFormat("play %s %s", GtpColour(ColourIndex(m.color)), PointToGtp(m.point, config_.board_size)));
    }
    for (const std::string& command : commands) {
      if (absl::StatusOr<std::string> r = Ask(*side[ci], command); !r.ok()) {
        Forfeit(g, ci, absl::StrFormat("'%s': %s", command, DescribeStatus(r.status())));
        break;
      }
    }
  }
  while (!g.over) {
    if (Stopping()) return false;
    const int ci = ColourIndex(g.game.to_play());
    const PlayerSpec& p = Spec(g, ci);
    Point move = kPass;
    switch (p.kind) {
      case Kind::kGtp: {
        const std::string command =
            absl::StrCat(g.cleanup && side[ci]->has_cleanup ? "kgs-genmove_cleanup " : "genmove ", GtpColour(ci));
        absl::StatusOr<std::string> reply = Ask(*side[ci], command);
        if (!reply.ok()) {
          Forfeit(g, ci, absl::StrFormat("'%s': %s", command, DescribeStatus(reply.status())));
          continue;
        }
        const std::string vertex = absl::AsciiStrToLower(absl::StripAsciiWhitespace(*reply));
        if (vertex == "resign") {
          move = kResign;
          break;
        }
        absl::StatusOr<Point> point = GtpToPoint(vertex, config_.board_size);
        if (!point.ok()) {
          Forfeit(g, ci, absl::StrFormat("'%s' answered '%s', not a move", command, vertex));
          continue;
        }
        if (*point != kPass && !g.game.IsLegal(*point)) {
          Forfeit(g, ci,
                  absl::StrFormat("illegal move %s (%s)", PointToGtp(*point, config_.board_size),
                                  g.game.CheckLegal(*point, g.game.to_play()).message()));
          continue;
        }
        move = *point;
        break;
      }
      case Kind::kSearch:
        PrepareSearch(g, ci);
        g.searches[ci]->Run(*player_model_[PlayerOf(g, ci)]->shared, p.visits);
        move = SearchMove(g, ci);
        break;
      case Kind::kPolicy: {
        std::vector<CompactPosition> position(1);
        std::vector<EvalOutput> output(1);
        FillCompactPosition(g.game, &position[0]);
        player_model_[PlayerOf(g, ci)]->shared->EvaluateBatch(position, output);
        move = PolicyMove(g, ci, output[0]);
        break;
      }
      case Kind::kRandom:
        move = RandomNonEyeMove(g.game, g.rng);
        break;
    }
    if (move == kResign) {
      Resign(g, ci);
      break;
    }
    if (EngineSession* other = side[1 - ci]; other != nullptr) {
      const std::string command = absl::StrFormat("play %s %s", GtpColour(ci), PointToGtp(move, config_.board_size));
      if (absl::StatusOr<std::string> r = Ask(*other, command); !r.ok()) {
        Forfeit(g, 1 - ci, absl::StrFormat("'%s': %s", command, DescribeStatus(r.status())));
        break;
      }
    }
    Play(g, move);
  }
  if (g.outcome.counted) {
    for (int ci = 0; ci < 2; ++ci) {
      if (side[ci] != nullptr && side[ci]->client != nullptr && side[ci]->has_final_score) {
        CompareFinalScore(g, *side[ci], ci);
      }
    }
  }
  return true;
}

void Arena::EngineWorker(int thread) {
  (void)thread;
  std::map<int, EngineSession> sessions;  // by player
  while (!Stopping()) {
    const ScheduledGame* next = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (engine_queue_.empty()) break;
      next = engine_queue_.front();
      engine_queue_.pop_front();
    }
    std::unique_ptr<ArenaGame> g = NewGame(*next);
    if (!PlayEngineGame(*g, sessions)) break;
    if (absl::Status s = Record(*g); !s.ok()) {
      Fail(s);
      break;
    }
  }
  for (auto& [player, session] : sessions) {
    if (session.client != nullptr) (void)session.client->Quit();
  }
}

// ---------------------------------------------------------------- output

void Arena::Log(const std::string& line) {
  if (options_.log == nullptr) return;
  std::fprintf(options_.log, "arena: %s\n", line.c_str());
  std::fflush(options_.log);
}

void Arena::Fail(const absl::Status& s) {
  std::lock_guard<std::mutex> lock(mu_);
  if (error_.ok()) error_ = s;
  failed_ = true;
}

absl::Status Arena::Record(ArenaGame& g) {
  const ScheduledGame& s = *g.scheduled;
  const PlayerSpec& black = config_.players[s.black];
  const PlayerSpec& white = config_.players[s.white];
  SgfGameInfo info;
  info.size = config_.board_size;
  info.komi = config_.komi;
  info.rules = config_.tromp_taylor ? "Tromp-Taylor" : "Chinese";
  info.black_player = black.name;
  info.white_player = white.name;
  info.result = SgfResult::FromText(g.outcome.result_text);
  info.game_name = s.id;
  info.event = "tengen arena";
  info.date = absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone());
  std::vector<std::string> comment = {
      absl::StrFormat("tengen arena game %s", s.id), absl::StrFormat("black %s: %s", black.name, black.Describe()),
      absl::StrFormat("white %s: %s", white.name, white.Describe()),
      absl::StrFormat("rules %s, komi %g, max moves %d", info.rules, config_.komi, config_.max_moves)};
  if (s.opening >= 0) {
    comment.push_back(
        absl::StrFormat("opening: the first %d moves of %s", g.opening_length, openings_[s.opening].source));
  }
  comment.push_back(absl::StrCat("end: ", g.outcome.end));
  for (const std::string& note : g.outcome.notes) comment.push_back(note);
  std::string sgf = WriteSgf(g.game, info);
  const size_t root_end = sgf.find('\n');
  sgf.insert(root_end == std::string::npos ? sgf.size() - 2 : root_end,
             absl::StrCat("C[", SgfEscape(absl::StrJoin(comment, "\n")), "]"));

  std::lock_guard<std::mutex> lock(mu_);
  const std::string sgf_path = absl::StrFormat("%s/%s.sgf", sgf_dir_, s.id);
  if (absl::Status st = data::WriteFileAtomically(sgf_path, sgf); !st.ok()) return st;
  GameResult result;
  result.black = black.name;
  result.white = white.name;
  result.winner = g.outcome.winner;
  result.result_text = g.outcome.result_text;
  result.moves = g.game.move_number();
  result.game_id = s.id;
  if (absl::Status st = AppendResult(results_path_, result); !st.ok()) return st;
  ++summary_.played;
  const int done = summary_.already_played + summary_.played;
  const absl::Time now = absl::Now();
  if (done == total_ || options_.progress_seconds <= 0 ||
      now - last_progress_ >= absl::Seconds(options_.progress_seconds)) {
    last_progress_ = now;
    const double seconds = absl::ToDoubleSeconds(now - started_);
    const double rate = seconds > 0 ? summary_.played / seconds : 0;
    if (options_.log != nullptr) {
      std::fprintf(options_.log, "arena: %d/%d games (%d this run, %.1f games/min), ETA %s; last %s %s %s\n", done,
                   total_, summary_.played, rate * 60, data::FormatDuration(rate > 0 ? (total_ - done) / rate : -1).c_str(),
                   s.id.c_str(), result.result_text.c_str(), g.outcome.end.c_str());
      std::fflush(options_.log);
    }
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------- run

absl::StatusOr<ArenaRunSummary> Arena::Run(const ArenaBackendLoader& loader) {
  started_ = absl::Now();
  results_path_ = absl::StrCat(options_.out_dir, "/", kResultsFile);
  sgf_dir_ = absl::StrCat(options_.out_dir, "/", kSgfFolder);
  logs_dir_ = absl::StrCat(options_.out_dir, "/logs");
  for (const std::string& dir : {options_.out_dir, sgf_dir_, logs_dir_}) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return absl::PermissionDeniedError(absl::StrFormat("%s: cannot create: %s", dir, ec.message()));
  }
  // SGF files half written when a run was killed.
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(sgf_dir_, ec)) {
    if (data::IsTemporaryFileName(entry.path().filename().string())) std::filesystem::remove(entry.path(), ec);
  }
  if (absl::Status s = data::WriteFileAtomically(
          absl::StrCat(options_.out_dir, "/", kConfigCopy),
          absl::StrCat("# The config of the last `tengen arena` run in this folder (proto/arena_config.proto).\n",
                       config_.canonical_text));
      !s.ok()) {
    return s;
  }

  if (!config_.opening_sgf.empty()) {
    OpeningBookOptions o;
    o.paths = config_.opening_sgf;
    o.board_size = config_.board_size;
    o.moves = config_.opening_moves;
    o.max_openings = config_.max_openings;
    o.seed = config_.seed;
    o.rules = config_.tromp_taylor ? Rules::TrompTaylor() : Rules::Chinese();
    absl::StatusOr<OpeningBook> book = LoadOpeningBook(o);
    if (!book.ok()) return book.status();
    Log(absl::StrCat("opening book: ", book->Summary(config_.opening_moves)));
    openings_ = std::move(book->openings);
  }
  absl::StatusOr<std::vector<ScheduledGame>> schedule =
      MakeSchedule(ScheduleSpecOf(config_, static_cast<int>(openings_.size())));
  if (!schedule.ok()) return schedule.status();
  schedule_ = *std::move(schedule);

  absl::StatusOr<ResultsFile> results = ReadResults(results_path_);
  if (!results.ok()) return results.status();
  for (const std::string& problem : results->problems) Log(absl::StrCat("skipped ", problem));
  std::set<std::string> played;
  for (const GameResult& r : results->games) played.insert(r.game_id);
  std::vector<const ScheduledGame*> batched, engine;
  for (const ScheduledGame& g : schedule_) {
    if (played.contains(g.id)) {
      ++summary_.already_played;
    } else if (IsEngine(g.black) || IsEngine(g.white)) {
      engine.push_back(&g);
    } else {
      batched.push_back(&g);
    }
  }
  summary_.scheduled = total_ = static_cast<int>(schedule_.size());
  Log(absl::StrFormat("%d players, %d games scheduled, %d already in %s, %d to play (%d without engines, %d with)",
                      config_.players.size(), total_, summary_.already_played, results_path_,
                      batched.size() + engine.size(), batched.size(), engine.size()));
  if (batched.empty() && engine.empty()) return summary_;

  const int max_batch = std::max<int>(1, std::min<int>(config_.parallel_games, static_cast<int>(batched.size())));
  std::vector<const ScheduledGame*> pending = batched;
  pending.insert(pending.end(), engine.begin(), engine.end());
  if (absl::Status s = LoadModels(loader, pending, max_batch); !s.ok()) return s;
  if (absl::Status s = PreflightEngines(engine); !s.ok()) return s;

  engine_queue_.assign(engine.begin(), engine.end());
  std::vector<std::thread> workers;
  const int threads = std::min<int>(config_.engine_parallel_games, static_cast<int>(engine.size()));
  for (int t = 0; t < threads; ++t) workers.emplace_back([this, t] { EngineWorker(t); });
  if (absl::Status s = RunBatched(batched); !s.ok()) Fail(s);
  for (std::thread& t : workers) t.join();
  for (auto& [player, session] : preflight_) {
    if (session.client != nullptr) (void)session.client->Quit();
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!error_.ok()) return error_;
  summary_.stopped = options_.stop != nullptr && options_.stop->load();
  return summary_;
}

}  // namespace

absl::StatusOr<ArenaRunSummary> RunArena(const ArenaConfig& config, const ArenaBackendLoader& loader,
                                         const ArenaRunOptions& options) {
  Arena arena(config, options);
  return arena.Run(loader);
}

}  // namespace tengen::arena
