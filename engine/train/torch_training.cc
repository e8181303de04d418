#include "engine/train/torch_training.h"

#include <ATen/autocast_mode.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

#ifdef TENGEN_HAVE_CUDA_KERNELS
#include <c10/cuda/CUDAStream.h>

#include "engine/nn/feature_kernel.h"
#endif

namespace tengen::train {

namespace {

torch::Tensor FromVector(const std::vector<float>& v, at::IntArrayRef shape) {
  return torch::from_blob(const_cast<float*>(v.data()), shape, torch::kFloat32);
}
torch::Tensor FromVector(const std::vector<int64_t>& v, at::IntArrayRef shape) {
  return torch::from_blob(const_cast<int64_t*>(v.data()), shape, torch::kInt64);
}

// Host -> device. On CUDA the bytes go through the caching pinned allocator
// (which keeps each block until the copy that reads it is done), so the
// copy is asynchronous and the host goes on building the next batch.
torch::Tensor Upload(const torch::Tensor& host, const torch::Device& device) {
  if (device.is_cuda()) return host.pin_memory().to(device, /*non_blocking=*/true);
  return host.to(device, /*non_blocking=*/false, /*copy=*/true);
}

void EncodeCompactOnDevice(const BatchArrays& a, const torch::Device& device, bool channels_last,
                           BatchTensors* t) {
#ifdef TENGEN_HAVE_CUDA_KERNELS
  if (!device.is_cuda()) throw std::invalid_argument("compact batch inputs need a CUDA device");
  const int64_t b = a.batch;
  const int64_t n = a.board_size;
  const nn::CompactPositionLayout layout = nn::CompactPositionLayoutOfThisBuild();
  const torch::Tensor positions = Upload(
      torch::from_blob(const_cast<CompactPosition*>(a.positions.data()), {b * layout.stride},
                       torch::kUInt8),
      device);
  const torch::Tensor symmetries =
      Upload(torch::from_blob(const_cast<uint8_t*>(a.symmetries.data()), {b}, torch::kUInt8), device);
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(device);
  // Channels-last storage is NHWC seen as an NCHW tensor.
  t->planes = channels_last ? torch::empty({b, n, n, kNumInputPlanes}, f32).permute({0, 3, 1, 2})
                            : torch::empty({b, kNumInputPlanes, n, n}, f32);
  t->globals = torch::empty({b, kNumGlobalInputs}, f32);
  nn::EncodeKernelArgs args;
  args.positions = positions.data_ptr<uint8_t>();
  args.symmetries = symmetries.data_ptr<uint8_t>();
  args.count = static_cast<int>(b);
  args.board_size = static_cast<int>(n);
  args.layout = layout;
  args.planes = t->planes.data_ptr();
  args.globals = t->globals.data_ptr();
  args.plane_layout = channels_last ? nn::PlaneLayout::kNHWC : nn::PlaneLayout::kNCHW;
  args.type = nn::PlaneType::kFloat32;
  args.stream = c10::cuda::getCurrentCUDAStream(device.index() < 0 ? 0 : device.index()).stream();
  if (const std::string error = nn::LaunchEncodeInputPlanes(args); !error.empty()) {
    throw std::runtime_error("feature kernel: " + error);
  }
#else
  (void)a;
  (void)device;
  (void)channels_last;
  (void)t;
  throw std::invalid_argument("this build has no CUDA feature kernel for compact batch inputs");
#endif
}

}  // namespace

InputEncoding InputEncodingFor(const torch::Device& device) {
#ifdef TENGEN_HAVE_CUDA_KERNELS
  if (device.is_cuda()) return InputEncoding::kCompactForDevice;
#endif
  (void)device;
  return InputEncoding::kCpuPlanes;
}

BatchTensors ToTensors(const BatchArrays& a, const torch::Device& device, bool channels_last) {
  const int64_t b = a.batch;
  const int64_t n = a.board_size;
  const auto move = [&](const torch::Tensor& t) { return Upload(t, device); };
  BatchTensors t;
  if (a.encoding == InputEncoding::kCompactForDevice) {
    EncodeCompactOnDevice(a, device, channels_last, &t);
  } else {
    t.planes = move(FromVector(a.planes, {b, kNumInputPlanes, n, n}));
    if (channels_last) t.planes = t.planes.contiguous(torch::MemoryFormat::ChannelsLast);
    t.globals = move(FromVector(a.globals, {b, kNumGlobalInputs}));
  }
  t.policy = move(FromVector(a.policy, {b, n * n + 1}));
  t.played_move = move(FromVector(a.played_move, {b}));
  t.value_class = move(FromVector(a.value_class, {b}));
  t.value = move(FromVector(a.value, {b}));
  t.score = move(FromVector(a.score, {b}));
  t.score_mask = move(FromVector(a.score_mask, {b}));
  t.ownership = move(FromVector(a.ownership, {b, n * n}));
  t.ownership_mask = move(FromVector(a.ownership_mask, {b}));
  return t;
}

Losses ComputeLosses(const nn::NetworkOutputs& out, const BatchTensors& batch,
                     const LossWeights& weights) {
  namespace F = torch::nn::functional;
  Losses l;
  const torch::Tensor policy_logits = out.policy_logits.to(torch::kFloat32);
  const torch::Tensor log_policy = torch::log_softmax(policy_logits, 1);
  const torch::Tensor policy = -(batch.policy * log_policy).sum(1).mean();
  const torch::Tensor value =
      F::cross_entropy(out.value_logits.to(torch::kFloat32), batch.value_class);
  const torch::Tensor score_error = F::smooth_l1_loss(
      out.score_lead.to(torch::kFloat32) / nn::kScoreScale, batch.score / nn::kScoreScale,
      F::SmoothL1LossFuncOptions().reduction(torch::kNone));
  const torch::Tensor score =
      (score_error * batch.score_mask).sum() / batch.score_mask.sum().clamp_min(1.0);
  const torch::Tensor ownership_error =
      F::binary_cross_entropy_with_logits(
          2.0 * out.ownership_logits.to(torch::kFloat32), (batch.ownership + 1.0) * 0.5,
          F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone))
          .mean(1);
  const torch::Tensor ownership = (ownership_error * batch.ownership_mask).sum() /
                                  batch.ownership_mask.sum().clamp_min(1.0);
  l.total = policy + weights.value * value + weights.score * score + weights.ownership * ownership;
  l.policy = policy.detach();
  l.value = value.detach();
  l.score = score.detach();
  l.ownership = ownership.detach();
  l.top1 = (policy_logits.argmax(1) == batch.played_move).to(torch::kFloat32).mean().detach();
  return l;
}

AutocastScope::AutocastScope(const torch::Device& device, bool enabled) {
  if (!enabled || !device.is_cuda()) return;
  active_ = true;
  previous_ = at::autocast::is_autocast_enabled(at::kCUDA);
  at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
  at::autocast::set_autocast_enabled(at::kCUDA, true);
  at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
  if (!active_) return;
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  at::autocast::set_autocast_enabled(at::kCUDA, previous_);
}

void PredictionAccumulator::Add(const nn::NetworkOutputs& out, const BatchTensors& batch) {
  torch::NoGradGuard no_grad;
  const torch::Tensor logits = out.policy_logits.to(torch::kFloat32);
  const torch::Tensor log_policy = torch::log_softmax(logits, 1);
  const torch::Tensor played = batch.played_move.unsqueeze(1);
  const torch::Tensor top5 = std::get<1>(logits.topk(5, 1));
  const torch::Tensor value_probs = torch::softmax(out.value_logits.to(torch::kFloat32), 1);
  const torch::Tensor value = value_probs.select(1, kValueWin) - value_probs.select(1, kValueLoss);
  const torch::Tensor sums = torch::stack({
      (top5.select(1, 0) == batch.played_move).to(torch::kFloat32).sum(),
      (top5 == played).any(1).to(torch::kFloat32).sum(),
      -(batch.policy * log_policy).sum(),
      (value - batch.value).pow(2).sum(),
      torch::nn::functional::cross_entropy(
          out.value_logits.to(torch::kFloat32), batch.value_class,
          torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum)),
  }).to(torch::kCPU, torch::kFloat64);
  const double* s = sums.data_ptr<double>();
  top1_ += s[0];
  top5_ += s[1];
  policy_ce_ += s[2];
  value_se_ += s[3];
  value_ce_ += s[4];
  positions_ += batch.played_move.size(0);
}

MovePredictionStats PredictionAccumulator::Result() const {
  MovePredictionStats r;
  r.positions = positions_;
  if (positions_ == 0) return r;
  const double n = static_cast<double>(positions_);
  r.top1 = top1_ / n;
  r.top5 = top5_ / n;
  r.policy_cross_entropy = policy_ce_ / n;
  r.value_mse = value_se_ / n;
  r.value_cross_entropy = value_ce_ / n;
  return r;
}

absl::StatusOr<MovePredictionStats> EvaluateRefs(nn::Network& network,
                                                 std::span<const PositionRef> refs,
                                                 const torch::Device& device, bool bf16,
                                                 int batch, int loader_threads) {
  const bool was_training = network->is_training();
  network->eval();
  torch::NoGradGuard no_grad;
  PredictionAccumulator accumulator;
  BatchArrays arrays;
  const int board_size = network->config().board_size;
  absl::Status status;
  for (size_t start = 0; start < refs.size(); start += batch) {
    const size_t n = std::min<size_t>(batch, refs.size() - start);
    status = BuildBatch(refs.subspan(start, n), board_size, loader_threads, &arrays,
                        InputEncodingFor(device));
    if (!status.ok()) break;
    const BatchTensors tensors = ToTensors(arrays, device, device.is_cuda());
    AutocastScope autocast(device, bf16);
    const nn::NetworkOutputs out = network->forward(tensors.planes, tensors.globals);
    accumulator.Add(out, tensors);
  }
  if (was_training) network->train();
  if (!status.ok()) return status;
  return accumulator.Result();
}

void SetTorchThreads(int threads) {
  const int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(n);
}

int LoaderThreads(int requested) {
  if (requested > 0) return requested;
  // Replaying each game up to its sampled move is the pipeline's main cost;
  // a GPU step at batch 1024 needs most of a 16-core host to keep up.
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 16u));
}

}  // namespace tengen::train
