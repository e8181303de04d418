#include "selfplay/run_storage.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_format.h"
#include "engine/data/atomic_file.h"

namespace tengen::selfplay {
namespace {

namespace fs = std::filesystem;

double UnixSeconds(fs::file_time_type t) {
  // file_clock and system_clock share their epoch offset within a process.
  const auto system = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      t - fs::file_time_type::clock::now() + std::chrono::system_clock::now());
  return std::chrono::duration<double>(system.time_since_epoch()).count();
}

class PosixRunStorage : public RunStorage {
 public:
  explicit PosixRunStorage(std::string root) : root_(std::move(root)) {}

  absl::Status MakeFolder(const std::string& folder) override {
    std::error_code ec;
    fs::create_directories(LocalPath(folder), ec);
    if (ec) {
      return absl::PermissionDeniedError(
          absl::StrFormat("cannot create folder %s: %s", LocalPath(folder), ec.message()));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<StoredFile>> List(const std::string& folder) override {
    std::vector<StoredFile> files;
    std::error_code ec;
    const fs::path dir = LocalPath(folder);
    if (!fs::exists(dir, ec)) return files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code entry_error;
      if (!it->is_regular_file(entry_error)) continue;
      StoredFile f;
      f.name = it->path().filename().string();
      f.size = static_cast<int64_t>(it->file_size(entry_error));
      if (entry_error) continue;  // removed while listing
      f.modified_unix_seconds = UnixSeconds(it->last_write_time(entry_error));
      f.is_temporary = data::IsTemporaryFileName(f.name);
      files.push_back(std::move(f));
    }
    if (ec) return absl::InternalError(absl::StrFormat("cannot list %s: %s", dir.string(), ec.message()));
    std::sort(files.begin(), files.end(), [](const StoredFile& a, const StoredFile& b) { return a.name < b.name; });
    return files;
  }

  absl::StatusOr<std::string> Read(const std::string& path) override {
    std::string bytes;
    if (absl::Status s = data::ReadFileToString(LocalPath(path), &bytes); !s.ok()) return s;
    return bytes;
  }

  absl::Status WriteAtomically(const std::string& path, const std::string& bytes) override {
    return data::WriteFileAtomically(LocalPath(path), bytes);
  }

  absl::Status Remove(const std::string& path) override {
    std::error_code ec;
    fs::remove(LocalPath(path), ec);
    if (ec) return absl::InternalError(absl::StrFormat("cannot remove %s: %s", LocalPath(path), ec.message()));
    return absl::OkStatus();
  }

  bool Exists(const std::string& path) override {
    std::error_code ec;
    return fs::exists(LocalPath(path), ec);
  }

  std::string LocalPath(const std::string& path) const override {
    return path.empty() ? root_ : (fs::path(root_) / path).string();
  }

  std::string Describe() const override { return root_; }

 private:
  std::string root_;
};

}  // namespace

std::unique_ptr<RunStorage> OpenPosixRunStorage(const std::string& root) {
  return std::make_unique<PosixRunStorage>(root);
}

std::string ProcessTag() {
  char host[256] = {0};
  if (::gethostname(host, sizeof(host) - 1) != 0 || host[0] == 0) std::snprintf(host, sizeof(host), "host");
  std::string name(host);
  // Keep shard names to safe characters whatever the host is called.
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.') c = '_';
  }
  return absl::StrFormat("%s-%d", name, static_cast<int>(::getpid()));
}

absl::StatusOr<int> RemoveStaleTemporaries(RunStorage& storage, const std::string& folder, double max_age_seconds) {
  absl::StatusOr<std::vector<StoredFile>> files = storage.List(folder);
  if (!files.ok()) return files.status();
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  int removed = 0;
  for (const StoredFile& f : *files) {
    if (!f.is_temporary || now - f.modified_unix_seconds < max_age_seconds) continue;
    if (storage.Remove(folder + "/" + f.name).ok()) ++removed;
  }
  return removed;
}

}  // namespace tengen::selfplay
