#include "engine/gtp/time_control.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "engine/gtp/gtp_protocol.h"

namespace tengen::gtp {
namespace {

absl::Status ParseSeconds(const std::string& text, std::string_view what, absl::Duration* out) {
  double seconds = 0;
  if (!absl::SimpleAtod(text, &seconds) || !std::isfinite(seconds) || seconds < 0 ||
      seconds > 1e8) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s must be a non-negative number of seconds, got '%s'", what,
                        Printable(text)));
  }
  *out = absl::Seconds(seconds);
  return absl::OkStatus();
}

absl::Status ParseCount(const std::string& text, std::string_view what, int* out) {
  if (!absl::SimpleAtoi(text, out) || *out < 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s must be a non-negative integer, got '%s'", what, Printable(text)));
  }
  return absl::OkStatus();
}

}  // namespace

int ExpectedOwnMovesLeft(int board_size, int move_number) {
  const int points = board_size * board_size;
  const int expected_length = points * 3 / 4;
  const int floor = std::max(4, points * 15 / 100);
  const int left = std::max(expected_length - move_number, floor);
  return (left + 1) / 2;
}

void TimeControl::Set(const TimeSettings& settings) {
  settings_ = settings;
  for (Clock& c : clocks_) {
    c = Clock{};
    c.main_left = settings.main_time;
    c.period_left = settings.period_time;
    c.stones_left = settings.period_stones;
    c.periods_left = settings.periods;
    c.in_byo_yomi = settings.main_time <= absl::ZeroDuration() &&
                    (settings.kind == TimeSettings::Kind::kCanadian ||
                     settings.kind == TimeSettings::Kind::kJapanese);
  }
}

absl::Status TimeControl::SetGtp(int main_seconds, int byo_yomi_seconds, int byo_yomi_stones) {
  if (main_seconds < 0 || byo_yomi_seconds < 0 || byo_yomi_stones < 0) {
    return absl::InvalidArgumentError("time settings must not be negative");
  }
  TimeSettings s;
  s.main_time = absl::Seconds(main_seconds);
  s.period_time = absl::Seconds(byo_yomi_seconds);
  if (byo_yomi_seconds == 0) {
    // Absolute time; all zero would be a clock nobody can play on, which
    // controllers send to mean "no limit".
    s.kind = main_seconds == 0 ? TimeSettings::Kind::kNone : TimeSettings::Kind::kAbsolute;
  } else if (byo_yomi_stones == 0) {
    s.kind = TimeSettings::Kind::kNone;
  } else {
    s.kind = TimeSettings::Kind::kCanadian;
    s.period_stones = byo_yomi_stones;
  }
  Set(s);
  return absl::OkStatus();
}

absl::Status TimeControl::SetKgs(const std::vector<std::string>& args) {
  if (args.empty()) return absl::InvalidArgumentError("kgs-time_settings needs a time system");
  const std::string system = absl::AsciiStrToLower(args[0]);
  TimeSettings s;
  auto expect = [&](size_t n) -> absl::Status {
    if (args.size() != n + 1) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "kgs-time_settings %s takes %d arguments, got %d", system, n, args.size() - 1));
    }
    return absl::OkStatus();
  };
  if (system == "none") {
    if (absl::Status st = expect(0); !st.ok()) return st;
    s.kind = TimeSettings::Kind::kNone;
  } else if (system == "absolute") {
    if (absl::Status st = expect(1); !st.ok()) return st;
    if (absl::Status st = ParseSeconds(args[1], "main time", &s.main_time); !st.ok()) return st;
    s.kind = s.main_time > absl::ZeroDuration() ? TimeSettings::Kind::kAbsolute
                                                : TimeSettings::Kind::kNone;
  } else if (system == "byoyomi") {
    if (absl::Status st = expect(3); !st.ok()) return st;
    if (absl::Status st = ParseSeconds(args[1], "main time", &s.main_time); !st.ok()) return st;
    if (absl::Status st = ParseSeconds(args[2], "period time", &s.period_time); !st.ok()) return st;
    if (absl::Status st = ParseCount(args[3], "periods", &s.periods); !st.ok()) return st;
    if (s.period_time <= absl::ZeroDuration() || s.periods == 0) {
      s.kind = TimeSettings::Kind::kAbsolute;
    } else {
      s.kind = TimeSettings::Kind::kJapanese;
    }
  } else if (system == "canadian") {
    if (absl::Status st = expect(3); !st.ok()) return st;
    if (absl::Status st = ParseSeconds(args[1], "main time", &s.main_time); !st.ok()) return st;
    if (absl::Status st = ParseSeconds(args[2], "byo-yomi time", &s.period_time); !st.ok()) return st;
    if (absl::Status st = ParseCount(args[3], "byo-yomi stones", &s.period_stones); !st.ok()) return st;
    if (s.period_time <= absl::ZeroDuration() || s.period_stones == 0) {
      s.kind = TimeSettings::Kind::kAbsolute;
    } else {
      s.kind = TimeSettings::Kind::kCanadian;
    }
  } else {
    return absl::InvalidArgumentError(
        absl::StrFormat("unknown time system '%s' (none, absolute, byoyomi, canadian)",
                        Printable(args[0])));
  }
  if (s.kind == TimeSettings::Kind::kAbsolute && s.main_time <= absl::ZeroDuration()) {
    s.kind = TimeSettings::Kind::kNone;
  }
  Set(s);
  return absl::OkStatus();
}

absl::Status TimeControl::TimeLeft(Color color, double seconds, int stones) {
  if (!std::isfinite(seconds) || seconds < 0 || stones < 0) {
    return absl::InvalidArgumentError("time_left needs non-negative time and stones");
  }
  Clock& c = clock(color);
  const absl::Duration left = absl::Seconds(std::min(seconds, 1e8));
  if (stones == 0) {
    c.main_left = left;
    c.in_byo_yomi = false;
    // Some controllers report 0 main time left rather than byo-yomi
    // stones; the budget then falls back to a fresh period.
    if (left <= absl::ZeroDuration() && (settings_.kind == TimeSettings::Kind::kCanadian ||
                                         settings_.kind == TimeSettings::Kind::kJapanese)) {
      c.in_byo_yomi = true;
      c.period_left = settings_.period_time;
      c.stones_left = std::max(1, settings_.period_stones);
      c.periods_left = std::max(1, c.periods_left);
    }
    return absl::OkStatus();
  }
  c.main_left = absl::ZeroDuration();
  c.in_byo_yomi = true;
  c.period_left = left;
  if (settings_.kind == TimeSettings::Kind::kJapanese) {
    c.periods_left = stones;
  } else {
    c.stones_left = stones;
  }
  return absl::OkStatus();
}

bool TimeControl::SpendMainTime(Clock* c, absl::Duration* elapsed) {
  if (*elapsed <= c->main_left) {
    c->main_left -= *elapsed;
    return true;
  }
  *elapsed -= c->main_left;
  c->main_left = absl::ZeroDuration();
  c->in_byo_yomi = true;
  return false;
}

void TimeControl::Charge(Color color, absl::Duration elapsed) {
  Clock& c = clock(color);
  switch (settings_.kind) {
    case TimeSettings::Kind::kNone:
      return;
    case TimeSettings::Kind::kAbsolute:
      c.main_left = std::max(absl::ZeroDuration(), c.main_left - elapsed);
      return;
    case TimeSettings::Kind::kCanadian: {
      if (!c.in_byo_yomi) {
        if (SpendMainTime(&c, &elapsed)) return;
        c.period_left = settings_.period_time;
        c.stones_left = settings_.period_stones;
      }
      c.period_left = std::max(absl::ZeroDuration(), c.period_left - elapsed);
      if (--c.stones_left <= 0) {
        c.period_left = settings_.period_time;
        c.stones_left = settings_.period_stones;
      }
      return;
    }
    case TimeSettings::Kind::kJapanese: {
      if (!c.in_byo_yomi && SpendMainTime(&c, &elapsed)) return;
      while (elapsed > settings_.period_time && c.periods_left > 1) {
        elapsed -= settings_.period_time;
        --c.periods_left;
      }
      c.period_left = settings_.period_time;
      return;
    }
  }
}

absl::Duration TimeControl::Margin(absl::Duration available) const {
  return std::clamp(available / 4, options_.min_margin,
                    std::max(options_.min_margin, options_.safety_margin));
}

std::optional<absl::Duration> TimeControl::MoveBudget(Color color, int board_size,
                                                      int move_number) const {
  if (!limited()) return std::nullopt;
  const Clock& c = clock(color);
  const int moves_left = ExpectedOwnMovesLeft(board_size, move_number);
  auto positive = [](absl::Duration d) { return std::max(absl::ZeroDuration(), d); };

  // Main-time share: what is left after the margin, spread over the moves.
  const absl::Duration main_share = positive(c.main_left - Margin(c.main_left)) / moves_left;
  switch (settings_.kind) {
    case TimeSettings::Kind::kNone:
      return std::nullopt;
    case TimeSettings::Kind::kAbsolute:
      return main_share;
    case TimeSettings::Kind::kCanadian: {
      if (c.in_byo_yomi) {
        const int stones = std::max(1, c.stones_left);
        return positive(c.period_left - Margin(c.period_left / stones)) / stones;
      }
      // After main time runs out every stone gets period / stones: spending
      // that much now as well is sustainable, and an overrun lands in a
      // fresh block that can absorb it.
      const absl::Duration per_stone =
          settings_.period_time / std::max(1, settings_.period_stones);
      const absl::Duration extra = positive(per_stone - Margin(per_stone));
      return std::min(main_share + extra, positive(c.main_left + extra));
    }
    case TimeSettings::Kind::kJapanese: {
      const absl::Duration period =
          c.in_byo_yomi ? std::min(c.period_left, settings_.period_time) : settings_.period_time;
      const absl::Duration extra = positive(period - Margin(period));
      if (c.in_byo_yomi) return extra;
      return std::min(main_share + extra, positive(c.main_left + extra));
    }
  }
  return std::nullopt;
}

}  // namespace tengen::gtp
