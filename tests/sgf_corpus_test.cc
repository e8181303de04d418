// The whole Tom 9d corpus (50,950 games in 100 monthly collections): every
// game parses, replays legally, and survives writing and rereading.

#include <cstdlib>
#include <filesystem>
#include <string>

#include "engine/rules/sgf_corpus.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

TEST(SgfCorpusIntegrationTest, TomCorpusReplaysAndRoundTrips) {
  const char* source = std::getenv("TENGEN_SOURCE_DIR");
  const std::string dir = std::string(source != nullptr ? source : ".") + "/../shared/sgf/tom-9d";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no Tom corpus at " << dir;
  SgfCheckOptions options;
  options.round_trip = true;
  int64_t with_komi = 0;
  int64_t dated = 0;
  options.on_game = [&](const SgfGameTree&, const SgfReplay& replay) {
    with_komi += replay.record.info.komi.has_value();
    dated += replay.record.info.year >= 2003 && replay.record.info.year <= 2011;
  };
  const SgfCheckResult result = CheckSgfPaths({dir}, options);
  EXPECT_EQ(result.files, 100);
  EXPECT_EQ(result.games, 50950);
  EXPECT_EQ(result.errors, 0) << ::testing::PrintToString(result.problems);
  EXPECT_EQ(result.ok, 50950);
  EXPECT_EQ(result.moves, 10725100);
  EXPECT_EQ(with_komi, 50950);
  EXPECT_EQ(dated, 50950);
}

}  // namespace
}  // namespace tengen
