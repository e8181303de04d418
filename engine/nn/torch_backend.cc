#include "engine/nn/torch_backend.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <vector>

#ifdef TENGEN_HAVE_CUDA_KERNELS
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include "engine/nn/feature_kernel.h"
#endif

#include "absl/base/internal/raw_logging.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/features/input_planes.h"
#include "engine/features/symmetry.h"
#include "engine/nn/network.h"
#include "engine/nn/torch_info.h"
#include "engine/rules/game.h"

namespace tengen::nn {
namespace {

class TorchBackend final : public BatchBackend {
 public:
  TorchBackend(Network network, torch::Device device, const TorchBackendOptions& options);

  int board_size() const override { return n_; }
  int max_batch_size() const override { return max_batch_; }
  void EvaluateBatch(std::span<const CompactPosition> inputs, std::span<EvalOutput> outputs) override;

  // For the benchmark: encodes `inputs` into the input buffers, then times
  // the trunk alone on them.
  void EncodeOnly(std::span<const CompactPosition> inputs);
  void RunTrunkOnce(int batch);

  // The module this backend runs (shared by the instances of a pool).
  const Network& network() const { return network_; }

 private:
  bool on_cuda() const { return device_.is_cuda(); }
  torch::Tensor Planes(int batch) { return planes_.narrow(0, 0, batch); }
  torch::Tensor Globals(int batch) { return globals_.narrow(0, 0, batch); }
  void ChooseSymmetries(int count);
  void EncodeOnCpu(std::span<const CompactPosition> inputs, float* planes, float* globals);
  // Puts the inputs into planes_/globals_ (rows [0, size)); on CUDA queued on
  // the backend's stream.
  void StageAndEncode(std::span<const CompactPosition> inputs, bool launch_kernel);
  // planes_/globals_ rows [0, batch) -> packed_ rows [0, batch).
  void RunNetwork(int batch);
  void Scatter(int count, std::span<EvalOutput> outputs) const;
  void Synchronize();
#ifdef TENGEN_HAVE_CUDA_KERNELS
  void LaunchKernel(int count);
  void ReplayGraph(int count);
#endif

  Network network_;
  torch::Device device_;
  TorchBackendOptions options_;
  int n_;
  int area_;
  int policy_size_;
  int max_batch_;
  int packed_width_;  // policy, value, score, ownership
  std::mt19937_64 rng_;
  std::vector<uint8_t> symmetries_;
  std::vector<CompactPosition> transformed_;  // CPU encoding under a symmetry
  // [s * area + p]: where the network saw point p under symmetry s. A table
  // because Scatter maps every point of every output (two divisions each
  // otherwise, which dominated the host time of large batches).
  std::vector<int16_t> symmetry_table_;

  torch::Tensor planes_;    // [max_batch, C, N, N] on the device (channels-last on CUDA)
  torch::Tensor globals_;   // [max_batch, G] on the device
  torch::Tensor packed_;    // [max_batch, packed_width] float on the device
  torch::Tensor host_out_;  // packed_ on the CPU; its pinned mirror on CUDA
  // CUDA: pinned host staging (raw positions then symmetries for the kernel,
  // or float planes then globals without it) and the device copy of the
  // raw bytes.
  torch::Tensor host_staging_;
  torch::Tensor device_staging_;
#ifdef TENGEN_HAVE_CUDA_KERNELS
  CompactPositionLayout layout_;
  std::optional<c10::cuda::CUDAStream> stream_;
  std::map<int, std::unique_ptr<at::cuda::CUDAGraph>> graphs_;
#endif
};

TorchBackend::TorchBackend(Network network, torch::Device device, const TorchBackendOptions& options)
    : network_(std::move(network)),
      device_(device),
      options_(options),
      n_(network_->config().board_size),
      area_(n_ * n_),
      policy_size_(PolicySize(n_)),
      max_batch_(options.max_batch),
      packed_width_(policy_size_ + 2 + area_),
      rng_(options.seed),
      symmetries_(options.max_batch, 0),
      symmetry_table_(static_cast<size_t>(kNumSymmetries) * area_) {
  for (int sym = 0; sym < kNumSymmetries; ++sym) {
    for (int p = 0; p < area_; ++p) {
      symmetry_table_[sym * area_ + p] = static_cast<int16_t>(SymmetryTransformFlat(p, n_, sym));
    }
  }
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
  if (!on_cuda()) {
    planes_ = torch::zeros({max_batch_, kNumInputPlanes, n_, n_}, f32);
    globals_ = torch::zeros({max_batch_, kNumGlobalInputs}, f32);
    packed_ = torch::zeros({max_batch_, packed_width_}, f32);
    host_out_ = packed_;
    return;
  }
  const auto on_device = torch::TensorOptions().device(device_);
  const auto pinned = torch::TensorOptions().pinned_memory(true);
  // NHWC storage seen as an NCHW tensor in channels-last memory.
  planes_ = torch::zeros({max_batch_, n_, n_, kNumInputPlanes}, on_device.dtype(torch::kBFloat16))
                .permute({0, 3, 1, 2});
  globals_ = torch::zeros({max_batch_, kNumGlobalInputs}, on_device.dtype(torch::kBFloat16));
  packed_ = torch::zeros({max_batch_, packed_width_}, on_device.dtype(torch::kFloat32));
  host_out_ = torch::zeros({max_batch_, packed_width_}, pinned.dtype(torch::kFloat32));
#ifdef TENGEN_HAVE_CUDA_KERNELS
  layout_ = CompactPositionLayoutOfThisBuild();
  const int64_t staging_bytes = static_cast<int64_t>(max_batch_) * (layout_.stride + 1);
  host_staging_ = torch::zeros({staging_bytes}, pinned.dtype(torch::kUInt8));
  device_staging_ = torch::zeros({staging_bytes}, on_device.dtype(torch::kUInt8));
  stream_ = c10::cuda::getStreamFromPool(/*isHighPriority=*/false, device_.index() < 0 ? 0 : device_.index());
#else
  host_staging_ = torch::zeros({max_batch_ * static_cast<int64_t>(InputPlanesSize(n_) + kNumGlobalInputs)},
                               pinned.dtype(torch::kFloat32));
#endif
}

void TorchBackend::ChooseSymmetries(int count) {
  for (int i = 0; i < count; ++i) {
    if (options_.fixed_symmetry >= 0) {
      symmetries_[i] = static_cast<uint8_t>(options_.fixed_symmetry);
    } else {
      symmetries_[i] = options_.random_symmetry ? static_cast<uint8_t>(rng_() % kNumSymmetries) : 0;
    }
  }
}

void TorchBackend::EncodeOnCpu(std::span<const CompactPosition> inputs, float* planes, float* globals) {
  const size_t plane_stride = InputPlanesSize(n_);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const CompactPosition* position = &inputs[i];
    if (symmetries_[i] != 0) {
      transformed_.resize(1);
      transformed_[0] = TransformCompactPosition(inputs[i], symmetries_[i]);
      position = &transformed_[0];
    }
    EncodeInputPlanes(*position, planes + i * plane_stride, globals + i * kNumGlobalInputs);
  }
}

void TorchBackend::StageAndEncode(std::span<const CompactPosition> inputs, bool launch_kernel) {
  const int count = static_cast<int>(inputs.size());
  if (!on_cuda()) {
    EncodeOnCpu(inputs, planes_.data_ptr<float>(), globals_.data_ptr<float>());
    return;
  }
#ifdef TENGEN_HAVE_CUDA_KERNELS
  uint8_t* staging = host_staging_.data_ptr<uint8_t>();
  const int64_t position_bytes = static_cast<int64_t>(count) * layout_.stride;
  const int64_t symmetry_offset = static_cast<int64_t>(max_batch_) * layout_.stride;
  std::memcpy(staging, inputs.data(), position_bytes);
  std::memcpy(staging + symmetry_offset, symmetries_.data(), count);
  device_staging_.narrow(0, 0, position_bytes).copy_(host_staging_.narrow(0, 0, position_bytes), true);
  device_staging_.narrow(0, symmetry_offset, count).copy_(host_staging_.narrow(0, symmetry_offset, count), true);
  if (launch_kernel) LaunchKernel(count);
#else
  (void)launch_kernel;
  float* planes = host_staging_.data_ptr<float>();
  float* globals = planes + max_batch_ * InputPlanesSize(n_);
  EncodeOnCpu(inputs, planes, globals);
  const torch::Tensor host_planes = host_staging_.narrow(0, 0, count * InputPlanesSize(n_));
  Planes(count).copy_(host_planes.view({count, kNumInputPlanes, n_, n_}), true);
  const torch::Tensor host_globals =
      host_staging_.narrow(0, max_batch_ * InputPlanesSize(n_), count * kNumGlobalInputs);
  Globals(count).copy_(host_globals.view({count, kNumGlobalInputs}), true);
#endif
}

#ifdef TENGEN_HAVE_CUDA_KERNELS
void TorchBackend::LaunchKernel(int count) {
  EncodeKernelArgs args;
  args.positions = device_staging_.data_ptr<uint8_t>();
  args.symmetries = device_staging_.data_ptr<uint8_t>() + static_cast<int64_t>(max_batch_) * layout_.stride;
  args.count = count;
  args.board_size = n_;
  args.layout = layout_;
  args.planes = planes_.data_ptr();
  args.globals = globals_.data_ptr();
  args.plane_layout = PlaneLayout::kNHWC;
  args.type = PlaneType::kBFloat16;
  args.stream = stream_->stream();
  const std::string error = LaunchEncodeInputPlanes(args);
  ABSL_RAW_CHECK(error.empty(), error.c_str());
}

// One capture at a time in the process: a capture must not see another
// thread's allocations (pool instances capture lazily, per batch bucket).
std::mutex& GraphCaptureMutex() {
  static std::mutex mu;
  return mu;
}

void TorchBackend::ReplayGraph(int count) {
  int bucket = 1;
  while (bucket < count) bucket *= 2;
  bucket = std::min(bucket, max_batch_);
  auto& graph = graphs_[bucket];
  if (!graph) {
    std::lock_guard<std::mutex> capture_lock(GraphCaptureMutex());
    // Warm up outside the capture (library handles, workspaces, autotuning).
    LaunchKernel(bucket);
    RunNetwork(bucket);
    stream_->synchronize();
    graph = std::make_unique<at::cuda::CUDAGraph>();
    graph->capture_begin();
    LaunchKernel(bucket);
    RunNetwork(bucket);
    graph->capture_end();
  }
  graph->replay();
}
#endif

void TorchBackend::RunNetwork(int batch) {
  const NetworkOutputs out = network_->forward(Planes(batch), Globals(batch));
  const torch::Tensor policy = torch::softmax(out.policy_logits.to(torch::kFloat32), 1);
  const torch::Tensor outcome = torch::softmax(out.value_logits.to(torch::kFloat32), 1);
  const torch::Tensor value = (outcome.select(1, 0) - outcome.select(1, 1)).unsqueeze(1);
  const torch::Tensor score = out.score_lead.to(torch::kFloat32).unsqueeze(1);
  const torch::Tensor ownership = torch::tanh(out.ownership_logits.to(torch::kFloat32));
  torch::Tensor packed = packed_.narrow(0, 0, batch);
  torch::cat_out(packed, {policy, value, score, ownership}, 1);
}

void TorchBackend::Synchronize() {
  if (!on_cuda()) return;
#ifdef TENGEN_HAVE_CUDA_KERNELS
  stream_->synchronize();
#else
  torch::cuda::synchronize(device_.index() < 0 ? -1 : device_.index());
#endif
}

void TorchBackend::Scatter(int count, std::span<EvalOutput> outputs) const {
  const float* rows = host_out_.data_ptr<float>();
  for (int i = 0; i < count; ++i) {
    const float* row = rows + static_cast<int64_t>(i) * packed_width_;
    const float* ownership = row + policy_size_ + 2;
    EvalOutput& out = outputs[i];
    const int s = symmetries_[i];
    if (s == 0) {
      std::memcpy(out.policy.data(), row, sizeof(float) * area_);
      std::memcpy(out.ownership.data(), ownership, sizeof(float) * area_);
    } else {
      // The network saw point p at T_s(p).
      const int16_t* seen_at = symmetry_table_.data() + s * area_;
      for (int p = 0; p < area_; ++p) {
        out.policy[p] = row[seen_at[p]];
        out.ownership[p] = ownership[seen_at[p]];
      }
    }
    out.policy[area_] = row[area_];
    out.value = row[policy_size_];
    out.score_lead = row[policy_size_ + 1];
  }
}

void TorchBackend::EvaluateBatch(std::span<const CompactPosition> inputs, std::span<EvalOutput> outputs) {
  const int count = static_cast<int>(inputs.size());
  ABSL_RAW_CHECK(count <= max_batch_, "EvaluateBatch: more positions than max_batch_size()");
  ABSL_RAW_CHECK(outputs.size() >= inputs.size(), "EvaluateBatch: fewer outputs than inputs");
  if (count == 0) return;
  for (const CompactPosition& position : inputs) {
    ABSL_RAW_CHECK(position.board_size == n_, "EvaluateBatch: position board size differs from the model's");
  }
  c10::InferenceMode inference;
  ChooseSymmetries(count);
  if (!on_cuda()) {
    StageAndEncode(inputs, false);
    RunNetwork(count);
    Scatter(count, outputs);
    return;
  }
#ifdef TENGEN_HAVE_CUDA_KERNELS
  c10::cuda::CUDAStreamGuard guard(*stream_);
  StageAndEncode(inputs, /*launch_kernel=*/!options_.cuda_graphs);
  if (options_.cuda_graphs) {
    ReplayGraph(count);
  } else {
    RunNetwork(count);
  }
#else
  StageAndEncode(inputs, false);
  RunNetwork(count);
#endif
  host_out_.narrow(0, 0, count).copy_(packed_.narrow(0, 0, count), true);
  Synchronize();
  Scatter(count, outputs);
}

void TorchBackend::EncodeOnly(std::span<const CompactPosition> inputs) {
  c10::InferenceMode inference;
  ChooseSymmetries(static_cast<int>(inputs.size()));
#ifdef TENGEN_HAVE_CUDA_KERNELS
  std::optional<c10::cuda::CUDAStreamGuard> guard;
  if (on_cuda()) guard.emplace(*stream_);
#endif
  StageAndEncode(inputs, true);
  Synchronize();
}

void TorchBackend::RunTrunkOnce(int batch) {
  c10::InferenceMode inference;
#ifdef TENGEN_HAVE_CUDA_KERNELS
  std::optional<c10::cuda::CUDAStreamGuard> guard;
  if (on_cuda()) guard.emplace(*stream_);
#endif
  const torch::Tensor trunk = network_->ForwardTrunk(Planes(batch), Globals(batch));
  Synchronize();
}

absl::StatusOr<std::unique_ptr<TorchBackend>> MakeBackend(Network network, const TorchBackendOptions& options) {
  absl::StatusOr<std::string> device_name = ResolveDevice(options.device);
  if (!device_name.ok()) return device_name.status();
  if (options.max_batch < 1 || options.max_batch > 65535) {
    return absl::InvalidArgumentError(absl::StrFormat("max batch %d is outside 1..65535", options.max_batch));
  }
  if (options.fixed_symmetry < -1 || options.fixed_symmetry >= kNumSymmetries) {
    return absl::InvalidArgumentError(absl::StrFormat("symmetry %d is outside 0..7", options.fixed_symmetry));
  }
  const int threads =
      options.threads > 0 ? options.threads : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  at::set_num_threads(threads);
  try {
    const torch::Device device(*device_name);
    if (device.is_cuda()) {
      network->to(device, torch::kBFloat16);
      ConvertToChannelsLast(network);
    } else {
      network->to(device, torch::kFloat32);
    }
    network->eval();
    return std::make_unique<TorchBackend>(std::move(network), device, options);
  } catch (const std::exception& e) {
    std::string what = e.what();
    return absl::InternalError(
        absl::StrCat("creating the torch backend on ", *device_name, ": ", what.substr(0, what.find('\n'))));
  }
}

// TorchBackends over one network; a call takes a free one, so up to
// members_.size() calls run at once.
class TorchBackendPool final : public BatchBackend {
 public:
  explicit TorchBackendPool(std::vector<std::unique_ptr<TorchBackend>> members)
      : members_(std::move(members)) {
    for (const auto& m : members_) free_.push_back(m.get());
  }

  int board_size() const override { return members_[0]->board_size(); }
  int max_batch_size() const override { return members_[0]->max_batch_size(); }
  void EvaluateBatch(std::span<const CompactPosition> inputs, std::span<EvalOutput> outputs) override {
    TorchBackend* member;
    {
      std::unique_lock<std::mutex> lock(mu_);
      available_.wait(lock, [&] { return !free_.empty(); });
      member = free_.back();
      free_.pop_back();
    }
    member->EvaluateBatch(inputs, outputs);
    {
      std::lock_guard<std::mutex> lock(mu_);
      free_.push_back(member);
    }
    available_.notify_one();
  }

 private:
  std::vector<std::unique_ptr<TorchBackend>> members_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<TorchBackend*> free_;
};

// Positions from random games of random lengths: stones, captures, kos.
std::vector<CompactPosition> RandomPositions(int size, int count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<CompactPosition> positions;
  positions.reserve(count);
  for (int i = 0; i < count; ++i) {
    Game game(size);
    const int moves = static_cast<int>(rng() % (size * size / 2 + 1));
    for (int m = 0; m < moves; ++m) {
      Point move = kPass;
      for (int attempt = 0; attempt < 10; ++attempt) {
        const Point p = MakePoint(static_cast<int>(rng() % size), static_cast<int>(rng() % size));
        if (game.IsLegal(p) && !game.board().IsSimpleEye(p, game.to_play())) {
          move = p;
          break;
        }
      }
      game.PlayUnchecked(move, game.to_play());
    }
    positions.push_back(MakeCompactPosition(game));
  }
  return positions;
}

// Evaluations per second of `step` (which evaluates `batch` positions), after
// a warm-up of at least three calls and a quarter of the measuring time.
double EvalsPerSecond(const std::function<void()>& step, int batch, double seconds) {
  using Clock = std::chrono::steady_clock;
  const auto elapsed = [](Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
  };
  const Clock::time_point warm_start = Clock::now();
  for (int i = 0; i < 3 || elapsed(warm_start) < std::min(1.0, seconds / 4); ++i) step();
  const Clock::time_point start = Clock::now();
  int64_t calls = 0;
  do {
    step();
    ++calls;
  } while (elapsed(start) < seconds);
  return static_cast<double>(calls) * batch / elapsed(start);
}

// One backend, or a pool of options.instances sharing the first one's
// network. With CUDA graphs every instance captures its full-batch graph
// here, one after the other, before any caller runs.
absl::StatusOr<std::unique_ptr<BatchBackend>> MakeBackendOrPool(Network network,
                                                                const TorchBackendOptions& options) {
  if (options.instances < 1 || options.instances > 64) {
    return absl::InvalidArgumentError(absl::StrFormat("%d backend instances: expected 1..64", options.instances));
  }
  absl::StatusOr<std::unique_ptr<TorchBackend>> first = MakeBackend(std::move(network), options);
  if (!first.ok()) return first.status();
  if (options.instances == 1) return std::unique_ptr<BatchBackend>(std::move(*first));
  std::vector<std::unique_ptr<TorchBackend>> members;
  try {
    const Network shared = (*first)->network();
    const torch::Device device = shared->parameters().front().device();
    members.push_back(std::move(*first));
    for (int i = 1; i < options.instances; ++i) {
      TorchBackendOptions member = options;
      member.seed = options.seed + static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ull;
      members.push_back(std::make_unique<TorchBackend>(shared, device, member));
    }
    if (options.cuda_graphs && device.is_cuda()) {
      const int n = members[0]->board_size();
      const std::vector<CompactPosition> warm(options.max_batch, MakeCompactPosition(Game(n)));
      std::vector<EvalOutput> outputs(options.max_batch);
      for (const auto& m : members) m->EvaluateBatch(warm, outputs);
    }
  } catch (const std::exception& e) {
    std::string what = e.what();
    return absl::InternalError(absl::StrCat("creating backend instances: ", what.substr(0, what.find('\n'))));
  }
  return std::unique_ptr<BatchBackend>(std::make_unique<TorchBackendPool>(std::move(members)));
}

}  // namespace

absl::StatusOr<std::string> ResolveDevice(const std::string& device) {
  if (device == "cpu") return std::string("cpu");
  if (device == "auto") return CudaAvailable() ? std::string("cuda") : std::string("cpu");
  if (device == "cuda" || absl::StartsWith(device, "cuda:")) {
    if (!CudaAvailable()) {
      return absl::FailedPreconditionError(
          absl::StrCat("device \"", device, "\" requested but LibTorch sees no CUDA device (", TorchDescription(), ")"));
    }
    int index = 0;
    if (device != "cuda" && (!absl::SimpleAtoi(device.substr(5), &index) || index < 0 ||
                             index >= static_cast<int>(torch::cuda::device_count()))) {
      return absl::InvalidArgumentError(absl::StrFormat("device \"%s\": there are %d CUDA devices", device,
                                                        static_cast<int>(torch::cuda::device_count())));
    }
    return device;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown device \"", device, "\": expected cpu, cuda, cuda:N or auto"));
}

absl::StatusOr<std::unique_ptr<BatchBackend>> CreateTorchBackend(const std::string& model_path,
                                                                 const TorchBackendOptions& options) {
  absl::StatusOr<Network> network = LoadModel(model_path);
  if (!network.ok()) return network.status();
  return MakeBackendOrPool(*std::move(network), options);
}

absl::StatusOr<std::unique_ptr<BatchBackend>> CreateRandomTorchBackend(const ModelConfig& config,
                                                                       uint64_t weight_seed,
                                                                       const TorchBackendOptions& options) {
  absl::StatusOr<Network> network = CreateNetwork(config, weight_seed);
  if (!network.ok()) return network.status();
  return MakeBackendOrPool(*std::move(network), options);
}

absl::StatusOr<NnBenchmarkResult> RunNnBenchmark(const NnBenchmarkOptions& options) {
  if (options.callers < 1 || options.callers > 64) {
    return absl::InvalidArgumentError(absl::StrFormat("%d callers: expected 1..64", options.callers));
  }
  absl::StatusOr<Network> network = CreateNetwork(options.config, options.backend.seed);
  if (!network.ok()) return network.status();
  TorchBackendOptions backend_options = options.backend;
  backend_options.instances = options.callers;
  absl::StatusOr<std::unique_ptr<BatchBackend>> full = MakeBackendOrPool(*network, backend_options);
  if (!full.ok()) return full.status();
  // The trunk alone runs on its own single instance over the same weights.
  absl::StatusOr<std::unique_ptr<TorchBackend>> backend = MakeBackend(*network, options.backend);
  if (!backend.ok()) return backend.status();
  const int batch = options.backend.max_batch;
  const std::vector<CompactPosition> positions =
      RandomPositions(options.config.board_size, batch, options.backend.seed);
  NnBenchmarkResult result;
  result.device = *ResolveDevice(options.backend.device);
  result.batch = batch;
  try {
    std::vector<double> rates(options.callers);
    std::vector<std::thread> callers;
    std::exception_ptr failure;
    std::mutex failure_mu;
    for (int c = 0; c < options.callers; ++c) {
      callers.emplace_back([&, c] {
        try {
          std::vector<EvalOutput> outputs(batch);
          rates[c] = EvalsPerSecond([&] { (*full)->EvaluateBatch(positions, outputs); }, batch,
                                    options.seconds);
        } catch (...) {
          std::lock_guard<std::mutex> lock(failure_mu);
          failure = std::current_exception();
        }
      });
    }
    for (std::thread& t : callers) t.join();
    if (failure) std::rethrow_exception(failure);
    for (double r : rates) result.full_evals_per_s += r;
    (*backend)->EncodeOnly(positions);
    result.trunk_evals_per_s = EvalsPerSecond([&] { (*backend)->RunTrunkOnce(batch); }, batch, options.seconds);
  } catch (const std::exception& e) {
    std::string what = e.what();
    return absl::InternalError(absl::StrCat("benchmark: ", what.substr(0, what.find('\n'))));
  }
  return result;
}

}  // namespace tengen::nn
