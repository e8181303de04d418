// `tengen model init --arch ARCH --size N --out FILE [--seed S]`: writes a
// randomly initialised model file.
// `tengen model info FILE...`: prints each model's meta.

#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/data/progress.h"
#include "engine/nn/meta/model_config.h"
#include "engine/nn/meta/model_file.h"
#include "engine/nn/network_api.h"

namespace tengen::cli {
namespace {

int RunModelInit(const std::vector<std::string>& positional) {
  if (!positional.empty()) {
    std::fprintf(stderr, "tengen model init: unexpected argument '%s' (the file goes in --out)\n",
                 positional[0].c_str());
    return 2;
  }
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) {
    std::fprintf(stderr, "tengen model init: --out FILE is required\n");
    return 2;
  }
  absl::StatusOr<nn::ModelConfig> config =
      nn::ModelConfigForArch(absl::GetFlag(FLAGS_arch), absl::GetFlag(FLAGS_size));
  if (!config.ok()) {
    std::fprintf(stderr, "tengen model init: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  config->name = "random-" + config->arch;
  config->created_by = absl::StrFormat("tengen model init --seed %d", absl::GetFlag(FLAGS_seed));
  config->created_at = data::UtcTimestamp();
  if (absl::Status s = nn::WriteRandomModelFile(*config, absl::GetFlag(FLAGS_seed), out); !s.ok()) {
    std::fprintf(stderr, "tengen model init: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  std::printf("wrote %s (%s, %dx%d, feature version %d)\n", out.c_str(), config->arch.c_str(),
              config->board_size, config->board_size, config->feature_version);
  return 0;
}

int RunModelInfo(const std::vector<std::string>& positional) {
  if (positional.empty()) {
    std::fprintf(stderr, "usage: tengen model info FILE...\n");
    return 2;
  }
  int status = 0;
  for (const std::string& path : positional) {
    absl::StatusOr<nn::ModelFileContents> contents = nn::ReadModelFile(path);
    if (!contents.ok()) {
      std::fprintf(stderr, "tengen model info: %s\n", std::string(contents.status().message()).c_str());
      status = 1;
      continue;
    }
    std::printf("file: %s\nweights_bytes: %zu\n%s", path.c_str(), contents->weights.size(),
                nn::DescribeModelConfig(contents->config).c_str());
    if (absl::Status s = nn::CheckFeaturesMatchThisBuild(contents->config); !s.ok()) {
      std::printf("warning: not loadable by this build: %s\n", std::string(s.message()).c_str());
    }
    if (positional.size() > 1) std::printf("\n");
  }
  return status;
}

TENGEN_REGISTER_COMMAND(model_init, "model init", "writes a randomly initialised model file", RunModelInit,
                        "arch", "size", "seed", "out");
TENGEN_REGISTER_COMMAND(model_info, "model info", "prints the meta of model files", RunModelInfo);

}  // namespace
}  // namespace tengen::cli
