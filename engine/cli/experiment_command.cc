// `tengen experiment --preset NAME | --config FILE --out DIR`: imitation
// against self-play, every stage resumable (engine/experiment/experiment.h).

#include <csignal>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/experiment/child_process.h"
#include "engine/experiment/experiment.h"
#include "engine/experiment/experiment_config.h"
#include "engine/nn/torch_info.h"

ABSL_DECLARE_FLAG(double, max_seconds);  // selfplay_command.cc
ABSL_DECLARE_FLAG(std::string, python);  // report_command.cc
ABSL_FLAG(std::string, preset, "", "experiment: an embedded preset (smoke, cpu, gpu) instead of --config.");
ABSL_FLAG(bool, print_config, false, "experiment: print the resolved config (preset + file) and exit.");

namespace tengen::cli {
namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop.store(true); }

int Fail(const std::string& message) {
  std::fprintf(stderr, "tengen experiment: %s\n", message.c_str());
  return 1;
}

int RunExperimentCommand(const std::vector<std::string>& positional) {
  if (!positional.empty()) return Fail("unexpected argument '" + positional[0] + "'");
  const std::string config = absl::GetFlag(FLAGS_config);
  const std::string preset = absl::GetFlag(FLAGS_preset);
  if (config.empty() == preset.empty()) {
    return Fail(absl::StrFormat("give --preset (%s) or --config FILE", absl::StrJoin(experiment::PresetNames(), ", ")));
  }
  absl::StatusOr<experiment::ExperimentSettings> settings =
      config.empty() ? experiment::ParseExperimentConfig(absl::StrFormat("preset: \"%s\"\n", preset), "--preset")
                     : experiment::LoadExperimentConfig(config);
  if (!settings.ok()) return Fail(std::string(settings.status().message()));
  if (absl::GetFlag(FLAGS_print_config)) {
    std::printf("%s", settings->resolved_text.c_str());
    return 0;
  }
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) return Fail("--out DIR is required");
  if (settings->device == "auto") settings->device = nn::CudaAvailable() ? "cuda" : "cpu";
  if (settings->device == "cuda" && !nn::CudaAvailable()) {
    return Fail("the config asks for device cuda and no CUDA device is available (use the cpu preset)");
  }

  experiment::ExperimentOptions options;
  options.out_dir = out;
  std::vector<std::string> argv = {"tengen", "experiment"};
  if (!preset.empty()) argv.push_back("--preset=" + preset);
  if (!config.empty()) argv.push_back("--config=" + config);
  argv.push_back("--out=" + out);
  options.command_line = experiment::CommandLine(argv);
  options.device_description = settings->device == "cuda"
                                   ? nn::TorchDescription()
                                   : absl::StrFormat("cpu (%d cores)", std::thread::hardware_concurrency());
  options.torch_version = nn::TorchDescription();
  options.max_seconds = absl::GetFlag(FLAGS_max_seconds);
  options.python = absl::GetFlag(FLAGS_python);
  options.stop = &g_stop;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  absl::StatusOr<experiment::ExperimentResult> result = experiment::RunExperiment(*settings, options);
  if (!result.ok()) return Fail(std::string(result.status().message()));
  if (!result->finished) {
    std::printf("stopped; rerun the same command to continue: %s\n", options.command_line.c_str());
    return 3;
  }
  std::printf("report: %s\n", result->report_html.c_str());
  return 0;
}

}  // namespace

TENGEN_REGISTER_COMMAND(experiment, "experiment",
                        "imitation vs self-play from zero vs self-play from imitation, as curves over training: "
                        "arms, evaluation, arena, report (--preset or --config, --out); the same command resumes",
                        RunExperimentCommand, "preset", "config", "out", "max_seconds", "python", "print_config");

}  // namespace tengen::cli
