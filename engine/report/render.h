#ifndef TENGEN_ENGINE_REPORT_RENDER_H_
#define TENGEN_ENGINE_REPORT_RENDER_H_

// Runs render_report.py (embedded in the binary at build time, so that an
// installed tengen needs no checkout) on a report.json: it writes report.md,
// report.html and report-*.svg next to it with matplotlib's SVG backend.

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace tengen::report {

// The text of engine/report/render_report.py (generated source).
std::string_view RenderReportScript();

// Debian's matplotlib lives under /usr/bin/python3, which a pyenv or venv
// python3 earlier on PATH would shadow: that one first, else python3 on PATH.
std::string DefaultPython();

// Writes the script to a temporary file and runs `python SCRIPT JSON OUT_DIR`
// with this process's stdout and stderr, so Python's own error is what the
// user sees. An error when it cannot start or exits non-zero.
absl::Status RunRenderer(const std::string& python, const std::string& report_json, const std::string& out_dir);

}  // namespace tengen::report

#endif  // TENGEN_ENGINE_REPORT_RENDER_H_
