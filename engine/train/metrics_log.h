#ifndef TENGEN_ENGINE_TRAIN_METRICS_LOG_H_
#define TENGEN_ENGINE_TRAIN_METRICS_LOG_H_

// Training metrics as JSON Lines (one object per line, flushed at once so a
// killed run keeps everything it logged). Torch-free.

#include <cstdio>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace tengen::train {

class JsonLine {
 public:
  JsonLine& Add(std::string_view key, double value);
  JsonLine& Add(std::string_view key, int64_t value);
  JsonLine& Add(std::string_view key, int value) { return Add(key, static_cast<int64_t>(value)); }
  JsonLine& Add(std::string_view key, std::string_view value);
  JsonLine& Add(std::string_view key, const char* value) { return Add(key, std::string_view(value)); }
  std::string ToString() const { return "{" + body_ + "}"; }

 private:
  void Key(std::string_view key);
  std::string body_;
};

class MetricsLog {
 public:
  MetricsLog() = default;
  ~MetricsLog();
  MetricsLog(const MetricsLog&) = delete;
  MetricsLog& operator=(const MetricsLog&) = delete;
  // Appends to `path` (created if missing).
  absl::Status Open(const std::string& path);
  void Write(const JsonLine& line);

 private:
  std::FILE* file_ = nullptr;
};

}  // namespace tengen::train

#endif  // TENGEN_ENGINE_TRAIN_METRICS_LOG_H_
