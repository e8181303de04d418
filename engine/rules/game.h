#ifndef TENGEN_ENGINE_RULES_GAME_H_
#define TENGEN_ENGINE_RULES_GAME_H_

// A game in progress: the board plus everything that depends on history
// (side to move, superko, consecutive passes, undo) and the rule set.

#include <array>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/rules/board.h"

namespace tengen {

enum class KoRule : uint8_t {
  kSimple,              // only the immediate recapture is forbidden
  kPositionalSuperko,   // no whole-board position may repeat
  kSituationalSuperko,  // no (position, side to move) may repeat
};

enum class ScoringRule : uint8_t { kArea, kTerritory };

struct Rules {
  KoRule ko = KoRule::kPositionalSuperko;
  ScoringRule scoring = ScoringRule::kArea;
  bool allow_suicide = false;
  float komi = 7.5f;

  static Rules Chinese() { return Rules{KoRule::kPositionalSuperko, ScoringRule::kArea, false, 7.5f}; }
  static Rules Japanese() { return Rules{KoRule::kSimple, ScoringRule::kTerritory, false, 6.5f}; }
  // Tromp-Taylor: area scoring, positional superko, suicide allowed.
  static Rules TrompTaylor() { return Rules{KoRule::kPositionalSuperko, ScoringRule::kArea, true, 7.5f}; }
};

struct MoveRecord {
  Color color;
  Point point;  // kPass for a pass
};

class Game {
 public:
  // Fails (crashes) on an invalid size: validate user input with
  // ValidateBoardSize or use Game::Create.
  explicit Game(int size = 19, Rules rules = Rules::Chinese());
  static absl::StatusOr<Game> Create(int size, Rules rules = Rules::Chinese());

  const Board& board() const { return board_; }
  const Rules& rules() const { return rules_; }
  void set_komi(float komi) { rules_.komi = komi; }
  int size() const { return board_.size(); }
  Color to_play() const { return to_play_; }
  void set_to_play(Color c) {
    to_play_ = c;
    if (!steps_.empty()) steps_.back().to_play_after = c;
  }
  int consecutive_passes() const { return consecutive_passes_; }
  bool IsOver() const { return consecutive_passes_ >= 2; }
  const std::vector<MoveRecord>& moves() const { return moves_; }
  int move_number() const { return static_cast<int>(moves_.size()); }
  // Hash of the position and side to move (what superko and caches key on).
  uint64_t situation_hash() const { return board_.hash() ^ ZobristToPlay(to_play_); }

  // Legal for the side to move, including superko. Pass is always legal.
  bool IsLegal(Point p) const { return IsLegal(p, to_play_); }
  bool IsLegal(Point p, Color c) const;
  // Explains why a move is illegal ("occupied", "suicide", "ko", "superko").
  absl::Status CheckLegal(Point p, Color c) const;
  // All legal points for the side to move (pass not included).
  std::vector<Point> LegalMoves() const;

  // Plays for the side to move (or the given colour, for GTP/SGF input where
  // the same colour may move twice) after checking legality.
  absl::Status Play(Point p) { return Play(p, to_play_); }
  absl::Status Play(Point p, Color c);
  // Plays without checking (search and playouts have checked already).
  void PlayUnchecked(Point p, Color c);
  // Takes back the last move or setup step. False when there is none.
  bool Undo();

  // Setup stones (handicap, SGF AB/AW/AE); recorded for undo and superko.
  absl::Status PlaceSetupStones(const std::vector<Point>& black, const std::vector<Point>& white,
                                const std::vector<Point>& clear);
  int handicap() const { return handicap_; }
  void set_handicap(int n) { handicap_ = n; }

  // The stones of the last kHistoryLength positions, newest first: [0] is
  // the current board, [1] the one before the last move, and so on (setup
  // steps count as positions). Fewer entries early in the game.
  static constexpr int kHistoryLength = 8;
  int history_size() const { return history_count_; }
  const std::array<uint8_t, kNumPoints>& history(int back) const;

  // The most stones the board held in any position superko remembers (0
  // under simple ko): a position with more stones repeats none of them.
  int most_stones_seen() const { return most_stones_seen_; }
  // Whether a position reached from this one (its stones' hash and count,
  // `to_play` to move) repeats one this game has been in, as the superko
  // rule in force counts repetitions; always false under simple ko. The
  // search asks this for the positions in its tree.
  bool IsRepetition(uint64_t stones_hash, int num_stones, Color to_play) const {
    return num_stones <= most_stones_seen_ && seen_positions_.contains(SuperkoKey(stones_hash, to_play));
  }
  // What superko compares: the stones' hash, and under situational
  // superko the side to move as well.
  uint64_t SuperkoKey(uint64_t stones_hash, Color next_to_play) const {
    return rules_.ko == KoRule::kSituationalSuperko ? stones_hash ^ ZobristToPlay(next_to_play) : stones_hash;
  }

 private:
  // Whether a stone of `mover` at p would recreate a position seen before
  // under the superko rule in force.
  bool RepeatsPosition(Point p, Color mover, bool changes_more_than_p) const;
  void RecordPosition();

  Board board_;
  Rules rules_;
  Color to_play_ = Color::kBlack;
  int consecutive_passes_ = 0;
  int handicap_ = 0;
  std::vector<MoveRecord> moves_;
  void PushHistory();

  // Undo replays every step from the empty board (as KataGo does): undo is
  // rare (GTP, SGF tools) while play is hot, and a per-move board snapshot
  // would cost more than the move itself.
  struct Step {
    bool is_setup;
    MoveRecord move;  // when !is_setup
    std::vector<Point> black, white, clear;  // when is_setup
    Color to_play_before;
    Color to_play_after;
  };
  std::vector<Step> steps_;
  std::array<std::array<uint8_t, kNumPoints>, kHistoryLength> history_ring_;
  int history_head_ = 0;
  int history_count_ = 0;
  // Positions (or situations, under situational superko) seen so far; empty
  // under simple ko, where nothing needs them.
  absl::flat_hash_set<uint64_t> seen_positions_;
  int most_stones_seen_ = 0;
};

// Fixed handicap placement as GTP fixed_handicap defines it (2..9 stones on
// boards 7x7 and larger; odd-size middle rules). Error for impossible counts.
absl::StatusOr<std::vector<Point>> FixedHandicapPoints(int size, int stones);

}  // namespace tengen

#endif  // TENGEN_ENGINE_RULES_GAME_H_
