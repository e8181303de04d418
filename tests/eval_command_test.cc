// `tengen eval moves` over inputs that yield no position must fail and say
// why, not print a score of zero.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/gtp_test_util.h"

namespace tengen {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(EvalCommandTest, NoPositionIsAnErrorNotAZeroScore) {
  TENGEN_REQUIRE_GTP_BINARY();
  const std::string empty = ::testing::TempDir() + "/tengen_eval_empty_" + std::to_string(::getpid());
  std::filesystem::create_directories(empty);
  const std::string log = empty + ".log";
  // A folder without games, and 19x19 games for a 9x9 model.
  for (const std::string& input : {empty, std::string("sgf_data/valid/handicap.sgf")}) {
    const int rc = testing::RunProgram(
        {testing::TengenBinary(), "eval", "moves", "--model", testing::TinyModel(), "--sgf", input, "--device", "cpu"},
        log);
    EXPECT_EQ(rc, 1) << input;
    const std::string output = ReadAll(log);
    EXPECT_TRUE(absl::StrContains(output, "no position to evaluate")) << output;
    EXPECT_FALSE(absl::StrContains(output, "top1=")) << output;
  }
}

}  // namespace
}  // namespace tengen
