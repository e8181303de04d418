#include "engine/nn/meta/model_file.h"

#include <zlib.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/nn/meta/model_meta_io.h"

namespace tengen::nn {
namespace {

void AppendLittleEndian(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

uint64_t ReadLittleEndian(std::string_view bytes, size_t offset, int count) {
  uint64_t value = 0;
  for (int i = 0; i < count; ++i) value |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[offset + i])) << (8 * i);
  return value;
}

uint32_t Crc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  size_t done = 0;
  while (done < bytes.size()) {  // zlib takes uInt lengths
    const size_t chunk = std::min<size_t>(bytes.size() - done, 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + done), static_cast<uInt>(chunk));
    done += chunk;
  }
  return static_cast<uint32_t>(crc);
}

std::string HexPrefix(std::string_view bytes) {
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < 8; ++i) {
    absl::StrAppendFormat(&out, "%s%02x", i ? " " : "", static_cast<uint8_t>(bytes[i]));
  }
  return out;
}

}  // namespace

std::string EncodeModelFile(const ModelConfig& config, std::string_view weights) {
  const std::string meta = SerializeModelMeta(config);
  std::string out(kModelFileMagic);
  AppendLittleEndian(out, meta.size(), 4);
  out += meta;
  AppendLittleEndian(out, weights.size(), 8);
  out += weights;
  AppendLittleEndian(out, Crc32(out), 4);
  return out;
}

absl::StatusOr<ModelFileContents> DecodeModelFile(std::string_view bytes, std::string_view name) {
  const auto error = [&](absl::StatusCode code, const std::string& what) {
    return absl::Status(code, absl::StrCat("model file ", std::string(name), ": ", what));
  };
  const size_t magic_size = kModelFileMagic.size();
  if (!bytes.empty() && bytes.size() < magic_size && kModelFileMagic.substr(0, bytes.size()) == bytes) {
    return error(absl::StatusCode::kDataLoss,
                 absl::StrFormat("truncated: only %d bytes, the start of the magic \"%s\"", bytes.size(),
                                 kModelFileMagic));
  }
  if (bytes.size() < magic_size || bytes.substr(0, magic_size - 1) != kModelFileMagic.substr(0, magic_size - 1)) {
    if (bytes.empty()) return error(absl::StatusCode::kInvalidArgument, "empty file, not a tengen model");
    std::string hint;
    if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) {
      hint = " (a zip archive: a raw torch.save or TorchScript file rather than a tengen model?)";
    }
    return error(absl::StatusCode::kInvalidArgument,
                 absl::StrFormat("not a tengen model file: it starts with bytes [%s], expected \"%s\"%s",
                                 HexPrefix(bytes), kModelFileMagic, hint));
  }
  if (bytes.substr(0, magic_size) != kModelFileMagic) {
    return error(absl::StatusCode::kFailedPrecondition,
                 absl::StrFormat("model file format \"%s\" is not supported by this build (it reads \"%s\")",
                                 bytes.substr(0, magic_size), kModelFileMagic));
  }
  size_t offset = magic_size;
  const auto need = [&](size_t count, const char* what) -> absl::Status {
    if (bytes.size() - offset < count) {
      return error(absl::StatusCode::kDataLoss,
                   absl::StrFormat("truncated: %s needs bytes %d..%d but the file has only %d bytes", what,
                                   offset, offset + count, bytes.size()));
    }
    return absl::OkStatus();
  };
  if (absl::Status s = need(4, "the ModelMeta length"); !s.ok()) return s;
  const uint64_t meta_size = ReadLittleEndian(bytes, offset, 4);
  offset += 4;
  if (absl::Status s = need(meta_size, "the ModelMeta"); !s.ok()) return s;
  const std::string_view meta = bytes.substr(offset, meta_size);
  offset += meta_size;
  if (absl::Status s = need(8, "the weights length"); !s.ok()) return s;
  const uint64_t weights_size = ReadLittleEndian(bytes, offset, 8);
  offset += 8;
  if (weights_size > bytes.size()) {
    return error(absl::StatusCode::kDataLoss,
                 absl::StrFormat("truncated or corrupted: it declares %d bytes of weights but the file has %d "
                                 "bytes in all",
                                 weights_size, bytes.size()));
  }
  if (absl::Status s = need(weights_size, "the weights"); !s.ok()) return s;
  const std::string_view weights = bytes.substr(offset, weights_size);
  offset += weights_size;
  if (absl::Status s = need(4, "the CRC-32"); !s.ok()) return s;
  const uint32_t stored_crc = static_cast<uint32_t>(ReadLittleEndian(bytes, offset, 4));
  const uint32_t actual_crc = Crc32(bytes.substr(0, offset));
  offset += 4;
  if (offset != bytes.size()) {
    return error(absl::StatusCode::kDataLoss,
                 absl::StrFormat("%d unexpected bytes after the checksum (concatenated or corrupted file?)",
                                 bytes.size() - offset));
  }
  if (stored_crc != actual_crc) {
    return error(absl::StatusCode::kDataLoss,
                 absl::StrFormat("corrupted: CRC-32 mismatch (stored %08x, computed %08x)", stored_crc, actual_crc));
  }
  absl::StatusOr<ModelConfig> config = ParseModelMeta(meta);
  if (!config.ok()) return error(config.status().code(), std::string(config.status().message()));
  if (absl::Status s = ValidateModelConfig(*config); !s.ok()) {
    return error(absl::StatusCode::kInvalidArgument, absl::StrCat("bad ModelMeta: ", s.message()));
  }
  return ModelFileContents{*std::move(config), std::string(weights)};
}

absl::Status WriteModelFile(const std::string& path, const ModelConfig& config, std::string_view weights) {
  const std::string bytes = EncodeModelFile(config, weights);
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      return absl::PermissionDeniedError(
          absl::StrFormat("model file %s: cannot create %s: %s", path, temporary, std::strerror(errno)));
    }
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::remove(temporary.c_str());
      return absl::DataLossError(absl::StrFormat("model file %s: writing %s failed", path, temporary));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    return absl::PermissionDeniedError(absl::StrFormat("model file %s: cannot rename %s into place: %s", path,
                                                       temporary, reason));
  }
  return absl::OkStatus();
}

absl::StatusOr<ModelFileContents> ReadModelFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrFormat("model file %s: cannot open: %s", path, std::strerror(errno)));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrFormat("model file %s: read error", path));
  return DecodeModelFile(buffer.str(), path);
}

}  // namespace tengen::nn
