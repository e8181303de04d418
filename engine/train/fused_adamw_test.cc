#include "engine/train/fused_adamw.h"

#include <vector>

#include "engine/nn/torch_info.h"
#include "gtest/gtest.h"

namespace tengen::train {
namespace {

// A small model-like parameter set: a conv weight (4-d), a matrix, a bias.
std::vector<torch::Tensor> MakeParams(const torch::Device& device, uint64_t seed) {
  torch::manual_seed(seed);
  std::vector<torch::Tensor> params = {torch::randn({8, 4, 3, 3}), torch::randn({5, 7}),
                                       torch::randn({7})};
  for (torch::Tensor& p : params) p = p.to(device).set_requires_grad(true);
  return params;
}

void Descend(torch::optim::Optimizer& optimizer, const std::vector<torch::Tensor>& params,
             int steps) {
  for (int s = 0; s < steps; ++s) {
    optimizer.zero_grad();
    torch::Tensor loss = torch::zeros({}, params[0].options());
    for (size_t i = 0; i < params.size(); ++i) {
      loss = loss + (params[i].sin() * static_cast<double>(i + 1 + s)).pow(2).sum();
    }
    loss.backward();
    optimizer.step();
  }
}

torch::optim::AdamWOptions Options() {
  return torch::optim::AdamWOptions(3e-2).weight_decay(0.05).betas({0.9, 0.99}).eps(1e-6);
}

TEST(FusedAdamWTest, MatchesTheStockAdamW) {
  const torch::Device cpu(torch::kCPU);
  std::vector<torch::Tensor> stock_params = MakeParams(cpu, 3);
  std::vector<torch::Tensor> fused_params = MakeParams(cpu, 3);
  torch::optim::AdamW stock(stock_params, Options());
  FusedAdamW fused(fused_params, Options());
  Descend(stock, stock_params, 25);
  Descend(fused, fused_params, 25);
  for (size_t i = 0; i < stock_params.size(); ++i) {
    EXPECT_TRUE(torch::allclose(stock_params[i], fused_params[i], 1e-5, 1e-6)) << i;
    // The weights did move (a test that a no-op optimizer would fail).
    EXPECT_FALSE(torch::allclose(stock_params[i], MakeParams(cpu, 3)[i]));
  }
}

TEST(FusedAdamWTest, StateSavedByEitherLoadsIntoTheOther) {
  const torch::Device cpu(torch::kCPU);
  std::vector<torch::Tensor> a = MakeParams(cpu, 5);
  FusedAdamW fused(a, Options());
  Descend(fused, a, 10);
  std::ostringstream bytes;
  {
    torch::serialize::OutputArchive archive;
    fused.save(archive);
    archive.save_to(bytes);
  }
  std::vector<torch::Tensor> b;
  for (const torch::Tensor& p : a) b.push_back(p.detach().clone().set_requires_grad(true));
  torch::optim::AdamW stock(b, Options());
  torch::serialize::InputArchive in;
  std::istringstream stream(bytes.str());
  in.load_from(stream);
  stock.load(in);
  Descend(fused, a, 5);
  Descend(stock, b, 5);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::allclose(a[i], b[i], 1e-5, 1e-6)) << i;
}

TEST(FusedAdamWTest, CudaAgreesWithCpu) {
  if (!nn::CudaAvailable()) GTEST_SKIP() << "no CUDA device";
  const torch::Device cpu(torch::kCPU), cuda(torch::kCUDA, 0);
  std::vector<torch::Tensor> on_cpu = MakeParams(cpu, 7);
  std::vector<torch::Tensor> on_cuda = MakeParams(cuda, 7);
  // Channels-last weights, as the trainer keeps them on a GPU.
  on_cuda[0] = on_cuda[0].detach().contiguous(torch::MemoryFormat::ChannelsLast).set_requires_grad(true);
  FusedAdamW a(on_cpu, Options());
  FusedAdamW b(on_cuda, Options());
  Descend(a, on_cpu, 20);
  Descend(b, on_cuda, 20);
  for (size_t i = 0; i < on_cpu.size(); ++i) {
    EXPECT_TRUE(torch::allclose(on_cpu[i], on_cuda[i].cpu(), 1e-4, 1e-5)) << i;
  }
}

}  // namespace
}  // namespace tengen::train
