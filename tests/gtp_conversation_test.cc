// The real `tengen gtp` binary with a tiny random 9x9 network, over raw
// pipes: a scripted conversation checked byte for byte against the GTP 2
// response format (ids, errors, preprocessing), garbage input, and the
// analysis stream interrupted by the next command.

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "engine/rules/coords.h"
#include "tests/gtp_test_util.h"

namespace tengen {
namespace {

using ::tengen::testing::RawGtpProcess;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

std::vector<std::string> EngineArgv() {
  return {testing::TengenBinary(), "gtp", "--model", testing::TinyModel(), "--visits", "8",
          "--device", "cpu", "--torch_threads", "1", "--rules", "chinese"};
}

TEST(GtpBinary, ScriptedConversationIsByteExact) {
  TENGEN_REQUIRE_GTP_BINARY();
  RawGtpProcess engine(EngineArgv(), ::testing::TempDir() + "/gtp_conversation.stderr");
  ASSERT_TRUE(engine.started());
  const std::vector<std::pair<std::string, std::string>> script = {
      {"1 protocol_version", "=1 2\n\n"},
      {"2 name", "=2 tengen\n\n"},
      {"3 boardsize 19", "?3 unacceptable size (the network plays 9x9 only)\n\n"},
      {"4 boardsize 9", "=4 \n\n"},
      {"5 clear_board\r", "=5 \n\n"},
      {"6\tkomi\t7.5 # comment", "=6 \n\n"},
      {"7 play black e5", "=7 \n\n"},
      {"8 play white E5", "?8 illegal move: E5 is occupied\n\n"},
      {"9 play white T19", "?9 syntax error: invalid vertex 'T19'\n\n"},
      {"10 what_is_this", "?10 unknown command\n\n"},
      {"known_command lz-analyze", "= true\n\n"},
      {"11 undo", "=11 \n\n"},
      {"12 undo", "?12 cannot undo\n\n"},
      {"13 fixed_handicap 2", "=13 C3 G7\n\n"},
      {"14 final_status_list seki", "=14 \n\n"},
      {"15 time_settings 0 5 1", "=15 \n\n"},
      {"16 kgs-time_settings canadian 0 5 1", "=16 \n\n"},
  };
  for (const auto& [command, expected] : script) {
    EXPECT_EQ(engine.Ask(command), expected) << command;
  }
  // Empty and comment-only lines get no response at all: the next response
  // is the one of the next command.
  engine.Send("\n   \n# nothing\n17 name\n");
  EXPECT_EQ(engine.ReadUntil("\n\n"), "=17 tengen\n\n");

  const std::string move = engine.Ask("18 genmove w");
  ASSERT_THAT(move, MatchesRegex("=18 ([A-HJ][1-9]|pass|resign)\n\n"));
  EXPECT_THAT(engine.Ask("19 showboard"), StartsWith("=19 \n   A B C D E F G H J\n 9 "));
  EXPECT_THAT(engine.Ask("20 final_score"), MatchesRegex("=20 ([BW]\\+[0-9.]+|0)\n\n"));
  EXPECT_THAT(engine.Ask("21 printsgf"), StartsWith("=21 (;"));
  EXPECT_EQ(engine.Ask("22 quit"), "=22 \n\n");
  EXPECT_EQ(engine.ReadUntil("never", absl::Seconds(10)), "");  // exits, output closed
}

TEST(GtpBinary, SurvivesGarbageAndLongLines) {
  TENGEN_REQUIRE_GTP_BINARY();
  RawGtpProcess engine(EngineArgv(), ::testing::TempDir() + "/gtp_garbage.stderr");
  ASSERT_TRUE(engine.started());
  std::string garbage;
  for (int i = 0; i < 20000; ++i) garbage += static_cast<char>((i * 7919 + 13) % 256);
  engine.Send(garbage);
  engine.Send("\n");
  engine.Send(absl::StrCat("5 play b ", std::string(3 << 20, 'x'), "\n"));  // 3 MB
  engine.Send("6 genmove b\n7 name\n");
  const std::string out = engine.ReadUntil("=7 tengen\n\n", absl::Seconds(60));
  ASSERT_TRUE(absl::EndsWith(out, "=7 tengen\n\n")) << out.size();
  EXPECT_THAT(out, ::testing::HasSubstr("?5 command line too long"));
  const size_t genmove = out.rfind("=6 ");
  ASSERT_NE(genmove, std::string::npos);
  EXPECT_THAT(out.substr(genmove), MatchesRegex("=6 ([A-HJ][1-9]|pass|resign)\n\n=7 tengen\n\n"));
}

// loadsgf of a 9x9 game with set-up stones (AB) after move 30, then genmove:
// the search's short base game replayed the recent moves over the set-up
// position and wrote a stone over a stone (UBSan: index -1 into the board's
// empty list) before falling back to a copy of the game.
TEST(GtpBinary, GenmoveAfterLoadingSetupStonesLateInTheGame) {
  TENGEN_REQUIRE_GTP_BINARY();
  const char* source_dir = std::getenv("TENGEN_SOURCE_DIR");
  const std::string sgf =
      absl::StrCat(source_dir != nullptr ? source_dir : ".", "/sgf_data/valid/setup_late_9x9.sgf");
  RawGtpProcess engine(EngineArgv(), ::testing::TempDir() + "/gtp_setup_late.stderr");
  ASSERT_TRUE(engine.started());
  EXPECT_EQ(engine.Ask(absl::StrCat("1 loadsgf ", sgf, " 31")), "=1 \n\n");  // up to the AB node
  EXPECT_THAT(engine.Ask("2 genmove b"), MatchesRegex("=2 ([A-HJ][1-9]|pass|resign)\n\n"));
  EXPECT_THAT(engine.Ask("3 genmove w"), MatchesRegex("=3 ([A-HJ][1-9]|pass|resign)\n\n"));
  EXPECT_EQ(engine.Ask(absl::StrCat("4 loadsgf ", sgf)), "=4 \n\n");  // and two moves after it
  EXPECT_THAT(engine.Ask("5 genmove b"), MatchesRegex("=5 ([A-HJ][1-9]|pass|resign)\n\n"));
  EXPECT_EQ(engine.Ask("6 quit"), "=6 \n\n");
  EXPECT_EQ(engine.ReadUntil("never", absl::Seconds(10)), "");  // exited normally
}

TEST(GtpBinary, EndOfInputEndsTheProcess) {
  TENGEN_REQUIRE_GTP_BINARY();
  RawGtpProcess engine(EngineArgv(), ::testing::TempDir() + "/gtp_eof.stderr");
  ASSERT_TRUE(engine.started());
  engine.Send("1 name\n2 lz-analyze 5\n");
  EXPECT_THAT(engine.ReadUntil("info move", absl::Seconds(30)), StartsWith("=1 tengen\n\n=2\n"));
  engine.CloseInput();
  const std::string rest = engine.ReadUntil("never", absl::Seconds(30));
  EXPECT_TRUE(absl::EndsWith(rest, "\n")) << rest;
}

}  // namespace
}  // namespace tengen
