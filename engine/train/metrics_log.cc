#include "engine/train/metrics_log.h"

#include <cerrno>
#include <cmath>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/data/json_writer.h"

namespace tengen::train {

void JsonLine::Key(std::string_view key) {
  if (!body_.empty()) body_ += ",";
  absl::StrAppend(&body_, data::JsonQuote(key), ":");
}

JsonLine& JsonLine::Add(std::string_view key, double value) {
  Key(key);
  if (std::isfinite(value)) {
    absl::StrAppendFormat(&body_, "%.6g", value);
  } else {
    body_ += "null";
  }
  return *this;
}

JsonLine& JsonLine::Add(std::string_view key, int64_t value) {
  Key(key);
  absl::StrAppendFormat(&body_, "%d", value);
  return *this;
}

JsonLine& JsonLine::Add(std::string_view key, std::string_view value) {
  Key(key);
  absl::StrAppend(&body_, data::JsonQuote(value));
  return *this;
}

MetricsLog::~MetricsLog() {
  if (file_ != nullptr) std::fclose(file_);
}

absl::Status MetricsLog::Open(const std::string& path) {
  if (file_ != nullptr) std::fclose(file_);
  file_ = std::fopen(path.c_str(), "a");
  if (file_ == nullptr) {
    return absl::InternalError(absl::StrFormat("cannot open %s: %s", path, std::strerror(errno)));
  }
  return absl::OkStatus();
}

void MetricsLog::Write(const JsonLine& line) {
  if (file_ == nullptr) return;
  std::fputs(line.ToString().c_str(), file_);
  std::fputc('\n', file_);
  std::fflush(file_);
}

}  // namespace tengen::train
