#include "engine/rules/sgf_corpus.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/rules/sgf_writer.h"

namespace tengen {
namespace {

namespace fs = std::filesystem;

bool HasSgfExtension(const fs::path& path) {
  return absl::AsciiStrToLower(path.extension().string()) == ".sgf";
}

}  // namespace

SgfFileList CollectSgfFiles(const std::vector<std::string>& paths) {
  SgfFileList list;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      list.problems.push_back(absl::StrCat(path, ": no such file or directory"));
      continue;
    }
    if (!fs::is_directory(status)) {
      list.files.push_back(path);  // named explicitly: read whatever its extension
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    const fs::recursive_directory_iterator end;
    while (!ec && it != end) {
      std::error_code type_ec;
      if (it->is_regular_file(type_ec) && HasSgfExtension(it->path())) {
        found.push_back(it->path().string());
      }
      it.increment(ec);
    }
    if (ec) list.problems.push_back(absl::StrCat(path, ": cannot list the folder: ", ec.message()));
    std::sort(found.begin(), found.end());
    list.files.insert(list.files.end(), found.begin(), found.end());
  }
  return list;
}

std::string SgfCheckResult::Summary() const {
  return absl::StrFormat("games=%d ok=%d errors=%d moves=%d seconds=%.2f", games, ok, errors, moves,
                         seconds);
}

SgfCheckResult CheckSgfPaths(const std::vector<std::string>& paths, const SgfCheckOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  SgfCheckResult result;
  SgfFileList list = CollectSgfFiles(paths);
  result.errors += static_cast<int64_t>(list.problems.size());
  result.problems = std::move(list.problems);
  for (const std::string& file : list.files) {
    ++result.files;
    absl::StatusOr<SgfReader> reader = SgfReader::Open(file);
    if (!reader.ok()) {
      ++result.errors;
      result.problems.push_back(std::string(reader.status().message()));
      continue;
    }
    while (std::optional<absl::StatusOr<SgfGameTree>> tree = reader->Next()) {
      ++result.games;
      if (!tree->ok()) {
        ++result.errors;
        result.problems.push_back(std::string(tree->status().message()));
        continue;
      }
      absl::StatusOr<SgfReplay> replay = ReplaySgfGame(**tree, options.replay);
      absl::Status status = replay.ok() ? replay->record.cut : replay.status();
      if (status.ok() && options.on_game) options.on_game(**tree, *replay);
      if (status.ok() && options.round_trip) status = CheckSgfRoundTrip(*replay, options.replay);
      if (!status.ok()) {
        ++result.errors;
        result.problems.push_back(std::string(status.message()));
        continue;
      }
      ++result.ok;
      result.moves += static_cast<int64_t>(replay->record.moves.size());
    }
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace tengen
