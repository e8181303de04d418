#include "engine/train/metrics_log.h"

#include <filesystem>
#include <fstream>
#include <limits>

#include "engine/data/atomic_file.h"
#include "engine/rules/temp_file_test_util.h"
#include "gtest/gtest.h"

namespace tengen::train {
namespace {

TEST(JsonLineTest, FormatsNumbersStringsAndNonFinite) {
  JsonLine line;
  line.Add("step", int64_t{12}).Add("lr", 0.001).Add("split", "va\"l").Add(
      "bad", std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(line.ToString(), R"({"step":12,"lr":0.001,"split":"va\"l","bad":null})");
}

TEST(MetricsLogTest, AppendsLines) {
  const std::string path = tengen::testing::TempFilePath("tengen_metrics_test.jsonl");
  std::filesystem::remove(path);
  {
    MetricsLog log;
    ASSERT_TRUE(log.Open(path).ok());
    log.Write(JsonLine().Add("a", 1));
  }
  {
    MetricsLog log;
    ASSERT_TRUE(log.Open(path).ok());
    log.Write(JsonLine().Add("b", 2));
  }
  std::string contents;
  ASSERT_TRUE(data::ReadFileToString(path, &contents).ok());
  EXPECT_EQ(contents, "{\"a\":1}\n{\"b\":2}\n");
  MetricsLog bad;
  EXPECT_FALSE(bad.Open("/nonexistent/dir/x.jsonl").ok());
}

}  // namespace
}  // namespace tengen::train
