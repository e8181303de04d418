// The analysis stream of `tengen gtp` read back the way the GUIs read it.
//
// LizzieInfo below is written from the description of Lizzie's Leelaz.java
// / MoveData parser: a line starting with "info" holds one or more
// candidates, each introduced by "info"; inside one, tokens come in
// key/value pairs (move, visits, winrate as an integer in 1/100 percent,
// prior, lcb, order, ...) until "pv", after which every remaining token is
// a move of the variation. KataGo-style lines (kata-analyze) carry floats
// and a trailing "ownership" list of size*size values.

#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "engine/rules/coords.h"
#include "engine/rules/game.h"
#include "tests/gtp_test_util.h"

namespace tengen {
namespace {

using ::tengen::testing::RawGtpProcess;
using ::testing::StartsWith;

struct LizzieMove {
  std::string coordinate;
  int playouts = -1;
  double winrate = -1;  // percent, as Lizzie shows it
  double prior = -1;    // percent
  double lcb = -1;      // percent
  int order = -1;
  std::vector<std::string> variation;
};

// One "info ..." line. Returns false on anything Lizzie would choke on.
bool ParseLizzieLine(const std::string& line, std::vector<LizzieMove>* moves,
                     std::vector<double>* ownership) {
  if (line.rfind("info ", 0) != 0) return false;
  std::vector<std::string> tokens = absl::StrSplit(line, ' ', absl::SkipEmpty());
  LizzieMove* current = nullptr;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& key = tokens[i];
    if (key == "info") {
      moves->emplace_back();
      current = &moves->back();
      continue;
    }
    if (current == nullptr) return false;
    if (key == "pv") {
      while (i + 1 < tokens.size() && tokens[i + 1] != "info" && tokens[i + 1] != "ownership") {
        current->variation.push_back(tokens[++i]);
      }
      continue;
    }
    if (key == "ownership") {
      while (i + 1 < tokens.size()) {
        double v;
        if (!absl::SimpleAtod(tokens[++i], &v)) return false;
        ownership->push_back(v);
      }
      continue;
    }
    if (i + 1 >= tokens.size()) return false;
    const std::string& value = tokens[++i];
    double number = 0;
    if (key != "move" && !absl::SimpleAtod(value, &number)) return false;
    if (key == "move") current->coordinate = value;
    if (key == "visits") current->playouts = static_cast<int>(number);
    if (key == "winrate") current->winrate = number;
    if (key == "prior") current->prior = number;
    if (key == "lcb") current->lcb = number;
    if (key == "order") current->order = static_cast<int>(number);
  }
  return true;
}

std::vector<std::string> InfoLines(const std::string& text) {
  std::vector<std::string> lines;
  for (absl::string_view l : absl::StrSplit(text, '\n')) {
    if (l.rfind("info", 0) == 0) lines.emplace_back(l);
  }
  return lines;
}

std::vector<std::string> EngineArgv() {
  return {testing::TengenBinary(), "gtp", "--model", testing::TinyModel(), "--visits", "16",
          "--device", "cpu", "--torch_threads", "1"};
}

TEST(GtpLizzie, LzAnalyzeParsesAsLizzieReadsIt) {
  TENGEN_REQUIRE_GTP_BINARY();
  RawGtpProcess engine(EngineArgv(), ::testing::TempDir() + "/gtp_lizzie.stderr");
  ASSERT_TRUE(engine.started());
  Game game(9);
  for (const char* move : {"E5", "C3", "G7"}) {
    ASSERT_EQ(engine.Ask(absl::StrCat("play ", game.to_play() == Color::kBlack ? "b " : "w ", move)),
              "= \n\n");
    ASSERT_TRUE(game.Play(*GtpToPoint(move, 9)).ok());
  }
  engine.Send("lz-analyze 10\n");  // what Lizzie sends: 10 centiseconds
  std::string text = engine.ReadUntil("info move", absl::Seconds(30));
  absl::SleepFor(absl::Seconds(1));
  engine.Send("name\n");
  text += engine.ReadUntil("= tengen\n\n", absl::Seconds(30));
  ASSERT_THAT(text, StartsWith("=\ninfo move "));
  ASSERT_TRUE(absl::EndsWith(text, "\n\n= tengen\n\n"));

  const std::vector<std::string> lines = InfoLines(text);
  ASSERT_GE(lines.size(), 3u) << "expected several reports in a second at 100 ms";
  int last_total = 0;
  for (const std::string& line : lines) {
    std::vector<LizzieMove> moves;
    std::vector<double> ownership;
    ASSERT_TRUE(ParseLizzieLine(line, &moves, &ownership)) << line;
    ASSERT_FALSE(moves.empty());
    EXPECT_TRUE(ownership.empty());
    int total = 0;
    for (size_t i = 0; i < moves.size(); ++i) {
      const LizzieMove& m = moves[i];
      absl::StatusOr<Point> p = GtpToPoint(m.coordinate, 9);
      ASSERT_TRUE(p.ok()) << m.coordinate;
      EXPECT_TRUE(game.IsLegal(*p)) << m.coordinate;
      EXPECT_GT(m.playouts, 0);
      EXPECT_GE(m.winrate, 0);
      EXPECT_LE(m.winrate, 10000);
      EXPECT_GE(m.prior, 0);
      EXPECT_LE(m.prior, 10000);
      EXPECT_GE(m.lcb, 0);
      EXPECT_LE(m.lcb, m.winrate);
      EXPECT_EQ(m.order, static_cast<int>(i));
      ASSERT_FALSE(m.variation.empty());
      EXPECT_EQ(m.variation[0], m.coordinate);
      for (const std::string& v : m.variation) EXPECT_TRUE(GtpToPoint(v, 9).ok()) << v;
      total += m.playouts;
    }
    EXPECT_GE(total, last_total);  // the search only grows while analysing
    last_total = total;
  }
  // The game is untouched by analysis and the engine keeps playing.
  EXPECT_THAT(engine.Ask("genmove w"), ::testing::MatchesRegex("= ([A-HJ][1-9]|pass)\n\n"));
}

TEST(GtpLizzie, GenmoveAnalyzeEndsWithPlay) {
  TENGEN_REQUIRE_GTP_BINARY();
  RawGtpProcess engine(EngineArgv(), ::testing::TempDir() + "/gtp_lizzie_genmove.stderr");
  ASSERT_TRUE(engine.started());
  engine.Send("7 lz-genmove_analyze b 1\n");
  const std::string text = engine.ReadUntil("\n\n", absl::Seconds(60));
  ASSERT_THAT(text, StartsWith("=7\n"));
  const std::vector<std::string> lines = absl::StrSplit(text, '\n');
  ASSERT_GE(lines.size(), 4u);
  const std::string& play = lines[lines.size() - 3];
  ASSERT_THAT(play, ::testing::MatchesRegex("play [A-HJ][1-9]"));
  for (const std::string& line : InfoLines(text)) {
    std::vector<LizzieMove> moves;
    std::vector<double> ownership;
    EXPECT_TRUE(ParseLizzieLine(line, &moves, &ownership)) << line;
  }
  // The move was played: the same point is now occupied.
  EXPECT_THAT(engine.Ask(absl::StrCat("play w ", play.substr(5))),
              StartsWith("? illegal move"));
}

TEST(GtpLizzie, KataAnalyzeCarriesOwnership) {
  TENGEN_REQUIRE_GTP_BINARY();
  RawGtpProcess engine(EngineArgv(), ::testing::TempDir() + "/gtp_kata.stderr");
  ASSERT_TRUE(engine.started());
  ASSERT_EQ(engine.Ask("play b E5"), "= \n\n");
  engine.Send("kata-analyze w 10 ownership true\n");
  std::string text = engine.ReadUntil("ownership", absl::Seconds(30));
  absl::SleepFor(absl::Milliseconds(300));
  engine.Send("name\n");
  text += engine.ReadUntil("= tengen\n\n", absl::Seconds(30));
  const std::vector<std::string> lines = InfoLines(text);
  ASSERT_FALSE(lines.empty());
  for (const std::string& line : lines) {
    std::vector<LizzieMove> moves;
    std::vector<double> ownership;
    ASSERT_TRUE(ParseLizzieLine(line, &moves, &ownership)) << line;
    ASSERT_EQ(ownership.size(), 81u);
    for (double v : ownership) {
      EXPECT_GE(v, -1.0);
      EXPECT_LE(v, 1.0);
    }
    for (const LizzieMove& m : moves) {
      EXPECT_GE(m.winrate, 0.0);  // KataGo: a fraction
      EXPECT_LE(m.winrate, 1.0);
    }
  }
}

}  // namespace
}  // namespace tengen
