#include "engine/data/shard_file.h"

#include <zlib.h>

#include <cstring>
#include <filesystem>

#include "absl/base/internal/raw_logging.h"
#include "absl/strings/str_format.h"
#include "engine/data/record_proto.h"

namespace tengen::data {
namespace {

constexpr std::string_view kMagic = "TGSHARD1";
constexpr uint32_t kFooterMarker = 0xFFFFFFFFu;
constexpr uint32_t kMaxRecordBytes = 256u << 20;

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<uint8_t>(p[i])) << (8 * i);
  return v;
}
uint64_t GetU64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
  return v;
}
uint32_t Crc(const char* data, size_t n, uint32_t crc = 0) {
  return static_cast<uint32_t>(
      crc32(crc, reinterpret_cast<const Bytef*>(data), static_cast<uInt>(n)));
}

std::string Footer(int64_t records) {
  std::string footer;
  PutU32(&footer, kFooterMarker);
  PutU64(&footer, static_cast<uint64_t>(records));
  PutU32(&footer, Crc(footer.data() + 4, 8));
  return footer;
}

}  // namespace

std::string EncodeShard(std::span<const std::string> framed_records) {
  std::string out(kMagic);
  for (const std::string& framed : framed_records) out += framed;
  out += Footer(static_cast<int64_t>(framed_records.size()));
  return out;
}

std::string FrameRecord(const RecordedGame& game) {
  const std::string raw = ToProto(game).SerializeAsString();
  uLongf compressed_size = compressBound(raw.size());
  std::string framed(12 + compressed_size, '\0');
  const int rc = compress2(reinterpret_cast<Bytef*>(framed.data() + 12), &compressed_size,
                           reinterpret_cast<const Bytef*>(raw.data()), raw.size(), 6);
  ABSL_RAW_CHECK(rc == Z_OK, "zlib compress2 failed");
  framed.resize(12 + compressed_size);
  std::string header;
  PutU32(&header, static_cast<uint32_t>(compressed_size));
  PutU32(&header, static_cast<uint32_t>(raw.size()));
  uint32_t crc = Crc(header.data(), 8);
  crc = Crc(framed.data() + 12, compressed_size, crc);
  PutU32(&header, crc);
  std::memcpy(framed.data(), header.data(), 12);
  return framed;
}

absl::StatusOr<std::unique_ptr<ShardWriter>> ShardWriter::Create(const std::string& path) {
  std::unique_ptr<ShardWriter> writer(new ShardWriter());
  if (absl::Status s = AtomicFile::Open(path, &writer->file_); !s.ok()) return s;
  if (absl::Status s = writer->file_.Write(kMagic); !s.ok()) return s;
  return writer;
}

absl::Status ShardWriter::AddFramed(std::string_view framed_record) {
  if (framed_record.size() < 12) return absl::InvalidArgumentError("not a framed record");
  if (absl::Status s = file_.Write(framed_record); !s.ok()) return s;
  ++records_;
  return absl::OkStatus();
}

absl::Status ShardWriter::Finish() {
  if (absl::Status s = file_.Write(Footer(records_)); !s.ok()) return s;
  return file_.Commit();
}

absl::StatusOr<std::unique_ptr<ShardReader>> ShardReader::Open(const std::string& path) {
  std::string contents;
  if (absl::Status s = ReadFileToString(path, &contents); !s.ok()) return s;
  return FromBytes(path, std::move(contents));
}

absl::StatusOr<std::unique_ptr<ShardReader>> ShardReader::FromBytes(const std::string& path,
                                                                    std::string contents) {
  std::unique_ptr<ShardReader> reader(new ShardReader());
  reader->path_ = path;
  reader->contents_ = std::move(contents);
  if (reader->contents_.size() < kMagic.size() ||
      std::string_view(reader->contents_).substr(0, kMagic.size()) != kMagic) {
    return absl::DataLossError(
        absl::StrFormat("%s: not a tengen shard (bad or missing header)", path));
  }
  reader->offset_ = kMagic.size();
  return reader;
}

absl::Status ShardReader::Corrupt(std::string_view what) const {
  return absl::DataLossError(absl::StrFormat("%s: corrupt shard at record %d (byte offset %d): %s",
                                             path_, records_read_, offset_, what));
}

absl::StatusOr<bool> ShardReader::Next(RecordedGame* game) {
  if (finished_) return false;
  const size_t remaining = contents_.size() - offset_;
  const char* p = contents_.data() + offset_;
  if (remaining < 4) return Corrupt("truncated (no end-of-shard footer)");
  const uint32_t compressed_size = GetU32(p);
  if (compressed_size == kFooterMarker) {
    if (remaining < 16) return Corrupt("truncated footer");
    if (Crc(p + 4, 8) != GetU32(p + 12)) return Corrupt("footer checksum mismatch");
    const uint64_t count = GetU64(p + 4);
    if (count != static_cast<uint64_t>(records_read_)) {
      return Corrupt(absl::StrFormat("footer says %d records, found %d", count, records_read_));
    }
    if (remaining != 16) return Corrupt("unexpected bytes after the footer");
    finished_ = true;
    return false;
  }
  if (remaining < 12) return Corrupt("truncated record header");
  const uint32_t raw_size = GetU32(p + 4);
  if (compressed_size > kMaxRecordBytes || raw_size > kMaxRecordBytes) {
    return Corrupt("implausible record size");
  }
  if (remaining - 12 < compressed_size) return Corrupt("truncated record");
  uint32_t crc = Crc(p, 8);
  crc = Crc(p + 12, compressed_size, crc);
  if (crc != GetU32(p + 8)) return Corrupt("CRC mismatch");
  std::string raw(raw_size, '\0');
  uLongf out_size = raw_size;
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &out_size,
                 reinterpret_cast<const Bytef*>(p + 12), compressed_size) != Z_OK ||
      out_size != raw_size) {
    return Corrupt("zlib data does not decompress");
  }
  proto::GameRecord record;
  if (!record.ParseFromString(raw)) return Corrupt("GameRecord does not parse");
  *game = FromProto(record);
  offset_ += 12 + compressed_size;
  ++records_read_;
  return true;
}

absl::StatusOr<std::vector<RecordedGame>> ReadShard(const std::string& path) {
  absl::StatusOr<std::unique_ptr<ShardReader>> reader = ShardReader::Open(path);
  if (!reader.ok()) return reader.status();
  std::vector<RecordedGame> games;
  while (true) {
    RecordedGame game;
    absl::StatusOr<bool> more = (*reader)->Next(&game);
    if (!more.ok()) return more.status();
    if (!*more) break;
    games.push_back(std::move(game));
  }
  return games;
}

ShardSetWriter::ShardSetWriter(std::string dir, std::string split, int records_per_shard)
    : dir_(std::move(dir)), split_(std::move(split)),
      records_per_shard_(records_per_shard > 0 ? records_per_shard : 1) {}

absl::Status ShardSetWriter::AddFramed(std::string_view framed_record, int positions) {
  if (finished_) return absl::FailedPreconditionError("shard set already finished");
  if (fail_after_ >= 0 && games_ >= fail_after_) {
    return absl::InternalError(
        absl::StrFormat("injected failure after %d records (test hook)", games_));
  }
  if (current_ == nullptr) {
    const std::string name =
        absl::StrFormat("%s-%05d%s", split_, shard_files_.size(), kShardExtension);
    absl::StatusOr<std::unique_ptr<ShardWriter>> writer =
        ShardWriter::Create((std::filesystem::path(dir_) / name).string());
    if (!writer.ok()) return writer.status();
    current_ = std::move(*writer);
  }
  if (absl::Status s = current_->AddFramed(framed_record); !s.ok()) return s;
  ++games_;
  positions_ += positions;
  if (current_->records() >= records_per_shard_) {
    if (absl::Status s = current_->Finish(); !s.ok()) return s;
    shard_files_.push_back(std::filesystem::path(current_->path()).filename().string());
    current_.reset();
  }
  return absl::OkStatus();
}

absl::Status ShardSetWriter::Finish() {
  if (current_ != nullptr) {
    if (absl::Status s = current_->Finish(); !s.ok()) return s;
    shard_files_.push_back(std::filesystem::path(current_->path()).filename().string());
    current_.reset();
  }
  finished_ = true;
  return absl::OkStatus();
}

void ShardSetWriter::Abandon() {
  current_.reset();
  for (const std::string& name : shard_files_) {
    std::error_code ignored;
    std::filesystem::remove(std::filesystem::path(dir_) / name, ignored);
  }
  shard_files_.clear();
}

}  // namespace tengen::data
