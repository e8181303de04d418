#ifndef TENGEN_ENGINE_DATA_ATOMIC_FILE_H_
#define TENGEN_ENGINE_DATA_ATOMIC_FILE_H_

// Files that appear whole or not at all: written to a temporary name in the
// same directory, flushed, then renamed over the final name (rename is
// atomic within a file system). Readers never see a partial shard,
// manifest or checkpoint, even after kill -9.

#include <cstdio>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace tengen::data {

// "<dir>/.<name>.tmp-<pid>-<counter>": hidden, unique per process and call.
std::string TemporaryPathFor(std::string_view final_path);

// True for names TemporaryPathFor produces (so cleanup and listings can skip them).
bool IsTemporaryFileName(std::string_view file_name);

// Removes a file or a whole folder tree; a missing path is fine. Use this,
// never std::filesystem::remove_all: the pip LibTorch (libtorch.so) exports
// its own broken copy of remove_all that crashes every binary linked with it.
absl::Status RemoveTree(const std::string& path);

absl::Status WriteFileAtomically(const std::string& path, std::string_view contents);
absl::Status ReadFileToString(const std::string& path, std::string* contents);

// An output file being written under a temporary name. Commit() renames it
// into place; destroying it uncommitted removes the temporary file.
class AtomicFile {
 public:
  static absl::Status Open(const std::string& path, AtomicFile* file);
  AtomicFile() = default;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile() { Abandon(); }

  absl::Status Write(std::string_view bytes);
  absl::Status Commit();
  void Abandon();
  bool is_open() const { return file_ != nullptr; }
  const std::string& path() const { return path_; }
  const std::string& temporary_path() const { return temporary_path_; }
  int64_t bytes_written() const { return bytes_written_; }

 private:
  std::FILE* file_ = nullptr;
  std::string path_;
  std::string temporary_path_;
  int64_t bytes_written_ = 0;
};

}  // namespace tengen::data

#endif  // TENGEN_ENGINE_DATA_ATOMIC_FILE_H_
