#include "engine/train/trainer.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>

#include <torch/torch.h>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/data/atomic_file.h"
#include "engine/data/manifest.h"
#include "engine/nn/meta/model_config.h"
#include "engine/nn/network.h"
#include "engine/nn/torch_backend.h"
#include "engine/train/batch_pipeline.h"
#include "engine/train/checkpoint_state.h"
#include "engine/train/fused_adamw.h"
#include "engine/train/metrics_log.h"
#include "engine/train/position_stream.h"
#include "engine/data/progress.h"
#include "engine/train/sample_builder.h"
#include "engine/train/torch_training.h"

namespace tengen::train {
namespace {

using data::ProgressMeter;

namespace fs = std::filesystem;

constexpr char kModelFile[] = "model.tgm";
constexpr char kOptimizerFile[] = "optimizer.pt";
constexpr char kStateFile[] = "state.txt";

double DefaultWeightDecay(const TrainOptions& o) {
  if (o.weight_decay >= 0) return o.weight_decay;
  return o.optimizer == "sgd" ? 1e-4 : 1e-2;
}

std::map<std::string, std::string> Fingerprint(const TrainOptions& o, int64_t total_steps,
                                               int64_t warmup) {
  std::map<std::string, std::string> f;
  // Self-play continues one run over changing windows (see shard_paths).
  if (o.shard_paths.empty()) {
    std::error_code ec;
    f["data"] = fs::weakly_canonical(fs::absolute(o.data_dir), ec).string();
    f["train_split"] = o.train_split;
    f["steps"] = absl::StrFormat("%d", total_steps);
    f["unique_games"] = absl::StrFormat("%d", o.unique_games);
  }
  f["arch"] = o.arch;
  f["size"] = absl::StrFormat("%d", o.board_size);
  f["init_model"] = o.init_model;
  f["batch"] = absl::StrFormat("%d", o.batch);
  f["optimizer"] = o.optimizer;
  f["lr"] = absl::StrFormat("%g", o.lr);
  f["momentum"] = absl::StrFormat("%g", o.momentum);
  f["weight_decay"] = absl::StrFormat("%g", DefaultWeightDecay(o));
  f["warmup_steps"] = absl::StrFormat("%d", warmup);
  f["lr_decay"] = LrDecayName(o.decay);
  f["final_lr_fraction"] = absl::StrFormat("%g", o.final_lr_fraction);
  f["decay_every"] = absl::StrFormat("%d", o.decay_every);
  f["decay_gamma"] = absl::StrFormat("%g", o.decay_gamma);
  f["augment"] = o.augment ? "true" : "false";
  f["shuffle_buffer"] = absl::StrFormat("%d", o.shuffle_buffer);
  f["interleave_shards"] = absl::StrFormat("%d", o.interleave_shards);
  f["seed"] = absl::StrFormat("%d", o.seed);
  f["loss_weights"] = absl::StrFormat("%g/%g/%g", o.value_weight, o.score_weight, o.ownership_weight);
  return f;
}

// Mixed into the data order's seed, so that each self-play window has its
// own order (FNV-1a: stable across builds, unlike std::hash).
uint64_t DataTagSeed(const std::string& tag) {
  if (tag.empty()) return 0;
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : tag) h = (h ^ c) * 1099511628211ull;
  return h;
}

// The position stream continued across epochs.
class EpochSource {
 public:
  EpochSource(PositionStreamOptions options, int64_t epoch)
      : options_(std::move(options)), stream_(std::make_unique<PositionStream>(options_, epoch)) {}

  absl::Status SkipTo(int64_t position) {
    absl::StatusOr<bool> ok = stream_->Skip(position);
    if (!ok.ok()) return ok.status();
    return absl::OkStatus();  // an epoch that ended exactly here rolls over in Draw
  }

  absl::StatusOr<DrawnBatch> Draw(int n) {
    DrawnBatch batch;
    batch.refs.reserve(n);
    PositionRef ref;
    bool fresh_epoch = false;
    while (static_cast<int>(batch.refs.size()) < n) {
      absl::StatusOr<bool> more = stream_->Next(&ref);
      if (!more.ok()) return more.status();
      if (*more) {
        batch.refs.push_back(std::move(ref));
        fresh_epoch = false;
        continue;
      }
      if (fresh_epoch) return absl::FailedPreconditionError("the training split has no positions");
      stream_ = std::make_unique<PositionStream>(options_, stream_->epoch() + 1);
      fresh_epoch = true;
    }
    batch.epoch = stream_->epoch();
    batch.epoch_position = stream_->produced();
    return batch;
  }

 private:
  PositionStreamOptions options_;
  std::unique_ptr<PositionStream> stream_;
};

std::unique_ptr<torch::optim::Optimizer> MakeOptimizer(nn::Network& net, const TrainOptions& o) {
  std::vector<torch::Tensor> decay, no_decay;
  for (const torch::Tensor& p : net->parameters()) {
    if (!p.requires_grad()) continue;
    (p.dim() >= 2 ? decay : no_decay).push_back(p);
  }
  const double wd = DefaultWeightDecay(o);
  std::vector<torch::optim::OptimizerParamGroup> groups;
  if (o.optimizer == "sgd") {
    auto with = std::make_unique<torch::optim::SGDOptions>(o.lr);
    with->momentum(o.momentum).nesterov(o.momentum > 0).weight_decay(wd);
    auto without = std::make_unique<torch::optim::SGDOptions>(o.lr);
    without->momentum(o.momentum).nesterov(o.momentum > 0).weight_decay(0);
    groups.emplace_back(decay, std::move(with));
    groups.emplace_back(no_decay, std::move(without));
    return std::make_unique<torch::optim::SGD>(groups, torch::optim::SGDOptions(o.lr));
  }
  auto with = std::make_unique<torch::optim::AdamWOptions>(o.lr);
  with->weight_decay(wd);
  auto without = std::make_unique<torch::optim::AdamWOptions>(o.lr);
  without->weight_decay(0);
  groups.emplace_back(decay, std::move(with));
  groups.emplace_back(no_decay, std::move(without));
  return std::make_unique<FusedAdamW>(groups, torch::optim::AdamWOptions(o.lr));
}

void SetLearningRate(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

class Trainer {
 public:
  explicit Trainer(const TrainOptions& options) : o_(options) {}

  absl::StatusOr<TrainResult> Run();

 private:
  absl::Status Setup();
  absl::Status LoadOrCreate();
  absl::Status SaveCheckpoint();
  absl::Status Validate(const char* when);
  nn::ModelConfig MetaNow() const;
  // The run's counters and this invocation's time and rate into result_.
  void FillSessionResult();
  void LogTraining(int64_t steps_in_window, double window_seconds);
  void Print(const std::string& line) const {
    if (o_.verbose) std::fprintf(stderr, "%s\n", line.c_str());
  }

  const TrainOptions& o_;
  torch::Device device_{torch::kCPU};
  data::ManifestData manifest_;
  std::vector<std::string> train_shards_;
  GameSelection selection_;
  int64_t total_steps_ = 0;
  LrSchedule schedule_;
  std::vector<PositionRef> validation_refs_;
  nn::ModelConfig config_;
  nn::Network net_{nullptr};
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  TrainState state_;
  std::map<std::string, std::string> fingerprint_;
  double forward_flops_ = 0;
  MetricsLog metrics_;
  TrainResult result_;
  bool use_bf16_ = false;
  int loader_threads_ = 1;
  // Loss sums over the current logging window (device tensors, no syncs).
  torch::Tensor window_sums_;
  int64_t window_steps_ = 0;
  double current_lr_ = 0;
  ProgressMeter session_{0.0};
  int64_t session_start_step_ = 0;
  // Steps and positions behind the starting weights (--init_model's), so
  // that a model's meta counts its whole history once, resumed or not.
  int64_t base_steps_ = 0;
  int64_t base_positions_ = 0;
};

absl::Status Trainer::Setup() {
  if (o_.data_dir.empty() && o_.shard_paths.empty()) {
    return absl::InvalidArgumentError("no training data given (--data)");
  }
  if (o_.out_dir.empty()) return absl::InvalidArgumentError("no output folder given (--out)");
  if (o_.batch < 1) return absl::InvalidArgumentError("--batch must be positive");
  if (o_.optimizer != "adamw" && o_.optimizer != "sgd") {
    return absl::InvalidArgumentError(
        absl::StrFormat("unknown optimizer '%s' (adamw or sgd)", o_.optimizer));
  }
  absl::StatusOr<std::string> device = nn::ResolveDevice(o_.device);
  if (!device.ok()) return device.status();
  device_ = torch::Device(*device);
  use_bf16_ = o_.bf16 && device_.is_cuda();
  SetTorchThreads(o_.threads);
  loader_threads_ = LoaderThreads(o_.loader_threads);

  if (o_.shard_paths.empty()) {
    absl::StatusOr<data::ManifestData> manifest = data::ReadManifest(o_.data_dir);
    if (!manifest.ok()) return manifest.status();
    manifest_ = *manifest;
    absl::StatusOr<std::vector<std::string>> train = data::SplitShardPaths(o_.data_dir, o_.train_split);
    if (!train.ok()) return train.status();
    train_shards_ = *train;
  } else {
    manifest_.source = static_cast<data::DataSource>(o_.data_source);
    train_shards_ = o_.shard_paths;
  }
  absl::StatusOr<ShardIndex> index = IndexShards(train_shards_);
  if (!index.ok()) return index.status();
  selection_ = SelectUniqueGames(*index, o_.unique_games);
  if (selection_.positions == 0) {
    return absl::FailedPreconditionError(
        o_.shard_paths.empty()
            ? absl::StrFormat("%s: the %s split has no positions", o_.data_dir, o_.train_split)
            : absl::StrFormat("the %d training shards hold no positions", o_.shard_paths.size()));
  }
  total_steps_ = o_.max_steps > 0
                     ? o_.max_steps
                     : static_cast<int64_t>(std::ceil(o_.epochs * selection_.positions / o_.batch));
  total_steps_ = std::max<int64_t>(total_steps_, 1);
  schedule_.base_lr = o_.lr;
  schedule_.warmup_steps =
      o_.warmup_steps >= 0 ? o_.warmup_steps : std::min<int64_t>(1000, total_steps_ / 50);
  schedule_.decay = o_.decay;
  schedule_.total_steps = total_steps_;
  schedule_.final_fraction = o_.final_lr_fraction;
  schedule_.decay_every = o_.decay_every;
  schedule_.gamma = o_.decay_gamma;
  fingerprint_ = Fingerprint(o_, total_steps_, schedule_.warmup_steps);

  if (o_.shard_paths.empty() && !o_.validation_split.empty() && o_.validation_positions != 0) {
    const data::SplitInfo* info = manifest_.FindSplit(o_.validation_split);
    if (info != nullptr && info->games > 0) {
      absl::StatusOr<std::vector<std::string>> val =
          data::SplitShardPaths(o_.data_dir, o_.validation_split);
      if (!val.ok()) return val.status();
      absl::StatusOr<std::vector<PositionRef>> refs =
          FixedPositionSample(*val, o_.validation_positions, kValidationSampleSeed);
      if (!refs.ok()) return refs.status();
      validation_refs_ = std::move(*refs);
    }
  }
  std::error_code ec;
  fs::create_directories(CheckpointsDir(o_.out_dir), ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: cannot create output folder: %s", o_.out_dir, ec.message()));
  }
  return metrics_.Open((fs::path(o_.out_dir) / "metrics.jsonl").string());
}

absl::Status Trainer::LoadOrCreate() {
  absl::StatusOr<std::optional<std::string>> latest = LatestCheckpoint(o_.out_dir);
  if (!latest.ok()) return latest.status();
  absl::StatusOr<nn::ModelConfig> arch = nn::ModelConfigForArch(o_.arch, o_.board_size);
  if (!arch.ok()) return arch.status();
  if (latest->has_value()) {
    const fs::path dir(**latest);
    std::string text;
    if (absl::Status s = data::ReadFileToString((dir / kStateFile).string(), &text); !s.ok()) return s;
    absl::StatusOr<TrainState> state = ParseTrainState(text, (dir / kStateFile).string());
    if (!state.ok()) return state.status();
    if (absl::Status s = CheckSameFingerprint(state->fingerprint, fingerprint_, dir.string()); !s.ok()) {
      return s;
    }
    absl::StatusOr<nn::Network> net = nn::LoadModel((dir / kModelFile).string(), torch::kCPU);
    if (!net.ok()) return net.status();
    net_ = *net;
    config_ = net_->config();
    state_ = *state;
    // The checkpoint's meta already counts the init model's history.
    base_steps_ = std::max<int64_t>(0, config_.training_steps - state_.step);
    base_positions_ = std::max<int64_t>(0, config_.positions_seen - state_.positions_seen);
    if (state_.data_tag != o_.data_tag) {
      // A new self-play window: its own data order from its start.
      state_.epoch = 0;
      state_.epoch_position = 0;
    }
    result_.resumed = true;
    result_.resumed_from_step = state_.step;
  } else {
    state_ = TrainState();
    if (!o_.init_model.empty()) {
      absl::StatusOr<nn::Network> net = nn::LoadModel(o_.init_model, torch::kCPU);
      if (!net.ok()) return net.status();
      net_ = *net;
      if (net_->config().arch != arch->arch || net_->config().board_size != o_.board_size) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "--init_model %s is %s on %dx%d, not --arch %s on %dx%d", o_.init_model,
            net_->config().arch, net_->config().board_size, net_->config().board_size, o_.arch,
            o_.board_size, o_.board_size));
      }
      config_ = net_->config();
      state_.training_flops = config_.training_flops;
      base_steps_ = config_.training_steps;
      base_positions_ = config_.positions_seen;
    } else {
      absl::StatusOr<nn::Network> net = nn::CreateNetwork(*arch, o_.seed);
      if (!net.ok()) return net.status();
      net_ = *net;
      config_ = *arch;
    }
  }
  state_.fingerprint = fingerprint_;
  state_.data_tag = o_.data_tag;
  forward_flops_ = nn::EstimateForwardFlops(config_);
  net_->to(device_);
  if (device_.is_cuda()) nn::ConvertToChannelsLast(net_);
  net_->train();
  optimizer_ = MakeOptimizer(net_, o_);
  if (result_.resumed) {
    const std::string path = (fs::path(**latest) / kOptimizerFile).string();
    std::string bytes;
    if (absl::Status s = data::ReadFileToString(path, &bytes); !s.ok()) return s;
    try {
      torch::serialize::InputArchive archive;
      std::istringstream in(bytes);
      archive.load_from(in, device_);
      optimizer_->load(archive);
    } catch (const std::exception& e) {
      return absl::DataLossError(absl::StrFormat("%s: cannot load optimizer state: %s", path,
                                                 std::string(e.what()).substr(0, 200)));
    }
  }
  return absl::OkStatus();
}

nn::ModelConfig Trainer::MetaNow() const {
  nn::ModelConfig meta = config_;
  meta.training_steps = base_steps_ + state_.step;
  meta.positions_seen = base_positions_ + state_.positions_seen;
  meta.training_flops = state_.training_flops;
  meta.parent_model = o_.init_model.empty() ? config_.parent_model : o_.init_model;
  meta.data_source = static_cast<nn::ModelDataSource>(manifest_.source);
  meta.epochs = static_cast<double>(state_.positions_seen) / selection_.positions;
  meta.unique_games = selection_.games;
  meta.name = fs::path(o_.out_dir).filename().string();
  if (meta.name.empty()) meta.name = fs::path(o_.out_dir).parent_path().filename().string();
  meta.created_by = "tengen train";
  meta.created_at = data::UtcTimestamp();
  return meta;
}

absl::Status Trainer::SaveCheckpoint() {
  const std::string name = CheckpointDirName(state_.step);
  const fs::path dir = fs::path(CheckpointsDir(o_.out_dir)) / name;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return absl::InternalError(absl::StrFormat("cannot create %s: %s", dir.string(), ec.message()));
  if (absl::Status s = nn::SaveModel(net_, MetaNow(), (dir / kModelFile).string()); !s.ok()) return s;
  std::ostringstream out;
  {
    torch::serialize::OutputArchive archive;
    optimizer_->save(archive);
    archive.save_to(out);
  }
  if (absl::Status s = data::WriteFileAtomically((dir / kOptimizerFile).string(), out.str()); !s.ok()) {
    return s;
  }
  if (absl::Status s = data::WriteFileAtomically((dir / kStateFile).string(), FormatTrainState(state_));
      !s.ok()) {
    return s;
  }
  return PublishCheckpoint(o_.out_dir, name, o_.keep_checkpoints);
}

absl::Status Trainer::Validate(const char* when) {
  if (validation_refs_.empty()) return absl::OkStatus();
  absl::StatusOr<MovePredictionStats> stats = EvaluateRefs(
      net_, validation_refs_, device_, use_bf16_, std::max(o_.batch, 256), loader_threads_);
  if (!stats.ok()) return stats.status();
  result_.validation = *stats;
  Print(absl::StrFormat("validation (%s) step %d: %s value_ce=%.4f", when, state_.step,
                        stats->ToString(), stats->value_cross_entropy));
  metrics_.Write(JsonLine()
                     .Add("type", "validation")
                     .Add("step", state_.step)
                     .Add("positions_seen", state_.positions_seen)
                     .Add("positions", stats->positions)
                     .Add("top1", stats->top1)
                     .Add("top5", stats->top5)
                     .Add("policy_ce", stats->policy_cross_entropy)
                     .Add("value_mse", stats->value_mse)
                     .Add("value_ce", stats->value_cross_entropy));
  return absl::OkStatus();
}

void Trainer::FillSessionResult() {
  result_.steps = state_.step;
  result_.positions_seen = state_.positions_seen;
  result_.epochs = static_cast<double>(state_.positions_seen) / selection_.positions;
  result_.training_flops = state_.training_flops;
  result_.seconds = session_.elapsed_seconds();
  const int64_t session_steps = state_.step - session_start_step_;
  result_.samples_per_second =
      result_.seconds > 0 ? session_steps * o_.batch / result_.seconds : 0;
}

void Trainer::LogTraining(int64_t steps, double seconds) {
  if (steps == 0) return;
  const torch::Tensor means = (window_sums_ / static_cast<double>(steps)).to(torch::kCPU, torch::kFloat64);
  const double* m = means.data_ptr<double>();
  const double pos_per_s = seconds > 0 ? steps * o_.batch / seconds : 0;
  const double epoch = static_cast<double>(state_.positions_seen) / selection_.positions;
  const double session_fraction =
      static_cast<double>(state_.step - session_start_step_) / std::max<int64_t>(1, total_steps_ - session_start_step_);
  Print(absl::StrFormat(
      "step %d/%d (%.1f%%) epoch %.2f | %.0f pos/s | loss %.4f policy %.4f value %.4f score %.4f "
      "own %.4f | top1 %.3f | lr %.2e | ETA %s",
      state_.step, total_steps_, 100.0 * state_.step / total_steps_, epoch, pos_per_s, m[0], m[1],
      m[2], m[3], m[4], m[5], current_lr_, session_.Eta(session_fraction)));
  metrics_.Write(JsonLine()
                     .Add("type", "train")
                     .Add("step", state_.step)
                     .Add("positions_seen", state_.positions_seen)
                     .Add("epoch", epoch)
                     .Add("lr", current_lr_)
                     .Add("loss", m[0])
                     .Add("policy_loss", m[1])
                     .Add("value_loss", m[2])
                     .Add("score_loss", m[3])
                     .Add("ownership_loss", m[4])
                     .Add("train_top1", m[5])
                     .Add("positions_per_second", pos_per_s)
                     .Add("elapsed_s", session_.elapsed_seconds()));
}

absl::StatusOr<TrainResult> Trainer::Run() {
  if (absl::Status s = Setup(); !s.ok()) return s;
  if (absl::Status s = LoadOrCreate(); !s.ok()) return s;
  session_start_step_ = state_.step;
  result_.unique_games = selection_.games;
  Print(absl::StrFormat(
      "train: %s %s on %s%s | %d games, %d positions per epoch | %d steps of batch %d "
      "(%.2f epochs) | %s lr %g warm-up %d %s decay | %s",
      config_.arch, torch::Device(device_).str(),
      o_.shard_paths.empty() ? o_.data_dir : absl::StrFormat("%d self-play shards", o_.shard_paths.size()),
      use_bf16_ ? " (bf16 autocast)" : "",
      selection_.games, selection_.positions, total_steps_, o_.batch,
      static_cast<double>(total_steps_) * o_.batch / selection_.positions, o_.optimizer, o_.lr,
      schedule_.warmup_steps, LrDecayName(o_.decay),
      result_.resumed ? absl::StrFormat("resuming at step %d", state_.step) : "from scratch"));
  metrics_.Write(JsonLine()
                     .Add("type", result_.resumed ? "resume" : "start")
                     .Add("step", state_.step)
                     .Add("total_steps", total_steps_)
                     .Add("arch", config_.arch)
                     .Add("device", device_.str())
                     .Add("games", selection_.games)
                     .Add("positions_per_epoch", selection_.positions)
                     .Add("batch", o_.batch));

  PositionStreamOptions stream_options;
  stream_options.shard_paths = train_shards_;
  stream_options.seed = o_.seed ^ DataTagSeed(o_.data_tag);
  stream_options.shuffle_buffer = o_.shuffle_buffer;
  stream_options.interleave_shards = o_.interleave_shards;
  stream_options.augment = o_.augment;
  stream_options.max_game_hash = selection_.max_hash;
  EpochSource source(stream_options, state_.epoch);
  if (absl::Status s = source.SkipTo(state_.epoch_position); !s.ok()) return s;

  BatchPipeline pipeline([&] { return source.Draw(o_.batch); }, config_.board_size,
                         loader_threads_, InputEncodingFor(device_));
  const int64_t draw_limit = total_steps_ - state_.step;

  const LossWeights weights{o_.value_weight, o_.score_weight, o_.ownership_weight};
  if (absl::Status s = pipeline.TopUp(draw_limit); !s.ok()) return s;
  ProgressMeter window;
  int64_t window_start_step = state_.step;
  window_sums_ = torch::zeros({6}, torch::TensorOptions().dtype(torch::kFloat32).device(device_));
  while (state_.step < total_steps_) {
    BuiltBatch built = pipeline.Next();
    if (!built.status.ok()) return built.status;
    if (absl::Status s = pipeline.TopUp(draw_limit); !s.ok()) return s;
    const BatchTensors batch = ToTensors(built.arrays, device_, device_.is_cuda());
    current_lr_ = schedule_.At(state_.step);
    SetLearningRate(*optimizer_, current_lr_);
    optimizer_->zero_grad();
    nn::NetworkOutputs out;
    {
      AutocastScope autocast(device_, use_bf16_);
      out = net_->forward(batch.planes, batch.globals);
    }
    const Losses losses = ComputeLosses(out, batch, weights);
    losses.total.backward();
    optimizer_->step();

    ++state_.step;
    state_.positions_seen += built.arrays.batch;
    state_.training_flops += 3.0 * forward_flops_ * built.arrays.batch;
    state_.epoch = built.drawn.epoch;
    state_.epoch_position = built.drawn.epoch_position;
    window_sums_ += torch::stack({losses.total.detach().to(torch::kFloat32), losses.policy,
                                  losses.value, losses.score, losses.ownership, losses.top1});

    const bool last = state_.step == total_steps_;
    if ((o_.log_every > 0 && state_.step % o_.log_every == 0) || last) {
      const double loss = window_sums_[0].item<double>();
      if (!std::isfinite(loss)) {
        return absl::InternalError(absl::StrFormat(
            "training diverged: loss is %f at step %d (lower --lr?)", loss, state_.step));
      }
      LogTraining(state_.step - window_start_step, window.elapsed_seconds());
      window_sums_.zero_();
      window = ProgressMeter();
      window_start_step = state_.step;
    }
    if (o_.eval_every > 0 && state_.step % o_.eval_every == 0 && !last) {
      if (absl::Status s = Validate("periodic"); !s.ok()) return s;
    }
    // Before the checkpoint: a kill between the two retrains the steps and
    // writes the same snapshot again.
    if (o_.snapshot_every > 0 && state_.step % o_.snapshot_every == 0) {
      const std::string snapshot = SnapshotPath(o_.out_dir, state_.step);
      std::error_code ec;
      fs::create_directories(fs::path(snapshot).parent_path(), ec);
      if (absl::Status s = nn::SaveModel(net_, MetaNow(), snapshot); !s.ok()) return s;
    }
    const bool chunk_over = (o_.chunk_seconds > 0 && session_.elapsed_seconds() >= o_.chunk_seconds) ||
                            (o_.should_stop && o_.should_stop());
    if (((o_.checkpoint_every > 0 && state_.step % o_.checkpoint_every == 0) || chunk_over) &&
        !last) {
      if (absl::Status s = SaveCheckpoint(); !s.ok()) return s;
    }
    if (chunk_over && !last) {
      pipeline.WaitAll();
      Print(absl::StrFormat("train: stopped after %.0f s at step %d/%d; the same command resumes",
                            session_.elapsed_seconds(), state_.step, total_steps_));
      metrics_.Write(JsonLine().Add("type", "chunk_end").Add("step", state_.step));
      result_.stopped_early = true;
      FillSessionResult();
      return result_;
    }
    if (o_.stop_after_steps_for_testing >= 0 && state_.step >= o_.stop_after_steps_for_testing &&
        !last) {
      pipeline.WaitAll();
      result_.steps = state_.step;
      result_.positions_seen = state_.positions_seen;
      return result_;
    }
  }
  if (absl::Status s = SaveCheckpoint(); !s.ok()) return s;
  result_.model_path = FinalModelPath(o_.out_dir);
  if (absl::Status s = nn::SaveModel(net_, MetaNow(), result_.model_path); !s.ok()) return s;
  if (absl::Status s = Validate("final"); !s.ok()) return s;
  FillSessionResult();
  Print(absl::StrFormat("train: done, %d steps, %d positions (%.2f epochs), %.3g training FLOPs, "
                        "model %s",
                        state_.step, state_.positions_seen, result_.epochs, state_.training_flops,
                        result_.model_path));
  metrics_.Write(JsonLine()
                     .Add("type", "done")
                     .Add("step", state_.step)
                     .Add("positions_seen", state_.positions_seen)
                     .Add("training_flops", state_.training_flops)
                     .Add("model", result_.model_path));
  return result_;
}

}  // namespace

std::string SnapshotPath(const std::string& out_dir, int64_t step) {
  return (fs::path(out_dir) / "snapshots" / (CheckpointDirName(step) + ".tgm")).string();
}

std::string FinalModelPath(const std::string& out_dir) {
  return (fs::path(out_dir) / kModelFile).string();
}

absl::StatusOr<TrainResult> RunTraining(const TrainOptions& options) {
  try {
    Trainer trainer(options);
    return trainer.Run();
  } catch (const std::exception& e) {
    std::string what = e.what();
    const size_t newline = what.find('\n');
    if (newline != std::string::npos) what.resize(newline);
    return absl::InternalError(absl::StrFormat("training failed in LibTorch: %s", what));
  }
}

}  // namespace tengen::train
