#include "selfplay/model_registry.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "engine/nn/meta/model_file.h"

namespace tengen::selfplay {

std::string ModelName(int generation) { return absl::StrFormat("gen-%06d", generation); }

std::optional<int> ModelGeneration(std::string_view file_name) {
  constexpr std::string_view kPrefix = "gen-", kSuffix = ".tgm";
  if (file_name.size() != kPrefix.size() + 6 + kSuffix.size() || !file_name.starts_with(kPrefix) ||
      !file_name.ends_with(kSuffix)) {
    return std::nullopt;
  }
  int generation = 0;
  const std::string_view digits = file_name.substr(kPrefix.size(), 6);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      !absl::SimpleAtoi(absl::string_view(digits.data(), digits.size()), &generation)) {
    return std::nullopt;
  }
  return generation;
}

absl::StatusOr<std::vector<int>> ListModelGenerations(RunStorage& storage, const std::string& folder) {
  absl::StatusOr<std::vector<StoredFile>> files = storage.List(folder);
  if (!files.ok()) return files.status();
  std::vector<int> generations;
  for (const StoredFile& f : *files) {
    if (f.is_temporary) continue;
    if (std::optional<int> g = ModelGeneration(f.name)) generations.push_back(*g);
  }
  std::sort(generations.begin(), generations.end());
  return generations;
}

absl::StatusOr<PublishedModel> ReadPublishedModel(RunStorage& storage, int generation, int board_size) {
  PublishedModel model;
  model.generation = generation;
  model.name = ModelName(generation);
  model.path = absl::StrFormat("%s/%s.tgm", kModelsFolder, model.name);
  absl::StatusOr<std::string> bytes = storage.Read(model.path);
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<nn::ModelFileContents> contents = nn::DecodeModelFile(*bytes, storage.LocalPath(model.path));
  if (!contents.ok()) return contents.status();
  if (absl::Status s = nn::ValidateModelConfig(contents->config); !s.ok()) return s;
  if (absl::Status s = nn::CheckFeaturesMatchThisBuild(contents->config); !s.ok()) return s;
  if (contents->config.board_size != board_size) {
    return absl::FailedPreconditionError(absl::StrFormat("%s is a %dx%d model; this run plays %dx%d",
                                                         storage.LocalPath(model.path), contents->config.board_size,
                                                         contents->config.board_size, board_size, board_size));
  }
  model.config = contents->config;
  return model;
}

absl::StatusOr<PublishedModel> NewestUsableModel(RunStorage& storage, int board_size,
                                                 void (*warn)(const std::string&)) {
  absl::StatusOr<std::vector<int>> generations = ListModelGenerations(storage);
  if (!generations.ok()) return generations.status();
  for (auto it = generations->rbegin(); it != generations->rend(); ++it) {
    absl::StatusOr<PublishedModel> model = ReadPublishedModel(storage, *it, board_size);
    if (model.ok()) return model;
    if (warn != nullptr) warn(absl::StrFormat("skipping model: %s", model.status().message()));
  }
  return absl::NotFoundError(absl::StrFormat("no usable model in %s yet", storage.LocalPath(kModelsFolder)));
}

absl::Status PublishModel(RunStorage& storage, int generation, const nn::ModelConfig& meta, std::string_view weights,
                          const std::string& folder) {
  if (absl::Status s = storage.MakeFolder(folder); !s.ok()) return s;
  return storage.WriteAtomically(absl::StrFormat("%s/%s.tgm", folder, ModelName(generation)),
                                 nn::EncodeModelFile(meta, weights));
}

}  // namespace tengen::selfplay
