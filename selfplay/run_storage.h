#ifndef TENGEN_SELFPLAY_RUN_STORAGE_H_
#define TENGEN_SELFPLAY_RUN_STORAGE_H_

// Every file access of a self-play run folder, behind one small interface,
// so that an object store can stand in for the POSIX folder later. The
// folder is shared by many processes on many hosts (NFS or any POSIX file
// system): files appear whole (written under a temporary name, then
// renamed), no two processes write the same name, and readers skip
// temporary names. Layout:
//   config.pbtxt       the config the run was started with
//   models/            gen-NNNNNN.tgm, published by rename (trainer)
//   games/             <time>-<host>-<pid>-<n>.shard (workers)
//   sgf/               optional sample games for people (workers)
//   train/             the trainer's checkpoints, windows and metrics

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tengen::selfplay {

struct StoredFile {
  std::string name;  // within its folder
  int64_t size = 0;
  double modified_unix_seconds = 0;
  bool is_temporary = false;  // a file still being written (or left by a dead writer)
};

class RunStorage {
 public:
  virtual ~RunStorage() = default;
  // Creates the folder (relative to the run) and its parents.
  virtual absl::Status MakeFolder(const std::string& folder) = 0;
  // Files of a folder, sorted by name; a missing folder has none.
  virtual absl::StatusOr<std::vector<StoredFile>> List(const std::string& folder) = 0;
  virtual absl::StatusOr<std::string> Read(const std::string& path) = 0;
  // Whole or not at all, never over another writer's temporary file.
  virtual absl::Status WriteAtomically(const std::string& path, const std::string& bytes) = 0;
  virtual absl::Status Remove(const std::string& path) = 0;
  virtual bool Exists(const std::string& path) = 0;
  // A path the local file system can open (the trainer and the model
  // loader read through it; an object store would return a cached copy).
  virtual std::string LocalPath(const std::string& path) const = 0;
  virtual std::string Describe() const = 0;
};

// The run folder on a POSIX file system.
std::unique_ptr<RunStorage> OpenPosixRunStorage(const std::string& root);

// "<host>-<pid>": unique per live process across a fleet.
std::string ProcessTag();

// Removes temporary files older than max_age_seconds in `folder` (writers
// that died); returns how many. Only one process (the trainer) calls it.
absl::StatusOr<int> RemoveStaleTemporaries(RunStorage& storage, const std::string& folder, double max_age_seconds);

}  // namespace tengen::selfplay

#endif  // TENGEN_SELFPLAY_RUN_STORAGE_H_
