#include "engine/train/move_prediction.h"

#include <memory>

#include "engine/data/shard_file.h"
#include "engine/nn/torch_backend.h"
#include "engine/train/torch_training.h"

namespace tengen::train {
namespace {

struct LoadedModel {
  nn::Network network{nullptr};
  torch::Device device{torch::kCPU};
};

absl::StatusOr<LoadedModel> Load(const std::string& model_path,
                                 const MovePredictionOptions& options) {
  absl::StatusOr<std::string> device = nn::ResolveDevice(options.device);
  if (!device.ok()) return device.status();
  SetTorchThreads(options.threads);
  LoadedModel model;
  model.device = torch::Device(*device);
  absl::StatusOr<nn::Network> network = nn::LoadModel(model_path, model.device);
  if (!network.ok()) return network.status();
  model.network = *network;
  if (model.device.is_cuda()) nn::ConvertToChannelsLast(model.network);
  return model;
}

// Evaluates every position of `games`, folding into `total`.
absl::Status EvaluateGames(LoadedModel& model, const std::vector<data::RecordedGame>& games,
                           const MovePredictionOptions& options, int64_t* remaining,
                           std::vector<MovePredictionStats>* parts) {
  std::vector<PositionRef> refs;
  for (const data::RecordedGame& g : games) {
    auto shared = std::make_shared<const data::RecordedGame>(g);
    for (int m = 0; m < g.num_positions(); ++m) {
      if (*remaining == 0) break;
      refs.push_back(PositionRef{shared, m, 0});
      if (*remaining > 0) --*remaining;
    }
  }
  if (refs.empty()) return absl::OkStatus();
  absl::StatusOr<MovePredictionStats> stats =
      EvaluateRefs(model.network, refs, model.device, /*bf16=*/true, std::max(1, options.batch),
                   LoaderThreads(options.loader_threads));
  if (!stats.ok()) return stats.status();
  parts->push_back(*stats);
  return absl::OkStatus();
}

MovePredictionStats Combine(const std::vector<MovePredictionStats>& parts) {
  MovePredictionStats total;
  for (const MovePredictionStats& p : parts) {
    const double n = static_cast<double>(p.positions);
    total.positions += p.positions;
    total.top1 += p.top1 * n;
    total.top5 += p.top5 * n;
    total.policy_cross_entropy += p.policy_cross_entropy * n;
    total.value_mse += p.value_mse * n;
    total.value_cross_entropy += p.value_cross_entropy * n;
  }
  if (total.positions > 0) {
    const double n = static_cast<double>(total.positions);
    total.top1 /= n;
    total.top5 /= n;
    total.policy_cross_entropy /= n;
    total.value_mse /= n;
    total.value_cross_entropy /= n;
  }
  return total;
}

}  // namespace

absl::StatusOr<MovePredictionStats> EvaluateModelOnGames(
    const std::string& model_path, const std::vector<data::RecordedGame>& games,
    const MovePredictionOptions& options) {
  absl::StatusOr<LoadedModel> model = Load(model_path, options);
  if (!model.ok()) return model.status();
  int64_t remaining = options.max_positions > 0 ? options.max_positions : -1;
  std::vector<MovePredictionStats> parts;
  if (absl::Status s = EvaluateGames(*model, games, options, &remaining, &parts); !s.ok()) return s;
  return Combine(parts);
}

absl::StatusOr<MovePredictionStats> EvaluateModelOnShards(
    const std::string& model_path, const std::vector<std::string>& shard_paths,
    const MovePredictionOptions& options) {
  absl::StatusOr<LoadedModel> model = Load(model_path, options);
  if (!model.ok()) return model.status();
  int64_t remaining = options.max_positions > 0 ? options.max_positions : -1;
  std::vector<MovePredictionStats> parts;
  for (const std::string& path : shard_paths) {
    if (remaining == 0) break;
    absl::StatusOr<std::vector<data::RecordedGame>> games = data::ReadShard(path);
    if (!games.ok()) return games.status();
    if (absl::Status s = EvaluateGames(*model, *games, options, &remaining, &parts); !s.ok()) {
      return s;
    }
  }
  return Combine(parts);
}

}  // namespace tengen::train
