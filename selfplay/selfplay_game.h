#ifndef TENGEN_SELFPLAY_SELFPLAY_GAME_H_
#define TENGEN_SELFPLAY_SELFPLAY_GAME_H_

// One self-play game driven move by move over a Search whose leaves a
// driver evaluates (many games share one batched network):
//
//   game.Start(options);                 // a new game, the first search set up
//   ...driver steps game.search() until Done()...
//   if (game.FinishMove()) record = game.Record();   // else the next search is set up
//
// Each move is searched fully (full_visits, root noise, forced playouts)
// with probability full_search_fraction, cheaply otherwise (playout cap
// randomization; KataGo); only full searches give policy targets. Moves are
// sampled at a temperature decaying from early to late. A game ends by
// resignation, two passes or the move limit, and is scored on the board
// (Tromp-Taylor area), so records carry winner, score and ownership.

#include <array>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/data/recorded_game.h"
#include "engine/rules/game.h"
#include "engine/search/mcts.h"
#include "selfplay/selfplay_config.h"

namespace tengen::selfplay {

struct GameStart {
  std::string model_name;
  uint64_t seed = 1;
  // One of the games played to the end to measure false resignations.
  bool resign_disabled = false;
  float resign_threshold = -0.9f;
};

class SelfPlayGame {
 public:
  explicit SelfPlayGame(const SelfPlaySettings& settings);

  void Start(const GameStart& start);
  Search& search() { return *search_; }
  const Game& game() const { return search_->game(); }
  // After search().Done(): records the move's targets, chooses and plays
  // the move. True when the game has ended; otherwise the next move's
  // search is set up.
  bool FinishMove();
  bool finished() const { return finished_; }
  // The finished game as a training record (scored, with provenance).
  data::RecordedGame Record() const;
  const GameStart& start() const { return start_; }

 private:
  void BeginMove();
  SearchOptions MoveOptions(bool full) const;
  data::PolicyTargetData MovePolicyTarget() const;
  void EndGame(int resigning_player);
  float Temperature(int move_number) const;

  const SelfPlaySettings& settings_;
  SearchOptions base_options_;
  Game start_position_;
  std::unique_ptr<Search> search_;
  GameStart start_;
  std::mt19937_64 rng_;
  bool finished_ = false;
  bool current_full_ = true;
  // Per move.
  std::vector<data::PolicyTargetData> policy_targets_;
  std::vector<float> root_values_;
  std::vector<uint8_t> full_search_;
  // Outcome.
  int resigned_player_ = 0;  // 1 black, 2 white
  int would_resign_move_ = 0;
  int would_resign_player_ = 0;
  std::array<float, 3> min_value_{};  // by colour (1 black, 2 white): lowest search value
};

}  // namespace tengen::selfplay

#endif  // TENGEN_SELFPLAY_SELFPLAY_GAME_H_
