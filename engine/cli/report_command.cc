// `tengen report --run DIR --out DIR [--python PATH]`: the report of an
// experiment run folder (engine/report/run_folder.h): report.json with the
// ratings, head-to-head, per-arm checkpoints and evaluations, then report.md,
// report.html and report-*.svg drawn from it by the embedded matplotlib
// renderer. A partial run is reported as far as it got; broken lines are
// named and skipped. report.json is written even when Python fails.

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "engine/cli/command.h"
#include "engine/cli/common_flags.h"
#include "engine/data/atomic_file.h"
#include "engine/report/render.h"
#include "engine/report/report_data.h"
#include "engine/report/run_folder.h"

ABSL_FLAG(std::string, python, "",
          "report: the Python 3 with matplotlib that draws report.md/html (default /usr/bin/python3 when it "
          "exists, else python3 on PATH).");

namespace tengen::cli {
namespace {

int RunReport(const std::vector<std::string>& positional) {
  const std::string run_dir = absl::GetFlag(FLAGS_run);
  const std::string out_dir = absl::GetFlag(FLAGS_out);
  if (!positional.empty() || run_dir.empty() || out_dir.empty()) {
    std::fprintf(stderr, "usage: tengen report --run DIR --out DIR [--python PATH]\n");
    return 2;
  }
  absl::StatusOr<report::RunFolder> run = report::ReadRunFolder(run_dir);
  if (!run.ok()) {
    std::fprintf(stderr, "tengen report: %s\n", std::string(run.status().message()).c_str());
    return 1;
  }
  for (const std::string& problem : run->problems) std::fprintf(stderr, "tengen report: skipped %s\n", problem.c_str());
  for (const std::string& missing : run->missing_files) {
    std::fprintf(stderr, "tengen report: %s has no %s (a partial run?)\n", run_dir.c_str(), missing.c_str());
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    std::fprintf(stderr, "tengen report: cannot create %s: %s\n", out_dir.c_str(), ec.message().c_str());
    return 1;
  }
  const std::string json_path = (std::filesystem::path(out_dir) / "report.json").string();
  if (const absl::Status s = data::WriteFileAtomically(json_path, report::BuildReportJson(*run)); !s.ok()) {
    std::fprintf(stderr, "tengen report: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  const std::string python =
      absl::GetFlag(FLAGS_python).empty() ? report::DefaultPython() : absl::GetFlag(FLAGS_python);
  if (const absl::Status s = report::RunRenderer(python, json_path, out_dir); !s.ok()) {
    std::fprintf(stderr, "tengen report: %s (%s is written)\n", std::string(s.message()).c_str(), json_path.c_str());
    return 1;
  }
  int skipped = 0;
  for (const auto& [file, count] : run->skipped_lines) skipped += count;
  std::printf("report: %s/report.html %s/report.md %s checkpoints=%zu games=%zu skipped_lines=%d\n", out_dir.c_str(),
              out_dir.c_str(), json_path.c_str(), run->checkpoints.size(), run->games.size(), skipped);
  return 0;
}

TENGEN_REGISTER_COMMAND(report, "report", "report.json, report.md and report.html of an experiment run folder",
                        RunReport, "run", "out", "python");

}  // namespace
}  // namespace tengen::cli
