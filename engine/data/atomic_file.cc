#include "engine/data/atomic_file.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "absl/strings/str_format.h"

namespace tengen::data {
namespace {

absl::Status ErrnoError(std::string_view what, const std::string& path) {
  return absl::InternalError(absl::StrFormat("%s %s: %s", what, path, std::strerror(errno)));
}

}  // namespace

std::string TemporaryPathFor(std::string_view final_path) {
  static std::atomic<int64_t> counter{0};
  std::filesystem::path p(final_path);
  std::string name = absl::StrFormat(".%s.tmp-%d-%d", p.filename().string(),
                                     static_cast<int>(::getpid()), counter.fetch_add(1));
  return (p.parent_path() / name).string();
}

bool IsTemporaryFileName(std::string_view file_name) {
  return file_name.starts_with(".") && file_name.find(".tmp-") != std::string_view::npos;
}

absl::Status AtomicFile::Open(const std::string& path, AtomicFile* file) {
  file->Abandon();
  file->path_ = path;
  file->temporary_path_ = TemporaryPathFor(path);
  file->bytes_written_ = 0;
  file->file_ = std::fopen(file->temporary_path_.c_str(), "wb");
  if (file->file_ == nullptr) return ErrnoError("cannot create", file->temporary_path_);
  return absl::OkStatus();
}

absl::Status AtomicFile::Write(std::string_view bytes) {
  if (file_ == nullptr) return absl::FailedPreconditionError("write to a closed file " + path_);
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    absl::Status status = ErrnoError("write failed for", temporary_path_);
    Abandon();
    return status;
  }
  bytes_written_ += static_cast<int64_t>(bytes.size());
  return absl::OkStatus();
}

absl::Status AtomicFile::Commit() {
  if (file_ == nullptr) return absl::FailedPreconditionError("commit of a closed file " + path_);
  bool ok = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
  ok = (std::fclose(file_) == 0) && ok;
  file_ = nullptr;
  if (!ok) {
    absl::Status status = ErrnoError("flush failed for", temporary_path_);
    std::remove(temporary_path_.c_str());
    return status;
  }
  if (std::rename(temporary_path_.c_str(), path_.c_str()) != 0) {
    absl::Status status = ErrnoError("cannot rename into place", path_);
    std::remove(temporary_path_.c_str());
    return status;
  }
  return absl::OkStatus();
}

void AtomicFile::Abandon() {
  if (file_ != nullptr) {
    std::fclose(file_);
    file_ = nullptr;
    std::remove(temporary_path_.c_str());
  }
}

absl::Status RemoveTree(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(path, ec);
  if (ec || !fs::exists(status)) return absl::OkStatus();
  if (fs::is_directory(status)) {
    std::vector<std::string> children;
    for (const auto& entry : fs::directory_iterator(path, ec)) children.push_back(entry.path().string());
    if (ec) return absl::InternalError(absl::StrFormat("cannot list %s: %s", path, ec.message()));
    for (const std::string& child : children) {
      if (absl::Status s = RemoveTree(child); !s.ok()) return s;
    }
  }
  if (!fs::remove(path, ec) && ec) {
    return absl::InternalError(absl::StrFormat("cannot remove %s: %s", path, ec.message()));
  }
  return absl::OkStatus();
}

absl::Status WriteFileAtomically(const std::string& path, std::string_view contents) {
  AtomicFile file;
  if (absl::Status s = AtomicFile::Open(path, &file); !s.ok()) return s;
  if (absl::Status s = file.Write(contents); !s.ok()) return s;
  return file.Commit();
}

absl::Status ReadFileToString(const std::string& path, std::string* contents) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return ErrnoError("cannot open", path);
  contents->clear();
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), f)) > 0) contents->append(buffer, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return ErrnoError("read failed for", path);
  return absl::OkStatus();
}

}  // namespace tengen::data
