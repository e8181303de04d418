// `tengen report` as a real process on the fixture run folder
// (tests/data/report_run), then tests/check_report_html.py: headless Chromium
// renders report.html (not blank, six inline SVG panels) while a logging
// proxy takes every request the page could make and must see none. The
// checker itself is shown to fail on a page with one external image. Skips
// only where Chromium is not installed (the checker exits 77).

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "tests/gtp_test_util.h"

namespace tengen {
namespace {

namespace fs = std::filesystem;

constexpr int kSkip = 77;

std::string SourceDir() {
  const char* root = std::getenv("TENGEN_SOURCE_DIR");
  return root != nullptr ? root : ".";
}

// The checker needs PIL, which Debian's python3-matplotlib brings to
// /usr/bin/python3 (not to a pyenv python3 earlier on PATH).
std::string Python() { return ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : ""; }

// Runs `tengen report` on the fixture into `out`; "" or the failure.
std::string Report(const std::string& out) {
  const std::string binary = testing::TengenBinary();
  const std::string log = out + ".report.log";
  const int rc =
      testing::RunProgram({binary, "report", "--run", SourceDir() + "/tests/data/report_run", "--out", out}, log);
  return rc == 0 ? "" : absl::StrCat("tengen report exited ", rc, ":\n", testing::FileContents(log));
}

int Check(const std::string& html, const std::string& out, std::string* output) {
  const std::string log = out + ".check.log";
  const int rc = testing::RunProgram({Python(), SourceDir() + "/tests/check_report_html.py", html, out}, log);
  *output = testing::FileContents(log);
  return rc;
}

TEST(ReportHtmlTest, TheFixtureReportRendersSelfContained) {
  if (testing::TengenBinary().empty()) GTEST_SKIP() << "tengen binary not built";
  if (Python().empty()) GTEST_SKIP() << "no /usr/bin/python3";
  const std::string out = testing::FreshTestFolder("report", "fixture");
  ASSERT_EQ(Report(out), "");
  for (const char* file :
       {"report.json", "report.md", "report.html", "report-elo-positions.svg", "report-elo-flops.svg",
        "report-elo-seconds.svg", "report-human-top1.svg", "report-human-value-mse.svg", "report-alphago-top1.svg"}) {
    EXPECT_TRUE(fs::exists(out + "/" + file)) << file;
  }
  const std::string md = testing::FileContents(out + "/report.md");
  EXPECT_TRUE(absl::StrContains(md, "](report-elo-positions.svg)")) << md;
  EXPECT_TRUE(absl::StrContains(md, "| selfplay_bootstrap@262144 |")) << md;
  EXPECT_TRUE(absl::StrContains(md, "arena/results.tsv:123: cut short")) << md;
  const std::string html = testing::FileContents(out + "/report.html");
  EXPECT_TRUE(absl::StrContains(html, "<details><summary>experiment.pbtxt</summary>"));
  EXPECT_TRUE(absl::StrContains(html, "gnugo:10 = 431"));
  EXPECT_FALSE(absl::StrContains(html, "http://"));
  EXPECT_FALSE(absl::StrContains(html, "https://"));

  std::string output;
  const int rc = Check(out + "/report.html", out + "/check", &output);
  if (rc == kSkip) GTEST_SKIP() << "chromium is not installed:\n" << output;
  EXPECT_EQ(rc, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, "proxy: 0 requests")) << output;
}

TEST(ReportHtmlTest, TheCheckerSeesAnExternalRequest) {
  if (testing::TengenBinary().empty()) GTEST_SKIP() << "tengen binary not built";
  if (Python().empty()) GTEST_SKIP() << "no /usr/bin/python3";
  const std::string out = testing::FreshTestFolder("report", "external");
  ASSERT_EQ(Report(out), "");
  const std::string tampered = out + "/tampered.html";
  std::ofstream(tampered) << absl::StrReplaceAll(
      testing::FileContents(out + "/report.html"),
      {{"<h1>", "<img src=\"http://example.invalid/tengen-probe.png\"><h1>"}});
  std::string output;
  const int rc = Check(tampered, out + "/check", &output);
  if (rc == kSkip) GTEST_SKIP() << "chromium is not installed:\n" << output;
  EXPECT_EQ(rc, 1) << output;
  // Both the static check and the proxy must catch it.
  EXPECT_TRUE(absl::StrContains(output, "external reference in an attribute")) << output;
  EXPECT_TRUE(absl::StrContains(output, "proxy received a request: GET http://example.invalid/tengen-probe.png"))
      << output;
}

TEST(ReportHtmlTest, APythonFailureFailsTheCommandButKeepsReportJson) {
  const std::string binary = testing::TengenBinary();
  if (binary.empty()) GTEST_SKIP() << "tengen binary not built";
  const std::string out = testing::FreshTestFolder("report", "python_fails");
  const std::string log = out + ".log";
  for (const char* python : {"/bin/false", "/no/such/python3"}) {
    fs::remove(out + "/report.json");
    const int rc = testing::RunProgram(
        {binary, "report", "--run", SourceDir() + "/tests/data/report_run", "--out", out, "--python", python}, log);
    EXPECT_EQ(rc, 1) << testing::FileContents(log);
    EXPECT_TRUE(fs::exists(out + "/report.json")) << python;
    EXPECT_TRUE(absl::StrContains(testing::FileContents(log), "report.json is written")) << testing::FileContents(log);
  }
  EXPECT_EQ(testing::RunProgram({binary, "report", "--run", out + "/no_such_run", "--out", out}, log), 1);
  EXPECT_EQ(testing::RunProgram({binary, "report", "--out", out}, log), 2);
}

}  // namespace
}  // namespace tengen
