#include "engine/data/progress.h"

#include <cmath>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace tengen::data {

std::string FormatDuration(double seconds) {
  if (!(seconds >= 0) || seconds > 1e8) return "?";
  const int64_t s = static_cast<int64_t>(std::llround(seconds));
  if (s >= 3600) return absl::StrFormat("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  return absl::StrFormat("%d:%02d", s / 60, s % 60);
}

std::string UtcTimestamp() { return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone()); }

double MonotonicSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

ProgressMeter::ProgressMeter(double interval_seconds)
    : start_(std::chrono::steady_clock::now()), last_(start_), interval_(interval_seconds) {}

double ProgressMeter::elapsed_seconds() const { return SecondsSince(start_); }

bool ProgressMeter::Due() {
  const auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_).count() < interval_) return false;
  last_ = now;
  return true;
}

std::string ProgressMeter::Eta(double fraction_done) const {
  if (!(fraction_done > 0)) return "?";
  if (fraction_done >= 1) return "0:00";
  const double elapsed = elapsed_seconds();
  return FormatDuration(elapsed * (1 - fraction_done) / fraction_done);
}

}  // namespace tengen::data
