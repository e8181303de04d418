#ifndef TENGEN_SELFPLAY_MODEL_REGISTRY_H_
#define TENGEN_SELFPLAY_MODEL_REGISTRY_H_

// The models of a run: DIR/models/gen-NNNNNN.tgm, generation 0 the start.
// The trainer publishes each whole by rename; workers take the newest one
// that checks out (magic, CRC, board size, this build's features) and
// skip, with a message, any that does not: a truncated file, a foreign
// file under a model's name, a model for another board.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/nn/meta/model_config.h"
#include "selfplay/run_storage.h"

namespace tengen::selfplay {

inline constexpr char kModelsFolder[] = "models";

std::string ModelName(int generation);  // "gen-000012"
// The generation of a published model file name ("gen-000012.tgm"), or
// nullopt for anything else.
std::optional<int> ModelGeneration(std::string_view file_name);

struct PublishedModel {
  int generation = -1;
  std::string name;  // "gen-000012"
  std::string path;  // within the run folder: "models/gen-000012.tgm"
  nn::ModelConfig config;
};

// The generations of the model files in `folder` (published models, or
// gating's candidates), oldest first (unchecked).
absl::StatusOr<std::vector<int>> ListModelGenerations(RunStorage& storage, const std::string& folder = kModelsFolder);

// Reads and checks one published model.
absl::StatusOr<PublishedModel> ReadPublishedModel(RunStorage& storage, int generation, int board_size);

// The newest model that checks out; NotFound when there is none yet.
// `warn` gets one line per skipped file.
absl::StatusOr<PublishedModel> NewestUsableModel(RunStorage& storage, int board_size,
                                                 void (*warn)(const std::string&) = nullptr);

// Publishes weights with `meta` as generation `generation` (atomically),
// into `folder`.
absl::Status PublishModel(RunStorage& storage, int generation, const nn::ModelConfig& meta, std::string_view weights,
                          const std::string& folder = kModelsFolder);

}  // namespace tengen::selfplay

#endif  // TENGEN_SELFPLAY_MODEL_REGISTRY_H_
