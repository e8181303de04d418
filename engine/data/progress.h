#ifndef TENGEN_ENGINE_DATA_PROGRESS_H_
#define TENGEN_ENGINE_DATA_PROGRESS_H_

// Progress lines for long runs (prepare, training): rate and ETA from the
// fraction done, printed at most every `interval` seconds. Torch-free.

#include <chrono>
#include <string>

namespace tengen::data {

// "1:02:03", "4:05", "0:07"; "?" for negative or absurd values.
std::string FormatDuration(double seconds);

// Now in UTC, "2026-12-05T17:33:42Z" (ModelMeta, run records).
std::string UtcTimestamp();

// Seconds on the monotonic clock (differences only), and since a point of it.
double MonotonicSeconds();
double SecondsSince(std::chrono::steady_clock::time_point start);

class ProgressMeter {
 public:
  explicit ProgressMeter(double interval_seconds = 2.0);
  double elapsed_seconds() const;
  // True when a line is due (and then resets the timer).
  bool Due();
  // ETA text from the fraction of the work done so far.
  std::string Eta(double fraction_done) const;

 private:
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  double interval_;
};

}  // namespace tengen::data

#endif  // TENGEN_ENGINE_DATA_PROGRESS_H_
