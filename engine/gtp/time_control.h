#ifndef TENGEN_ENGINE_GTP_TIME_CONTROL_H_
#define TENGEN_ENGINE_GTP_TIME_CONTROL_H_

// Clocks of a GTP game and how long the engine may think on a move.
//
// The controller sets the system with time_settings / kgs-time_settings and
// (usually) reports the clocks with time_left before each genmove. Between
// time_left reports the engine keeps its own clock: each generated move is
// charged with its measured duration, so a controller that never sends
// time_left still cannot make the engine lose on time.
//
// Budget: in main time, the remaining main time spread over the moves the
// engine still expects to play, plus most of one byo-yomi allowance (the
// next period covers any overrun); in byo-yomi, the time left for the
// stones (Canadian) or the period (Japanese), less a safety margin for
// communication lag and the move after the stop. The margin shrinks for
// very short periods but never below a fixed floor.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "engine/rules/board.h"

namespace tengen::gtp {

struct TimeSettings {
  enum class Kind { kNone, kAbsolute, kCanadian, kJapanese };
  Kind kind = Kind::kNone;
  absl::Duration main_time;
  absl::Duration period_time;  // byo-yomi period (Japanese) or block (Canadian)
  int period_stones = 0;       // Canadian: stones per block
  int periods = 0;             // Japanese: number of periods
};

struct TimeControlOptions {
  // Kept in reserve on every move for lag between the engine and the clock.
  absl::Duration safety_margin = absl::Milliseconds(500);
  // The margin never goes below this, however short the period.
  absl::Duration min_margin = absl::Milliseconds(100);
};

class TimeControl {
 public:
  explicit TimeControl(TimeControlOptions options = {}) : options_(options) {}

  // GTP time_settings main byo_yomi_time byo_yomi_stones (seconds): byo-yomi
  // time 0 is absolute time, stones 0 with byo-yomi time > 0 no limit.
  absl::Status SetGtp(int main_seconds, int byo_yomi_seconds, int byo_yomi_stones);
  // kgs-time_settings none | absolute M | byoyomi M P N | canadian M B S.
  absl::Status SetKgs(const std::vector<std::string>& args);
  void Set(const TimeSettings& settings);

  // GTP time_left: stones 0 means `seconds` of main time remain; otherwise
  // the player is in byo-yomi with `seconds` left for `stones` stones
  // (Canadian) or in a period with `stones` periods left (Japanese).
  absl::Status TimeLeft(Color color, double seconds, int stones);

  // Charges a move that took `elapsed` to `color`'s own clock.
  void Charge(Color color, absl::Duration elapsed);

  bool limited() const { return settings_.kind != TimeSettings::Kind::kNone; }
  const TimeSettings& settings() const { return settings_; }

  // The thinking time for `color`'s next move, or nullopt when unlimited.
  // `board_size` and `move_number` estimate how many moves remain.
  std::optional<absl::Duration> MoveBudget(Color color, int board_size, int move_number) const;

  // What the clock holds now (for tests and showboard).
  absl::Duration main_left(Color color) const { return clock(color).main_left; }
  bool in_byo_yomi(Color color) const { return clock(color).in_byo_yomi; }

 private:
  struct Clock {
    absl::Duration main_left;
    bool in_byo_yomi = false;
    absl::Duration period_left;  // time left in the current period / block
    int stones_left = 0;         // Canadian: stones still to play in the block
    int periods_left = 0;        // Japanese
  };
  const Clock& clock(Color c) const { return clocks_[c == Color::kWhite ? 1 : 0]; }
  Clock& clock(Color c) { return clocks_[c == Color::kWhite ? 1 : 0]; }
  // Takes `elapsed` from main time. True if it fit; otherwise main time is
  // used up, the clock enters byo-yomi and `elapsed` keeps the overflow.
  static bool SpendMainTime(Clock* c, absl::Duration* elapsed);
  absl::Duration Margin(absl::Duration available) const;

  TimeControlOptions options_;
  TimeSettings settings_;
  Clock clocks_[2];
};

// How many more moves `color` expects to play: a game lasts about 0.75 N^2
// moves in all; never fewer than a floor so that late-game moves keep time.
int ExpectedOwnMovesLeft(int board_size, int move_number);

}  // namespace tengen::gtp

#endif  // TENGEN_ENGINE_GTP_TIME_CONTROL_H_
