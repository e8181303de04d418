#ifndef TENGEN_ENGINE_DATA_SHARD_FILE_H_
#define TENGEN_ENGINE_DATA_SHARD_FILE_H_

// Shard files: a sequence of GameRecords, each zlib-compressed and framed
// with its sizes and a CRC-32, ending in a footer with the record count, so
// that a flipped byte or a truncation (even at a record boundary) is found
// and named by file and record index. Layout (little endian):
//   "TGSHARD1"
//   per record: u32 compressed_size, u32 raw_size, u32 crc32(sizes+payload), payload
//   footer:     u32 0xFFFFFFFF, u64 record_count, u32 crc32(record_count)
// Shards are written atomically (atomic_file.h). Self-play and imitation
// share this format; the trainer reads it.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/data/atomic_file.h"
#include "engine/data/recorded_game.h"

namespace tengen::data {

inline constexpr std::string_view kShardExtension = ".shard";

// Serialises and compresses one game into a framed record, ready for
// ShardWriter::AddFramed. Thread-safe: prepare frames games in workers.
std::string FrameRecord(const RecordedGame& game);

// A whole shard (header, the framed records, footer) in memory, for
// writers that publish through another layer (self-play's run storage).
std::string EncodeShard(std::span<const std::string> framed_records);

class ShardWriter {
 public:
  static absl::StatusOr<std::unique_ptr<ShardWriter>> Create(const std::string& path);
  ~ShardWriter() = default;  // an unfinished shard's temporary file is removed

  absl::Status Add(const RecordedGame& game) { return AddFramed(FrameRecord(game)); }
  absl::Status AddFramed(std::string_view framed_record);
  // Writes the footer and renames the file into place.
  absl::Status Finish();

  int64_t records() const { return records_; }
  int64_t bytes() const { return file_.bytes_written(); }
  const std::string& path() const { return file_.path(); }

 private:
  ShardWriter() = default;
  AtomicFile file_;
  int64_t records_ = 0;
};

class ShardReader {
 public:
  // Reads the whole file (shards are a few megabytes) and checks the header.
  static absl::StatusOr<std::unique_ptr<ShardReader>> Open(const std::string& path);
  // A shard already in memory; `path` names it in errors.
  static absl::StatusOr<std::unique_ptr<ShardReader>> FromBytes(const std::string& path,
                                                                std::string contents);

  // The next game; false after the last one. Any damage is an error naming
  // the file and the record index.
  absl::StatusOr<bool> Next(RecordedGame* game);
  int64_t records_read() const { return records_read_; }
  const std::string& path() const { return path_; }

 private:
  ShardReader() = default;
  absl::Status Corrupt(std::string_view what) const;
  std::string path_;
  std::string contents_;
  size_t offset_ = 0;
  int64_t records_read_ = 0;
  bool finished_ = false;
};

absl::StatusOr<std::vector<RecordedGame>> ReadShard(const std::string& path);

// Writes one split as numbered shards "<dir>/<split>-00000.shard", ... of at
// most records_per_shard games each. On Abandon (or destruction before
// Finish) every shard it wrote is removed again, so a failed run leaves
// nothing behind.
class ShardSetWriter {
 public:
  ShardSetWriter(std::string dir, std::string split, int records_per_shard);
  ~ShardSetWriter() {
    if (!finished_) Abandon();
  }
  ShardSetWriter(const ShardSetWriter&) = delete;
  ShardSetWriter& operator=(const ShardSetWriter&) = delete;

  absl::Status AddFramed(std::string_view framed_record, int positions);
  absl::Status Finish();
  // Removes every shard this writer produced, finished or not (a later step
  // of the run failed).
  void Abandon();

  // File names (relative to dir) of the finished shards.
  const std::vector<std::string>& shard_files() const { return shard_files_; }
  int64_t games() const { return games_; }
  int64_t positions() const { return positions_; }
  const std::string& split() const { return split_; }

  // Test hook: AddFramed fails once this many records were added (< 0: never).
  void set_fail_after_records_for_testing(int64_t n) { fail_after_ = n; }

 private:
  std::string dir_;
  std::string split_;
  int records_per_shard_;
  std::unique_ptr<ShardWriter> current_;
  std::vector<std::string> shard_files_;
  int64_t games_ = 0;
  int64_t positions_ = 0;
  int64_t fail_after_ = -1;
  bool finished_ = false;
};

}  // namespace tengen::data

#endif  // TENGEN_ENGINE_DATA_SHARD_FILE_H_
