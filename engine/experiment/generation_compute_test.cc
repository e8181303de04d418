#include "engine/experiment/generation_compute.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/data/atomic_file.h"
#include "engine/data/recorded_game.h"
#include "engine/data/shard_file.h"
#include "engine/data/test_util.h"
#include "gtest/gtest.h"

namespace tengen::experiment {
namespace {

data::RecordedGame Game(int moves, std::vector<uint8_t> full_search) {
  data::RecordedGame game;
  game.board_size = 9;
  game.first_to_move = 1;
  for (int i = 0; i < moves; ++i) game.moves.push_back(i);
  game.full_search = std::move(full_search);
  return game;
}

void WriteShard(const std::string& path, const std::vector<data::RecordedGame>& games) {
  std::vector<std::string> framed;
  for (const data::RecordedGame& g : games) framed.push_back(data::FrameRecord(g));
  ASSERT_TRUE(data::WriteFileAtomically(path, data::EncodeShard(framed)).ok());
}

TEST(GenerationComputeTest, FullAndCheapSearchesOverCompleteShards) {
  const std::string run = data::testing::MakeTempDir("generation");
  std::filesystem::create_directories(run + "/games");
  // 3 moves searched in full, 1 cheap; then a game without the playout cap (all full).
  WriteShard(run + "/games/a.shard", {Game(4, {1, 0, 1, 1}), Game(2, {})});
  GenerationCounter counter(/*full_visits=*/16, /*cheap_visits=*/4);
  GenerationCompute c = counter.Count(run, /*forward_flops=*/1000);
  EXPECT_EQ(c.games, 2);
  EXPECT_EQ(c.evaluations, 3 * 16 + 4 + 2 * 16);
  EXPECT_DOUBLE_EQ(c.flops, c.evaluations * 1000.0);

  // A shard being written (temporary name), a damaged one and a foreign file count as nothing.
  { std::ofstream(data::TemporaryPathFor(run + "/games/b.shard")) << "partial"; }
  { std::ofstream(run + "/games/c.shard") << "not a shard"; }
  { std::ofstream(run + "/games/notes.txt") << "x"; }
  WriteShard(run + "/games/d.shard", {Game(1, {})});
  c = counter.Count(run, 1000);
  EXPECT_EQ(c.games, 3);
  EXPECT_EQ(c.evaluations, 3 * 16 + 4 + 2 * 16 + 16);
}

}  // namespace
}  // namespace tengen::experiment
