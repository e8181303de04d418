#include "engine/rules/sgf_writer.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tengen {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("TENGEN_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

absl::StatusOr<SgfReplay> ReplayText(const std::string& text) {
  SgfCollection c = ParseSgf(text, "w.sgf");
  if (c.games.size() != 1) return absl::InternalError("not one game");
  if (!c.games[0].ok()) return c.games[0].status();
  return ReplaySgfGame(*c.games[0]);
}

TEST(SgfWriterTest, WritesTheExpectedText) {
  SgfGameRecord record;
  record.info.size = 9;
  record.info.komi = 7.0f;
  record.info.black_player = "Kuro";
  record.info.result = SgfResult::FromText("B+R");
  record.setup.push_back(SgfSetup{0, {MakePoint(2, 2)}, {}, {}, Color::kWhite, {}});
  record.moves = {{Color::kWhite, MakePoint(4, 4), {}}, {Color::kBlack, kPass, {}}};
  EXPECT_EQ(WriteSgf(record),
            "(;GM[1]FF[4]CA[UTF-8]AP[tengen]SZ[9]KM[7]PB[Kuro]RE[B+R]AB[cc]PL[W]\n"
            ";W[ee];B[])\n");
}

TEST(SgfWriterTest, EscapesTextSoThatItReadsBack) {
  SgfGameRecord record;
  record.info.black_player = "a]b\\c:d";
  record.info.white_player = "李世石";
  record.info.event = "x)(;y";
  record.info.result = SgfResult::FromText("W+0.5");
  record.info.date = "2011-12-28";
  record.moves = {{Color::kBlack, MakePoint(15, 3), {}}};
  const std::string text = WriteSgf(record);
  EXPECT_THAT(text, ::testing::HasSubstr("PB[a\\]b\\\\c\\:d]"));
  absl::StatusOr<SgfReplay> r = ReplayText(text);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(DescribeSgfRecordDifference(record, r->record), "");
  EXPECT_EQ(r->record.info.black_player, "a]b\\c:d");
  EXPECT_EQ(r->record.info.white_player, "李世石");
  EXPECT_EQ(r->record.info.event, "x)(;y");
  EXPECT_EQ(r->record.info.year, 2011);
}

TEST(SgfWriterTest, KomiReadsBackToTheSameFloat) {
  for (float komi : {7.5f, 0.0f, -3.25f, 0.1f, 1234.567f, 6.4999995f}) {
    SgfGameRecord record;
    record.info.komi = komi;
    absl::StatusOr<SgfReplay> r = ReplayText(WriteSgf(record));
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_TRUE(r->record.info.komi.has_value());
    EXPECT_EQ(*r->record.info.komi, komi);
  }
  absl::StatusOr<SgfReplay> r = ReplayText(WriteSgf(SgfGameRecord{}));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->record.info.komi.has_value());
}

TEST(SgfWriterTest, WritesAPlayedGame) {
  Game game(9);
  SgfGameInfo info;
  info.komi = 7.5f;
  info.handicap = 2;
  const std::vector<Point> handicap = {MakePoint(2, 6), MakePoint(6, 2)};
  ASSERT_TRUE(game.PlaceSetupStones(handicap, {}, {}).ok());
  game.set_to_play(Color::kWhite);
  for (Point p : {MakePoint(4, 4), MakePoint(3, 4), kPass, MakePoint(4, 3)}) {
    ASSERT_TRUE(game.Play(p).ok());
  }
  const std::string text = WriteSgf(game, info, {SgfSetup{0, handicap, {}, {}, {}, {}}});
  absl::StatusOr<SgfReplay> r = ReplayText(text);
  ASSERT_TRUE(r.ok()) << r.status() << "\n" << text;
  EXPECT_EQ(r->record.info.size, 9);
  EXPECT_EQ(r->record.info.handicap, 2);
  ASSERT_EQ(r->record.moves.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(r->record.moves[i].point, game.moves()[i].point);
    EXPECT_EQ(r->record.moves[i].color, game.moves()[i].color);
  }
  EXPECT_EQ(r->game.board().hash(), game.board().hash());
}

TEST(SgfWriterTest, EveryValidFixtureRoundTrips) {
  int games = 0;
  for (const char* file :
       {"variations.sgf", "escapes.sgf", "passes.sgf", "setup.sgf", "handicap.sgf",
        "handicap_fixed.sgf", "ff3_long_names.sgf", "game_9x9.sgf", "collection.sgf", "gbk.sgf",
        "latin1.sgf", "mislabelled_utf8.sgf", "setup_late_9x9.sgf"}) {
    absl::StatusOr<SgfCollection> c = ReadSgfFile(SourceDir() + "/sgf_data/valid/" + file, file);
    ASSERT_TRUE(c.ok()) << c.status();
    for (const auto& g : c->games) {
      ASSERT_TRUE(g.ok()) << g.status();
      absl::StatusOr<SgfReplay> r = ReplaySgfGame(*g);
      ASSERT_TRUE(r.ok()) << r.status();
      EXPECT_TRUE(CheckSgfRoundTrip(*r).ok()) << CheckSgfRoundTrip(*r);
      ++games;
    }
  }
  EXPECT_EQ(games, 15);
}

TEST(SgfWriterTest, TrickyRecordsRoundTripWhenTheyReplay) {
  // Found by the fuzzer: HA without stones, cut before the first move.
  const std::string texts[] = {
      "(;GMG[1]FF[4]sZ[19]HA[4]KM[0.5];AB[ddS[pd][dp][pp]RU[Japanese];W[qf];B[nc])",
      "(;SZ[9]HA[2];W[ee];AB[aa];B[bb])",
      "(;SZ[9]HA[2]AW[cg];W[ee])",
      "(;SZ[9]AB[aa][aa]AE[bb];AW[aa]PL[B];B[cc];AE[cc])",
      "(;SZ[5]PB[a\\\n b]PW[\t]KM[-0]RE[ B+3 ];B[tt];W[])",
  };
  int replayed = 0;
  for (const std::string& text : texts) {
    for (bool cut : {false, true}) {
      SgfReplayOptions options;
      options.stop_at_illegal_move = cut;
      SgfCollection c = ParseSgf(text, "w.sgf");
      ASSERT_TRUE(c.games[0].ok()) << c.games[0].status();
      absl::StatusOr<SgfReplay> r = ReplaySgfGame(*c.games[0], options);
      if (!r.ok()) continue;
      ++replayed;
      EXPECT_TRUE(CheckSgfRoundTrip(*r, options).ok()) << text << "\n" << CheckSgfRoundTrip(*r, options);
    }
  }
  // The first fails before its first move, the third names a fixed
  // handicap point in AW: both fail in either mode.
  EXPECT_EQ(replayed, 6);
}

TEST(SgfWriterTest, RoundTripCheckNoticesADifference) {
  absl::StatusOr<SgfReplay> r = ReplayText("(;SZ[9]PB[x];B[ee];W[cc])");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(CheckSgfRoundTrip(*r).ok());
  // A record whose moves do not lead to the game's position.
  r->game.PlayUnchecked(MakePoint(0, 0), Color::kBlack);
  const absl::Status s = CheckSgfRoundTrip(*r);
  EXPECT_EQ(s.message(), "w.sgf: game 1: round trip: the replayed positions differ");
}

}  // namespace
}  // namespace tengen
