// `tengen <command> --help` lists exactly that command's flags: every
// command answers, names no flag that does not exist, and shows its own
// flags but not other commands'.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/gtp_test_util.h"

namespace tengen {
namespace {

std::string Output(const std::vector<std::string>& argv, int* rc) {
  const std::string log = ::testing::TempDir() + "/tengen_help_" + std::to_string(::getpid()) + ".log";
  *rc = testing::RunProgram(argv, log);
  std::ifstream in(log);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CliHelpTest, EveryCommandListsItsOwnFlags) {
  const std::string binary = testing::TengenBinary();
  if (binary.empty()) GTEST_SKIP() << "tengen binary not built";
  int rc = 0;
  const std::string listing = Output({binary, "help"}, &rc);
  std::vector<std::string> commands;
  for (absl::string_view line : absl::StrSplit(listing, '\n')) {
    if (!absl::StartsWith(line, "  ") || line.size() < 21) continue;
    commands.emplace_back(absl::StripAsciiWhitespace(line.substr(2, 18)));
  }
  ASSERT_GT(commands.size(), 15u) << listing;
  for (const std::string& command : commands) {
    std::vector<std::string> argv = {binary};
    for (absl::string_view word : absl::StrSplit(command, ' ')) argv.emplace_back(word);
    argv.push_back("--help");
    const std::string help = Output(argv, &rc);
    EXPECT_EQ(rc, 0) << command << "\n" << help;
    EXPECT_TRUE(absl::StartsWith(help, "tengen " + command + ":")) << help;
    EXPECT_FALSE(absl::StrContains(help, "unknown flag")) << help;
  }
  const std::string gtp = Output({binary, "gtp", "--help"}, &rc);
  EXPECT_TRUE(absl::StrContains(gtp, "--model")) << gtp;
  EXPECT_TRUE(absl::StrContains(gtp, "--visits")) << gtp;
  EXPECT_FALSE(absl::StrContains(gtp, "--first")) << gtp;     // match's
  EXPECT_FALSE(absl::StrContains(gtp, "--lr ")) << gtp;       // the trainer's
  const std::string train = Output({binary, "imitate", "train", "--help"}, &rc);
  EXPECT_TRUE(absl::StrContains(train, "--lr ")) << train;
  EXPECT_TRUE(absl::StrContains(train, "--data ")) << train;
  EXPECT_FALSE(absl::StrContains(train, "--visits")) << train;
}

}  // namespace
}  // namespace tengen
