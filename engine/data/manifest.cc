#include "engine/data/manifest.h"

#include <filesystem>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/data/atomic_file.h"
#include "google/protobuf/text_format.h"
#include "proto/game_record.pb.h"

namespace tengen::data {

const SplitInfo* ManifestData::FindSplit(const std::string& name) const {
  for (const SplitInfo& split : splits) {
    if (split.name == name) return &split;
  }
  return nullptr;
}

absl::Status WriteManifest(const std::string& dir, const ManifestData& m) {
  proto::ShardManifest p;
  p.set_source(static_cast<proto::DataSource>(m.source));
  for (const SplitInfo& s : m.splits) {
    proto::ShardManifest::Split* split = p.add_splits();
    split->set_name(s.name);
    for (const std::string& f : s.shard_files) split->add_shard_files(f);
    split->set_games(s.games);
    split->set_positions(s.positions);
  }
  for (const std::string& path : m.source_paths) p.add_source_paths(path);
  for (const auto& [k, v] : m.filters) (*p.mutable_filters())[k] = v;
  for (const auto& [k, v] : m.rejections) (*p.mutable_rejections())[k] = v;
  p.set_games_read(m.games_read);
  p.set_duplicates_removed(m.duplicates_removed);
  p.set_created_by(m.created_by);
  std::string text;
  if (!google::protobuf::TextFormat::PrintToString(p, &text)) {
    return absl::InternalError("cannot print the shard manifest");
  }
  return WriteFileAtomically((std::filesystem::path(dir) / kManifestFileName).string(), text);
}

absl::StatusOr<ManifestData> ReadManifest(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / kManifestFileName).string();
  if (!std::filesystem::exists(path)) {
    return absl::NotFoundError(absl::StrFormat(
        "%s: no %s (not a shard directory, or its writer did not finish)", dir,
        kManifestFileName));
  }
  std::string text;
  if (absl::Status s = ReadFileToString(path, &text); !s.ok()) return s;
  proto::ShardManifest p;
  if (!google::protobuf::TextFormat::ParseFromString(text, &p)) {
    return absl::DataLossError(absl::StrFormat("%s: manifest does not parse", path));
  }
  ManifestData m;
  m.source = static_cast<DataSource>(p.source());
  for (const proto::ShardManifest::Split& s : p.splits()) {
    SplitInfo split;
    split.name = s.name();
    split.shard_files.assign(s.shard_files().begin(), s.shard_files().end());
    split.games = s.games();
    split.positions = s.positions();
    m.splits.push_back(std::move(split));
  }
  m.source_paths.assign(p.source_paths().begin(), p.source_paths().end());
  for (const auto& [k, v] : p.filters()) m.filters[k] = v;
  for (const auto& [k, v] : p.rejections()) m.rejections[k] = v;
  m.games_read = p.games_read();
  m.duplicates_removed = p.duplicates_removed();
  m.created_by = p.created_by();
  return m;
}

absl::StatusOr<std::vector<std::string>> SplitShardPaths(const std::string& dir,
                                                         const std::string& split) {
  absl::StatusOr<ManifestData> manifest = ReadManifest(dir);
  if (!manifest.ok()) return manifest.status();
  const SplitInfo* info = manifest->FindSplit(split);
  if (info == nullptr) {
    std::vector<std::string> names;
    for (const SplitInfo& s : manifest->splits) names.push_back(s.name);
    return absl::NotFoundError(absl::StrFormat("%s: no split '%s' (it has: %s)", dir, split,
                                               absl::StrJoin(names, ", ")));
  }
  std::vector<std::string> paths;
  for (const std::string& f : info->shard_files) {
    paths.push_back((std::filesystem::path(dir) / f).string());
  }
  return paths;
}

}  // namespace tengen::data
