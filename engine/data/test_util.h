#ifndef TENGEN_ENGINE_DATA_TEST_UTIL_H_
#define TENGEN_ENGINE_DATA_TEST_UTIL_H_

// Helpers for tests of the data layer and its users (header-only; tests only).

#include <filesystem>
#include <random>
#include <string>

#include "engine/data/atomic_file.h"
#include "engine/data/recorded_game.h"
#include "engine/data/game_hash.h"
#include "gtest/gtest.h"

namespace tengen::data::testing {

// A fresh empty directory under the test's temporary directory.
inline std::string MakeTempDir(const std::string& name) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              (std::string("tengen_") + info->test_suite_name() + "_" +
                               info->name() + "_" + name);
  EXPECT_TRUE(RemoveTree(dir.string()).ok());
  std::filesystem::create_directories(dir);
  return dir.string();
}

// A game of `length` distinct moves on a 19x19 board (legal: no captures
// happen when points are taken along a fixed stride pattern), distinguished
// by `variant`.
inline RecordedGame MakeLineGame(int variant, int length = 40) {
  RecordedGame g;
  g.source = DataSource::kHuman;
  g.board_size = 19;
  g.komi = 6.5f;
  std::mt19937 rng(variant);
  std::vector<int> points(361);
  for (int i = 0; i < 361; ++i) points[i] = i;
  std::shuffle(points.begin(), points.end(), rng);
  // Random fillings of up to ~40 stones can contain captures only rarely;
  // the tests that replay use ReplayRulesFor which tolerates them anyway.
  for (int i = 0; i < length; ++i) g.moves.push_back(points[i]);
  g.winner = variant % 2 == 0 ? 1.0f : -1.0f;
  g.result_text = variant % 2 == 0 ? "B+R" : "W+R";
  g.date = "2005-01-01";
  g.game_hash = ComputeGameHash(g);
  return g;
}

}  // namespace tengen::data::testing

#endif  // TENGEN_ENGINE_DATA_TEST_UTIL_H_
