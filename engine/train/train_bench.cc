#include "engine/train/train_bench.h"

#include <chrono>
#include <random>

#include <torch/torch.h>

#include "absl/strings/str_format.h"
#include "engine/data/manifest.h"
#include "engine/features/input_planes.h"
#include "engine/features/symmetry.h"
#include "engine/nn/network.h"
#include "engine/nn/torch_backend.h"
#include "engine/train/batch_pipeline.h"
#include "engine/train/fused_adamw.h"
#include "engine/train/position_stream.h"
#include "engine/train/torch_training.h"

namespace tengen::train {
namespace {

void Synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.index() < 0 ? -1 : device.index());
}

// Random but plausible inputs: stones on ~40% of the points, one-hot moves,
// in the encoding the device trains from (so the upload is measured too).
BatchArrays SyntheticBatch(int batch, int size, InputEncoding encoding, uint64_t seed) {
  BatchArrays a;
  a.Resize(batch, size, encoding);
  std::mt19937_64 rng(seed);
  const int points = size * size;
  for (int i = 0; i < batch; ++i) {
    CompactPosition position;
    position.board_size = static_cast<uint8_t>(size);
    position.to_play = static_cast<uint8_t>(1 + rng() % 2);
    for (int k = 0; k < points; ++k) {
      const uint64_t r = rng() % 10;
      position.current[k] = r < 2 ? static_cast<uint8_t>(1 + r + ((1 + rng() % 3) << kLibertyShift)) : 0;
    }
    position.previous_count = 7;
    for (auto& previous : position.previous) {
      for (int k = 0; k < points; ++k) previous[k] = position.current[k] & kColourMask;
    }
    const uint8_t symmetry = static_cast<uint8_t>(rng() % kNumSymmetries);
    if (encoding == InputEncoding::kCompactForDevice) {
      a.positions[i] = position;
      a.symmetries[i] = symmetry;
    } else {
      EncodeInputPlanes(TransformCompactPosition(position, symmetry),
                        a.planes.data() + static_cast<size_t>(i) * InputPlanesSize(size),
                        a.globals.data() + static_cast<size_t>(i) * kNumGlobalInputs);
    }
    const int move = static_cast<int>(rng() % (points + 1));
    a.policy[static_cast<size_t>(i) * (points + 1) + move] = 1.0f;
    a.played_move[i] = move;
    a.value_class[i] = static_cast<int64_t>(rng() % 2);
    a.value[i] = a.value_class[i] == kValueWin ? 1.0f : -1.0f;
  }
  return a;
}

absl::StatusOr<std::vector<PositionRef>> DrawRefs(PositionStream& stream, int n) {
  std::vector<PositionRef> refs;
  refs.reserve(n);
  PositionRef ref;
  while (static_cast<int>(refs.size()) < n) {
    absl::StatusOr<bool> more = stream.Next(&ref);
    if (!more.ok()) return more.status();
    if (!*more) return absl::FailedPreconditionError("bench data exhausted; use a larger data set");
    refs.push_back(ref);
  }
  return refs;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::string TrainBenchResult::ToString(const TrainBenchOptions& o) const {
  return absl::StrFormat(
      "bench train: arch=%s size=%d batch=%d device=%s bf16=%d data=%s steps=%d seconds=%.2f "
      "samples_per_second=%.1f%s",
      o.arch, o.board_size, o.batch, device, bf16 ? 1 : 0,
      o.data_dir.empty() ? "synthetic" : o.data_dir, steps, seconds, samples_per_second,
      o.data_dir.empty() ? ""
                         : absl::StrFormat(" loader_threads=%d loader_samples_per_second=%.1f",
                                           loader_threads, loader_samples_per_second));
}

absl::StatusOr<TrainBenchResult> BenchmarkTraining(const TrainBenchOptions& o) {
  try {
    absl::StatusOr<nn::ModelConfig> config = nn::ModelConfigForArch(o.arch, o.board_size);
    if (!config.ok()) return config.status();
    absl::StatusOr<std::string> device_name = nn::ResolveDevice(o.device);
    if (!device_name.ok()) return device_name.status();
    const torch::Device device(*device_name);
    SetTorchThreads(o.threads);
    absl::StatusOr<nn::Network> net = nn::CreateNetwork(*config, 1);
    if (!net.ok()) return net.status();
    (*net)->to(device);
    if (device.is_cuda()) nn::ConvertToChannelsLast(*net);
    (*net)->train();
    FusedAdamW optimizer((*net)->parameters(), torch::optim::AdamWOptions(1e-4));
    const bool bf16 = o.bf16 && device.is_cuda();

    const InputEncoding encoding = InputEncodingFor(device);
    const int loader_threads = LoaderThreads(o.loader_threads);
    TrainBenchResult result;
    result.loader_threads = loader_threads;

    std::unique_ptr<PositionStream> stream;
    if (!o.data_dir.empty()) {
      absl::StatusOr<std::vector<std::string>> shards = data::SplitShardPaths(o.data_dir, "train");
      if (!shards.ok()) return shards.status();
      PositionStreamOptions stream_options;
      stream_options.shard_paths = *shards;
      stream_options.shuffle_buffer = 1 << 16;
      stream = std::make_unique<PositionStream>(stream_options, 0);
      // The sample builder alone, as the trainer runs it, on a stream of
      // its own (so it leaves the training measurement all the data), until
      // its time is up or the data ends.
      PositionStream loader_stream(stream_options, 0);
      const auto start = std::chrono::steady_clock::now();
      int64_t built = 0;
      while (SecondsSince(start) < o.seconds / 2 || built == 0) {
        absl::StatusOr<std::vector<PositionRef>> refs = DrawRefs(loader_stream, o.batch);
        if (!refs.ok() && absl::IsFailedPrecondition(refs.status()) && built > 0) break;
        if (!refs.ok()) return refs.status();
        BatchArrays arrays;
        if (absl::Status s = BuildBatch(*refs, o.board_size, loader_threads, &arrays, encoding);
            !s.ok()) {
          return s;
        }
        built += o.batch;
      }
      result.loader_samples_per_second = built / SecondsSince(start);
    }
    const BatchArrays synthetic = SyntheticBatch(o.batch, o.board_size, encoding, 1);
    std::unique_ptr<BatchPipeline> pipeline;
    if (stream != nullptr) {
      pipeline = std::make_unique<BatchPipeline>(
          [&]() -> absl::StatusOr<DrawnBatch> {
            absl::StatusOr<std::vector<PositionRef>> refs = DrawRefs(*stream, o.batch);
            if (!refs.ok()) return refs.status();
            return DrawnBatch{*std::move(refs)};
          },
          o.board_size, loader_threads, encoding);
    }
    auto step = [&]() -> absl::Status {
      BatchTensors batch;
      if (pipeline != nullptr) {
        if (absl::Status s = pipeline->TopUp(); !s.ok()) return s;
        BuiltBatch built = pipeline->Next();
        if (!built.status.ok()) return built.status;
        batch = ToTensors(built.arrays, device, device.is_cuda());
      } else {
        batch = ToTensors(synthetic, device, device.is_cuda());
      }
      optimizer.zero_grad();
      nn::NetworkOutputs out;
      {
        AutocastScope autocast(device, bf16);
        out = (*net)->forward(batch.planes, batch.globals);
      }
      ComputeLosses(out, batch, LossWeights()).total.backward();
      optimizer.step();
      return absl::OkStatus();
    };
    for (int i = 0; i < 3; ++i) {
      if (absl::Status s = step(); !s.ok()) return s;
    }
    Synchronize(device);
    result.device = device.str();
    result.bf16 = bf16;
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    while (elapsed < o.seconds || result.steps < 2) {
      if (absl::Status s = step(); !s.ok()) return s;
      ++result.steps;
      if (result.steps % 4 == 0 || device.is_cpu()) Synchronize(device);
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    Synchronize(device);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.samples_per_second = result.steps * static_cast<double>(o.batch) / result.seconds;
    return result;
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (size_t nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
    return absl::InternalError(absl::StrFormat("bench train failed in LibTorch: %s", what));
  }
}

}  // namespace tengen::train
